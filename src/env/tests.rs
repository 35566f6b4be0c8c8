//! Unit tests of `env`.

use super::*;

#[test]
fn env_example_lists_every_variable() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".env.example");
    let text = std::fs::read_to_string(&path).unwrap();
    let listed: Vec<&str> = text
        .lines()
        .map(|l| l.trim_start_matches('#').trim())
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim()))
        .collect();
    let provider_vars = crate::providers::KNOWN.iter().flat_map(|k| {
        let auth: &[&str] = match k.auth {
            crate::providers::Auth::Key(v) | crate::providers::Auth::Optional(v) => v,
            crate::providers::Auth::None => &[],
        };
        auth.iter().copied().chain(k.base_url_env)
    });
    let openai_extra = [OPENAI_ORG_ID, OPENAI_PROJECT_ID];
    for var in ALL.iter().copied().chain(provider_vars).chain(openai_extra) {
        assert!(listed.contains(&var), ".env.example does not list {var}");
    }
}

#[test]
fn dotenv_fills_in_without_overriding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".env"),
        "AISYNC_TEST_ONLY_FROM_FILE=file\nPATH=from-dotenv\n",
    )
    .unwrap();
    let env = Env::load(dir.path()).unwrap();
    assert_eq!(env.get("AISYNC_TEST_ONLY_FROM_FILE"), Some("file"));
    assert_ne!(
        env.get("PATH"),
        Some("from-dotenv"),
        "a set variable is never overridden"
    );
}

#[test]
fn empty_values_count_as_unset_but_are_set() {
    let env = Env::from_pairs([("NO_COLOR", "")]);
    assert!(env.is_set("NO_COLOR"));
    assert_eq!(env.get("NO_COLOR"), None);
}

#[test]
fn a_bad_dotenv_line_is_named_by_number_and_its_value_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".env"),
        "# keys\nGOOD=1\n\nOPENAI_API_KEY=sk-secret-value thing\"\nX=2\n",
    )
    .unwrap();
    let err = Env::load(dir.path()).unwrap_err().to_string();
    assert!(err.ends_with(".env: line 4: cannot read the value of OPENAI_API_KEY (expected NAME=VALUE, with any quote closed); the value is not shown"), "{err}");
    assert!(!err.contains("sk-secret"), "{err}");
    std::fs::write(dir.path().join(".env"), "A=1\n=oops\n").unwrap();
    let err = Env::load(dir.path()).unwrap_err().to_string();
    assert!(
        err.ends_with("line 2: cannot read this line (expected NAME=VALUE)"),
        "{err}"
    );
}

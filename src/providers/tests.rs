//! Unit tests of `providers`.

use super::*;

#[test]
fn catalog_names_map_to_one_provider_each_and_back_to_openrouter_authors() {
    for (name, id) in [
        ("openai", "openai"),
        ("text-completion-openai", "openai"),
        ("google", "gemini"),
        ("gemini", "gemini"),
        ("x-ai", "xai"),
        ("xai", "xai"),
        ("mistralai", "mistral"),
        ("mistral", "mistral"),
        ("together_ai", "together"),
        ("together", "together"),
        ("openrouter", "openrouter"),
        ("ollama", "ollama"),
    ] {
        assert_eq!(from_catalog_name(name), Some(id), "{name}");
    }
    assert_eq!(from_catalog_name("mock"), None, "the mock is in no catalog");
    assert_eq!(from_catalog_name("cohere"), None);
    // Other clouds' endpoints for these models are other providers, with other prices.
    for name in [
        "chatgpt",
        "codestral",
        "vertex_ai-anthropic_models",
        "azure",
        "bedrock",
    ] {
        assert_eq!(from_catalog_name(name), None, "{name}");
    }
    let authors: Vec<&str> = ["gemini", "xai", "mistral", "openai", "vllm"]
        .into_iter()
        .map(openrouter_author)
        .collect();
    assert_eq!(authors, ["google", "x-ai", "mistralai", "openai", "vllm"]);
    let mut all: Vec<&str> = KNOWN
        .iter()
        .flat_map(|k| k.catalog_names)
        .copied()
        .collect();
    all.sort_unstable();
    let before = all.len();
    all.dedup();
    assert_eq!(all.len(), before, "a catalog name means one provider");
}

#[test]
fn credentials_are_present_not_needed_or_missing() {
    assert_eq!(Credentials::decide(true, true), Credentials::Present);
    assert_eq!(Credentials::decide(true, false), Credentials::Present);
    assert_eq!(Credentials::decide(false, false), Credentials::NotNeeded);
    assert_eq!(Credentials::decide(false, true), Credentials::Missing);
    let needs: Vec<&str> = KNOWN
        .iter()
        .filter(|k| !k.auth.needs_key())
        .map(|k| k.id)
        .collect();
    assert_eq!(needs, ["openrouter", "ollama", "mock"]);
}

#[test]
fn every_variable_the_table_reads_is_named_in_env() {
    for k in KNOWN {
        let vars: &[&str] = match k.auth {
            Auth::Key(v) | Auth::Optional(v) => v,
            Auth::None => &[],
        };
        for var in vars.iter().chain(k.base_url_env.iter()) {
            assert!(
                env::ALL.contains(var),
                "{var} of {} is not in env::ALL",
                k.id
            );
        }
    }
}

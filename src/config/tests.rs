//! Unit tests of `config`.

use super::*;

fn resolve_with(pairs: &[(&str, &str)], overrides: &Overrides) -> Result<Config, ConfigError> {
    let mut all = vec![("HOME", "/home/u")];
    all.extend_from_slice(pairs);
    resolve(overrides, &Env::from_pairs(all))
}

#[test]
fn documented_config_equals_built_in_defaults() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/aisync.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let parsed = FileConfig::parse(&path, &text).unwrap();
    assert_eq!(parsed, FileConfig::default());
    // Every key must be written out, not merely defaulted: compare the documents.
    let documented: toml::Table = toml::from_str(&text).unwrap();
    let defaults = toml::Table::try_from(FileConfig::default()).unwrap();
    assert_eq!(documented, defaults);
}

#[test]
fn defaults_without_file_or_env() {
    let c = resolve_with(&[], &Overrides::default()).unwrap();
    assert_eq!(
        c.database.sqlite_path(),
        Some(std::path::Path::new(
            "/home/u/.local/share/aisync/aisync.db"
        ))
    );
    assert_eq!(c.sync_interval, TimeDelta::hours(12));
    assert_eq!(c.cache_ttl, TimeDelta::hours(24));
    assert_eq!(c.timeout, Duration::from_secs(30));
    assert_eq!(c.retry_attempts, 3);
    assert!(c.auto_sync);
    assert_eq!(c.pricing_interval, TimeDelta::hours(168));
    assert_eq!(c.environment, "local");
    assert!(c.file.is_none());
}

#[test]
fn flag_beats_env_beats_file_beats_default() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    std::fs::write(
        &file,
        "database = \"/file.db\"\n[sync]\ntimeout_seconds = 7\ninterval_hours = 5\n",
    )
    .unwrap();
    let from_file = Overrides {
        config: Some(file.clone()),
        ..Overrides::default()
    };
    let c = resolve_with(&[], &from_file).unwrap();
    assert_eq!(
        c.database.sqlite_path(),
        Some(std::path::Path::new("/file.db"))
    );
    assert_eq!(c.timeout, Duration::from_secs(7));
    assert_eq!(c.sync_interval, TimeDelta::hours(5));
    assert_eq!(
        c.cache_ttl,
        TimeDelta::hours(24),
        "unset keys keep defaults"
    );

    let env = [
        ("AISYNC_DATABASE", "/env.db"),
        ("AI_SYNC_TIMEOUT", "9"),
        ("AI_SYNC_INTERVAL_HOURS", "2"),
    ];
    let c = resolve_with(&env, &from_file).unwrap();
    assert_eq!(
        c.database.sqlite_path(),
        Some(std::path::Path::new("/env.db"))
    );
    assert_eq!(c.timeout, Duration::from_secs(9));
    assert_eq!(c.sync_interval, TimeDelta::hours(2));

    let flags = Overrides {
        database: Some("/flag.db".into()),
        timeout_seconds: Some(11),
        ..from_file
    };
    let c = resolve_with(&env, &flags).unwrap();
    assert_eq!(
        c.database.sqlite_path(),
        Some(std::path::Path::new("/flag.db"))
    );
    assert_eq!(c.timeout, Duration::from_secs(11));
}

#[test]
fn laravel_env_names_are_read() {
    let c = resolve_with(
        &[
            ("AI_MODEL_CACHE_TTL_HOURS", "48"),
            ("AI_SYNC_RETRY_ATTEMPTS", "5"),
            ("AI_AUTO_SYNC_MODELS", "false"),
            ("AI_PRICING_INTERVAL_HOURS", "24"),
            ("APP_ENV", "production"),
        ],
        &Overrides::default(),
    )
    .unwrap();
    assert_eq!(c.cache_ttl, TimeDelta::hours(48));
    assert_eq!(c.retry_attempts, 5);
    assert!(!c.auto_sync);
    assert_eq!(c.pricing_interval, TimeDelta::hours(24));
    assert!(c.is_production());
    let c = resolve_with(
        &[("APP_ENV", "production"), ("AISYNC_ENV", "staging")],
        &Overrides::default(),
    )
    .unwrap();
    assert!(!c.is_production(), "AISYNC_ENV wins over APP_ENV");
}

#[test]
fn bad_env_values_name_the_variable() {
    for (var, value) in [
        ("AI_SYNC_INTERVAL_HOURS", "twelve"),
        ("AI_SYNC_TIMEOUT", "0"),
        ("AI_AUTO_SYNC_MODELS", "maybe"),
        ("AISYNC_NOW", "yesterday"),
        ("AI_MOCK_FAIL", "explode"),
    ] {
        let err = resolve_with(&[(var, value)], &Overrides::default()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with(var), "{msg}");
        assert!(msg.contains(value), "{msg}");
    }
}

#[test]
fn parse_errors_carry_line_and_column() {
    let p = Path::new("c.toml");
    let err = FileConfig::parse(p, "[sync]\ninterval_hours = \"x\"\n").unwrap_err();
    let ConfigError::Parse { line, column, .. } = err else {
        panic!("{err}")
    };
    assert_eq!((line, column), (2, 18));
    let err = FileConfig::parse(p, "[sync]\ntimeout_seconds = 0\n").unwrap_err();
    assert!(err.to_string().starts_with("c.toml:2:"), "{err}");
    assert!(
        err.to_string()
            .ends_with("0: expected a whole number of seconds from 1 to 3600"),
        "{err}"
    );
    let err = FileConfig::parse(p, "[providers.opneai]\nenabled = true\n").unwrap_err();
    assert!(
        err.to_string().contains("unknown provider \"opneai\""),
        "{err}"
    );
    let err = FileConfig::parse(p, "colour = 1\n").unwrap_err();
    assert!(
        err.to_string().starts_with("c.toml:1:1: unknown field"),
        "{err}"
    );
}

#[test]
fn missing_named_config_is_an_error() {
    let o = Overrides {
        config: Some("/nonexistent/aisync.toml".into()),
        ..Overrides::default()
    };
    let err = resolve_with(&[], &o).unwrap_err();
    assert!(matches!(err, ConfigError::NotFound { .. }));
}

#[test]
fn whether_a_provider_has_the_key_it_needs_is_decided_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    std::fs::write(
        &file,
        "[providers.open]\nkind = \"openai-compatible\"\nbase_url = \"http://127.0.0.1:1/v1\"\n\
         [providers.keyed]\nkind = \"openai-compatible\"\nbase_url = \"http://127.0.0.1:1/v1\"\n\
         api_key_env = \"KEYED_KEY\"\n\
         [providers.groq]\napi_key_env = \"MY_GROQ\"\n",
    )
    .unwrap();
    let overrides = Overrides {
        config: Some(file),
        ..Overrides::default()
    };
    let c = resolve_with(&[("OPENAI_API_KEY", "sk-x")], &overrides).unwrap();
    let of = |id: &str| {
        c.providers
            .iter()
            .find(|p| p.id.as_str() == id)
            .unwrap()
            .credentials
    };
    assert_eq!(of("openai"), Credentials::Present);
    assert_eq!(of("gemini"), Credentials::Missing);
    assert_eq!(
        of("groq"),
        Credentials::Missing,
        "its renamed variable is unset"
    );
    for keyless in ["ollama", "openrouter", "mock", "open"] {
        assert_eq!(of(keyless), Credentials::NotNeeded, "{keyless}");
    }
    assert_eq!(of("keyed"), Credentials::Missing);
    let c = resolve_with(&[("KEYED_KEY", "k"), ("MY_GROQ", "g")], &overrides).unwrap();
    let present: Vec<&str> = c
        .providers
        .iter()
        .filter(|p| p.credentials == Credentials::Present)
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(present, ["groq", "keyed"]);
}

#[test]
fn numbers_out_of_range_are_refused_where_they_enter() {
    for (var, value, expected) in [
        (
            "AI_MODEL_CACHE_TTL_HOURS",
            "4000000000",
            "hours from 0 to 87600",
        ),
        ("AI_SYNC_INTERVAL_HOURS", "87601", "hours from 0 to 87600"),
        ("AI_PRICING_INTERVAL_HOURS", "-1", "hours from 0 to 87600"),
        ("AI_SYNC_TIMEOUT", "3601", "seconds from 1 to 3600"),
        ("AI_SYNC_RETRY_ATTEMPTS", "0", "attempts from 1 to 10"),
        ("AISYNC_CONCURRENCY", "100000", "providers from 1 to 64"),
        (
            "AI_MOCK_LATENCY_MS",
            "99999999999999",
            "milliseconds from 0",
        ),
    ] {
        let err = resolve_with(&[(var, value)], &Overrides::default()).unwrap_err();
        assert!(
            matches!(&err, ConfigError::InvalidEnv { expected: e, .. } if e.contains(expected)),
            "{var}: {err}"
        );
    }
    let p = Path::new("c.toml");
    for text in [
        "[sync]\ncache_ttl_hours = 4000000000\n",
        "[pricing]\ninterval_hours = 100000\n",
        "[sync]\nconcurrency = 0\n",
        "[sync]\nretry_attempts = 11\n",
    ] {
        let err = FileConfig::parse(p, text).unwrap_err();
        assert!(err.to_string().starts_with("c.toml:2:"), "{err}");
    }
    let at_the_limit = [
        ("AI_MODEL_CACHE_TTL_HOURS", "87600"),
        ("AI_SYNC_TIMEOUT", "3600"),
        ("AISYNC_NOW", "9999-12-31T23:59:59Z"),
    ];
    let c = resolve_with(&at_the_limit, &Overrides::default()).unwrap();
    assert!(c.now.checked_add_signed(c.cache_ttl).is_some());
}

#[test]
fn the_default_concurrency_fetches_every_built_in_provider_at_once() {
    assert!(
        super::DEFAULT_CONCURRENCY as usize >= crate::providers::KNOWN.len(),
        "{} built-in providers",
        crate::providers::KNOWN.len()
    );
    assert_eq!(
        super::SyncSection::default().concurrency,
        super::DEFAULT_CONCURRENCY
    );
}

#[test]
fn sinks_resolve_with_their_secret_and_a_path_beside_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    std::fs::write(
        &file,
        "[[notify]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"https://h.example/x?t=1\"\n\
         secret_env = \"HOOK_KEY\"\nevents = [\"sync.failed\"]\nproviders = [\"openai\"]\n\
         [[notify]]\nname = \"unsigned\"\ntype = \"webhook\"\nurl = \"https://h.example/\"\n\
         secret_env = \"MISSING_KEY\"\n\
         [[notify]]\nname = \"file\"\ntype = \"jsonl\"\npath = \"events.jsonl\"\n",
    )
    .unwrap();
    let overrides = Overrides {
        config: Some(file),
        ..Overrides::default()
    };
    let c = resolve_with(&[("HOOK_KEY", "k-123")], &overrides).unwrap();
    let [ops, unsigned, jsonl] = &c.notify[..] else {
        panic!("{:?}", c.notify)
    };
    let notify::Target::Webhook { secret, .. } = &ops.target else {
        panic!()
    };
    let (var, value) = secret.as_ref().unwrap();
    assert_eq!(
        (var.as_str(), value.as_ref().map(Secret::expose)),
        ("HOOK_KEY", Some("k-123"))
    );
    assert_eq!(
        ops.timeout,
        Duration::from_secs(notify::DEFAULT_TIMEOUT_SECONDS)
    );
    assert_eq!(
        ops.describe(),
        "https://h.example/…",
        "never the path or query"
    );
    assert!(ops.takes(crate::model::EventKind::SyncFailed, Some("openai")));
    assert!(!ops.takes(crate::model::EventKind::SyncFailed, Some("mock")));
    assert!(!ops.takes(crate::model::EventKind::ModelsUpdated, Some("openai")));
    assert!(
        ops.takes(crate::model::EventKind::Test, None),
        "a test event goes to any sink"
    );
    let notify::Target::Webhook { secret, .. } = &unsigned.target else {
        panic!()
    };
    assert_eq!(
        secret.as_ref().unwrap().1,
        None,
        "unset: known, and refused at delivery"
    );
    assert_eq!(
        jsonl.target,
        notify::Target::Jsonl {
            path: dir.path().join("events.jsonl")
        }
    );
}

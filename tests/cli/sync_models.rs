//! `aisync sync-models` end to end on the mock provider: the real binary, a real SQLite file.

use serde_json::{Value, json};

use crate::common::{T0, TestEnv, column, finish, open_db};

const BUILTIN: &str = include_str!("../../src/drivers/mock_models.json");
const MOCK_IDS: [&str; 8] = [
    "mock-chat-large",
    "mock-chat-small",
    "mock-embed",
    "mock-image",
    "mock-legacy-instruct",
    "mock-moderation",
    "mock-reasoner",
    "mock-tts",
];

fn provider(doc: &Value, name: &str) -> Value {
    doc["providers"]
        .as_array()
        .expect("providers is an array")
        .iter()
        .find(|p| p["provider"] == name)
        .unwrap_or_else(|| panic!("no {name} in {doc}"))
        .clone()
}

/// The built-in list with one model dropped, one changed and one added.
fn changed_list() -> String {
    let mut models: Vec<Value> = serde_json::from_str(BUILTIN).unwrap();
    models.retain(|m| m["id"] != "mock-tts");
    let small = models
        .iter_mut()
        .find(|m| m["id"] == "mock-chat-small")
        .unwrap();
    small["context_length"] = json!(65536);
    small["name"] = json!("Mock Chat Small v2");
    models.push(
        json!({"id": "mock-chat-xl", "name": "Mock Chat XL", "type": "chat",
        "context_length": 1_000_000, "capabilities": ["chat", "streaming"]}),
    );
    serde_json::to_string(&models).unwrap()
}

#[test]
fn first_sync_adds_every_model_and_stores_them() {
    let env = TestEnv::new();
    let run = env.run(&["sync-models", "--provider", "mock"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        "mock\n  ✓ Found 8 models\n  ✓ Added 8 · Updated 0 · Removed 0 · Unchanged 0\n\n\
         Sync completed successfully!\nTotal: 8 models synced across 1 provider\n"
    );
    assert_eq!(run.stderr, "", "nothing on stderr without -v");

    let db = env.db();
    let ids: Vec<String> = column(
        &db,
        "SELECT id FROM models WHERE provider = 'mock' ORDER BY id",
    );
    assert_eq!(ids, MOCK_IDS);
    let first_seen: Vec<String> = column(&db, "SELECT DISTINCT first_seen FROM models");
    assert_eq!(first_seen, [T0]);
    let ctx: Vec<i64> = column(
        &db,
        "SELECT context_length FROM models WHERE id = 'mock-chat-large'",
    );
    assert_eq!(ctx, [128_000]);
    let sources: Vec<String> = column(
        &db,
        "SELECT field_sources FROM models WHERE id = 'mock-chat-large'",
    );
    let sources: Value = serde_json::from_str(&sources[0]).unwrap();
    assert_eq!(sources["context_length"], "provider");
    let raw: Vec<String> = column(&db, "SELECT raw FROM models WHERE id = 'mock-embed'");
    assert_eq!(
        serde_json::from_str::<Value>(&raw[0]).unwrap()["id"],
        "mock-embed"
    );
    if !env.on_postgres() {
        let mode: Vec<String> = column(&db, "PRAGMA journal_mode");
        assert_eq!(mode, ["wal"]);
    }
}

#[test]
fn json_document_matches_the_spec_field_for_field() {
    let env = TestEnv::new();
    let doc = env
        .run(&["sync-models", "--provider", "mock", "--format", "json"])
        .expect_code(0)
        .json();
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&doc), ["dry_run", "providers", "summary"]);
    assert_eq!(doc["dry_run"], false);
    let mock = provider(&doc, "mock");
    assert_eq!(
        keys(&mock),
        [
            "added",
            "cached_until",
            "duration_ms",
            "enriched",
            "last_sync",
            "models_synced",
            "provider",
            "removed",
            "statistics",
            "status",
            "unchanged",
            "updated"
        ]
    );
    assert_eq!(mock["status"], "success");
    assert_eq!(mock["models_synced"], 8);
    assert_eq!(mock["added"], json!(MOCK_IDS));
    assert_eq!(mock["updated"], json!([]));
    assert_eq!(mock["removed"], json!([]));
    assert_eq!(mock["unchanged"], 0);
    assert_eq!(mock["last_sync"], T0);
    assert_eq!(
        mock["cached_until"], "2026-11-24T10:30:00Z",
        "last sync + 24 h TTL"
    );
    assert!(mock["duration_ms"].is_u64());
    assert_eq!(mock["statistics"]["total_models"], 8);
    assert_eq!(mock["statistics"]["updated_at"], T0);
    assert_eq!(
        doc["summary"],
        json!({"providers": 1, "succeeded": 1, "skipped": 0, "failed": 0, "held": 0, "models_synced": 8})
    );

    let skipped = env
        .run(&["sync-models", "--provider", "mock", "--format", "json"])
        .expect_code(0)
        .json();
    assert_eq!(
        provider(&skipped, "mock"),
        json!({"provider": "mock", "status": "skipped", "reason": "cache_valid", "last_sync": T0})
    );
    assert_eq!(
        skipped["summary"],
        json!({"providers": 1, "succeeded": 0, "skipped": 1, "failed": 0, "held": 0, "models_synced": 0})
    );
}

#[test]
fn second_run_is_skipped_as_fresh_and_force_refreshes() {
    let mut env = TestEnv::new();
    env.run(&["sync-models", "--provider", "mock"])
        .expect_code(0);
    env.set("AISYNC_NOW", "2026-11-23T12:30:00Z");
    let run = env.run(&["sync-models", "--provider", "mock"]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("⏭ Skipped (cache_valid) — last sync 2 hours ago"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Total: 0 models synced across 0 providers")
    );

    let forced = env.run(&[
        "sync-models",
        "--provider",
        "mock",
        "--force",
        "--format",
        "json",
    ]);
    let mock = provider(&forced.expect_code(0).json(), "mock");
    assert_eq!(mock["status"], "success");
    assert_eq!(mock["unchanged"], 8);
    assert_eq!(mock["added"], json!([]));
    assert_eq!(mock["last_sync"], "2026-11-23T12:30:00Z");
}

#[test]
fn eleven_hours_later_is_fresh_and_thirteen_is_refreshed() {
    let mut env = TestEnv::new();
    env.run(&["sync-models", "--provider", "mock"])
        .expect_code(0);
    let status = |env: &TestEnv| {
        let doc = env
            .run(&["sync-models", "--provider", "mock", "--format", "json"])
            .expect_code(0)
            .json();
        provider(&doc, "mock")["status"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    env.set("AISYNC_NOW", "2026-11-23T21:30:00Z");
    assert_eq!(status(&env), "skipped", "11 h after the sync");
    env.set("AISYNC_NOW", "2026-11-23T23:30:00Z");
    assert_eq!(status(&env), "success", "13 h after the sync");
    env.set("AISYNC_NOW", "2026-11-24T00:30:00Z");
    assert_eq!(status(&env), "skipped", "the 13 h run is the new last sync");
}

#[test]
fn sync_interval_comes_from_the_laravel_variable() {
    let mut env = TestEnv::new();
    env.run(&["sync-models", "--provider", "mock"])
        .expect_code(0);
    env.set("AISYNC_NOW", "2026-11-23T12:30:00Z");
    let status = |env: &TestEnv| {
        let doc = env
            .run(&["sync-models", "-p", "mock", "--format", "json"])
            .expect_code(0)
            .json();
        provider(&doc, "mock")["status"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(status(&env), "skipped");
    env.set("AI_SYNC_INTERVAL_HOURS", "1");
    assert_eq!(status(&env), "success", "2 h is past a 1 h interval");
}

#[test]
fn cache_ttl_comes_from_the_laravel_variable() {
    let mut env = TestEnv::new();
    env.set("AI_MODEL_CACHE_TTL_HOURS", "6");
    let doc = env
        .run(&["sync-models", "--provider", "mock", "--format", "json"])
        .expect_code(0)
        .json();
    assert_eq!(
        provider(&doc, "mock")["cached_until"],
        "2026-11-23T16:30:00Z"
    );
}

#[test]
fn dry_run_writes_nothing() {
    let env = TestEnv::sqlite();
    let run = env.run(&["sync-models", "--provider", "mock", "--dry-run"]);
    run.expect_code(0);
    assert!(
        run.stdout
            .starts_with("DRY RUN - No changes will be made\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("+ would add: mock-chat-large"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Would add 8 · Would update 0 · Would remove 0"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("a real run would change the catalog"),
        "{}",
        run.stdout
    );
    assert!(!env.default_db().exists(), "a dry run creates no database");
    assert!(
        !env.default_db().parent().unwrap().exists(),
        "nor its folder"
    );

    env.run(&["sync-models", "--provider", "mock"])
        .expect_code(0);
    let db = env.default_db();
    let before = std::fs::read(&db).unwrap();
    let list = env.write("list.json", &changed_list());
    let dry = env.run_with(
        &[("AI_MOCK_MODELS_FILE", list.to_str().unwrap())],
        &[
            "sync-models",
            "-p",
            "mock",
            "--dry-run",
            "--force",
            "--format",
            "json",
        ],
    );
    let doc = dry.expect_code(0).json();
    assert_eq!(doc["dry_run"], true);
    let mock = provider(&doc, "mock");
    assert_eq!(mock["status"], "dry_run");
    assert_eq!(mock["added"], json!(["mock-chat-xl"]));
    assert_eq!(mock["removed"], json!(["mock-tts"]));
    assert_eq!(
        mock["last_sync"], T0,
        "a dry run reports the stored last sync"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the database file is untouched"
    );
    let runs: Vec<i64> = column(&open_db(&db), "SELECT count(*) FROM sync_runs");
    assert_eq!(runs, [1], "no run recorded for the dry run");
}

#[test]
fn exit_code_flag_reports_pending_changes_with_3() {
    let env = TestEnv::new();
    env.run(&["sync-models", "-p", "mock", "--dry-run", "--exit-code"])
        .expect_code(3);
    env.run(&["sync-models", "-p", "mock", "--dry-run"])
        .expect_code(0);
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let run = env.run(&[
        "sync-models",
        "-p",
        "mock",
        "--dry-run",
        "--exit-code",
        "--force",
    ]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("Dry run completed: nothing would change"),
        "{}",
        run.stdout
    );
    let usage = env.run(&["sync-models", "-p", "mock", "--exit-code"]);
    usage.expect_code(64);
    assert!(usage.stderr.contains("--dry-run"), "{}", usage.stderr);
}

#[test]
fn changed_list_shows_added_updated_field_by_field_and_removed() {
    let env = TestEnv::new();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let list = env.write("list.json", &changed_list());
    let vars = [("AI_MOCK_MODELS_FILE", list.to_str().unwrap())];

    let run = env.run_with(&vars, &["sync-models", "-p", "mock", "--force", "-v"]);
    run.expect_code(0);
    let out = &run.stdout;
    assert!(
        out.contains("✓ Added 1 · Updated 1 · Removed 1 · Unchanged 6"),
        "{out}"
    );
    assert!(out.contains("    + mock-chat-xl\n"), "{out}");
    assert!(out.contains("    ~ mock-chat-small\n"), "{out}");
    assert!(
        out.contains("        name: Mock Chat Small → Mock Chat Small v2\n"),
        "{out}"
    );
    assert!(
        out.contains("        context_length: 32768 → 65536\n"),
        "{out}"
    );
    assert!(out.contains("    - mock-tts\n"), "{out}");
    assert!(out.contains("Statistics: total_models 8"), "{out}");

    let db = env.db();
    let gone: Vec<(String, Option<String>)> =
        column::<String>(&db, "SELECT status FROM models WHERE id = 'mock-tts'")
            .into_iter()
            .zip(column::<Option<String>>(
                &db,
                "SELECT removed_at FROM models WHERE id = 'mock-tts'",
            ))
            .collect();
    assert_eq!(
        gone,
        [("removed".to_owned(), Some(T0.to_owned()))],
        "marked removed, never deleted"
    );

    // The JSON form of the same change, and the model coming back.
    let back = env.run(&["sync-models", "-p", "mock", "--force", "--format", "json"]);
    let mock = provider(&back.expect_code(0).json(), "mock");
    assert_eq!(mock["removed"], json!(["mock-chat-xl"]));
    let updated = mock["updated"].as_array().unwrap();
    let tts = updated.iter().find(|u| u["id"] == "mock-tts").unwrap();
    assert_eq!(tts["changes"]["status"], json!(["removed", "active"]));
    let small = updated
        .iter()
        .find(|u| u["id"] == "mock-chat-small")
        .unwrap();
    assert_eq!(small["changes"]["context_length"], json!([65536, 32768]));
    let status: Vec<String> = column(&db, "SELECT status FROM models WHERE id = 'mock-tts'");
    assert_eq!(status, ["active"]);
}

#[test]
fn bad_flags_exit_64() {
    let env = TestEnv::new();
    for args in [
        &["sync-models", "--bogus"][..],
        &["sync-models", "--timeout", "0"],
        &["sync-models", "--timeout", "soon"],
        &["sync-models", "--format", "xml"],
        &["no-such-command"],
        &["sync-models", "--provider", "opneai"],
    ] {
        let run = env.run(args);
        run.expect_code(64).no_panic();
        assert!(run.stderr.contains("error"), "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
    }
    let unknown = env.run(&["sync-models", "--provider", "opneai"]);
    assert_eq!(
        unknown.stderr,
        "error: unknown provider \"opneai\" (known providers: openai, gemini, xai, anthropic, \
         mistral, openrouter, ollama, groq, deepseek, together, mock)\n"
    );
    for (flag, value, range) in [
        ("--timeout", "0", "from 1 to 3600"),
        ("--timeout", "99999999999999999999", "from 1 to 3600"),
        ("--wait", "18446744073709551615", "from 0 to 86400"),
    ] {
        let run = env.run(&["sync-models", flag, value]);
        run.expect_code(64).no_panic();
        assert!(
            run.stderr
                .contains(&format!("expected a whole number of seconds {range}")),
            "{flag} {value}: {}",
            run.stderr
        );
    }
    env.run(&["--version"]).expect_code(0);
    let help = env.run(&["sync-models", "--help"]);
    help.expect_code(0);
    assert!(help.stdout.contains("Examples:"), "{}", help.stdout);
}

#[test]
fn values_past_the_calendar_are_refused_where_they_enter_never_a_crash() {
    let env = TestEnv::new();
    let run = env.run_with(
        &[("AI_MODEL_CACHE_TTL_HOURS", "4000000000")],
        &["sync-models", "-p", "mock"],
    );
    run.expect_code(78).no_panic();
    assert!(
        run.stderr.contains("hours from 0 to 87600"),
        "{}",
        run.stderr
    );
    // The latest clock aisync reads, with the longest TTL it takes: no overflow either.
    let run = env.run_with(
        &[
            ("AI_MODEL_CACHE_TTL_HOURS", "87600"),
            ("AISYNC_NOW", "9999-12-31T23:59:59Z"),
        ],
        &["sync-models", "-p", "mock"],
    );
    run.expect_code(0).no_panic();
    let run = env.run(&[
        "models",
        "cleanup",
        "--older-than",
        "99999999999d",
        "--dry-run",
    ]);
    run.expect_code(64).no_panic();
    assert!(run.stderr.contains("99999999999d"), "{}", run.stderr);
}

#[test]
fn broken_config_exits_78_with_file_line_and_column() {
    let env = TestEnv::new();
    let cfg = env.write("bad.toml", "[sync]\ninterval_hours = \"soon\"\n");
    let run = env.run(&[
        "--config",
        cfg.to_str().unwrap(),
        "sync-models",
        "-p",
        "mock",
    ]);
    run.expect_code(78).no_panic();
    assert!(
        run.stderr
            .starts_with(&format!("error: {}:2:18: ", cfg.display())),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);

    // The default location is read too, and a missing named file is an error.
    let xdg = env.path("config/aisync");
    std::fs::create_dir_all(&xdg).unwrap();
    std::fs::write(xdg.join("config.toml"), "[sync]\nnope = 1\n").unwrap();
    let run = env.run(&["sync-models", "-p", "mock"]);
    run.expect_code(78);
    assert!(
        run.stderr.contains("config.toml:2:1: unknown field `nope`"),
        "{}",
        run.stderr
    );
    let run = env.run(&["--config", "/nonexistent/aisync.toml", "sync-models"]);
    run.expect_code(78);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
    env.run_with(
        &[("AI_SYNC_TIMEOUT", "never")],
        &["sync-models", "-p", "mock"],
    )
    .expect_code(78);
}

#[test]
fn config_file_settings_apply_below_env() {
    let mut env = TestEnv::new();
    let cfg = env.write(
        "c.toml",
        "[sync]\ncache_ttl_hours = 2\n\n[providers.mock]\nenabled = true\n",
    );
    env.set("AISYNC_CONFIG", cfg.to_str().unwrap());
    let doc = env
        .run(&["sync-models", "--format", "json"])
        .expect_code(0)
        .json();
    let mock = provider(&doc, "mock");
    assert_eq!(
        mock["status"], "success",
        "enabled in the config, so no --provider needed"
    );
    assert_eq!(mock["cached_until"], "2026-11-23T12:30:00Z");
    env.set("AI_MODEL_CACHE_TTL_HOURS", "3");
    let doc = env
        .run(&["sync-models", "--format", "json", "--force"])
        .expect_code(0)
        .json();
    assert_eq!(
        provider(&doc, "mock")["cached_until"],
        "2026-11-23T13:30:00Z"
    );
}

#[test]
fn dotenv_in_the_working_directory_is_read_without_overriding() {
    let mut env = TestEnv::sqlite();
    let db = env.path("from-dotenv.db");
    std::fs::write(
        env.work_dir().join(".env"),
        format!(
            "AISYNC_DATABASE={}\nAISYNC_NOW=2030-01-01T00:00:00Z\n",
            db.display()
        ),
    )
    .unwrap();
    env.set("AISYNC_NOW", T0);
    let doc = env
        .run(&["sync-models", "-p", "mock", "--format", "json"])
        .expect_code(0)
        .json();
    assert!(db.exists(), ".env named the database");
    assert_eq!(
        provider(&doc, "mock")["last_sync"],
        T0,
        "the set variable wins"
    );
}

#[test]
fn unwritable_database_path_is_a_clear_error() {
    let env = TestEnv::new();
    let file = env.write("plain-file", "not a folder");
    let db = file.join("sub/aisync.db");
    let run = env.run(&[
        "--database",
        db.to_str().unwrap(),
        "sync-models",
        "-p",
        "mock",
    ]);
    run.expect_code(1).no_panic();
    assert!(
        run.stderr.starts_with(&format!(
            "error: cannot create the database folder {}",
            file.join("sub").display()
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--database PATH"), "{}", run.stderr);

    let junk = env.write("junk.db", &"this is no database ".repeat(50));
    let run = env.run(&[
        "--database",
        junk.to_str().unwrap(),
        "sync-models",
        "-p",
        "mock",
    ]);
    run.expect_code(1).no_panic();
    assert!(
        run.stderr.contains("is not an aisync database"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&junk).unwrap(),
        "this is no database ".repeat(50),
        "a foreign file is left as it was"
    );
    for read in [
        &["models", "list"][..],
        &["providers"],
        &["sync-models", "--dry-run", "-p", "mock"],
    ] {
        let mut args = vec!["--database", junk.to_str().unwrap()];
        args.extend_from_slice(read);
        let run = env.run(&args);
        run.expect_code(1).no_panic();
        assert!(
            run.stderr.contains("is not an aisync database"),
            "{read:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn mock_is_refused_in_production() {
    let env = TestEnv::new();
    for var in ["AISYNC_ENV", "APP_ENV"] {
        let run = env.run_with(
            &[(var, "production")],
            &["sync-models", "--provider", "mock"],
        );
        run.expect_code(64);
        assert!(
            run.stderr.contains("not available in production"),
            "{}",
            run.stderr
        );
    }
    let cfg = env.write("c.toml", "[providers.mock]\nenabled = true\n");
    let run = env.run_with(
        &[("APP_ENV", "production")],
        &[
            "--config",
            cfg.to_str().unwrap(),
            "sync-models",
            "--format",
            "json",
        ],
    );
    run.expect_code(1);
    let doc = run.json();
    let listed: Vec<&str> = doc["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["provider"].as_str().unwrap())
        .collect();
    assert!(
        !listed.contains(&"mock"),
        "an enabled mock still stays out: {listed:?}"
    );
    assert_eq!(doc["summary"]["succeeded"], 0);
}

#[test]
fn no_provider_available_fails_with_a_hint() {
    let env = TestEnv::new();
    let run = env.run(&["sync-models"]);
    run.expect_code(1);
    assert!(run.stdout.contains("--provider mock"), "{}", run.stdout);
}

#[test]
fn concurrent_second_run_is_skipped_as_locked_or_waits() {
    let env = TestEnv::new();
    let slow = [("AI_MOCK_LATENCY_MS", "3000")];
    let first = env.spawn_with(&slow, &["sync-models", "-p", "mock"]);
    // Wait until the first run holds the run lock, seen from outside as another process would.
    env.wait_for_lock();
    let second = env.run(&["sync-models", "-p", "mock", "--format", "json"]);
    let doc = second.expect_code(0).json();
    assert_eq!(
        provider(&doc, "mock"),
        json!({"provider": "mock", "status": "skipped", "reason": "locked"})
    );
    let waiting = env.run(&[
        "sync-models",
        "-p",
        "mock",
        "--wait",
        "30",
        "--format",
        "json",
    ]);
    let doc = waiting.expect_code(0).json();
    assert_eq!(
        provider(&doc, "mock")["reason"],
        "cache_valid",
        "after waiting, it sees the first run's sync"
    );
    let first = finish(first);
    first.expect_code(0);
    assert!(first.stdout.contains("Added 8"), "{}", first.stdout);
}

#[test]
fn mock_failures_are_recorded_as_last_failure_and_in_sync_runs() {
    let env = TestEnv::new();
    let run = env.run_with(
        &[("AI_MOCK_VALID_CREDENTIALS", "false")],
        &["sync-models", "-p", "mock"],
    );
    run.expect_code(1);
    assert!(
        run.stdout.contains(
            "❌ Synchronization failed: API authentication failed: Incorrect API key provided"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Sync completed with errors!"),
        "{}",
        run.stdout
    );

    for (fail, error_type) in [
        ("timeout", "timeout"),
        ("server_error", "server_error"),
        ("rate_limited", "rate_limited"),
    ] {
        let doc = env
            .run_with(
                &[("AI_MOCK_FAIL", fail)],
                &["sync-models", "-p", "mock", "--format", "json"],
            )
            .expect_code(1)
            .json();
        let mock = provider(&doc, "mock");
        assert_eq!(mock["status"], "error");
        assert_eq!(mock["error_type"], error_type);
        assert!(mock["error"].as_str().unwrap().len() > 10);
        assert_eq!(doc["summary"]["failed"], 1);
    }

    let db = env.db();
    let state: Vec<String> = column(
        &db,
        "SELECT last_error_type || ' ' || last_failure_at FROM sync_state WHERE provider = 'mock'",
    );
    assert_eq!(state, [format!("rate_limited {T0}")]);
    let runs: Vec<String> = column(
        &db,
        "SELECT status || ' ' || error_type FROM sync_runs WHERE provider = 'mock' ORDER BY id",
    );
    assert_eq!(
        runs,
        [
            "error invalid_credentials",
            "error timeout",
            "error server_error",
            "error rate_limited"
        ]
    );
    let models: Vec<i64> = column(&db, "SELECT count(*) FROM models");
    assert_eq!(models, [0], "a failure writes no models");

    // A failure after a success leaves the stored models exactly as they were.
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let before: Vec<String> = column(&db, "SELECT id || last_seen FROM models ORDER BY id");
    env.run_with(
        &[
            ("AI_MOCK_FAIL", "server_error"),
            ("AISYNC_NOW", "2026-11-24T10:30:00Z"),
        ],
        &["sync-models", "-p", "mock"],
    )
    .expect_code(1);
    let after: Vec<String> = column(&db, "SELECT id || last_seen FROM models ORDER BY id");
    assert_eq!(before, after);
    let ok: Vec<String> = column(
        &db,
        "SELECT status || ' ' || added FROM sync_runs WHERE status = 'success'",
    );
    assert_eq!(ok, ["success 8"]);
}

#[test]
fn quiet_prints_nothing_on_success_and_errors_on_stderr() {
    let env = TestEnv::new();
    let run = env.run(&["-q", "sync-models", "-p", "mock"]);
    run.expect_code(0);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let run = env.run_with(
        &[("AI_MOCK_FAIL", "server_error")],
        &["-q", "sync-models", "-p", "mock", "--force"],
    );
    run.expect_code(1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("error: mock: server_error: server error (HTTP 500)"),
        "{}",
        run.stderr
    );
}

#[test]
fn logs_go_to_stderr_as_text_or_json_lines() {
    let env = TestEnv::new();
    let run = env.run(&["-v", "sync-models", "-p", "mock", "--format", "json"]);
    run.expect_code(0);
    run.json();
    assert!(run.stderr.contains("operation=\"sync\""), "{}", run.stderr);
    assert!(run.stderr.contains("added=8"), "{}", run.stderr);

    let run = env.run_with(
        &[("AISYNC_LOG_FORMAT", "json")],
        &["-v", "sync-models", "-p", "mock", "--format", "json"],
    );
    run.expect_code(0);
    let line: Value = serde_json::from_str(run.stderr.lines().next().unwrap()).unwrap();
    assert_eq!(line["fields"]["operation"], "skip");
    assert_eq!(line["fields"]["provider"], "mock");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let env = TestEnv::new();
    let run = env.run(&["--color", "always", "sync-models", "-p", "mock"]);
    assert!(run.stdout.contains("\u{1b}["), "{}", run.stdout);
    let run = env.run(&["--color", "never", "sync-models", "-p", "mock"]);
    assert!(!run.stdout.contains('\u{1b}'));
    let run = env.run_with(&[("NO_COLOR", "1")], &["sync-models", "-p", "mock"]);
    assert!(!run.stdout.contains('\u{1b}'));
}

/// A home with the mock's 8 models synced at T0.
fn synced_mock() -> TestEnv {
    let env = TestEnv::new();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    env
}

fn listed_ids(env: &TestEnv) -> Vec<String> {
    column(
        &env.db(),
        "SELECT id FROM models WHERE status != 'removed' ORDER BY id",
    )
}

#[test]
fn a_list_that_would_remove_most_models_is_held_until_accepted() {
    let env = synced_mock();
    let one = env.write(
        "one.json",
        r#"[{"id": "mock-chat-large", "name": "Mock Chat Large", "type": "chat"}]"#,
    );
    let one = ("AI_MOCK_MODELS_FILE", one.to_str().unwrap());
    let db = env.db();
    let runs = || -> Vec<String> { column(&db, "SELECT status FROM sync_runs ORDER BY id") };

    // A wrong endpoint answering one model: held, nothing applied, heard on stderr.
    let run = env.run_with(&[one], &["sync-models", "-p", "mock", "--force"]);
    run.expect_code(1).no_panic();
    assert!(
        run.stdout
            .contains("⚠ Held: the list would remove 7 of 8 listed models (87%)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("--accept-changes"), "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "warning: mock: held: the list would remove 7 of 8 listed models (87%), more than \
         max_removed_share (50%) allows; nothing was applied; --accept-changes applies it\n"
    );
    assert_eq!(listed_ids(&env), MOCK_IDS, "nothing removed");
    assert_eq!(runs(), ["success"], "no run recorded as a success");

    let run = env.run_with(
        &[one],
        &["sync-models", "-p", "mock", "--force", "--format", "json"],
    );
    let doc = run.expect_code(1).json();
    let p = provider(&doc, "mock");
    assert_eq!(p["status"], "held");
    assert_eq!(p["reason"], "removal_guard");
    assert_eq!(p["listed_before"], 8);
    assert_eq!(p["max_removed_share"], json!(0.5));
    assert_eq!(p["removed"].as_array().unwrap().len(), 7);
    assert_eq!(
        p["last_sync"], T0,
        "the last success stays the last success"
    );
    assert_eq!(doc["summary"]["held"], 1);
    assert_eq!(doc["summary"]["succeeded"], 0);

    // A dry run says the same, and counts as not succeeded for CI too.
    let run = env.run_with(
        &[one],
        &["sync-models", "-p", "mock", "--dry-run", "--exit-code"],
    );
    run.expect_code(1);
    assert!(run.stdout.contains("⚠ Held"), "{}", run.stdout);

    // Accepted, it applies.
    let run = env.run_with(
        &[one],
        &["sync-models", "-p", "mock", "--force", "--accept-changes"],
    );
    run.expect_code(0);
    assert!(run.stdout.contains("Removed 7"), "{}", run.stdout);
    assert_eq!(listed_ids(&env), ["mock-chat-large"]);
    // The log: held once (not at each held run, not by the dry run), then accepted.
    let log: Vec<String> = column(
        &db,
        "SELECT kind || ' ' || details FROM changes WHERE kind LIKE 'change.%' ORDER BY seq",
    );
    assert_eq!(
        log,
        [
            r#"change.held {"guard":"removal","listed_before":8,"removing":7}"#,
            r#"change.accepted {"guard":"removal","listed_before":8,"removing":7}"#,
        ]
    );
}

#[test]
fn an_empty_list_is_held_and_the_share_is_configurable() {
    let env = synced_mock();
    let empty = env.write("empty.json", "[]");
    let empty = ("AI_MOCK_MODELS_FILE", empty.to_str().unwrap());
    let run = env.run_with(&[empty], &["sync-models", "-p", "mock", "--force"]);
    run.expect_code(1);
    assert!(
        run.stdout.contains("remove 8 of 8 listed models (100%)"),
        "{}",
        run.stdout
    );
    assert_eq!(listed_ids(&env).len(), 8);

    let half_list: Vec<Value> = serde_json::from_str::<Vec<Value>>(BUILTIN).unwrap()[..3].to_vec();
    let three = env.write("three.json", &serde_json::to_string(&half_list).unwrap());
    let three = ("AI_MOCK_MODELS_FILE", three.to_str().unwrap());
    // Removing 5 of 8 (62%) is held at the default 50%, allowed at 70%.
    env.run_with(&[three], &["sync-models", "-p", "mock", "--force"])
        .expect_code(1);
    let cfg = env.write("c.toml", "[sync]\nmax_removed_share = \"70%\"\n");
    env.run_with(
        &[three, ("AISYNC_CONFIG", cfg.to_str().unwrap())],
        &["sync-models", "-p", "mock", "--force", "--dry-run"],
    )
    .expect_code(0);
    env.run_with(
        &[three, ("AISYNC_MAX_REMOVED_SHARE", "0.7")],
        &["sync-models", "-p", "mock", "--force"],
    )
    .expect_code(0);
    assert_eq!(listed_ids(&env).len(), 3);
    let run = env.run_with(
        &[("AISYNC_MAX_REMOVED_SHARE", "2")],
        &["sync-models", "-p", "mock"],
    );
    run.expect_code(78);
    assert!(run.stderr.contains("a share from 0 to 1"), "{}", run.stderr);
}

#[test]
fn a_dry_run_checks_fresh_providers_and_says_a_real_run_would_skip_them() {
    let env = synced_mock();
    let changed = env.write("changed.json", &changed_list());
    let changed = ("AI_MOCK_MODELS_FILE", changed.to_str().unwrap());
    // Fresh (synced just now) and changed since: a CI check must not pass.
    let run = env.run_with(
        &[changed],
        &["sync-models", "-p", "mock", "--dry-run", "--exit-code"],
    );
    run.expect_code(3);
    assert!(
        run.stdout.contains("fresh: a real run would skip it"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Would add 1 · Would update 1 · Would remove 1"),
        "{}",
        run.stdout
    );
    let doc = env
        .run_with(
            &[changed],
            &["sync-models", "-p", "mock", "--dry-run", "--format", "json"],
        )
        .expect_code(0)
        .json();
    let p = provider(&doc, "mock");
    assert_eq!(
        (p["status"].as_str(), p["fresh"].as_bool()),
        (Some("dry_run"), Some(true))
    );
    // A real run still skips it, as fresh.
    let run = env.run_with(
        &[changed],
        &["sync-models", "-p", "mock", "--format", "json"],
    );
    assert_eq!(
        provider(&run.expect_code(0).json(), "mock")["reason"],
        "cache_valid"
    );
    // Unchanged and fresh: the dry run passes, and `fresh` is absent once a run is due.
    env.run(&["sync-models", "-p", "mock", "--dry-run", "--exit-code"])
        .expect_code(0);
    let later = env
        .run_with(
            &[("AISYNC_NOW", "2026-11-24T10:30:00Z")],
            &["sync-models", "-p", "mock", "--dry-run", "--format", "json"],
        )
        .json();
    assert_eq!(provider(&later, "mock").get("fresh"), None);
}

#[test]
fn every_failed_provider_is_one_stderr_line_in_every_mode() {
    let env = synced_mock();
    let bad = ("AI_MOCK_VALID_CREDENTIALS", "false");
    let line = "error: mock: invalid_credentials: API authentication failed: Incorrect API key \
                provided (AI_MOCK_VALID_CREDENTIALS=false)\n";
    for mode in [&[][..], &["-q"], &["-v"], &["--format", "json"]] {
        let mut args = vec!["sync-models", "-p", "mock", "--force"];
        args.extend_from_slice(mode);
        let run = env.run_with(&[bad], &args);
        run.expect_code(1);
        let errors: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .collect();
        assert_eq!(errors, [line.trim_end()], "{mode:?}: {}", run.stderr);
        if mode.contains(&"json") {
            assert_eq!(provider(&run.json(), "mock")["status"], "error");
        }
        if mode.contains(&"-q") {
            assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", line));
        }
    }
}

#[test]
fn eight_first_runs_at_once_on_a_new_database_one_syncs_the_others_skip() {
    let env = TestEnv::new();
    let slow = [("AI_MOCK_LATENCY_MS", "400")];
    let runs: Vec<_> = (0..8)
        .map(|_| env.spawn_with(&slow, &["sync-models", "-p", "mock", "--format", "json"]))
        .collect();
    let mut statuses: Vec<String> = runs
        .into_iter()
        .map(|child| {
            let run = finish(child);
            run.expect_code(0).no_panic();
            assert!(!run.stderr.contains("already exists"), "{}", run.stderr);
            let p = provider(&run.json(), "mock");
            format!(
                "{} {}",
                p["status"].as_str().unwrap(),
                p["reason"].as_str().unwrap_or("")
            )
        })
        .collect();
    statuses.sort();
    let synced = statuses.iter().filter(|s| s.starts_with("success")).count();
    assert_eq!(synced, 1, "{statuses:?}");
    assert!(
        statuses.iter().all(|s| s.starts_with("success")
            || s == "skipped locked"
            || s == "skipped cache_valid"),
        "{statuses:?}"
    );
    assert_eq!(listed_ids(&env), MOCK_IDS);

    // With --wait they take turns: still one sync, the rest find it fresh.
    let env = TestEnv::new();
    let runs: Vec<_> = (0..4)
        .map(|_| {
            env.spawn_with(
                &slow,
                &[
                    "sync-models",
                    "-p",
                    "mock",
                    "--wait",
                    "30",
                    "--format",
                    "json",
                ],
            )
        })
        .collect();
    let statuses: Vec<String> = runs
        .into_iter()
        .map(|child| {
            let run = finish(child);
            run.expect_code(0);
            let p = provider(&run.json(), "mock");
            format!("{} {}", p["status"], p["reason"])
        })
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| s.contains("locked")).count(),
        0,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| s.contains("success")).count(),
        1,
        "{statuses:?}"
    );
}

/// Runs aisync as a user who may not write to `dir` (as root, as the `nobody` user).
fn run_without_write_access(
    env: &TestEnv,
    dir: &std::path::Path,
    args: &[&str],
) -> crate::common::Run {
    use std::os::unix::fs::PermissionsExt;
    let set = |p: &std::path::Path, mode| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    for p in [
        env.dir.path(),
        env.path("data").as_path(),
        env.path("work").as_path(),
    ] {
        set(p, 0o755);
    }
    set(dir, 0o555);
    let db = env.default_db();
    let mut all = vec!["--database", db.to_str().unwrap()];
    all.extend_from_slice(args);
    let root = std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"));
    let run = if root {
        env.run_wrapped(
            &[
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
            ],
            &all,
        )
    } else {
        env.run(&all)
    };
    set(dir, 0o755);
    run
}

#[test]
fn a_database_in_a_folder_nobody_may_write_can_still_be_read() {
    let env = TestEnv::sqlite();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let folder = env.path("data/aisync");
    std::fs::remove_file(folder.join("aisync.db.lock")).unwrap();
    for args in [
        &["models", "list", "--format", "json"][..],
        &["models", "info", "mock-embed"],
        &["providers"],
    ] {
        let run = run_without_write_access(&env, &folder, args);
        run.expect_code(0).no_panic();
        assert!(run.stderr.is_empty(), "{args:?}: {}", run.stderr);
    }
    let run = run_without_write_access(&env, &folder, &["models", "list", "--format", "json"]);
    assert_eq!(run.json().as_array().unwrap().len(), 8);
}

#[test]
fn a_resync_that_changes_nothing_writes_no_model_row_and_one_that_does_writes_only_it() {
    // SQLite's triggers count the writes; the comparison that avoids them is the backends'.
    let env = TestEnv::sqlite();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    // Count every write to the models table from here on.
    let db = rusqlite::Connection::open(env.default_db()).unwrap();
    db.execute_batch(
        "CREATE TABLE writes (n INTEGER); INSERT INTO writes VALUES (0);
         CREATE TRIGGER count_updates AFTER UPDATE ON models BEGIN UPDATE writes SET n = n + 1; END;
         CREATE TRIGGER count_inserts AFTER INSERT ON models BEGIN UPDATE writes SET n = n + 1; END;",
    )
    .unwrap();
    let writes = || -> i64 {
        db.query_row("SELECT n FROM writes", [], |r| r.get(0))
            .unwrap()
    };
    let later = [("AISYNC_NOW", "2026-11-24T10:30:00Z")];
    let run = env.run_with(&later, &["sync-models", "-p", "mock", "--format", "json"]);
    let p = provider(&run.expect_code(0).json(), "mock");
    assert_eq!(
        (p["status"].as_str(), p["unchanged"].as_u64()),
        (Some("success"), Some(8))
    );
    assert_eq!(writes(), 0, "nothing changed: no model row written");
    // Every listed model was still seen by that sync.
    let list = env.run(&["models", "list", "--format", "json"]).json();
    for m in list.as_array().unwrap() {
        assert_eq!(m["last_synced"], "2026-11-24T10:30:00Z", "{m}");
        assert_eq!(m["first_seen"], T0);
    }
    // One model changed in the provider's raw answer only (a field aisync does not read):
    // that row alone is rewritten, to keep the raw JSON true.
    let mut models: Vec<Value> = serde_json::from_str(BUILTIN).unwrap();
    models[0]["unknown_new_field"] = json!("x");
    let file = env.write("raw.json", &serde_json::to_string(&models).unwrap());
    let run = env.run_with(
        &[
            ("AISYNC_NOW", "2026-11-25T10:30:00Z"),
            ("AI_MOCK_MODELS_FILE", file.to_str().unwrap()),
        ],
        &["sync-models", "-p", "mock", "--format", "json"],
    );
    let p = provider(&run.expect_code(0).json(), "mock");
    assert_eq!(p["unchanged"], 8, "no compared field changed");
    assert_eq!(writes(), 1, "the one row whose raw JSON changed");
    let raw: Vec<String> = column(
        &env.db(),
        &format!(
            "SELECT raw FROM models WHERE id = '{}'",
            models[0]["id"].as_str().unwrap()
        ),
    );
    assert!(raw[0].contains("unknown_new_field"), "{}", raw[0]);
    // A removed model keeps the time it was last listed.
    models.remove(1);
    let fewer = env.write("fewer.json", &serde_json::to_string(&models).unwrap());
    env.run_with(
        &[
            ("AISYNC_NOW", "2026-11-26T10:30:00Z"),
            ("AI_MOCK_MODELS_FILE", fewer.to_str().unwrap()),
        ],
        &["sync-models", "-p", "mock"],
    )
    .expect_code(0);
    let list = env.run(&["models", "list", "--format", "json"]).json();
    let gone = list
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["status"] == "removed")
        .unwrap();
    assert_eq!(gone["last_synced"], "2026-11-25T10:30:00Z", "{gone}");
    assert_eq!(gone["removed_at"], "2026-11-26T10:30:00Z");
}

#[test]
fn one_of_a_thing_is_said_in_the_singular() {
    let env = TestEnv::new();
    let all: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../../src/drivers/mock_models.json")).unwrap();
    let one = env.write(
        "one.json",
        &serde_json::Value::Array(all[..1].to_vec()).to_string(),
    );
    let vars = [("AI_MOCK_MODELS_FILE", one.to_str().unwrap())];
    let run = env.run_with(&vars, &["sync-models", "-p", "mock"]);
    run.expect_code(0);
    assert!(run.stdout.contains("✓ Found 1 model\n"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Total: 1 model synced across 1 provider"),
        "{}",
        run.stdout
    );
    let list = env.run(&["models", "list"]);
    assert!(list.stdout.ends_with("\n1 model\n"), "{}", list.stdout);
    let log = env.run(&["changes", "--kind", "model.added"]);
    assert!(log.stdout.ends_with("\n1 entry\n"), "{}", log.stdout);
}

/// The README's `-v` example, run as it is written, prints what the README shows.
#[test]
fn the_readme_verbose_example_prints_what_the_readme_says() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let command = "$ AI_MOCK_MODELS_FILE=config/mock-models.changed.json aisync sync-models -p mock --force -v\n";
    let start = readme.find(command).expect("the example is in the README") + command.len();
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    let env = TestEnv::new();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let file = root.join("config/mock-models.changed.json");
    let run = env.run_with(
        &[("AI_MOCK_MODELS_FILE", file.to_str().unwrap())],
        &["sync-models", "-p", "mock", "--force", "-v"],
    );
    run.expect_code(0);
    // The one figure that varies from run to run.
    let steady = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| {
                if l.trim_start().starts_with("Duration: ") {
                    "  Duration: …".to_owned()
                } else {
                    l.to_owned()
                }
            })
            .collect()
    };
    assert_eq!(steady(&run.stdout), steady(shown));
}

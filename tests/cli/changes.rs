//! `aisync changes` end to end: runs against the mock provider (its list served from a file
//! where it changes), a real SQLite file, and the change log read back.

use serde_json::{Value, json};

use crate::common::TestEnv;

const BUILTIN: &str = include_str!("../../src/drivers/mock_models.json");

fn changes(env: &TestEnv, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["changes", "--format", "json"];
    all.extend_from_slice(args);
    env.run(&all)
        .expect_code(0)
        .json()
        .as_array()
        .unwrap()
        .clone()
}

fn kinds(entries: &[Value]) -> Vec<(String, String)> {
    entries
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_owned(),
                e["model"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Syncs the mock as `common::sync_mock` does; its exit code.
fn sync(env: &TestEnv, now: &str, list: Option<&Value>, vars: &[(&str, &str)]) -> i32 {
    crate::common::sync_mock(env, now, list, vars).code
}

/// `changes`' filters on the log the test below leaves.
fn filters(env: &TestEnv) {
    // Filters: by kind, provider, model, time, duration and the latest N.
    let now = [("AISYNC_NOW", "2026-11-27T12:00:00Z")];
    let json_of = |args: &[&str]| -> Vec<Value> {
        let mut all = vec!["changes", "--format", "json"];
        all.extend_from_slice(args);
        env.run_with(&now, &all)
            .expect_code(0)
            .json()
            .as_array()
            .unwrap()
            .clone()
    };
    assert_eq!(json_of(&["--kind", "model.restored"]).len(), 1);
    assert_eq!(
        json_of(&[
            "--model",
            "mock-tts",
            "--kind",
            "model.added",
            "--kind",
            "model.removed"
        ])
        .len(),
        2
    );
    assert_eq!(
        kinds(&json_of(&["--since", "1d"])),
        [("model.restored".to_owned(), "mock-tts".to_owned())]
    );
    assert_eq!(
        json_of(&["--since", "2026-11-26"]).len(),
        3,
        "recovered, removed, restored"
    );
    let last2 = json_of(&["--limit", "2"]);
    assert_eq!(
        kinds(&last2)[1].0,
        "model.restored",
        "the latest N, oldest first"
    );
    assert_eq!(json_of(&["-p", "mock"]).len(), json_of(&[]).len());
    env.run(&["changes", "--since", "last tuesday"])
        .expect_code(64);
    env.run(&["changes", "--kind", "model.renamed"])
        .expect_code(64);
    env.run(&["changes", "-p", "nosuch"]).expect_code(64);
    let lines = env
        .run(&["changes", "--format", "jsonl", "--limit", "3"])
        .expect_code(0)
        .stdout
        .clone();
    assert_eq!(lines.lines().count(), 3);
    assert!(
        lines
            .lines()
            .all(|l| serde_json::from_str::<Value>(l).is_ok())
    );
    let table = env
        .run(&["changes", "--limit", "4"])
        .expect_code(0)
        .stdout
        .clone();
    assert!(
        table.contains("Run ") && table.contains("model.restored"),
        "{table}"
    );
}

#[test]
#[allow(clippy::too_many_lines)] // one scenario, run by run, as the issue tells it
fn every_applied_change_is_logged_once_and_nothing_else() {
    let env = TestEnv::new();
    assert_eq!(sync(&env, "2026-11-23T10:00:00Z", None, &[]), 0);
    let first = changes(&env, &[]);
    let added: Vec<&Value> = first
        .iter()
        .filter(|e| e["kind"] == "model.added")
        .collect();
    assert_eq!(added.len(), 8);
    let price = first
        .iter()
        .find(|e| {
            e["kind"] == "price.changed"
                && e["model"] == "mock-chat-large"
                && e["details"]["component"] == "input"
        })
        .unwrap();
    assert_eq!(
        price["details"],
        json!({"component": "input", "unit": "1M tokens", "old": null, "new": 2.5, "source": "provider"}),
        "a model's first price has old: null"
    );
    let seq = first.last().unwrap()["seq"].as_i64().unwrap();
    assert!(
        first
            .windows(2)
            .all(|w| w[0]["seq"].as_i64() < w[1]["seq"].as_i64())
    );
    assert!(
        first
            .windows(2)
            .all(|w| w[0]["seq"].as_i64() < w[1]["seq"].as_i64())
    );

    // The same list again, and a dry run of a changed one: nothing appended.
    sync(&env, "2026-11-23T11:00:00Z", None, &[]);
    let mut list: Vec<Value> = serde_json::from_str(BUILTIN).unwrap();
    list[1]["context_length"] = json!(65536);
    let file = env.write("changed.json", &Value::Array(list.clone()).to_string());
    env.run_with(
        &[("AI_MOCK_MODELS_FILE", file.to_str().unwrap())],
        &["sync-models", "-p", "mock", "--dry-run"],
    )
    .expect_code(0);
    assert_eq!(
        changes(&env, &["--since", &seq.to_string()]),
        Vec::<Value>::new()
    );

    // A field and a price change.
    sync(
        &env,
        "2026-11-24T10:00:00Z",
        Some(&Value::Array(list.clone())),
        &[("AI_MOCK_PRICE", "mock-chat-large:input=3")],
    );
    let later = changes(&env, &["--since", &seq.to_string()]);
    assert_eq!(
        kinds(&later),
        [
            ("model.updated".to_owned(), "mock-chat-small".to_owned()),
            ("price.changed".to_owned(), "mock-chat-large".to_owned()),
        ]
    );
    assert_eq!(
        later[0]["details"],
        json!({"field": "context_length", "old": 32768, "new": 65536, "origin": "provider"})
    );
    assert_eq!(
        (&later[1]["details"]["old"], &later[1]["details"]["new"]),
        (&json!(2.5), &json!(3))
    );
    let seq = later.last().unwrap()["seq"].as_i64().unwrap();

    // Failing twice, then recovering: one failure, one recovery.
    for at in ["2026-11-25T10:00:00Z", "2026-11-25T11:00:00Z"] {
        sync(
            &env,
            at,
            Some(&Value::Array(list.clone())),
            &[
                ("AI_MOCK_FAIL", "server_error"),
                ("AI_MOCK_PRICE", "mock-chat-large:input=3"),
            ],
        );
    }
    // A model gone, then back: removed, then one restored entry (no status update).
    let mut without = list.clone();
    without.retain(|m| m["id"] != "mock-tts");
    sync(
        &env,
        "2026-11-26T10:00:00Z",
        Some(&Value::Array(without)),
        &[("AI_MOCK_PRICE", "mock-chat-large:input=3")],
    );
    sync(
        &env,
        "2026-11-27T10:00:00Z",
        Some(&Value::Array(list)),
        &[("AI_MOCK_PRICE", "mock-chat-large:input=3")],
    );
    let rest = changes(&env, &["--since", &seq.to_string()]);
    assert_eq!(
        kinds(&rest),
        [
            ("sync.failed".to_owned(), String::new()),
            ("sync.recovered".to_owned(), String::new()),
            ("model.removed".to_owned(), "mock-tts".to_owned()),
            ("model.restored".to_owned(), "mock-tts".to_owned()),
        ]
    );
    assert_eq!(rest[0]["details"]["error_type"], "server_error");
    assert_eq!(rest[0]["provider"], "mock");

    filters(&env);
}

#[test]
fn sync_pricing_logs_the_prices_it_applies_once() {
    let mut env = TestEnv::new();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let seq = changes(&env, &[]).last().unwrap()["seq"].as_i64().unwrap();
    let cfg = env.write(
        "c.toml",
        "[[overrides]]\nprovider = \"mock\"\nmodel = \"mock-chat-large\"\ninput = \"2\"\n",
    );
    env.set("AISYNC_CONFIG", cfg.to_str().unwrap());
    env.run(&["sync-pricing"]).expect_code(0);
    let logged = changes(&env, &["--since", &seq.to_string()]);
    assert_eq!(
        kinds(&logged),
        [("price.changed".to_owned(), "mock-chat-large".to_owned())]
    );
    assert_eq!(
        logged[0]["details"],
        json!({"component": "input", "unit": "1M tokens", "old": null, "new": 2, "source": "override"})
    );
    assert!(logged[0]["run_id"].as_str().unwrap().ends_with("-pricing"));
    env.run(&["sync-pricing"]).expect_code(0);
    env.run(&["sync-pricing", "--dry-run"]).expect_code(0);
    assert_eq!(
        changes(&env, &["--since", &seq.to_string()]).len(),
        1,
        "identical prices append nothing"
    );
}

#[test]
fn cleanup_keeps_the_log_of_the_models_it_deletes_and_prunes_by_the_logs_own_retention() {
    let mut env = TestEnv::new();
    sync(&env, "2026-11-23T10:00:00Z", None, &[]);
    let mut list: Vec<Value> = serde_json::from_str(BUILTIN).unwrap();
    list.retain(|m| m["id"] != "mock-tts");
    sync(&env, "2026-11-24T10:00:00Z", Some(&Value::Array(list)), &[]);
    let before = changes(&env, &["--model", "mock-tts"]).len();
    assert_eq!(before, 2 + 1, "added, its price, removed");
    let cfg = env.write("c.toml", "[changes]\nretention_days = 36500\n");
    env.set("AISYNC_CONFIG", cfg.to_str().unwrap());
    let later = [("AISYNC_NOW", "2027-06-01T00:00:00Z")];
    env.run_with(&later, &["models", "cleanup", "--force"])
        .expect_code(0);
    let kept = changes(&env, &["--model", "mock-tts"]);
    assert_eq!(
        kept.len(),
        before,
        "the log is history: a deleted model's entries stay"
    );
    // A year's retention (the default), a year and a half later: every entry is older.
    let cfg = env.write("c.toml", "[changes]\nretention_days = 365\n");
    env.set("AISYNC_CONFIG", cfg.to_str().unwrap());
    let run = env.run_with(
        &[("AISYNC_NOW", "2028-06-01T00:00:00Z")],
        &["models", "cleanup", "--force"],
    );
    run.expect_code(0);
    assert!(run.stdout.contains("Pruned"), "{}", run.stdout);
    assert_eq!(changes(&env, &[]), Vec::<Value>::new());
    let db = env.db();
    assert_eq!(
        crate::common::column::<i64>(&db, "SELECT count(*) FROM events"),
        [0],
        "the events derived from the pruned entries go with them"
    );
    let bad = env.write("bad.toml", "[changes]\nretention_days = 0\n");
    env.run(&["--config", bad.to_str().unwrap(), "changes"])
        .expect_code(78);
}

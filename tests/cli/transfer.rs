//! `aisync export` and `aisync import`: the whole catalog as one document with a checksum,
//! loaded into an empty store of either backend, and SQLite → PostgreSQL → SQLite with every
//! table equal.

use serde_json::Value;

use crate::common::{PgDatabase, TestEnv};

/// A store with something in every kind of table: a sync, pricing from the bundled snapshot
/// (its matches and history), usage, the change log and events.
fn rich(env: &TestEnv) {
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    env.run(&["sync-pricing"]).no_panic();
    let usage = env.write(
        "u.jsonl",
        "{\"time\":\"2026-11-23T09:00:00Z\",\"provider\":\"mock\",\"model\":\"mock-chat-large\",\"input_tokens\":1000,\"output_tokens\":10}\n",
    );
    env.run(&["usage", "import", usage.to_str().unwrap()])
        .expect_code(0);
    let later = env.write("later.json", &{
        let mut list: Vec<Value> =
            serde_json::from_str(include_str!("../../src/drivers/mock_models.json")).unwrap();
        list.pop();
        serde_json::to_string(&list).unwrap()
    });
    env.run_with(
        &[
            ("AISYNC_NOW", "2026-11-24T10:30:00Z"),
            ("AI_MOCK_MODELS_FILE", later.to_str().unwrap()),
        ],
        &["sync-models", "-p", "mock", "--force"],
    )
    .expect_code(0);
}

fn export(env: &TestEnv, db: &str) -> Value {
    let run = env.run(&["--database", db, "export"]);
    run.expect_code(0).no_panic();
    run.json()
}

fn import(env: &TestEnv, db: &str, file: &std::path::Path) {
    env.run(&["--database", db, "import", file.to_str().unwrap()])
        .expect_code(0)
        .no_panic();
}

fn listing(env: &TestEnv, db: &str) -> String {
    let run = env.run(&["--database", db, "models", "list", "--format", "json"]);
    run.expect_code(0);
    run.stdout
}

/// The store this test's runs use, as `--database` names it.
fn own_db(env: &TestEnv) -> String {
    env.pg()
        .map_or_else(|| env.default_db().display().to_string(), |p| p.url.clone())
}

#[test]
fn an_export_imported_elsewhere_exports_the_same_and_goes_on_where_it_stopped() {
    let env = TestEnv::new();
    rich(&env);
    let first = export(&env, &own_db(&env));
    for table in [
        "models",
        "prices",
        "price_history",
        "usage",
        "changes",
        "events",
        "sync_runs",
    ] {
        let rows = first["tables"][table]["rows"].as_array().unwrap();
        assert!(!rows.is_empty(), "{table} has rows to carry");
    }
    let file = env.write("export.json", &first.to_string());
    let other = env.path("other.db").display().to_string();
    import(&env, &other, &file);
    let second = export(&env, &other);
    assert_eq!(second["tables"], first["tables"]);
    assert_eq!(second["sequences"], first["sequences"]);
    assert_eq!(second["checksum"], first["checksum"]);
    assert_eq!(listing(&env, &other), listing(&env, &own_db(&env)));
    // The imported store goes on numbering where the first stopped: no change-log number is
    // given twice.
    let last = first["sequences"]["changes"].as_i64().unwrap();
    env.run_with(
        &[("AISYNC_NOW", "2026-11-25T10:30:00Z")],
        &["--database", &other, "sync-models", "-p", "mock", "--force"],
    )
    .expect_code(0);
    let after = export(&env, &other);
    let seqs: Vec<i64> = after["tables"]["changes"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[0].as_i64().unwrap())
        .collect();
    assert!(seqs.iter().filter(|s| **s > last).count() > 0, "{seqs:?}");
    let mut unique = seqs.clone();
    unique.dedup();
    assert_eq!(unique, seqs, "no number twice");
}

#[test]
fn sqlite_to_postgresql_to_sqlite_keeps_every_table_equal() {
    let Some(_) = crate::common::pg_server() else {
        return;
    };
    let env = TestEnv::sqlite();
    rich(&env);
    let sqlite = env.default_db().display().to_string();
    let first = export(&env, &sqlite);
    let file = env.write("from-sqlite.json", &first.to_string());
    let pg = PgDatabase::create().unwrap();
    import(&env, &pg.url, &file);
    let middle = export(&env, &pg.url);
    assert_eq!(middle["from"], "postgres");
    assert_eq!(middle["tables"], first["tables"]);
    assert_eq!(middle["checksum"], first["checksum"]);
    let back = env.path("back.db").display().to_string();
    let file = env.write("from-postgres.json", &middle.to_string());
    import(&env, &back, &file);
    let last = export(&env, &back);
    assert_eq!(last["tables"], first["tables"]);
    assert_eq!(last["sequences"], first["sequences"]);
    let shown = listing(&env, &sqlite);
    assert_eq!(listing(&env, &pg.url), shown);
    assert_eq!(listing(&env, &back), shown);
}

#[test]
fn import_refuses_a_store_that_holds_anything_unless_told_to_replace_it() {
    let env = TestEnv::new();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let doc = export(&env, &own_db(&env));
    let file = env.write("e.json", &doc.to_string());
    let run = env.run(&["import", file.to_str().unwrap()]);
    run.expect_code(1).no_panic();
    assert!(
        run.stderr
            .contains("is not empty (its models table holds 8 rows)")
            && run.stderr.contains("--replace"),
        "{}",
        run.stderr
    );
    // --replace: the store becomes the document, whatever it held.
    env.run_with(
        &[("AISYNC_NOW", "2026-11-24T10:30:00Z")],
        &["sync-models", "-p", "mock", "--force"],
    )
    .expect_code(0);
    let run = env.run(&[
        "import",
        file.to_str().unwrap(),
        "--replace",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    assert_eq!(run.json()["tables"]["models"], 8);
    assert_eq!(export(&env, &own_db(&env))["tables"], doc["tables"]);
}

#[test]
fn a_changed_cut_or_foreign_document_is_refused_and_nothing_is_written() {
    let env = TestEnv::new();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let text = export(&env, &own_db(&env)).to_string();
    let empty = env.path("empty.db").display().to_string();
    let changed = text.replacen("mock-chat-large", "mock-chat-largf", 1);
    for (name, body, says) in [
        ("changed.json", changed.as_str(), "checksum does not match"),
        ("cut.json", &text[..text.len() / 2], "is not JSON"),
        ("other.json", "{\"models\": []}", "is not an aisync export"),
        (
            "newer.json",
            &text.replace("\"aisync_export\":1", "\"aisync_export\":9"),
            "newer than this aisync reads",
        ),
    ] {
        let file = env.write(name, body);
        let run = env.run(&["--database", &empty, "import", file.to_str().unwrap()]);
        run.expect_code(1).no_panic();
        assert!(run.stderr.contains(says), "{name}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
    assert!(
        !env.path("empty.db").exists(),
        "nothing was opened, let alone written"
    );
}

#[test]
fn export_writes_the_document_whole_to_output_and_says_what_it_holds() {
    let env = TestEnv::new();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let out = env.path("catalog.json");
    let run = env.run(&["export", "--output", out.to_str().unwrap()]);
    run.expect_code(0);
    assert!(
        run.stdout.starts_with("Exported 8 models, "),
        "{}",
        run.stdout
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(doc["aisync_export"], 1);
    assert!(doc["checksum"].as_str().unwrap().starts_with("sha256:"));
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let json = env.run(&[
        "export",
        "--output",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(json.expect_code(0).json()["tables"]["models"], 8);
    // And from stdin back in.
    let empty = env.path("again.db").display().to_string();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_aisync"))
        .args(["--database", &empty, "import", "-"])
        .stdin(std::fs::File::open(&out).unwrap())
        .env_clear()
        .env("HOME", env.path("home"))
        .output()
        .unwrap();
    assert_eq!(
        child.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&child.stderr)
    );
    child.stdout.truncate(9);
    assert_eq!(String::from_utf8_lossy(&child.stdout), "Imported ");
}

//! `aisync config show|path`: every layer named as the source of what it set, keys only as
//! present or absent.

use std::process::Command;

use serde_json::Value;

use crate::common::TestEnv;
use crate::fake::CANARY;

fn source_of(doc: &Value, name: &str) -> (Value, String) {
    let s = doc["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {doc}"));
    (s["value"].clone(), s["source"].as_str().unwrap().to_owned())
}

#[test]
fn config_show_names_the_layer_each_value_came_from() {
    let mut env = TestEnv::new();
    let file = env.write(
        "c.toml",
        "environment = \"staging\"\n\n[sync]\ninterval_hours = 6\nconcurrency = 2\n\n\
         [providers.openai]\nbase_url = \"https://gw.example.com/v1\"\n",
    );
    std::fs::write(env.work_dir().join(".env"), "AI_SYNC_RETRY_ATTEMPTS=5\n").unwrap();
    env.set("AISYNC_CONFIG", file.to_str().unwrap())
        .set("AISYNC_CONCURRENCY", "8")
        .set("OPENAI_API_KEY", CANARY);
    let db = env.path("flag.db");
    let run = env.run(&[
        "--database",
        db.to_str().unwrap(),
        "config",
        "show",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let doc = run.json();
    let file_at = |line: usize| format!("{}:{line}", file.display());
    assert_eq!(
        source_of(&doc, "database"),
        (Value::from(db.to_str().unwrap()), "flag --database".into())
    );
    assert_eq!(
        source_of(&doc, "sync.interval_hours"),
        (Value::from(6), file_at(4))
    );
    assert_eq!(
        source_of(&doc, "environment"),
        (Value::from("staging"), file_at(1))
    );
    assert_eq!(
        source_of(&doc, "sync.concurrency"),
        (Value::from(8), "env AISYNC_CONCURRENCY".into()),
        "the environment beats the file"
    );
    assert_eq!(
        source_of(&doc, "sync.retry_attempts"),
        (Value::from(5), ".env AI_SYNC_RETRY_ATTEMPTS".into())
    );
    assert_eq!(
        source_of(&doc, "sync.cache_ttl_hours"),
        (Value::from(24), "default".into())
    );
    assert_eq!(
        source_of(&doc, "providers.openai.base_url"),
        (Value::from("https://gw.example.com/v1"), file_at(8))
    );
    assert_eq!(
        source_of(&doc, "providers.openai.api_key"),
        (Value::from("present"), "env OPENAI_API_KEY".into())
    );
    assert_eq!(source_of(&doc, "providers.gemini.api_key").0, "absent");
    assert_eq!(source_of(&doc, "providers.ollama.api_key").0, "not needed");
    for s in doc["settings"].as_array().unwrap() {
        assert_eq!(s.as_object().unwrap().len(), 3, "{s}");
    }
    let table = env.run(&["config", "show"]);
    table.expect_code(0);
    assert!(
        table.stdout.contains("sync.interval_hours"),
        "{}",
        table.stdout
    );
    assert!(!run.stdout.contains(CANARY) && !table.stdout.contains(CANARY));
}

#[test]
fn config_path_says_where_everything_is_and_whether_it_is_there() {
    let env = TestEnv::sqlite();
    let run = env.run(&["config", "path", "--format", "json"]);
    run.expect_code(0);
    let doc = run.json();
    assert_eq!(
        doc["config"]["path"],
        env.path("config/aisync/config.toml").to_str().unwrap()
    );
    assert_eq!(doc["config"]["exists"], false);
    assert_eq!(doc["database"]["path"], env.default_db().to_str().unwrap());
    assert_eq!(
        doc["lock"]["path"],
        format!("{}.lock", env.default_db().display())
    );
    assert_eq!(
        doc["dotenv"]["path"],
        env.work_dir().join(".env").to_str().unwrap()
    );
    assert_eq!(doc["cache"]["path"], env.default_db().to_str().unwrap());
    assert!(!env.default_db().exists(), "config path creates nothing");
    let text = env.run(&["config", "path"]);
    assert!(text.stdout.starts_with("config "), "{}", text.stdout);
}

/// With no `$HOME` (a service started with an empty environment), the files go where the
/// account's home folder is, as the system knows it.
#[test]
fn without_home_the_accounts_home_folder_is_used() {
    let mut env = TestEnv::sqlite();
    env.unset("HOME")
        .unset("XDG_CONFIG_HOME")
        .unset("XDG_DATA_HOME");
    let run = env.run(&["config", "path", "--format", "json"]);
    run.expect_code(0);
    let uid = String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout).unwrap();
    let entry = String::from_utf8(
        Command::new("getent")
            .args(["passwd", uid.trim()])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let home = entry.trim().split(':').nth(5).unwrap().to_owned();
    let doc = run.json();
    assert_eq!(
        doc["database"]["path"],
        format!("{home}/.local/share/aisync/aisync.db")
    );
    assert_eq!(
        doc["config"]["path"],
        format!("{home}/.config/aisync/config.toml")
    );
}

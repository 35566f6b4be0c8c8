//! `aisync doctor` against fake providers that answer and one that is down, a broken config,
//! and a database from a newer aisync.

use serde_json::Value;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::TestEnv;
use crate::fake::CANARY;

fn checks(run: &crate::common::Run) -> Vec<(String, bool)> {
    run.json()["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["check"].as_str().unwrap().to_owned(),
                c["ok"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn doctor_checks_each_provider_that_takes_part_and_names_the_fix() {
    let up = MockServer::start().await;
    // A base URL asked without a key answers 401: it is reachable.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&up)
        .await;
    let mut env = TestEnv::new();
    env.set("OPENAI_API_KEY", CANARY)
        .set("OPENAI_BASE_URL", &format!("{}/v1", up.uri()));
    let run = env.run(&["doctor", "--format", "json", "--timeout", "5"]);
    run.expect_code(0);
    assert_eq!(
        checks(&run),
        [
            ("config".to_owned(), true),
            ("database".to_owned(), true),
            ("schema".to_owned(), true),
            ("providers".to_owned(), true),
            ("network openai".to_owned(), true),
        ]
    );
    assert!(
        run.json()["checks"][4]["detail"]
            .as_str()
            .unwrap()
            .contains("answered HTTP 401")
    );
    assert!(!env.default_db().exists(), "doctor creates nothing");
    // No key went with the check.
    for r in up.received_requests().await.unwrap() {
        assert!(r.headers.get("authorization").is_none());
        assert!(!format!("{:?}", r.headers).contains(CANARY));
    }

    // A provider that is down fails its check, with the fix; the rest still pass.
    env.set("ANTHROPIC_API_KEY", "sk-ant-doctor-test")
        .set("ANTHROPIC_BASE_URL", "http://127.0.0.1:9");
    let run = env.run(&["doctor", "--format", "json", "--timeout", "5"]);
    run.expect_code(1);
    let doc = run.json();
    assert_eq!(doc["ok"], false);
    let down = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "network anthropic")
        .unwrap();
    assert_eq!(down["ok"], false);
    assert!(
        down["detail"].as_str().unwrap().contains("(network)"),
        "{down}"
    );
    assert!(down["fix"].as_str().unwrap().contains("proxy"), "{down}");
    let text = env.run(&["doctor", "--timeout", "5"]);
    text.expect_code(1);
    assert!(
        text.stdout.contains("✗ network anthropic"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("fix: check the network"),
        "{}",
        text.stdout
    );
    assert!(
        text.stderr.contains("Contacting each provider"),
        "it says it uses the network"
    );
    // --offline contacts nobody.
    let before = up.received_requests().await.unwrap().len();
    let offline = env.run(&["doctor", "--offline"]);
    offline.expect_code(0);
    assert_eq!(up.received_requests().await.unwrap().len(), before);
    assert!(!offline.stdout.contains(CANARY) && !offline.stderr.contains(CANARY));
}

#[test]
fn doctor_reports_a_broken_config_and_a_newer_schema_as_failed_checks() {
    let mut env = TestEnv::new();
    let bad = env.write("bad.toml", "[sync\n");
    let run = env.run(&[
        "--config",
        bad.to_str().unwrap(),
        "doctor",
        "--format",
        "json",
    ]);
    run.expect_code(1);
    assert_eq!(checks(&run), [("config".to_owned(), false)]);
    assert!(
        run.json()["checks"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("bad.toml:1")
    );

    // A database written by a newer aisync.
    let db = env.path("newer.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    env.set("AISYNC_DATABASE", db.to_str().unwrap());
    let run = env.run(&["doctor", "--offline", "--format", "json"]);
    run.expect_code(1);
    let doc = run.json();
    let schema: &Value = &doc["checks"][2];
    assert_eq!(
        (&schema["check"], &schema["ok"]),
        (&Value::from("schema"), &Value::from(false))
    );
    assert!(
        schema["detail"].as_str().unwrap().contains("newer aisync"),
        "{schema}"
    );
}

//! Events delivered end to end: real receivers on 127.0.0.1 (wiremock, and receivers that
//! fail the first N deliveries or stall), a program reading stdin, a JSONL file, a real SQLite
//! file; the mock provider's list changed between runs as the change-log tests change it.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{TestEnv, sync_mock as sync};
use crate::fake::CANARY;

const BUILTIN: &str = include_str!("../../src/drivers/mock_models.json");
const SECRET: &str = "whsec-test-5b9d2e71c4a8";

/// A test home whose config file enables the mock and holds `sinks` (TOML `[[notify]]`
/// entries).
fn env_with(sinks: &str) -> TestEnv {
    let mut env = TestEnv::new();
    let config = env.write(
        "config.toml",
        &format!("[providers.mock]\nenabled = true\n\n{sinks}"),
    );
    env.set("AISYNC_CONFIG", config.to_str().unwrap())
        .set("AISYNC_WEBHOOK_SECRET", SECRET)
        .set("OPENAI_API_KEY", CANARY)
        .set("AISYNC_TEST_SKIP_RETRY_SLEEP", "1");
    env
}

fn webhook(name: &str, server: &MockServer, extra: &str) -> String {
    format!(
        "[[notify]]\nname = \"{name}\"\ntype = \"webhook\"\nurl = \"{}/hook?token=qs-token-91c\"\n{extra}\n",
        server.uri()
    )
}

async fn receiver(server: &MockServer, status: u16, times: Option<u64>) {
    let mock = Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(status));
    match times {
        Some(n) => mock.up_to_n_times(n).mount(server).await,
        None => mock.mount(server).await,
    }
}

/// Every request the receiver got: (status it was answered with is not recorded, so the
/// caller knows which ones failed), as (body, headers).
async fn received(server: &MockServer) -> Vec<(Value, wiremock::Request)> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|r| (serde_json::from_slice(&r.body).expect("a JSON body"), r))
        .collect()
}

/// The `seq` of every request the receiver got, in the order they came.
async fn received_seqs(server: &MockServer) -> Vec<i64> {
    received(server)
        .await
        .into_iter()
        .map(|(v, _)| v["seq"].as_i64().unwrap())
        .collect()
}

fn kinds_and_seqs(events: &[Value]) -> Vec<(String, i64)> {
    events
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_owned(),
                e["seq"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn hex_hmac(key: &str, body: &[u8]) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key.as_bytes());
    ring::hmac::sign(&key, body)
        .as_ref()
        .iter()
        .fold(String::new(), |mut s, b| {
            use std::fmt::Write as _;
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn status(env: &TestEnv) -> Value {
    env.run(&["notify", "--format", "json"])
        .expect_code(0)
        .json()
}

fn lines(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("a whole JSON line ({e}): {l}")))
        .collect()
}

/// The scenario: a model added, a context window changed, a price changed, a provider
/// failing then recovering — exactly those events, at a signed webhook, a command and a JSONL
/// file alike.
#[tokio::test]
#[allow(clippy::too_many_lines)] // one scenario, run by run
async fn a_sequence_of_syncs_delivers_exactly_its_events_to_every_sink() {
    let server = MockServer::start().await;
    receiver(&server, 200, None).await;
    let sinks = format!(
        "{}[[notify]]\nname = \"hook\"\ntype = \"command\"\ncommand = [\"sh\", \"-c\", \"cat >> ../hook.jsonl; echo >> ../hook.jsonl; env > ../hook.env\"]\n\n\
         [[notify]]\nname = \"file\"\ntype = \"jsonl\"\npath = \"events.jsonl\"\n",
        webhook("ops", &server, "secret_env = \"AISYNC_WEBHOOK_SECRET\"")
    );
    let env = env_with(&sinks);
    let mut list: Vec<Value> = serde_json::from_str(BUILTIN).unwrap();
    let removed = list.pop().unwrap();
    let removed_id = removed["id"].as_str().unwrap().to_owned();

    // 1: the first sync: every model added, with its first prices.
    sync(
        &env,
        "2026-11-23T10:00:00Z",
        Some(&Value::Array(list.clone())),
        &[],
    )
    .expect_code(0);
    // 2: a model added.
    list.push(removed);
    sync(
        &env,
        "2026-11-23T11:00:00Z",
        Some(&Value::Array(list.clone())),
        &[],
    )
    .expect_code(0);
    // 3: a context window changed and a price changed.
    list[1]["context_length"] = json!(65536);
    let price = [("AI_MOCK_PRICE", "mock-chat-large:input=3")];
    sync(
        &env,
        "2026-11-23T12:00:00Z",
        Some(&Value::Array(list.clone())),
        &price,
    )
    .expect_code(0);
    // 4: failing, 5: recovering.
    let failing = [price[0], ("AI_MOCK_FAIL", "server_error")];
    sync(
        &env,
        "2026-11-23T13:00:00Z",
        Some(&Value::Array(list.clone())),
        &failing,
    );
    sync(
        &env,
        "2026-11-23T14:00:00Z",
        Some(&Value::Array(list.clone())),
        &price,
    )
    .expect_code(0);

    let got = received(&server).await;
    let events: Vec<Value> = got.iter().map(|(v, _)| v.clone()).collect();
    let kinds: Vec<String> = kinds_and_seqs(&events).into_iter().map(|k| k.0).collect();
    assert_eq!(
        kinds,
        [
            "sync.started",
            "models.updated",
            "prices.updated",
            "sync.completed",
            "sync.started",
            "models.updated",
            "prices.updated",
            "sync.completed",
            "sync.started",
            "models.updated",
            "prices.updated",
            "sync.completed",
            "sync.started",
            "sync.failed",
            "sync.started",
            "sync.completed",
        ]
    );
    let seqs: Vec<i64> = events.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (1..=16).collect::<Vec<_>>(), "in order, each once");
    for e in &events {
        assert_eq!(e["schema_version"], 1);
        assert_eq!(e["provider"], "mock");
        assert!(e["summary"].as_str().unwrap().starts_with("mock: "), "{e}");
    }
    // Run 2's model, run 3's field and price, run 4's failure, run 5's recovery.
    assert_eq!(events[5]["changes"].as_array().unwrap().len(), 1);
    assert_eq!(events[5]["changes"][0]["kind"], "model.added");
    assert_eq!(events[5]["changes"][0]["model"], removed_id.as_str());
    assert_eq!(
        events[9]["changes"][0]["details"],
        json!({"field": "context_length", "old": 32768, "new": 65536, "origin": "provider"})
    );
    assert_eq!(
        events[10]["changes"][0]["details"],
        json!({"component": "input", "unit": "1M tokens", "old": 2.5, "new": 3, "source": "provider"})
    );
    assert_eq!(events[13]["changes"][0]["kind"], "sync.failed");
    assert_eq!(
        events[13]["changes"][0]["details"]["error_type"],
        "server_error"
    );
    assert_eq!(events[15]["changes"][0]["kind"], "sync.recovered");
    // Each change an event carries is the change log's entry, seq and all.
    let log: Vec<Value> = env
        .run(&[
            "changes",
            "--format",
            "json",
            "--since",
            "2026-11-23T11:00:00Z",
        ])
        .expect_code(0)
        .json()
        .as_array()
        .unwrap()
        .clone();
    let carried: Vec<Value> = events[4..]
        .iter()
        .flat_map(|e| e["changes"].as_array().unwrap().clone())
        .collect();
    assert_eq!(carried, log);

    // Signed: the HMAC-SHA256 of the exact body, named by kind and seq; no key anywhere.
    for (event, req) in &got {
        let sig = req
            .headers
            .get("x-aisync-signature")
            .unwrap()
            .to_str()
            .unwrap();
        assert_eq!(sig, format!("sha256={}", hex_hmac(SECRET, &req.body)));
        assert_eq!(
            req.headers.get("x-aisync-event").unwrap(),
            event["kind"].as_str().unwrap()
        );
        assert_eq!(
            req.headers.get("x-aisync-seq").unwrap(),
            &event["seq"].to_string()
        );
        assert_eq!(req.headers.get("content-type").unwrap(), "application/json");
        let body = String::from_utf8_lossy(&req.body);
        assert!(!body.contains(CANARY) && !body.contains(SECRET));
    }

    // The command and the file got the same events, byte for byte the same JSON.
    let by_command = lines(&env.path("hook.jsonl"));
    let in_file = lines(&env.path("events.jsonl"));
    assert_eq!(by_command, events);
    assert_eq!(in_file, events);
    // The hook's environment held no provider key and no webhook secret.
    let hook_env = std::fs::read_to_string(env.path("hook.env")).unwrap();
    assert!(
        !hook_env.contains(CANARY) && !hook_env.contains(SECRET),
        "{hook_env}"
    );
    assert!(hook_env.contains("AISYNC_EVENT_KIND=sync.completed"));

    // Identical data again: the change log is unchanged, and the run says only that it ran.
    let before = env.run(&["changes", "--format", "json"]).json();
    sync(
        &env,
        "2026-11-23T15:00:00Z",
        Some(&Value::Array(list.clone())),
        &price,
    )
    .expect_code(0);
    assert_eq!(env.run(&["changes", "--format", "json"]).json(), before);
    let again: Vec<Value> = received(&server)
        .await
        .into_iter()
        .map(|(v, _)| v)
        .collect();
    assert_eq!(
        kinds_and_seqs(&again[16..]),
        [
            ("sync.started".to_owned(), 17),
            ("sync.completed".to_owned(), 18)
        ]
    );
    // A dry run records and delivers nothing.
    env.run_with(
        &[("AISYNC_NOW", "2026-11-23T16:00:00Z")],
        &["sync-models", "-p", "mock", "--dry-run"],
    )
    .expect_code(0);
    assert_eq!(received(&server).await.len(), 18);
    let st = status(&env);
    assert_eq!(st["latest_seq"], 18);
    for s in st["sinks"].as_array().unwrap() {
        assert_eq!(
            (&s["state"], &s["delivered_seq"], &s["backlog"]),
            (&json!("ok"), &json!(18), &json!(0))
        );
    }
    // Nothing secret in what aisync printed or stored.
    assert!(!env.stored_text().contains(SECRET));
}

/// A receiver that refuses every attempt of a run is caught up by the next, in order; what
/// it took once is never sent again.
#[tokio::test]
async fn a_receiver_down_for_one_run_is_caught_up_in_order_without_duplicates() {
    let server = MockServer::start().await;
    // Three attempts (the retries of one delivery) fail: the first run gives up on it.
    receiver(&server, 503, Some(3)).await;
    receiver(&server, 200, None).await;
    let env = env_with(&webhook("ops", &server, ""));

    let run = env.run_with(
        &[("AISYNC_NOW", "2026-11-23T10:00:00Z")],
        &["sync-models", "-p", "mock", "-q"],
    );
    run.expect_code(0);
    assert_eq!(run.stdout, "", "-q: nothing on success");
    assert!(
        run.stderr.contains("notify sink \"ops\" failed"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("4 event(s) wait"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("qs-token-91c") && !run.stderr.contains("/hook"),
        "{}",
        run.stderr
    );
    let st = status(&env);
    let ops = &st["sinks"][0];
    assert_eq!(
        (&ops["state"], &ops["backlog"], &ops["delivered_seq"]),
        (&json!("failing"), &json!(4), &json!(0))
    );
    assert_eq!(ops["last_error_type"], "server_error");
    assert_eq!(received(&server).await.len(), 3);

    // The next run delivers the backlog, even one that fetches nothing (the mock is fresh).
    let fresh = env.run_with(
        &[("AISYNC_NOW", "2026-11-23T10:30:00Z")],
        &["sync-models", "-p", "mock", "--format", "json"],
    );
    fresh.expect_code(0);
    assert_eq!(
        fresh.json()["providers"][0]["reason"],
        "cache_valid",
        "{}",
        fresh.stdout
    );
    assert_eq!(status(&env)["sinks"][0]["delivered_seq"], 4);
    // And a run that does fetch delivers its own.
    sync(
        &env,
        "2026-11-23T11:00:00Z",
        None,
        &[("AI_MOCK_PRICE", "mock-chat-large:input=3")],
    )
    .expect_code(0);
    let got: Vec<Value> = received(&server)
        .await
        .into_iter()
        .map(|(v, _)| v)
        .collect();
    assert!(
        got[..3].iter().all(|e| e["seq"] == 1),
        "the failed attempts were of the first event"
    );
    let delivered: Vec<i64> = got[3..]
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(delivered, (1..=7).collect::<Vec<_>>());
    assert_eq!(status(&env)["sinks"][0]["state"], "ok");

    // A transient failure within a run is retried: one delivery, after two refusals.
    server.reset().await;
    receiver(&server, 502, Some(2)).await;
    receiver(&server, 200, None).await;
    sync(&env, "2026-11-23T12:00:00Z", None, &[]).expect_code(0);
    let got = received_seqs(&server).await;
    assert_eq!(
        got,
        [8, 8, 8, 9, 10],
        "its price back to 2.5: started, prices.updated, completed"
    );

    // Even trace logs name the webhook by its origin: its path and query may hold a token.
    server.reset().await;
    receiver(&server, 503, None).await;
    let traced = env.run_with(
        &[("AISYNC_NOW", "2026-11-23T13:00:00Z")],
        &["sync-models", "-p", "mock", "--force", "-vvv"],
    );
    traced.expect_code(0);
    assert!(
        traced.stderr.contains("retrying after a transient failure"),
        "{}",
        traced.stderr
    );
    assert!(
        !traced.stderr.contains("qs-token-91c") && !traced.stderr.contains("/hook"),
        "{}",
        traced.stderr
    );
}

/// `notify --retry` delivers a backlog without a sync; a sink killed mid-delivery gets the
/// event in flight again, with the same seq.
#[tokio::test]
async fn a_crash_between_commit_and_delivery_re_delivers_the_event_in_flight() {
    let server = MockServer::start().await;
    // The first delivery stalls: the run is killed while it waits.
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    receiver(&server, 200, None).await;
    let env = env_with(&webhook("ops", &server, "timeout_seconds = 60"));
    let mut child = env.spawn_with(&[], &["sync-models", "-p", "mock"]);
    let started = Instant::now();
    while server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty()
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no delivery began"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap(); // SIGKILL
    let _ = child.wait();

    // The sync itself was committed before delivery began.
    let log = env.run(&["changes", "--format", "json"]).json();
    assert!(!log.as_array().unwrap().is_empty());
    assert_eq!(status(&env)["sinks"][0]["delivered_seq"], 0);

    let retry = env.run(&["notify", "--retry", "--format", "json"]);
    retry.expect_code(0);
    assert_eq!(retry.json()["sinks"][0]["delivered"], 4);
    let seqs = received_seqs(&server).await;
    assert_eq!(
        seqs,
        [1, 1, 2, 3, 4],
        "the event in flight again, then the rest, once each"
    );
    // Nothing left: a second retry sends nothing.
    env.run(&["notify", "--retry"]).expect_code(0);
    assert_eq!(received(&server).await.len(), 5);
}

/// Filters, a new sink starting from now (or from the beginning when asked), Slack's shape,
/// and the test event.
#[tokio::test]
async fn sinks_take_what_they_ask_for_from_when_they_were_added() {
    let server = MockServer::start().await;
    receiver(&server, 200, None).await;
    let env = env_with("");
    sync(&env, "2026-11-23T10:00:00Z", None, &[]).expect_code(0);

    // Added after a run: "late" starts from now, "all" from the first event, "prices" takes
    // only price changes, "chat" is Slack's shape.
    let dir = env.path("");
    let sinks = format!(
        "[providers.mock]\nenabled = true\n\n\
         [[notify]]\nname = \"late\"\ntype = \"jsonl\"\npath = \"{0}/late.jsonl\"\n\n\
         [[notify]]\nname = \"all\"\ntype = \"jsonl\"\npath = \"{0}/all.jsonl\"\nbackfill = true\n\n\
         [[notify]]\nname = \"prices\"\ntype = \"jsonl\"\npath = \"{0}/prices.jsonl\"\nevents = [\"prices.updated\"]\nproviders = [\"mock\"]\n\n{1}",
        dir.display(),
        webhook(
            "chat",
            &server,
            "format = \"slack\"\nevents = [\"prices.updated\"]"
        )
    );
    env.write("config.toml", &sinks);
    assert_eq!(status(&env)["sinks"][0]["state"], "new");
    sync(
        &env,
        "2026-11-23T11:00:00Z",
        None,
        &[("AI_MOCK_PRICE", "mock-chat-large:input=3")],
    )
    .expect_code(0);
    let late = kinds_and_seqs(&lines(&env.path("late.jsonl")));
    assert_eq!(
        late,
        [
            ("sync.started".to_owned(), 5),
            ("prices.updated".to_owned(), 6),
            ("sync.completed".to_owned(), 7)
        ]
    );
    assert_eq!(lines(&env.path("all.jsonl")).len(), 7);
    assert_eq!(
        kinds_and_seqs(&lines(&env.path("prices.jsonl"))),
        [("prices.updated".to_owned(), 6)]
    );
    // Passed over, not pending: every cursor is at the latest event.
    for s in status(&env)["sinks"].as_array().unwrap() {
        assert_eq!(
            (&s["delivered_seq"], &s["backlog"]),
            (&json!(7), &json!(0)),
            "{s}"
        );
    }
    let slack = received(&server).await;
    assert_eq!(slack.len(), 1);
    let body = &slack[0].0;
    assert_eq!(
        body.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["text"]
    );
    let text = body["text"].as_str().unwrap();
    assert!(
        text.starts_with("*aisync* mock: 1 price changed, on 1 model"),
        "{text}"
    );
    assert!(
        text.contains("price.changed mock-chat-large: input 2.5 → 3 per 1M tokens (provider)"),
        "{text}"
    );

    // A test event: to one sink, seq 0, no cursor moved.
    env.run(&["notify", "--test", "chat"]).expect_code(0);
    let sent = received(&server).await;
    assert!(sent[1].0["text"].as_str().unwrap().contains("test event"));
    let run = env.run(&["notify", "--test", "late", "--format", "json"]);
    run.expect_code(0);
    assert_eq!(
        run.json(),
        json!({"sink": "late", "delivered": true, "error": null})
    );
    let last = lines(&env.path("late.jsonl")).pop().unwrap();
    assert_eq!(
        (&last["kind"], &last["seq"]),
        (&json!("notify.test"), &json!(0))
    );
    assert_eq!(status(&env)["sinks"][0]["delivered_seq"], 7);
    let unknown = env.run(&["notify", "--test", "nope"]);
    unknown.expect_code(64);
    assert!(
        unknown
            .stderr
            .contains("configured: late, all, prices, chat"),
        "{}",
        unknown.stderr
    );
}

/// A hook that fails or hangs fails its delivery, never the sync; a JSONL line a crash cut
/// short is closed before the next.
#[test]
fn a_failing_hook_never_fails_the_sync_and_lines_stay_whole() {
    let env = env_with(
        "[[notify]]\nname = \"slow\"\ntype = \"command\"\ncommand = [\"sleep\", \"5\"]\ntimeout_seconds = 1\n\n\
         [[notify]]\nname = \"broken\"\ntype = \"command\"\ncommand = [\"sh\", \"-c\", \"echo 'cannot reach the pager' >&2; exit 3\"]\n\n\
         [[notify]]\nname = \"missing\"\ntype = \"command\"\ncommand = [\"/nonexistent/hook\"]\n\n\
         [[notify]]\nname = \"file\"\ntype = \"jsonl\"\npath = \"events.jsonl\"\n",
    );
    std::fs::write(env.path("events.jsonl"), "{\"cut\": tr").unwrap();
    let started = Instant::now();
    let run = sync(&env, "2026-11-23T10:00:00Z", None, &[]);
    run.expect_code(0);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the hung hook was killed at its timeout"
    );
    let st = status(&env);
    let by_name = |n: &str| {
        st["sinks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == n)
            .unwrap()
            .clone()
    };
    assert_eq!(by_name("slow")["last_error_type"], "timeout");
    assert_eq!(by_name("broken")["last_error_type"], "server_error");
    assert!(
        by_name("broken")["last_error"]
            .as_str()
            .unwrap()
            .contains("exited with 3: cannot reach the pager"),
        "{st}"
    );
    assert_eq!(by_name("missing")["last_error_type"], "not_found");
    assert_eq!(by_name("file")["state"], "ok");
    let text = std::fs::read_to_string(env.path("events.jsonl")).unwrap();
    let mut rows = text.lines();
    assert_eq!(rows.next(), Some("{\"cut\": tr"));
    assert!(rows.all(|l| serde_json::from_str::<Value>(l).is_ok()));
    // --retry reports the sinks still failing, and exits 1.
    let retry = env.run(&["notify", "--retry", "--format", "json"]);
    retry.expect_code(1);
    assert_eq!(retry.json()["sinks"].as_array().unwrap().len(), 4);
}

#[test]
fn sink_configuration_is_checked_whole() {
    for (toml, says) in [
        (
            "[[notify]]\nname = \"a\"\ntype = \"webhook\"\n",
            "give it url",
        ),
        (
            "[[notify]]\nname = \"a\"\ntype = \"jsonl\"\npath = \"x\"\nurl = \"http://127.0.0.1/\"\n",
            "`url` is for webhook sinks",
        ),
        (
            "[[notify]]\nname = \"a\"\ntype = \"jsonl\"\npath = \"x\"\n[[notify]]\nname = \"a\"\ntype = \"jsonl\"\npath = \"y\"\n",
            "used twice",
        ),
        (
            "[[notify]]\nname = \"a\"\ntype = \"jsonl\"\npath = \"x\"\nevents = [\"model.added\"]\n",
            "unknown event \"model.added\"",
        ),
        (
            "[[notify]]\nname = \"a\"\ntype = \"webhook\"\nurl = \"ftp://x/?token=secret-in-url\"\n",
            "not an http:// or https:// URL",
        ),
        (
            "[[notify]]\nname = \"a\"\ntype = \"command\"\ncommand = []\n",
            "give it command",
        ),
        (
            "[[notify]]\nname = \"a\"\ntype = \"jsonl\"\npath = \"x\"\nproviders = [\"nope\"]\n",
            "unknown provider \"nope\"",
        ),
        (
            "[[notify]]\nname = \"a\"\ntype = \"pager\"\n",
            "unknown variant",
        ),
    ] {
        let env = env_with(toml);
        let run = env.run(&["notify"]);
        run.expect_code(78);
        assert!(run.stderr.contains(says), "{toml}: {}", run.stderr);
        assert!(!run.stderr.contains("secret-in-url"), "{}", run.stderr);
    }
    // A webhook whose secret variable is unset is not sent unsigned.
    let mut env = env_with(
        "[[notify]]\nname = \"a\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:9/\"\nsecret_env = \"NOT_SET_ANYWHERE\"\n",
    );
    env.set("AISYNC_WEBHOOK_SECRET", "");
    let run = env.run(&["notify", "--test", "a"]);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("NOT_SET_ANYWHERE (secret_env) is not set"),
        "{}",
        run.stdout
    );
}

/// A guard's hold is one `changes.held` event until accepted; sync-pricing's price changes
/// are `prices.updated` events too.
#[test]
fn held_changes_and_pricing_runs_are_events() {
    let env = env_with(
        "[[overrides]]\nprovider = \"mock\"\nmodel = \"mock-chat-large\"\ninput = \"7\"\n\n\
         [[notify]]\nname = \"file\"\ntype = \"jsonl\"\npath = \"events.jsonl\"\n",
    );
    sync(&env, "2026-11-23T10:00:00Z", None, &[]).expect_code(0);
    let seen = |env: &TestEnv| lines(&env.path("events.jsonl")).len();
    let first = seen(&env);
    // An empty list would remove every model: held, twice, then accepted.
    let empty = Value::Array(Vec::new());
    sync(&env, "2026-11-23T11:00:00Z", Some(&empty), &[]);
    sync(&env, "2026-11-23T12:00:00Z", Some(&empty), &[]);
    let file = env.write("list.json", "[]");
    env.run_with(
        &[
            ("AISYNC_NOW", "2026-11-23T13:00:00Z"),
            ("AI_MOCK_MODELS_FILE", file.to_str().unwrap()),
        ],
        &["sync-models", "-p", "mock", "--force", "--accept-changes"],
    )
    .expect_code(0);
    let events = lines(&env.path("events.jsonl"));
    let kinds: Vec<String> = kinds_and_seqs(&events[first..])
        .into_iter()
        .map(|k| k.0)
        .collect();
    assert_eq!(
        kinds,
        [
            "sync.started",
            "changes.held",
            "sync.completed",
            "sync.started",
            "sync.completed",
            "sync.started",
            "models.updated",
            "changes.held",
            "sync.completed",
        ]
    );
    let held = &events[first + 1];
    assert_eq!(held["changes"][0]["kind"], "change.held");
    assert!(
        held["summary"]
            .as_str()
            .unwrap()
            .contains("held by a guard"),
        "{held}"
    );
    assert!(
        events[first + 2]["summary"]
            .as_str()
            .unwrap()
            .contains("nothing applied")
    );
    assert_eq!(events[first + 7]["changes"][0]["kind"], "change.accepted");
    assert_eq!(
        events[first + 6]["changes"].as_array().unwrap().len(),
        8,
        "every model removed"
    );

    // Back, then priced by the override: a prices.updated event from sync-pricing.
    sync(&env, "2026-11-23T14:00:00Z", None, &[]).expect_code(0);
    let before = seen(&env);
    env.run_with(
        &[("AISYNC_NOW", "2026-11-23T15:00:00Z")],
        &["sync-pricing", "-p", "mock"],
    )
    .expect_code(0);
    let events = lines(&env.path("events.jsonl"));
    let pricing: Vec<&Value> = events[before..].iter().collect();
    assert_eq!(pricing.len(), 1, "{pricing:?}");
    assert_eq!(pricing[0]["kind"], "prices.updated");
    assert!(pricing[0]["run_id"].as_str().unwrap().ends_with("-pricing"));
    assert!(
        pricing[0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["details"]["source"] == "override" && c["details"]["new"] == json!(7)),
        "{}",
        pricing[0]
    );
}

//! `aisync serve`: the real binary on an ephemeral port, against fake providers, read over
//! plain HTTP/1.1 from a socket (so a test sees exactly what a client would, and can be the
//! slow client too).

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::process::Child;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{TestEnv, column, samples, value};
use crate::fake::{CANARY, get, replay, replay_as};

/// A running `aisync serve`, stopped (SIGKILL) when dropped.
struct Server {
    child: Option<Child>,
    addr: SocketAddr,
    log: Arc<Mutex<String>>,
}

/// One answer.
#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.body))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

impl Server {
    /// Starts `aisync serve --listen LISTEN ARGS` and waits for the line saying where it listens.
    fn start(env: &TestEnv, vars: &[(&str, &str)], listen: &str, args: &[&str]) -> Self {
        let mut all = vec!["serve", "--listen", listen, "--format", "json"];
        all.extend_from_slice(args);
        let mut child = env.spawn_with(vars, &all);
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("read the first line");
        let announced: Value = serde_json::from_str(&first).unwrap_or_else(|_| {
            let _ = child.wait();
            std::thread::sleep(Duration::from_millis(100));
            panic!("serve did not start: {first:?}\n{}", log.lock().unwrap())
        });
        let port: u16 = announced["listening"]
            .as_str()
            .unwrap()
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Self {
            child: Some(child),
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            log,
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Reply {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        ))
    }

    fn get_with(&self, path: &str, header: &str) -> Reply {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: localhost\r\n{header}\r\nConnection: close\r\n\r\n"
        ))
    }

    fn request(&self, raw: &str) -> Reply {
        let mut s = TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.write_all(raw.as_bytes()).expect("send");
        let mut bytes = Vec::new();
        s.read_to_end(&mut bytes).expect("read the answer");
        let text = String::from_utf8(bytes).expect("UTF-8");
        let (head, body) = text.split_once("\r\n\r\n").expect("a head and a body");
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        Reply {
            status,
            head: head.to_owned(),
            body: body.to_owned(),
        }
    }

    /// Polls `path` until `done` holds of the answer, for up to `secs` seconds.
    fn wait_for(&self, path: &str, secs: u64, done: impl Fn(&Reply) -> bool) -> Reply {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let reply = self.get(path);
            if done(&reply) {
                return reply;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never as expected; last: {reply:?}\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGTERM, then the exit code (within 20 s) and the log.
    fn stop(self) -> (i32, String) {
        self.stop_with("TERM")
    }

    /// The signal `name`, then the exit code (within 20 s) and the log.
    fn stop_with(mut self, name: &str) -> (i32, String) {
        let mut child = self.child.take().unwrap();
        signal(&child, name);
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "serve did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        };
        std::thread::sleep(Duration::from_millis(100));
        (status.code().expect("exited, not killed"), self.log())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn signal(child: &Child, name: &str) {
    let ok = std::process::Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .expect("kill")
        .success();
    assert!(ok);
}

/// The sync runs the database records.
fn sync_runs(env: &TestEnv) -> i64 {
    column(&env.db(), "SELECT count(*) FROM sync_runs")[0]
}

/// A home whose config turns the mock provider on.
fn mock_env() -> TestEnv {
    let mut env = TestEnv::new();
    let config = env.write("config.toml", "[providers.mock]\nenabled = true\n");
    env.set("AISYNC_CONFIG", config.to_str().unwrap());
    env
}

fn ready(r: &Reply) -> bool {
    r.status == 200
}

#[test]
#[allow(clippy::too_many_lines)]
fn every_endpoint_answers_with_the_json_the_cli_prints() {
    let env = mock_env();
    let server = Server::start(&env, &[], "127.0.0.1:0", &[]);
    // The first scheduled run syncs the mock, then prices it.
    server.wait_for("/readyz", 20, ready);
    server.wait_for("/v1/models?format=openai", 20, |_| {
        server.log().contains("job=\"sync-pricing\"")
    });

    let head =
        server.request("HEAD /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    let health = server.get("/healthz");
    assert_eq!(
        (health.status, health.json()["status"].clone()),
        (200, "ok".into())
    );
    let readyz = server.get("/readyz").json();
    assert_eq!(readyz["status"], "ready");
    assert_eq!(readyz["providers"][0]["provider"], "mock");
    assert_eq!(readyz["providers"][0]["ready"], true);

    let cli = |args: &[&str]| env.run(args).expect_code(0).json();
    let same = |path: &str, args: &[&str]| {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        assert_eq!(reply.header("content-type"), Some("application/json"));
        assert_eq!(reply.json(), cli(args), "{path}");
    };
    same("/v1/models", &["models", "list", "--format", "json"]);
    same(
        "/v1/models?type=embedding",
        &["models", "list", "--type", "embedding", "--format", "json"],
    );
    same(
        "/v1/models?capability=vision&capability=function_calling&active=true&sort=price&reverse=true&limit=2",
        &[
            "models",
            "list",
            "--capability",
            "vision",
            "--capability",
            "function_calling",
            "--active",
            "--sort",
            "price",
            "--reverse",
            "--limit",
            "2",
            "--format",
            "json",
        ],
    );
    same(
        "/v1/models?provider=mock&search=CHAT&max_price=100",
        &[
            "models",
            "list",
            "-p",
            "mock",
            "--search",
            "CHAT",
            "--max-price",
            "100",
            "--format",
            "json",
        ],
    );
    same(
        "/v1/models/mock/mock-chat-large?history=true",
        &[
            "models",
            "info",
            "mock-chat-large",
            "mock",
            "--history",
            "--format",
            "json",
        ],
    );
    same("/v1/changes", &["changes", "--format", "json"]);
    same(
        "/v1/changes?since=3&kind=model.added&limit=2",
        &[
            "changes",
            "--since",
            "3",
            "--kind",
            "model.added",
            "--limit",
            "2",
            "--format",
            "json",
        ],
    );
    // The quote names the time it was priced at: the server's clock has moved on since.
    let without_at = |mut v: Value| {
        v.as_object_mut().unwrap().remove("at");
        v
    };
    let quote = server
        .get("/v1/cost?model=mock-chat-large&provider=mock&input=12000&output=800&tier=standard");
    assert_eq!(quote.status, 200, "{}", quote.body);
    assert_eq!(
        without_at(quote.json()),
        without_at(cli(&[
            "cost",
            "mock-chat-large",
            "mock",
            "--input",
            "12000",
            "--output",
            "800",
            "--format",
            "json"
        ]))
    );
    let ranking = server.get("/v1/cost?input=1000&output=100&type=chat&limit=2");
    assert_eq!(ranking.status, 200, "{}", ranking.body);
    assert_eq!(
        without_at(ranking.json()),
        without_at(cli(&[
            "cost", "--input", "1000", "--output", "100", "--type", "chat", "--limit", "2",
            "--format", "json"
        ]))
    );

    // The OpenAI shape: provider/model-id, every listed model, none removed.
    let openai = server.get("/v1/models?format=openai").json();
    assert_eq!(openai["object"], "list");
    let ids: Vec<&str> = openai["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    let stored: Vec<String> = column(
        &env.db(),
        "SELECT 'mock/' || id FROM models WHERE removed_at IS NULL ORDER BY id",
    );
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, stored);
    for m in openai["data"].as_array().unwrap() {
        assert_eq!(m["object"], "model");
        assert!(m["created"].as_i64().unwrap() > 1_600_000_000, "{m}");
        assert!(m["owned_by"].is_string());
    }

    // Not found, bad parameters: a JSON error with the status, naming what is wrong.
    let error = |path: &str, status: u16, says: &str| {
        let r = server.get(path);
        assert_eq!(r.status, status, "{path}: {}", r.body);
        let e = &r.json()["error"];
        assert_eq!(e["status"], status);
        let message = e["message"].as_str().unwrap();
        assert!(message.contains(says), "{path}: {message}");
    };
    error("/v1/models/mock/gpt-9", 404, "no model gpt-9 from mock");
    error("/v1/models/nobody/gpt-4o", 404, "nobody");
    error("/v1/models?type=potato", 400, "'type'");
    error("/v1/models?colour=red", 400, "unknown parameter \"colour\"");
    error("/v1/models?limit=1&limit=2", 400, "'limit'");
    error("/v1/models?format=xml", 400, "format=\"xml\"");
    error("/v1/models?provider=nobody", 400, "nobody");
    error("/v1/changes?since=someday", 400, "someday");
    error(
        "/v1/cost?model=mock-chat-large",
        400,
        "say what the request uses",
    );
    error("/v1/cost?model=mock-chat-large&input=-5", 400, "'input'");
    error("/nowhere", 404, "/openapi.json lists them");

    // Reads only: no other method, no body.
    let post = server.request(
        "POST /v1/models HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
    );
    assert_eq!(post.status, 405, "{}", post.body);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
    let with_body = server.request(
        "GET /v1/models HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
    );
    assert_eq!(with_body.status, 413, "{}", with_body.body);
    assert_eq!(with_body.json()["error"]["type"], "body_not_accepted");

    // The OpenAPI document describes exactly the endpoints there are.
    let doc = server.get("/openapi.json").json();
    assert_eq!(doc["openapi"], "3.0.3");
    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    // (In the order serde_json reads keys: sorted.)
    assert_eq!(
        paths,
        [
            "/healthz",
            "/metrics",
            "/openapi.json",
            "/readyz",
            "/v1/changes",
            "/v1/cost",
            "/v1/models",
            "/v1/models/{provider}/{id}"
        ]
    );
    for path in paths {
        let concrete = path.replace("{provider}/{id}", "mock/mock-chat-large");
        let r = server.get(&concrete);
        assert_ne!(r.status, 404, "{path}");
        assert_ne!(r.status, 405, "{path}");
    }
    let (code, _) = server.stop();
    assert_eq!(code, 0);
}

#[test]
fn a_slash_in_a_model_id_and_a_percent_in_a_query_are_read_as_meant() {
    let env = mock_env();
    let mut models: Vec<Value> =
        serde_json::from_str(include_str!("../../src/drivers/mock_models.json")).unwrap();
    models.push(
        serde_json::json!({"id": "meta-llama/llama-3 70b", "name": "Llama 3", "type": "chat"}),
    );
    let list = env.write("list.json", &serde_json::to_string(&models).unwrap());
    let vars = [("AI_MOCK_MODELS_FILE", list.to_str().unwrap())];
    let server = Server::start(&env, &vars, "127.0.0.1:0", &[]);
    server.wait_for("/readyz", 20, ready);
    let one = server.get("/v1/models/mock/meta-llama/llama-3%2070b");
    assert_eq!(one.status, 200, "{}", one.body);
    assert_eq!(one.json()["model"]["id"], "meta-llama/llama-3 70b");
    let found = server.get("/v1/models?search=llama-3%2070b").json();
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
}

#[test]
// Whole counts, exactly equal as f64 (and far below 2^52).
#[allow(clippy::float_cmp, clippy::cast_precision_loss)]
fn metrics_parse_as_prometheus_text_and_hold_the_databases_figures() {
    let env = mock_env();
    // A cron run first: the server's figures include runs it did not make.
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let server = Server::start(&env, &[], "127.0.0.1:0", &["--no-sync"]);
    let reply = server.get("/metrics");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    let all = samples(&reply.body);
    let value = |name: &str, labels: &[(&str, &str)]| value(&all, name, labels);
    let db = env.db();
    let active: Vec<i64> = column(
        &db,
        "SELECT count(*) FROM models WHERE provider = 'mock' AND removed_at IS NULL AND status = 'active'",
    );
    assert_eq!(
        value(
            "aisync_models",
            &[("provider", "mock"), ("status", "active")]
        ),
        active[0] as f64
    );
    let runs: Vec<i64> = column(
        &db,
        "SELECT count(*) FROM sync_runs WHERE provider = 'mock' AND status = 'success'",
    );
    assert_eq!(
        value(
            "aisync_sync_runs_total",
            &[("provider", "mock"), ("result", "success")]
        ),
        runs[0] as f64
    );
    assert_eq!(value("aisync_up", &[]), 1.0);
    // 2026-11-23T10:30:00Z, the pinned clock of the cron run.
    assert_eq!(
        value(
            "aisync_sync_last_success_timestamp_seconds",
            &[("provider", "mock")]
        ),
        1_795_429_800.0
    );
    let added: Vec<i64> = column(
        &db,
        "SELECT count(*) FROM changes WHERE kind = 'model.added'",
    );
    assert_eq!(
        value("aisync_changes_total", &[("kind", "model.added")]),
        added[0] as f64
    );

    promtool_check(&reply.body);
}

/// Prometheus's own checker, where it is installed (CI installs it and requires it).
// A missing promtool is said on stderr, not silently passed over.
#[allow(clippy::print_stderr)]
fn promtool_check(text: &str) {
    let promtool = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    match promtool {
        Ok(mut child) => {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "promtool check metrics:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Err(_) if std::env::var_os("AISYNC_TEST_REQUIRE_PROMTOOL").is_none() => {
            eprintln!("promtool is not installed: the metrics were checked by the parser only");
        }
        Err(e) => panic!("AISYNC_TEST_REQUIRE_PROMTOOL is set, but promtool cannot run: {e}"),
    }
}

#[test]
// Exactly 0.0, as written.
#[allow(clippy::float_cmp)]
fn metrics_say_aisync_is_down_when_the_database_cannot_be_read() {
    let env = mock_env();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let server = Server::start(&env, &[], "127.0.0.1:0", &["--no-sync"]);
    assert_eq!(server.get("/readyz").status, 200);
    // The server holds no connection between requests: the file can be broken under it.
    if env.on_postgres() {
        crate::common::execute(&env.db(), "ALTER TABLE sync_runs RENAME TO sync_runs_gone");
    } else {
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", env.default_db().display()));
        }
        std::fs::write(env.default_db(), b"this is not a database, not at all").unwrap();
    }
    let down = server.get("/metrics");
    assert_eq!(down.status, 200);
    promtool_check(&down.body);
    let all = samples(&down.body);
    assert_eq!(all.iter().find(|s| s.0 == "aisync_up").unwrap().2, 0.0);
    assert!(
        all.iter().any(|s| s.0 == "aisync_build_info"),
        "{}",
        down.body
    );
    let readyz = server.get("/readyz");
    assert_eq!(readyz.status, 500);
    assert_eq!(readyz.json()["error"]["type"], "internal");
    assert!(
        !readyz
            .body
            .contains(&env.default_db().display().to_string()),
        "{}",
        readyz.body
    );
    assert!(
        server.log().contains("cannot read the metrics"),
        "{}",
        server.log()
    );
}

#[test]
// A missing openai package is said on stderr, not silently passed over (CI requires it).
#[allow(clippy::print_stderr)]
fn an_openai_client_lists_the_models() {
    let probe = std::process::Command::new("python3")
        .args(["-c", "import openai"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        assert!(
            std::env::var_os("AISYNC_TEST_REQUIRE_OPENAI").is_none(),
            "AISYNC_TEST_REQUIRE_OPENAI is set, but python3 cannot import openai"
        );
        eprintln!("the openai Python package is not installed: the OpenAI client test is skipped");
        return;
    }
    let env = mock_env();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let server = Server::start(&env, &[], "127.0.0.1:0", &["--no-sync"]);
    let script = format!(
        "from openai import OpenAI\n\
         client = OpenAI(base_url='http://{}/v1', api_key='unused', default_query={{'format': 'openai'}})\n\
         for m in client.models.list():\n    print(m.id, m.object, m.owned_by, m.created)\n",
        server.addr
    );
    let out = std::process::Command::new("python3")
        .args(["-c", &script])
        .env("NO_PROXY", "*")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<&str> = listed
        .lines()
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    let stored: Vec<String> = column(
        &env.db(),
        "SELECT 'mock/' || id FROM models WHERE removed_at IS NULL",
    );
    assert_eq!(ids.len(), stored.len(), "{listed}");
    for id in &stored {
        assert!(ids.contains(&id.as_str()), "{id} in {listed}");
    }
    assert!(
        listed.lines().all(|l| l.split(' ').nth(1) == Some("model")),
        "{listed}"
    );
}

#[tokio::test]
async fn readyz_turns_503_when_a_provider_fails_and_200_when_it_recovers() {
    const LIST: &str = "openai/models_list_2025-08.json";
    let provider = wiremock::MockServer::start().await;
    get(&provider, "/v1/models", replay(LIST), None).await;
    let mut env = TestEnv::new();
    env.set("OPENAI_API_KEY", CANARY)
        .set("OPENAI_BASE_URL", &format!("{}/v1", provider.uri()))
        .set("AISYNC_TEST_SKIP_RETRY_SLEEP", "1")
        // An hour a second: the hourly schedule runs every second.
        .set("AISYNC_TEST_CLOCK_RATE", "3600")
        .set("AI_SYNC_INTERVAL_HOURS", "1");
    let server = Server::start(&env, &[], "127.0.0.1:0", &[]);
    server.wait_for("/readyz", 20, ready);

    provider.reset().await;
    get(
        &provider,
        "/v1/models",
        replay_as(500, "openai/error_500_server_error.json"),
        None,
    )
    .await;
    let failing = server.wait_for("/readyz", 30, |r| r.status == 503);
    let body = failing.json();
    assert_eq!(body["status"], "not_ready");
    let p = &body["providers"][0];
    assert_eq!(p["provider"], "openai");
    assert_eq!(p["ready"], false);
    assert_eq!(p["reason"], "failing");
    assert!(
        p["last_success"].is_string() && p["last_failure"].is_string(),
        "{p}"
    );
    assert!(p["error_type"].is_string(), "{p}");
    // No answer holds the provider's key, failing or not.
    for path in [
        "/readyz",
        "/metrics",
        "/v1/models",
        "/v1/changes",
        "/openapi.json",
    ] {
        assert!(!server.get(path).body.contains(CANARY), "{path}");
    }

    provider.reset().await;
    get(&provider, "/v1/models", replay(LIST), None).await;
    let recovered = server.wait_for("/readyz", 30, ready).json();
    assert_eq!(recovered["providers"][0]["ready"], true);
    assert_eq!(recovered["providers"][0]["error_type"], Value::Null);

    let (code, log) = server.stop();
    assert_eq!(code, 0);
    assert!(!log.contains(CANARY), "{log}");
    assert!(
        log.contains("sync failed") && log.contains("openai"),
        "{log}"
    );
}

#[test]
fn the_schedule_syncs_as_providers_fall_due_and_takes_turns_with_a_cron_run() {
    let mut env = mock_env();
    env.set("AISYNC_TEST_CLOCK_RATE", "3600")
        .set("AI_SYNC_INTERVAL_HOURS", "1");
    let server = Server::start(&env, &[], "127.0.0.1:0", &[]);
    server.wait_for("/readyz", 20, ready);
    let runs = || sync_runs(&env);
    // An hour a second: a run about every second, each as the mock falls due.
    let deadline = Instant::now() + Duration::from_secs(20);
    while runs() < 3 {
        assert!(
            Instant::now() < deadline,
            "no scheduled syncs:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // A cron run that holds the lock for 3 s: the server's runs meanwhile find it held, then
    // go on when it is done.
    let cron = env.spawn_with(
        &[("AI_MOCK_LATENCY_MS", "3000")],
        &[
            "sync-models",
            "-p",
            "mock",
            "--force",
            "--wait",
            "30",
            "--format",
            "json",
        ],
    );
    let cron = crate::common::finish(cron);
    cron.expect_code(0);
    assert_eq!(
        cron.json()["providers"][0]["status"],
        "success",
        "{}",
        cron.stdout
    );
    let after_cron = runs();
    let deadline = Instant::now() + Duration::from_secs(20);
    while runs() < after_cron + 2 {
        assert!(
            Instant::now() < deadline,
            "the schedule stopped:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let (code, log) = server.stop();
    assert_eq!(code, 0);
    assert!(log.contains("result=\"locked\""), "{log}");
    // One line per run, each with its job, result and next run.
    let line = log
        .lines()
        .find(|l| l.contains("job=\"sync-models\"") && l.contains("result=\"success\""))
        .unwrap_or_else(|| panic!("{log}"));
    for field in ["done=1", "failed=0", "duration_ms=", "next_run="] {
        assert!(line.contains(field), "{line}");
    }
}

#[test]
fn a_provider_synced_within_the_interval_is_not_fetched() {
    let env = mock_env();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    // Eleven hours later, within the 12-hour interval: fresh, skipped as the rules decide.
    let server = Server::start(
        &env,
        &[("AISYNC_NOW", "2026-11-23T21:30:00Z")],
        "127.0.0.1:0",
        &[],
    );
    server.wait_for("/readyz", 20, |_| {
        server.log().contains("job=\"sync-models\"")
    });
    let (code, log) = server.stop();
    assert_eq!(code, 0);
    let line = log
        .lines()
        .find(|l| l.contains("job=\"sync-models\""))
        .unwrap();
    assert!(
        line.contains("done=0") && line.contains("skipped=1"),
        "{line}"
    );
    // Due again an hour later: the next run is set for when it falls due.
    assert!(line.contains("next_run=\"2026-11-23T22:3"), "{line}");
    assert_eq!(sync_runs(&env), 1);
}

#[test]
fn logs_are_json_lines_for_collectors() {
    let env = mock_env();
    let server = Server::start(&env, &[("AISYNC_LOG_FORMAT", "json")], "127.0.0.1:0", &[]);
    server.wait_for("/readyz", 20, ready);
    let (_, log) = server.stop();
    let runs: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .filter(|v| v["fields"]["job"] == "sync-models")
        .collect();
    assert_eq!(runs.len(), 1, "{log}");
    assert_eq!(runs[0]["fields"]["result"], "success");
    assert_eq!(runs[0]["level"], "INFO");
}

#[test]
fn without_sync_it_serves_what_the_database_holds_and_is_not_ready() {
    let env = mock_env();
    for (vars, args, stop) in [
        (vec![], vec!["--no-sync"], "TERM"),
        (vec![("AI_AUTO_SYNC_MODELS", "false")], vec![], "INT"),
    ] {
        let server = Server::start(&env, &vars, "127.0.0.1:0", &args);
        std::thread::sleep(Duration::from_millis(500));
        let readyz = server.get("/readyz");
        assert_eq!(readyz.status, 503, "{}", readyz.body);
        assert_eq!(readyz.json()["providers"][0]["reason"], "never_synced");
        assert_eq!(server.get("/v1/models").json(), serde_json::json!([]));
        // SIGINT (Ctrl-C) stops it as SIGTERM does.
        let (code, log) = server.stop_with(stop);
        assert_eq!(code, 0);
        assert!(log.contains(&format!("signal=\"SIG{stop}\"")), "{log}");
        assert!(!log.contains("scheduled run"), "{log}");
    }
    assert_eq!(sync_runs(&env), 0);
}

#[test]
fn sigterm_during_a_sync_exits_0_with_the_database_whole_and_the_lock_free() {
    let env = mock_env();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let before: Vec<String> = column(&env.db(), "SELECT id FROM models ORDER BY id");
    // The scheduled run is fetching (the mock takes 30 s) when the signal comes.
    let server = Server::start(
        &env,
        &[
            ("AI_MOCK_LATENCY_MS", "30000"),
            ("AISYNC_TEST_CLOCK_RATE", "3600"),
            ("AI_SYNC_INTERVAL_HOURS", "1"),
        ],
        "127.0.0.1:0",
        &[],
    );
    std::thread::sleep(Duration::from_millis(1500));
    let started = Instant::now();
    let (code, log) = server.stop();
    assert_eq!(code, 0, "{log}");
    assert!(started.elapsed() < Duration::from_secs(10), "{log}");
    assert!(log.contains("SIGTERM"), "{log}");
    let db = env.db();
    if !env.on_postgres() {
        let check: Vec<String> = column(&db, "PRAGMA integrity_check");
        assert_eq!(check, ["ok"]);
    }
    let after: Vec<String> = column(&db, "SELECT id FROM models ORDER BY id");
    assert_eq!(after, before);
    // The lock is free: a run now syncs, not `locked`.
    let run = env.run(&["sync-models", "-p", "mock", "--force", "--format", "json"]);
    run.expect_code(0);
    assert_eq!(
        run.json()["providers"][0]["status"],
        "success",
        "{}",
        run.stdout
    );
}

#[test]
fn off_loopback_every_endpoint_but_healthz_asks_for_the_token() {
    let env = mock_env();
    let refused = env.run(&["serve", "--listen", "0.0.0.0:0"]);
    refused.expect_code(78);
    assert!(
        refused.stderr.contains("AISYNC_SERVE_TOKEN"),
        "{}",
        refused.stderr
    );
    let short = env.run_with(
        &[("AISYNC_SERVE_TOKEN", "short")],
        &["serve", "--listen", "0.0.0.0:0"],
    );
    short.expect_code(78);
    assert!(
        short.stderr.contains("at least 16 characters"),
        "{}",
        short.stderr
    );
    assert!(!short.stderr.contains("short\""), "{}", short.stderr);

    let token = "t0ken-4c1d-99f0-secret-e7b2";
    let server = Server::start(
        &env,
        &[("AISYNC_SERVE_TOKEN", token)],
        "0.0.0.0:0",
        &["--no-sync"],
    );
    assert_eq!(server.get("/healthz").status, 200);
    for path in [
        "/readyz",
        "/metrics",
        "/v1/models",
        "/v1/models/mock/mock-chat-large",
        "/v1/changes",
        "/v1/cost?input=1",
        "/openapi.json",
        "/nowhere",
    ] {
        let bare = server.get(path);
        assert_eq!(bare.status, 401, "{path}");
        assert_eq!(bare.header("www-authenticate"), Some("Bearer"), "{path}");
        assert_eq!(bare.json()["error"]["type"], "unauthorized");
        let wrong = server.get_with(path, "Authorization: Bearer t0ken-4c1d-99f0-secret-e7b3");
        assert_eq!(wrong.status, 401, "{path}");
    }
    let right = server.get_with("/v1/models", &format!("Authorization: Bearer {token}"));
    assert_eq!(right.status, 200, "{}", right.body);
    // The scheme's name in any case, as HTTP has it.
    let metrics = server.get_with("/metrics", &format!("Authorization: bearer {token}"));
    assert_eq!(metrics.status, 200);
    // Nothing the server answers or logs holds the token or a key.
    let config = server.get_with("/openapi.json", &format!("Authorization: Bearer {token}"));
    let (code, log) = server.stop();
    assert_eq!(code, 0);
    for text in [&right.body, &metrics.body, &config.body, &log] {
        assert!(!text.contains(token), "{text}");
    }
}

#[test]
fn a_slow_client_cannot_hold_the_server() {
    let env = mock_env();
    let config = env.write(
        "config.toml",
        "[providers.mock]\nenabled = true\n\n[serve]\nmax_connections = 2\nclient_timeout_seconds = 1\n",
    );
    let server = Server::start(
        &env,
        &[("AISYNC_CONFIG", config.to_str().unwrap())],
        "127.0.0.1:0",
        &["--no-sync"],
    );
    // Two clients take every slot and send half a request each.
    let mut idle: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut s = TcpStream::connect(server.addr).unwrap();
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: loc").unwrap();
            s
        })
        .collect();
    let started = Instant::now();
    let reply = server.get("/healthz");
    assert_eq!(reply.status, 200);
    // Answered once the server cut off a slow one: after its timeout, not never.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    for s in &mut idle {
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut rest = Vec::new();
        // Closed by the server (an answer of 408 or nothing at all), not left open.
        let _ = s.read_to_end(&mut rest);
        assert!(!String::from_utf8_lossy(&rest).contains("200 OK"));
    }
}

#[test]
fn reads_stay_fast_while_a_big_sync_writes() {
    let env = mock_env();
    let models: Vec<Value> = (0..50_000)
        .map(|i| serde_json::json!({"id": format!("bulk-model-{i:05}"), "name": format!("Bulk {i}"), "type": "chat", "context_length": 8192 + i}))
        .collect();
    let list = env.write("big.json", &serde_json::to_string(&models).unwrap());
    let small = env.write(
        "small.json",
        include_str!("../../src/drivers/mock_models.json"),
    );
    env.run_with(
        &[("AI_MOCK_MODELS_FILE", small.to_str().unwrap())],
        &["sync-models", "-p", "mock"],
    )
    .expect_code(0);
    // A day later: the mock is due, and its new list replaces every model.
    let server = Server::start(
        &env,
        &[
            ("AI_MOCK_MODELS_FILE", list.to_str().unwrap()),
            ("AISYNC_MAX_REMOVED_SHARE", "1"),
            ("AISYNC_NOW", "2026-11-24T10:30:00Z"),
        ],
        "127.0.0.1:0",
        &[],
    );
    // While the scheduled run writes 50,000 models, each read is answered at once.
    let mut slowest = Duration::ZERO;
    let mut reads = 0;
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let started = Instant::now();
        let reply = server.get("/v1/models/mock/mock-chat-large");
        assert_eq!(reply.status, 200, "{}", reply.body);
        slowest = slowest.max(started.elapsed());
        reads += 1;
        if server.log().contains("job=\"sync-models\"") {
            break;
        }
        assert!(Instant::now() < deadline, "{}", server.log());
        std::thread::sleep(Duration::from_millis(20));
    }
    let count: Vec<i64> = column(
        &env.db(),
        "SELECT count(*) FROM models WHERE removed_at IS NULL",
    );
    assert_eq!(count, [50_000]);
    // Reads were made while it wrote (not all after), and none waited for the write.
    assert!(reads >= 10, "only {reads} reads during the sync");
    assert!(
        slowest < Duration::from_secs(2),
        "a read took {slowest:?} during the sync"
    );
}

#[test]
fn cleanup_runs_on_its_schedule_only_when_turned_on() {
    let env = mock_env();
    let mut models: Vec<Value> =
        serde_json::from_str(include_str!("../../src/drivers/mock_models.json")).unwrap();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let gone = models.pop().unwrap()["id"].as_str().unwrap().to_owned();
    let list = env.write("list.json", &serde_json::to_string(&models).unwrap());
    let file = ("AI_MOCK_MODELS_FILE", list.to_str().unwrap());
    env.run_with(
        &[file, ("AISYNC_NOW", "2026-11-23T11:30:00Z")],
        &["sync-models", "-p", "mock"],
    )
    .expect_code(0);
    let stored = || -> Vec<String> { column(&env.db(), "SELECT id FROM models") };
    assert!(stored().contains(&gone));

    // Three days on, an hour a second: by default no cleanup; with it turned on, the removed
    // model unseen for more than a day is deleted within the first scheduled hour.
    let vars = [
        file,
        ("AISYNC_NOW", "2026-11-26T10:30:00Z"),
        ("AISYNC_TEST_CLOCK_RATE", "3600"),
    ];
    let server = Server::start(&env, &vars, "127.0.0.1:0", &[]);
    std::thread::sleep(Duration::from_secs(3));
    let (_, log) = server.stop();
    assert!(!log.contains("job=\"cleanup\""), "{log}");
    assert!(stored().contains(&gone));

    let config = env.write(
        "config.toml",
        "[providers.mock]\nenabled = true\n\n[serve]\ncleanup = true\ncleanup_interval_hours = 1\ncleanup_older_than_days = 1\n",
    );
    let mut with = vars.to_vec();
    with.push(("AISYNC_CONFIG", config.to_str().unwrap()));
    let server = Server::start(&env, &with, "127.0.0.1:0", &[]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while stored().contains(&gone) {
        assert!(Instant::now() < deadline, "no cleanup:\n{}", server.log());
        std::thread::sleep(Duration::from_millis(100));
    }
    let (code, log) = server.stop();
    assert_eq!(code, 0);
    let line = log.lines().find(|l| l.contains("job=\"cleanup\"")).unwrap();
    assert!(
        line.contains("done=1") && line.contains("result=\"success\""),
        "{line}"
    );
    assert_eq!(stored().len(), models.len());
}

#[test]
fn an_address_in_use_or_a_format_it_does_not_take_is_said_in_one_line() {
    let env = mock_env();
    let first = Server::start(&env, &[], "127.0.0.1:0", &["--no-sync"]);
    let taken = first.addr.to_string();
    let second = env.run(&["serve", "--listen", &taken, "--no-sync"]);
    second.expect_code(1).no_panic();
    assert_eq!(second.stderr.lines().count(), 1, "{}", second.stderr);
    assert!(
        second
            .stderr
            .starts_with(&format!("error: cannot listen on {taken}: ")),
        "{}",
        second.stderr
    );
    let csv = env.run(&["--format", "csv", "serve"]);
    csv.expect_code(64);
    assert!(
        csv.stderr.contains("does not apply to `serve`"),
        "{}",
        csv.stderr
    );
    let bad = env.run(&["serve", "--listen", "localhost"]);
    bad.expect_code(64);
    let (code, _) = first.stop();
    assert_eq!(code, 0);
}

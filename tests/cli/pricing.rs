//! `sync-pricing` and catalog enrichment end to end: the real binary, fake provider and catalog
//! servers on 127.0.0.1 replaying the captures, and a real SQLite file.

use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::common::{TestEnv, column};
use crate::fake::{CANARY, get, replay};

fn catalog_fixture(name: &str) -> Vec<u8> {
    let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/catalogs")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A home whose OpenAI points at a fake serving the 2026 capture, synced once.
pub(crate) async fn synced_openai() -> (MockServer, TestEnv) {
    let server = MockServer::start().await;
    let mut env = TestEnv::new();
    env.set("OPENAI_API_KEY", CANARY)
        .set("OPENAI_BASE_URL", &format!("{}/v1", server.uri()))
        .set("AISYNC_TEST_SKIP_RETRY_SLEEP", "true");
    get(
        &server,
        "/v1/models",
        replay("openai/models_list_2026-08.json"),
        None,
    )
    .await;
    env.run(&["sync-models", "-p", "openai"]).expect_code(0);
    (server, env)
}

fn pricing_json(env: &TestEnv, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["sync-pricing", "--format", "json"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    run.no_panic();
    (run.code, run.json())
}

fn model<'a>(doc: &'a Value, provider: &str, id: &str) -> &'a Value {
    doc["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["provider"] == provider)
        .unwrap_or_else(|| panic!("no {provider}: {doc}"))["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn history_rows(env: &TestEnv) -> i64 {
    column::<i64>(&env.db(), "SELECT count(*) FROM price_history")[0]
}

/// A tiny LiteLLM price map pricing gpt-4o.
pub(crate) fn litellm_map(input: &str, context: u64) -> String {
    format!(
        r#"{{"sample_spec": {{"litellm_provider": "x"}},
            "gpt-4o": {{"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": {input},
                        "output_cost_per_token": 1e-05, "max_input_tokens": {context}, "max_output_tokens": 16384}}}}"#
    )
}

/// LiteLLM's price map as a catalog server sends it.
pub(crate) fn full_litellm() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_bytes(catalog_fixture(
        "litellm/model_prices_and_context_window.json",
    ))
}

/// Serves `/litellm.json` with each response once, in turn, and the last one from then on.
pub(crate) async fn serve_catalog(server: &MockServer, responses: Vec<ResponseTemplate>) {
    let last = responses.len().saturating_sub(1);
    for (i, response) in responses.into_iter().enumerate() {
        let mut mock = Mock::given(method("GET"))
            .and(path("/litellm.json"))
            .respond_with(response);
        if i < last {
            mock = mock.up_to_n_times(1);
        }
        mock.mount(server).await;
    }
}

/// Names the fake's `/litellm.json` as the config file's one remote catalog.
pub(crate) fn configure_catalog(env: &mut TestEnv, server: &MockServer) -> std::path::PathBuf {
    let cfg = env.write(
        "c.toml",
        &format!(
            "[[catalogs]]\nurl = \"{}/litellm.json\"\nformat = \"litellm\"\n",
            server.uri()
        ),
    );
    env.set("AISYNC_CONFIG", cfg.to_str().unwrap());
    cfg
}

#[tokio::test]
async fn sync_models_fills_gaps_from_the_bundled_catalog() {
    let (_server, env) = synced_openai().await;
    let db = env.db();
    let row: Vec<String> = column(
        &db,
        "SELECT context_length || ' ' || max_output || ' ' || field_sources FROM models WHERE id = 'gpt-4o'",
    );
    let (numbers, sources) = row[0].split_at(row[0].find('{').unwrap());
    assert_eq!(numbers.trim(), "128000 16384");
    let sources: Value = serde_json::from_str(sources).unwrap();
    assert_eq!(sources["context_length"], "catalog:bundled");
    assert_eq!(
        sources["owner"], "provider",
        "provider fields keep their source"
    );
    let unknown: Vec<Option<i64>> = column(
        &db,
        "SELECT context_length FROM models WHERE id = 'babbage-002'",
    );
    assert_eq!(unknown, [None], "no catalog knows it: nothing is guessed");
}

#[tokio::test]
async fn the_bundled_snapshot_prices_what_it_knows_and_nothing_is_zero() {
    let (_server, env) = synced_openai().await;
    let (code, doc) = pricing_json(&env, &[]);
    assert_eq!(code, 0, "{doc}");
    let gpt4o = model(&doc, "openai", "gpt-4o");
    assert_eq!(gpt4o["status"], "newly_priced");
    assert_eq!(
        gpt4o["pricing"],
        json!({"currency": "USD", "unit": "1M tokens", "input": 2.5, "output": 10, "cached_input": 1.25,
               "cache_write": null, "cache_write_1h": null, "other": [], "tiers": [], "source": "bundled", "component_sources": {},
               "observed_at": "2026-11-23T10:30:00Z"})
    );
    assert_eq!(
        gpt4o["matches"],
        json!([{"catalog": "bundled", "entry": "gpt-4o", "how": "exact"}])
    );
    let dated = model(&doc, "openai", "gpt-4.1-2025-04-14");
    assert_eq!(dated["matches"][0]["how"], "dated_snapshot");
    let recorded: Vec<String> = column(
        &env.db(),
        "SELECT catalog || ' ' || entry_id || ' ' || how FROM catalog_matches WHERE model_id = 'gpt-4.1-2025-04-14'",
    );
    assert_eq!(
        recorded,
        ["bundled gpt-4.1 dated_snapshot"],
        "each match records how it matched"
    );
    let babbage = model(&doc, "openai", "babbage-002");
    assert_eq!(
        (babbage["status"].as_str(), &babbage["pricing"]),
        (Some("unpriced"), &Value::Null)
    );
    assert_eq!(doc["bundled"]["date"], "2026-07-02");

    let human = env.run(&["sync-pricing", "-v"]);
    human.expect_code(0);
    assert!(
        human.stdout.contains("babbage-002: unpriced"),
        "{}",
        human.stdout
    );
    assert!(
        !human.stdout.contains("babbage-002: Input $0"),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("· bundled — models.dev snapshot of 2026-07-02"),
        "{}",
        human.stdout
    );
}

#[tokio::test]
async fn history_rows_appear_only_on_change() {
    let (_server, env) = synced_openai().await;
    pricing_json(&env, &[]);
    let first = history_rows(&env);
    assert!(first > 100, "{first}");
    let (code, doc) = pricing_json(&env, &[]);
    assert_eq!(code, 0);
    assert_eq!(doc["summary"]["updated"], 0);
    assert_eq!(doc["summary"]["newly_priced"], 0);
    assert_eq!(
        history_rows(&env),
        first,
        "re-syncing identical prices writes nothing"
    );

    let file = env.write("map.json", &litellm_map("2.5e-06", 128_000));
    let (_, doc) = pricing_json(&env, &["--catalog", file.to_str().unwrap()]);
    let gpt4o = model(&doc, "openai", "gpt-4o");
    assert_eq!(
        gpt4o["pricing"]["source"], "litellm",
        "a remote catalog beats the snapshot"
    );
    assert_eq!(
        gpt4o["pricing"]["input"], 2.5,
        "2.5e-06 per token is exactly 2.5 per 1M"
    );
    assert_eq!(gpt4o["status"], "updated");
    let by_litellm = doc["providers"][0]["models"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| {
            m["matches"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["catalog"] == "litellm")
        })
        .count();
    assert!(by_litellm >= 1);
    let expected = first + 2 * i64::try_from(by_litellm).unwrap();
    assert_eq!(
        history_rows(&env),
        expected,
        "one history row per new component (input, output) of each model the catalog prices"
    );
    let (_, doc) = pricing_json(&env, &["--catalog", file.to_str().unwrap()]);
    assert_eq!(doc["summary"]["updated"], 0);
    assert_eq!(history_rows(&env), expected, "and nothing the second time");
}

#[tokio::test]
async fn implausible_changes_are_held_until_accepted() {
    let (_server, mut env) = synced_openai().await;
    let file = env.write("map.json", &litellm_map("2.5e-06", 128_000));
    let catalog = file.to_str().unwrap().to_owned();
    pricing_json(&env, &["--catalog", &catalog]);
    std::fs::write(&file, litellm_map("0", 32_000)).unwrap();
    let (code, doc) = pricing_json(&env, &["--catalog", &catalog]);
    assert_eq!(
        code, 2,
        "a held change is a partial success, as in sync-models"
    );
    let gpt4o = model(&doc, "openai", "gpt-4o");
    let held: Vec<(&str, &str)> = gpt4o["held"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["field"].as_str().unwrap(), h["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        held,
        [
            ("input", "non-zero to zero"),
            ("context_length", "context window shrinks by more than half")
        ]
    );
    assert_eq!(gpt4o["pricing"]["input"], 2.5, "held: the old price stands");
    let ctx: Vec<i64> = column(
        &env.db(),
        "SELECT context_length FROM models WHERE id = 'gpt-4o'",
    );
    assert_eq!(ctx, [128_000]);
    let human = env.run(&["sync-pricing", "--catalog", &catalog]);
    assert!(
        human.stdout.contains("gpt-4o: input 2.5 → 0 held (non-zero to zero, from litellm); --accept-changes applies it"),
        "{}",
        human.stdout
    );

    // A --catalog takes part in its own run only: a sync-models in between does not read it.
    let sync = env.run(&["sync-models", "-p", "openai", "--force"]);
    sync.expect_code(0);
    assert!(!sync.stderr.contains("halves"), "{}", sync.stderr);
    // Named in the config file, its cached copy fills fields, and the shrink is held there too.
    let cfg = env.write(
        "c.toml",
        &format!("[[catalogs]]\nurl = {catalog:?}\nformat = \"litellm\"\n"),
    );
    env.set("AISYNC_CONFIG", cfg.to_str().unwrap());
    let sync = env.run(&["sync-models", "-p", "openai", "--force"]);
    sync.expect_code(0);
    assert!(
        sync.stderr.contains("halves this model's context window"),
        "{}",
        sync.stderr
    );
    let ctx: Vec<i64> = column(
        &env.db(),
        "SELECT context_length FROM models WHERE id = 'gpt-4o'",
    );
    assert_eq!(ctx, [128_000]);

    // Held run after run, each held change is one change.held entry.
    let log = |kind: &str| -> Vec<Value> {
        env.run(&[
            "changes", "--kind", kind, "--model", "gpt-4o", "--format", "json",
        ])
        .json()
        .as_array()
        .unwrap()
        .clone()
    };
    let held = log("change.held");
    let fields: Vec<&str> = held
        .iter()
        .map(|e| e["details"]["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["input", "context_length"], "{held:?}");
    assert_eq!(held[0]["details"]["reason"], "non-zero to zero");
    let (_, doc) = pricing_json(&env, &["--accept-changes"]);
    let accepted = log("change.accepted");
    assert_eq!(accepted.len(), 2, "{accepted:?}");
    assert_eq!(log("change.held").len(), 2);
    let gpt4o = model(&doc, "openai", "gpt-4o");
    assert_eq!(gpt4o["held"], json!([]));
    assert_eq!(gpt4o["pricing"]["input"], 0);
    let ctx: Vec<i64> = column(
        &env.db(),
        "SELECT context_length FROM models WHERE id = 'gpt-4o'",
    );
    assert_eq!(ctx, [32_000]);
}

#[tokio::test]
async fn overrides_beat_every_source_and_say_so() {
    let (_server, mut env) = synced_openai().await;
    let cfg = env.write(
        "c.toml",
        "[[overrides]]\nprovider = \"openai\"\nmodel = \"gpt-4o\"\ninput = \"3\"\noutput = \"12.5\"\n",
    );
    env.set("AISYNC_CONFIG", cfg.to_str().unwrap());
    let (_, doc) = pricing_json(&env, &[]);
    let p = &model(&doc, "openai", "gpt-4o")["pricing"];
    assert_eq!(
        (p["source"].as_str(), &p["input"], &p["output"]),
        (Some("override"), &json!(3), &json!(12.5))
    );
    let human = env.run(&["sync-pricing", "--force"]);
    human.expect_code(0);

    // An override of one component leaves the others to the sources below it.
    let input_only = env.write(
        "input.toml",
        "[[overrides]]\nprovider = \"openai\"\nmodel = \"gpt-4o\"\ninput = \"3\"\n",
    );
    let (_, doc) = pricing_json(&env, &["--config", input_only.to_str().unwrap()]);
    let p = &model(&doc, "openai", "gpt-4o")["pricing"];
    assert_eq!(
        (
            p["source"].as_str(),
            &p["input"],
            &p["output"],
            &p["cached_input"]
        ),
        (Some("override"), &json!(3), &json!(10), &json!(1.25)),
        "{p}"
    );
    assert_eq!(
        p["component_sources"],
        json!({"cached_input": "bundled", "output": "bundled"})
    );

    let bad = env.write(
        "bad.toml",
        "[[overrides]]\nprovider = \"openai\"\nmodel = \"gpt-4o\"\ninput = 2.5\n",
    );
    let run = env.run(&["--config", bad.to_str().unwrap(), "sync-pricing"]);
    run.expect_code(78);
    assert!(
        run.stderr.contains("bad.toml:4:9: write prices as strings"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn provider_prices_beat_catalogs_and_stay_exact() {
    let server = MockServer::start().await;
    let mut env = TestEnv::new();
    env.set("OPENROUTER_BASE_URL", &format!("{}/api/v1", server.uri()));
    get(
        &server,
        "/api/v1/models",
        replay("openrouter/models_list_2026-08_subset.json"),
        None,
    )
    .await;
    env.run(&["sync-models", "-p", "openrouter"]).expect_code(0);
    let (_, doc) = pricing_json(&env, &[]);
    let p = &model(&doc, "openrouter", "anthropic/claude-opus-5")["pricing"];
    assert_eq!(p["source"], "openrouter", "the provider's own price");
    assert_eq!(
        (&p["input"], &p["output"], &p["cache_write"]),
        (&json!(5), &json!(25), &json!(6.25))
    );
    let flash = &model(&doc, "openrouter", "google/gemini-3.7-flash")["pricing"];
    assert_eq!(flash["input"].to_string(), "0.375");
    assert_eq!(
        flash["cache_write"].to_string(),
        "0.0208333333333333",
        "digit for digit"
    );
}

#[tokio::test]
async fn a_remote_catalog_is_cached_with_its_etag() {
    let (server, mut env) = synced_openai().await;
    let body = catalog_fixture("litellm/model_prices_and_context_window.json");
    Mock::given(method("GET"))
        .and(path("/litellm.json"))
        .and(header("if-none-match", "\"v1\""))
        .respond_with(ResponseTemplate::new(304))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/litellm.json"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_bytes(body)
                .insert_header("etag", "\"v1\""),
        )
        .mount(&server)
        .await;
    configure_catalog(&mut env, &server);
    let (code, doc) = pricing_json(&env, &[]);
    assert_eq!(code, 2, "{doc}");
    assert_eq!(
        doc["summary"]["held"], 1,
        "LiteLLM halves gpt-5-chat-latest's context window"
    );
    assert_eq!(doc["catalogs"][0]["status"], "fetched");
    assert_eq!(doc["catalogs"][0]["entries"], 2982);
    assert_eq!(
        model(&doc, "openai", "gpt-4o")["pricing"]["source"],
        "litellm"
    );

    // Within the pricing interval: not fetched at all.
    let (_, doc) = pricing_json(&env, &[]);
    assert_eq!(doc["catalogs"][0]["status"], "fresh");
    // Past it: a conditional request, answered 304, and no second download.
    env.set("AISYNC_NOW", "2026-12-01T10:30:00Z");
    let (code, doc) = pricing_json(&env, &[]);
    assert_eq!(
        code, 2,
        "LiteLLM halves gpt-5-chat-latest's context window: held, a partial success"
    );
    assert_eq!(doc["catalogs"][0]["status"], "not_modified");
    assert_eq!(
        model(&doc, "openai", "gpt-4o")["pricing"]["source"],
        "litellm"
    );
    let requests: Vec<Request> = server.received_requests().await.unwrap();
    let catalog_requests: Vec<&Request> = requests
        .iter()
        .filter(|r| r.url.path() == "/litellm.json")
        .collect();
    assert_eq!(catalog_requests.len(), 2);
    assert!(catalog_requests[1].headers.get("if-none-match").is_some());
}

#[tokio::test]
async fn an_unreachable_catalog_falls_back_to_its_cache_then_the_snapshot() {
    let (server, mut env) = synced_openai().await;
    serve_catalog(&server, vec![full_litellm(), ResponseTemplate::new(503)]).await;
    let cfg = configure_catalog(&mut env, &server);
    assert_eq!(
        pricing_json(&env, &[]).0,
        2,
        "LiteLLM halves gpt-5-chat-latest's context window: held, a partial success"
    );
    let (code, doc) = pricing_json(&env, &["--force"]);
    assert_eq!(code, 2, "a failed source is a partial success: {doc}");
    assert_eq!(doc["catalogs"][0]["status"], "fallback_cached");
    assert!(
        doc["catalogs"][0]["message"]
            .as_str()
            .unwrap()
            .contains("HTTP 503"),
        "{doc}"
    );
    assert_eq!(
        model(&doc, "openai", "gpt-4o")["pricing"]["source"],
        "litellm"
    );
    let quiet = env.run(&["-q", "sync-pricing", "--force"]);
    assert_eq!(quiet.stdout, "");
    assert!(
        quiet.stderr.starts_with("error: catalog litellm: ")
            && quiet.stderr.contains("(fallback_cached)"),
        "cron sees the failure: {}",
        quiet.stderr
    );
    let human = env.run(&["sync-pricing", "--force"]);
    assert!(
        human.stdout.contains("using the cached copy fetched"),
        "{}",
        human.stdout
    );

    // Never cached: the snapshot stands in.
    let (_server2, mut fresh) = synced_openai().await;
    fresh.set("AISYNC_CONFIG", cfg.to_str().unwrap());
    let (code, doc) = pricing_json(&fresh, &[]);
    assert_eq!(code, 2);
    assert_eq!(doc["catalogs"][0]["status"], "fallback_bundled");
    assert_eq!(
        model(&doc, "openai", "gpt-4o")["pricing"]["source"],
        "bundled"
    );
}

#[tokio::test]
async fn a_shrunken_or_empty_catalog_is_refused_and_the_cache_kept() {
    let (server, mut env) = synced_openai().await;
    let small = ResponseTemplate::new(200).set_body_string(litellm_map("2.5e-06", 128_000));
    let empty = ResponseTemplate::new(200).set_body_string("{}");
    serve_catalog(&server, vec![full_litellm(), small, empty]).await;
    configure_catalog(&mut env, &server);
    assert_eq!(
        pricing_json(&env, &[]).0,
        2,
        "LiteLLM halves gpt-5-chat-latest's context window: held, a partial success"
    );
    let (code, doc) = pricing_json(&env, &["--force"]);
    assert_eq!(code, 2, "{doc}");
    let c = &doc["catalogs"][0];
    assert_eq!(c["status"], "refused");
    assert_eq!(c["entries"], 2982, "the cached copy stays");
    assert!(
        c["message"]
            .as_str()
            .unwrap()
            .contains("more than 30% fewer than the last good fetch (2982)"),
        "{c}"
    );
    let (code, doc) = pricing_json(&env, &["--force"]);
    assert_eq!(code, 2);
    assert!(
        doc["catalogs"][0]["message"]
            .as_str()
            .unwrap()
            .contains("arrived empty"),
        "{doc}"
    );
    let cached: Vec<i64> = column(&env.db(), "SELECT entries FROM catalogs");
    assert_eq!(cached, [2982]);
}

#[tokio::test]
async fn dry_run_writes_nothing_and_exit_code_reports_changes() {
    let (_server, env) = synced_openai().await;
    let run = env.run(&["sync-pricing", "--dry-run", "--exit-code"]);
    run.expect_code(3);
    assert!(
        run.stdout.starts_with("DRY RUN - No changes will be made"),
        "{}",
        run.stdout
    );
    assert_eq!(history_rows(&env), 0);
    let verbose = env.run(&["sync-pricing", "--dry-run", "-v"]);
    assert!(
        verbose.stdout.contains(
            "+ gpt-4o: Input $0.0025 per 1K tokens · Output $0.01 per 1K tokens · Cached input $0.00125 per 1K tokens (bundled)"
        ),
        "{}",
        verbose.stdout
    );
    env.run(&["sync-pricing"]).expect_code(0);
    env.run(&["sync-pricing", "--dry-run", "--exit-code"])
        .expect_code(0);
}

#[tokio::test]
async fn without_synced_models_there_is_nothing_to_price() {
    let env = TestEnv::new();
    let run = env.run(&["sync-pricing"]);
    run.expect_code(1);
    assert!(
        run.stdout.contains("run `aisync sync-models` first"),
        "{}",
        run.stdout
    );
    let run = env.run(&["sync-pricing", "-p", "nobody"]);
    run.expect_code(64);
}

#[tokio::test]
async fn a_public_catalog_follows_a_redirect_to_another_origin() {
    let (server, mut env) = synced_openai().await;
    let mirror = MockServer::start().await;
    get(
        &server,
        "/catalog.json",
        ResponseTemplate::new(302)
            .insert_header("location", format!("{}/real.json", mirror.uri()).as_str()),
        None,
    )
    .await;
    get(&mirror, "/real.json", full_litellm(), None).await;
    let cfg = env.write(
        "c.toml",
        &format!(
            "[[catalogs]]\nname = \"litellm\"\nurl = \"{}/catalog.json\"\nformat = \"litellm\"\n",
            server.uri()
        ),
    );
    env.set("AISYNC_CONFIG", cfg.to_str().unwrap());
    let (_, doc) = pricing_json(&env, &[]);
    assert_eq!(doc["catalogs"][0]["status"], "fetched", "{doc}");
    assert_eq!(doc["catalogs"][0]["entries"], 2982);
}

#[tokio::test]
async fn a_refetched_catalog_reports_what_changed_since_its_last_fetch_and_nothing_when_the_same() {
    let (server, mut env) = synced_openai().await;
    configure_catalog(&mut env, &server);
    let map = |input| ResponseTemplate::new(200).set_body_string(litellm_map(input, 128_000));
    serve_catalog(&server, vec![map("2.5e-06"), map("2.5e-06"), map("3e-06")]).await;
    let changes = |doc: &Value| doc["catalogs"][0]["changes"].as_array().unwrap().clone();

    let (_, doc) = pricing_json(&env, &["--force"]);
    assert_eq!(doc["catalogs"][0]["status"], "fetched", "{doc}");
    assert!(
        changes(&doc).is_empty(),
        "a first fetch has nothing to compare with"
    );
    let (_, doc) = pricing_json(&env, &["--force"]);
    assert!(changes(&doc).is_empty(), "the same body again: {doc}");
    let (_, doc) = pricing_json(&env, &["--force"]);
    let moved = changes(&doc);
    assert_eq!(moved.len(), 1, "{doc}");
    assert_eq!(moved[0]["id"], "gpt-4o");
}

#[tokio::test]
async fn a_catalog_given_with_the_flag_takes_part_in_that_run_only() {
    let (_server, env) = synced_openai().await;
    let file = env.write("map.json", &litellm_map("3e-06", 128_000));
    let (_, doc) = pricing_json(&env, &["--catalog", file.to_str().unwrap()]);
    assert_eq!(
        model(&doc, "openai", "gpt-4o")["pricing"]["input"],
        json!(3)
    );
    // Until the next sync-pricing, the price it applied is the one in force.
    let info = env
        .run(&["models", "info", "gpt-4o", "--format", "json"])
        .json();
    assert_eq!(info["model"]["pricing"]["input"], json!(3));
    // The next run without it: the catalog takes no part, and the change says what was shown.
    let (code, doc) = pricing_json(&env, &[]);
    assert_eq!(code, 0, "{doc}");
    let gpt4o = model(&doc, "openai", "gpt-4o");
    assert_eq!(gpt4o["status"], "updated");
    assert_eq!(
        (
            &gpt4o["previous_pricing"]["input"],
            &gpt4o["previous_pricing"]["source"]
        ),
        (&json!(3), &json!("litellm"))
    );
    assert_eq!(
        (&gpt4o["pricing"]["input"], &gpt4o["pricing"]["source"]),
        (&json!(2.5), &json!("bundled"))
    );
    assert!(doc["catalogs"].as_array().unwrap().is_empty(), "{doc}");
    let info = env
        .run(&["models", "info", "gpt-4o", "--format", "json"])
        .json();
    assert_eq!(info["model"]["pricing"]["input"], json!(2.5));
    // Its cached copy is listed as not in use, until forgotten.
    let list = env.run(&["catalogs", "--format", "json"]).json();
    let names: Vec<(&str, bool)> = list["catalogs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["in_use"].as_bool().unwrap()))
        .collect();
    assert_eq!(names, [("bundled", true), ("litellm", false)]);
    env.run(&["catalogs", "forget", "litellm"]).expect_code(0);
    let list = env.run(&["catalogs", "--format", "json"]).json();
    assert_eq!(list["catalogs"].as_array().unwrap().len(), 1);
    env.run(&["catalogs", "forget", "litellm"]).expect_code(64);
    env.run(&["catalogs", "forget", "bundled"]).expect_code(64);
}

#[tokio::test]
async fn an_unreadable_cached_copy_is_reported_as_unreadable() {
    let (server, mut env) = synced_openai().await;
    serve_catalog(&server, vec![full_litellm(), ResponseTemplate::new(503)]).await;
    configure_catalog(&mut env, &server);
    pricing_json(&env, &["--accept-changes"]);
    let listed = env.run(&["catalogs", "--format", "json"]).json();
    assert_eq!(listed["catalogs"][0]["name"], "litellm");
    assert_eq!(listed["catalogs"][0]["entries"], 2982);
    assert!(listed["catalogs"][0]["fresh_until"].is_string());
    if env.on_postgres() {
        crate::common::execute(&env.db(), "UPDATE catalogs SET body = '\\x7b7b7b'::bytea");
    } else {
        rusqlite::Connection::open(env.default_db())
            .unwrap()
            .execute("UPDATE catalogs SET body = x'7b7b7b'", [])
            .unwrap();
    }
    let (code, doc) = pricing_json(&env, &["--force"]);
    assert_eq!(code, 2, "{doc}");
    let c = &doc["catalogs"][0];
    assert_eq!(c["status"], "cache_unreadable", "{c}");
    let message = c["message"].as_str().unwrap();
    assert!(
        message.contains("the cached copy is unreadable"),
        "{message}"
    );
    let human = env.run(&["sync-pricing", "--force"]);
    assert!(
        human.stdout.contains("the bundled snapshot stands in"),
        "{}",
        human.stdout
    );
    assert!(
        !human.stdout.contains("using the cached copy"),
        "{}",
        human.stdout
    );
}

#[tokio::test]
async fn aliases_the_provider_lists_carry_one_price() {
    let server = MockServer::start().await;
    let mut env = TestEnv::new();
    env.set("MISTRAL_API_KEY", CANARY)
        .set("MISTRAL_BASE_URL", &format!("{}/v1", server.uri()))
        .set("AISYNC_TEST_SKIP_RETRY_SLEEP", "true");
    get(
        &server,
        "/v1/models",
        replay("mistral/models_list_2026-08.json"),
        None,
    )
    .await;
    env.run(&["sync-models", "-p", "mistral"]).expect_code(0);
    serve_catalog(&server, vec![full_litellm()]).await;
    configure_catalog(&mut env, &server);
    let (_, doc) = pricing_json(&env, &["--accept-changes"]);
    // LiteLLM prices mistral-medium 2.7 / 8.1, mistral-medium-3 0.4 / 2 and
    // mistral-medium-latest 1.5 / 7.5; Mistral's list says the three are one model.
    let mut prices = Vec::new();
    for id in [
        "mistral-medium",
        "mistral-medium-3",
        "mistral-medium-latest",
        "mistral-medium-2604",
    ] {
        let m = model(&doc, "mistral", id);
        prices.push((
            id,
            m["pricing"]["input"].clone(),
            m["pricing"]["output"].clone(),
        ));
        let litellm = m["matches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["catalog"] == "litellm")
            .unwrap_or_else(|| panic!("{id}: {m}"));
        assert_eq!(litellm["entry"], "mistral-medium-latest", "{id}");
        let how = if id == "mistral-medium-latest" {
            "exact"
        } else {
            "alias"
        };
        assert_eq!(litellm["how"], how, "{id}");
    }
    assert!(
        prices
            .iter()
            .all(|(_, i, o)| *i == json!(1.5) && *o == json!(7.5)),
        "{prices:?}"
    );
}

#[tokio::test]
async fn adding_a_catalog_is_not_a_change_of_the_providers_list_and_degrades_nothing() {
    let (server, mut env) = synced_openai().await;
    let before = env
        .run(&["models", "info", "gpt-3.5-turbo-0125", "--format", "json"])
        .json();
    assert!(
        before["model"]["capabilities"]
            .as_array()
            .unwrap()
            .contains(&json!("streaming")),
        "{before}"
    );
    serve_catalog(&server, vec![full_litellm()]).await;
    configure_catalog(&mut env, &server);
    pricing_json(&env, &["--accept-changes"]);
    // The same OpenAI list again, now with LiteLLM to fill from: the provider changed nothing.
    let run = env.run(&[
        "sync-models",
        "-p",
        "openai",
        "--dry-run",
        "--exit-code",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let doc = run.json();
    let p = &doc["providers"][0];
    assert_eq!(p["updated"], json!([]), "{p}");
    assert_eq!(p["added"], json!([]));
    assert!(
        !p["enriched"].as_array().unwrap().is_empty(),
        "catalog changes are reported apart: {p}"
    );
    let human = env.run(&["sync-models", "-p", "openai", "--dry-run", "-v"]);
    assert!(human.stdout.contains("Would update 0"), "{}", human.stdout);
    assert!(
        human.stdout.contains("filled in by catalogs"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("(from catalogs)"), "{}", human.stdout);
    env.run(&["sync-models", "-p", "openai", "--force"])
        .expect_code(0);
    let after = env
        .run(&["models", "info", "gpt-3.5-turbo-0125", "--format", "json"])
        .json();
    assert!(
        after["model"]["capabilities"]
            .as_array()
            .unwrap()
            .contains(&json!("streaming")),
        "a catalog that does not flag streaming does not take it away: {after}"
    );
}

#[tokio::test]
async fn an_openrouter_catalog_is_labelled_apart_from_openrouters_own_prices() {
    let (server, mut env) = synced_openai().await;
    Mock::given(method("GET"))
        .and(path("/or.json"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_bytes(catalog_fixture("openrouter/models.2026-08-01.json")),
        )
        .mount(&server)
        .await;
    let cfg = env.write(
        "c.toml",
        &format!(
            "[[catalogs]]\nurl = \"{}/or.json\"\nformat = \"openrouter\"\n",
            server.uri()
        ),
    );
    env.set("AISYNC_CONFIG", cfg.to_str().unwrap());
    let (_, doc) = pricing_json(&env, &["--accept-changes"]);
    assert_eq!(doc["catalogs"][0]["name"], "openrouter-catalog", "{doc}");
    let named = env.write(
        "named.toml",
        &format!(
            "[[catalogs]]\nname = \"openrouter\"\nurl = \"{}/or.json\"\nformat = \"openrouter\"\n",
            server.uri()
        ),
    );
    let run = env.run(&["--config", named.to_str().unwrap(), "sync-pricing"]);
    run.expect_code(78);
    assert!(run.stderr.contains("is a provider's id"), "{}", run.stderr);
}

#[tokio::test]
async fn a_catalog_whose_body_changed_is_logged_and_an_unchanged_one_is_not() {
    let (server, mut env) = synced_openai().await;
    let map = |input: &str| ResponseTemplate::new(200).set_body_string(litellm_map(input, 128_000));
    serve_catalog(&server, vec![map("2.5e-06"), map("2.5e-06"), map("3e-06")]).await;
    configure_catalog(&mut env, &server);
    let refreshed = |env: &TestEnv| -> Vec<Value> {
        env.run(&["changes", "--kind", "catalog.refreshed", "--format", "json"])
            .expect_code(0)
            .json()
            .as_array()
            .unwrap()
            .clone()
    };
    pricing_json(&env, &[]);
    assert_eq!(refreshed(&env).len(), 1, "its first copy");
    pricing_json(&env, &["--force"]);
    assert_eq!(refreshed(&env).len(), 1, "the same bytes again: nothing");
    pricing_json(&env, &["--force"]);
    let log = refreshed(&env);
    assert_eq!(log.len(), 2);
    assert_eq!(
        (&log[1]["details"]["catalog"], &log[1]["details"]["changes"]),
        (&json!("litellm"), &json!(1)),
        "{log:?}"
    );
    // The price it moved is logged too, with the one it replaces.
    let prices = env
        .run(&[
            "changes",
            "--kind",
            "price.changed",
            "--model",
            "gpt-4o",
            "--format",
            "json",
        ])
        .json();
    let last = prices.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last["details"],
        json!({"component": "input", "unit": "1M tokens", "old": 2.5, "new": 3, "source": "catalog:litellm"})
    );
}

//! `aisync cost` end to end: models synced from the fake OpenAI replaying its capture, priced
//! from LiteLLM's real price map served on 127.0.0.1, a real SQLite file; every expected
//! amount worked out by hand from the fixture's prices.

use serde_json::{Value, json};
use wiremock::{MockServer, ResponseTemplate};

use crate::common::TestEnv;
use crate::pricing::{configure_catalog, full_litellm, litellm_map, serve_catalog, synced_openai};

/// OpenAI synced, and priced from the whole LiteLLM map as the config's catalog.
async fn priced() -> (MockServer, TestEnv) {
    let (server, mut env) = synced_openai().await;
    serve_catalog(&server, vec![full_litellm()]).await;
    configure_catalog(&mut env, &server);
    // LiteLLM halves one model's context window: accepted, so the run is a plain success.
    env.run(&["sync-pricing", "--accept-changes"])
        .expect_code(0);
    (server, env)
}

fn cost(env: &TestEnv, args: &[&str]) -> Value {
    let mut all = vec!["cost", "--format", "json"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    run.expect_code(0);
    run.json()
}

#[tokio::test]
async fn a_request_costs_its_components_at_the_price_in_force_to_the_digit() {
    let (_server, env) = priced().await;
    // LiteLLM's gpt-4o: input 2.5, cache read 1.25, output 10 per 1M tokens.
    // 80,000 uncached × 2.5 = 0.2; 20,000 × 1.25 = 0.025; 2,000 × 10 = 0.02.
    let doc = cost(
        &env,
        &[
            "gpt-4o",
            "--input",
            "100000",
            "--cache-read",
            "20000",
            "--output",
            "2000",
        ],
    );
    assert_eq!(doc["provider"], "openai");
    assert_eq!(doc["tier"], "standard");
    assert_eq!(doc["synced"], true);
    let lines: Vec<(String, Value, Value)> = doc["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["component"].as_str().unwrap().to_owned(),
                l["quantity"].clone(),
                l["cost"].clone(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("input".to_owned(), json!(80000), json!(0.2)),
            ("cached_input".to_owned(), json!(20000), json!(0.025)),
            ("output".to_owned(), json!(2000), json!(0.02)),
        ]
    );
    assert_eq!(doc["lines"][0]["source"], "litellm");
    assert_eq!(doc["lines"][0]["price"], json!(2.5));
    assert_eq!(
        (&doc["input_cost"], &doc["output_cost"], &doc["total"]),
        (&json!(0.225), &json!(0.02), &json!(0.245))
    );
    assert_eq!(doc["unpriced"], json!([]));
}

#[tokio::test]
async fn batch_prices_apply_at_the_batch_tier_and_a_component_it_lacks_is_unpriced() {
    let (_server, env) = priced().await;
    // gpt-4o batch: input 1.25, output 5. 100,000 × 1.25 = 0.125; 2,000 × 5 = 0.01.
    let doc = cost(
        &env,
        &[
            "gpt-4o", "--input", "100000", "--output", "2000", "--tier", "batch",
        ],
    );
    assert_eq!(doc["tier"], "batch");
    assert_eq!(doc["total"], json!(0.135));
    // LiteLLM gives gpt-4o no batch price for cache reads: never priced at another tier.
    let doc = cost(
        &env,
        &[
            "gpt-4o",
            "--input",
            "100000",
            "--cache-read",
            "1000",
            "--output",
            "2000",
            "--tier",
            "batch",
        ],
    );
    assert_eq!(doc["unpriced"], json!(["cached_input@batch"]));
    assert_eq!(doc["total"], Value::Null);
    assert_eq!(doc["input_cost"], Value::Null);
    assert_eq!(doc["output_cost"], json!(0.01));
    let table = env.run(&[
        "cost",
        "gpt-4o",
        "--input",
        "10",
        "--cache-read",
        "5",
        "--tier",
        "batch",
    ]);
    table.expect_code(0);
    assert!(
        table.stdout.contains("unpriced: Cached input (batch)"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("Total        unknown"),
        "{}",
        table.stdout
    );
}

#[tokio::test]
async fn a_catalog_entry_no_sync_listed_is_priced_with_its_long_context_tier() {
    let (_server, env) = priced().await;
    // Anthropic is not synced. LiteLLM's claude-sonnet-4-5 above 200k input: input 6,
    // output 22.5. 250,000 × 6 = 1.5; 1,000 × 22.5 = 0.0225.
    let doc = cost(
        &env,
        &[
            "claude-sonnet-4-5",
            "anthropic",
            "--input",
            "250000",
            "--output",
            "1000",
        ],
    );
    assert_eq!(
        (&doc["synced"], &doc["catalog"]),
        (&json!(false), &json!("litellm"))
    );
    assert_eq!(doc["total"], json!(1.5225));
    assert_eq!(doc["lines"][0]["above_input_tokens"], json!(200_000));
    // Exactly at the threshold the base prices stand: 200,000 × 3 + 1,000 × 15.
    let at = cost(
        &env,
        &[
            "claude-sonnet-4-5",
            "anthropic",
            "--input",
            "200000",
            "--output",
            "1000",
        ],
    );
    assert_eq!(at["total"], json!(0.615));
    assert_eq!(at["lines"][0]["above_input_tokens"], Value::Null);
    // One-hour cache writes at their own price: 10,000 × 6 = 0.06, 90,000 × 3 = 0.27.
    let writes = cost(
        &env,
        &[
            "claude-sonnet-4-5",
            "anthropic",
            "--input",
            "100000",
            "--cache-write-1h",
            "10000",
        ],
    );
    assert_eq!(writes["total"], json!(0.33));
    let table = env.run(&[
        "cost",
        "claude-sonnet-4-5",
        "anthropic",
        "--input",
        "250000",
    ]);
    assert!(table.stdout.contains("not synced"), "{}", table.stdout);
}

#[tokio::test]
async fn at_a_time_the_price_then_in_force_is_used() {
    let (server, mut env) = synced_openai().await;
    let map = |input: &str| ResponseTemplate::new(200).set_body_string(litellm_map(input, 128_000));
    serve_catalog(&server, vec![map("2.5e-06"), map("5e-06")]).await;
    configure_catalog(&mut env, &server);
    env.set("AISYNC_NOW", "2026-11-24T00:00:00Z");
    env.run(&["sync-pricing"]).expect_code(0);
    env.set("AISYNC_NOW", "2026-11-28T00:00:00Z");
    env.run(&["sync-pricing", "--force"]).expect_code(0);
    let total =
        |at: &str| cost(&env, &["gpt-4o", "--input", "1000000", "--at", at])["total"].clone();
    assert_eq!(
        total("2026-11-25"),
        json!(2.5),
        "before the change: 1M × 2.5"
    );
    assert_eq!(
        total("2026-11-28T00:00:00Z"),
        json!(5),
        "from the change on: 1M × 5"
    );
    assert_eq!(
        cost(&env, &["gpt-4o", "--input", "1000000"])["total"],
        json!(5)
    );
    // Before the first sync-pricing nothing was in force: unknown, never $0.
    let before = cost(
        &env,
        &[
            "gpt-4o",
            "--input",
            "1000000",
            "--at",
            "2026-11-23T23:59:59Z",
        ],
    );
    assert_eq!(before["total"], Value::Null);
    assert_eq!(before["unpriced"], json!(["input"]));
}

#[tokio::test]
async fn with_no_model_every_model_is_ranked_cheapest_first() {
    let (_server, env) = priced().await;
    let doc = cost(
        &env,
        &[
            "--input", "1000000", "--output", "1000000", "-p", "openai", "--type", "chat",
        ],
    );
    let models = doc["models"].as_array().unwrap();
    assert!(models.len() > 10, "{doc}");
    let totals: Vec<f64> = models
        .iter()
        .map(|m| m["total"].as_f64().unwrap())
        .collect();
    assert!(totals.windows(2).all(|w| w[0] <= w[1]), "{totals:?}");
    for m in models {
        // Input and output at 1M each: the total is the two prices per 1M added.
        let sum = m["input_cost"].as_f64().unwrap() + m["output_cost"].as_f64().unwrap();
        assert!((sum - m["total"].as_f64().unwrap()).abs() < 1e-12, "{m}");
    }
    let gpt4o = models.iter().find(|m| m["model"] == "gpt-4o").unwrap();
    assert_eq!(gpt4o["total"], json!(12.5), "2.5 + 10");
    let unpriced = doc["unpriced"].as_array().unwrap();
    assert!(
        unpriced
            .iter()
            .all(|u| !models.iter().any(|m| m["model"] == u["model"])),
        "unpriced models are listed apart"
    );
    let limited = cost(&env, &["--input", "1000", "-p", "openai", "--limit", "3"]);
    assert_eq!(limited["models"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_request_that_says_nothing_or_contradicts_itself_is_a_usage_error() {
    let (_server, env) = priced().await;
    let run = env.run(&["cost", "gpt-4o"]);
    run.expect_code(64);
    assert!(
        run.stderr.contains("say what the request uses"),
        "{}",
        run.stderr
    );
    let run = env.run(&["cost", "gpt-4o", "--input", "10", "--cache-read", "20"]);
    run.expect_code(64);
    assert!(
        run.stderr.contains("exceed the total input"),
        "{}",
        run.stderr
    );
    env.run(&["cost", "gpt-4o", "--input", "10", "--tier", "premium"])
        .expect_code(64);
    env.run(&["cost", "gpt-4o", "--input", "10", "--at", "yesterday"])
        .expect_code(64);
    let run = env.run(&["cost", "no-such-model", "--input", "10"]);
    run.expect_code(1);
    env.run(&["cost", "gpt-4o", "nosuchprovider", "--input", "10"])
        .expect_code(64);
}

/// genai-prices' data.json as a catalog server sends it, named in the config file.
async fn genai_priced(now: &str) -> (MockServer, TestEnv) {
    let (server, mut env) = synced_openai().await;
    let body = std::fs::read(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures/catalogs/genai-prices/data.json"),
    )
    .unwrap();
    wiremock::Mock::given(wiremock::matchers::path("/data.json"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(body))
        .mount(&server)
        .await;
    let cfg = env.write(
        "c.toml",
        &format!(
            "[[catalogs]]\nurl = \"{}/data.json\"\nformat = \"genai-prices\"\n",
            server.uri()
        ),
    );
    env.set("AISYNC_CONFIG", cfg.to_str().unwrap());
    env.set("AISYNC_NOW", now);
    env.run(&["sync-pricing", "--accept-changes"])
        .expect_code(0);
    (server, env)
}

#[tokio::test]
async fn genai_prices_dated_prices_answer_a_cost_before_the_first_sync_pricing() {
    let (_server, env) = genai_priced("2026-11-24T00:00:00Z").await;
    // genai-prices' o3: 10 / 40 per 1M undated, 2 / 8 from 2025-06-10 on.
    let total = |at: &str| {
        cost(
            &env,
            &[
                "o3", "--input", "1000000", "--output", "1000000", "--at", at,
            ],
        )["total"]
            .clone()
    };
    assert_eq!(
        total("2025-06-09T23:59:59Z"),
        json!(50),
        "the undated price, before its first date"
    );
    assert_eq!(
        total("2025-06-10"),
        json!(10),
        "the dated one from its date on"
    );
    assert_eq!(
        cost(&env, &["o3", "--input", "1000000", "--output", "1000000"])["total"],
        json!(10)
    );
    // Its dated price became history at its date, matched by the catalog's own rule.
    let db = env.db();
    let rows: Vec<String> = crate::common::column(
        &db,
        "SELECT observed_at || ' ' || component || '=' || amount FROM price_history \
         WHERE model_id = 'o3' AND source = 'catalog:genai-prices' ORDER BY observed_at, component",
    );
    assert_eq!(
        rows,
        [
            "2025-06-10T00:00:00Z cached_input=0.5",
            "2025-06-10T00:00:00Z input=2",
            "2025-06-10T00:00:00Z output=8",
            "2026-11-24T00:00:00Z cached_input=0.5",
            "2026-11-24T00:00:00Z input=2",
            "2026-11-24T00:00:00Z output=8",
        ]
    );
    let doc = env
        .run(&["sync-pricing", "--format", "json", "--force"])
        .json();
    let o3 = doc["providers"][0]["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "o3-2025-04-16")
        .unwrap()
        .clone();
    assert_eq!(
        o3["matches"][0],
        json!({"catalog": "genai-prices", "entry": "o3", "how": "match_clause"})
    );
    let after: i64 = crate::common::column(
        &db,
        "SELECT count(*) FROM price_history WHERE model_id = 'o3'",
    )[0];
    assert_eq!(
        after,
        6 + 3,
        "re-pricing writes nothing new (6 genai rows, 3 bundled)"
    );
}

#[test]
fn the_offline_tour_prices_the_mock_and_shows_a_changed_price() {
    let env = TestEnv::new();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    // The mock's own prices: chat-large 2.5 / 10 per 1M. 12,000 × 2.5 + 800 × 10.
    let doc = cost(
        &env,
        &["mock-chat-large", "--input", "12000", "--output", "800"],
    );
    assert_eq!(
        (&doc["total"], &doc["lines"][0]["source"]),
        (&json!(0.038), &json!("mock"))
    );
    // Above its 64,000 threshold: 5 / 15. 100,000 × 5 + 800 × 15.
    let long = cost(
        &env,
        &["mock-chat-large", "--input", "100000", "--output", "800"],
    );
    assert_eq!(long["total"], json!(0.512));
    // One price changed by the knob: the sync reports the component, old → new.
    let run = env.run_with(
        &[
            ("AI_MOCK_PRICE", "mock-chat-large:input=3"),
            ("AISYNC_NOW", "2026-11-24T10:30:00Z"),
        ],
        &["sync-models", "-p", "mock", "--force", "--format", "json"],
    );
    let doc = run.expect_code(0).json();
    assert_eq!(
        doc["providers"][0]["updated"],
        json!([{"id": "mock-chat-large", "changes": {"pricing": [{"input": "2.5 per 1M tokens"}, {"input": "3 per 1M tokens"}]}}])
    );
    // 50,000 input tokens (below the threshold) × 3, and the day before × 2.5.
    let now = cost(&env, &["mock-chat-large", "--input", "50000"]);
    assert_eq!(now["total"], json!(0.15));
    let before = env
        .run_with(
            &[("AISYNC_NOW", "2026-11-25T00:00:00Z")],
            &[
                "cost",
                "mock-chat-large",
                "--input",
                "50000",
                "--at",
                "2026-11-24T00:00:00Z",
                "--format",
                "json",
            ],
        )
        .expect_code(0)
        .json();
    assert_eq!(before["total"], json!(0.125));
    let bad = env.run_with(
        &[("AI_MOCK_PRICE", "mock-chat-large=3")],
        &["sync-models", "-p", "mock"],
    );
    bad.expect_code(78);
    assert!(bad.stderr.contains("AI_MOCK_PRICE"), "{}", bad.stderr);
}

#[test]
fn usage_import_prices_cache_parts_service_tiers_and_a_records_requests_with_the_calculator() {
    let env = TestEnv::new();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let records = concat!(
        // 2 requests of 20,000 input tokens (below the 64k threshold): 30,000 uncached × 2.5
        // + 10,000 cache reads × 1.25 + 1,000 × 10 = 0.075 + 0.0125 + 0.01.
        r#"{"time":"2026-11-23T12:00:00Z","provider":"mock","model":"mock-chat-large","input_tokens":40000,"output_tokens":1000,"cache_read_tokens":10000,"requests":2}"#,
        "\n",
        // At the batch tier: 10,000 × 1.25 + 1,000 × 5.
        r#"{"time":"2026-11-23T12:00:00Z","provider":"mock","model":"mock-chat-large","input_tokens":10000,"output_tokens":1000,"service_tier":"batch"}"#,
        "\n",
        // One request of 100,000: above 64k, 5 / 15. 100,000 × 5 + 1,000 × 15.
        r#"{"time":"2026-11-23T12:00:00Z","provider":"mock","model":"mock-chat-large","input_tokens":100000,"output_tokens":1000}"#,
        "\n",
    );
    let file = env.write("usage.jsonl", records);
    env.run(&["usage", "import", file.to_str().unwrap()])
        .expect_code(0);
    let db = env.db();
    let costs: Vec<String> = crate::common::column(&db, "SELECT cost FROM usage ORDER BY id");
    assert_eq!(costs, ["0.0975", "0.0175", "0.515"]);
    let csv = env.write(
        "usage.csv",
        "time,provider,model,input_tokens,output_tokens,cache_write_1h_tokens,service_tier\n\
         2026-11-23T13:00:00Z,mock,mock-chat-large,10000,0,4000,standard\n",
    );
    env.run(&["usage", "import", csv.to_str().unwrap()])
        .expect_code(0);
    // 6,000 × 2.5 + 4,000 one-hour writes × 5.
    let last: Vec<String> =
        crate::common::column(&db, "SELECT cost FROM usage ORDER BY id DESC LIMIT 1");
    assert_eq!(last, ["0.035"]);
    for (bad, says) in [
        (
            r#"{"time":"2026-11-23T12:00:00Z","provider":"mock","model":"m","input_tokens":10,"output_tokens":0,"cache_read_tokens":20}"#,
            "exceed input_tokens",
        ),
        (
            r#"{"time":"2026-11-23T12:00:00Z","provider":"mock","model":"m","input_tokens":10,"output_tokens":0,"service_tier":"premium"}"#,
            "service_tier",
        ),
    ] {
        let f = env.write("bad.jsonl", bad);
        let run = env.run(&["usage", "import", f.to_str().unwrap()]);
        run.expect_code(1);
        assert!(
            run.stderr.contains(says) && run.stderr.contains("bad.jsonl:1"),
            "{}",
            run.stderr
        );
    }
}

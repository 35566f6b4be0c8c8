//! Every real provider through the real binary, against fake servers on 127.0.0.1 that replay
//! the captures byte for byte: full syncs, paging, auth errors, retries, faults, isolation and
//! atomicity, and a canary key that must appear nowhere.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{TestEnv, column};
use crate::fake::{
    CANARY, get, get_query, get_without, hits, html_page, replay, replay_as, stalled, truncated,
};

/// Where each provider's key and base URL go, and the base path its fake serves under.
fn vars(provider: &str) -> (&'static str, &'static str, &'static str) {
    match provider {
        "openai" => ("OPENAI_API_KEY", "OPENAI_BASE_URL", "/v1"),
        "gemini" => ("GEMINI_API_KEY", "GEMINI_BASE_URL", "/v1beta"),
        "xai" => ("XAI_API_KEY", "XAI_BASE_URL", "/v1"),
        "anthropic" => ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", ""),
        "mistral" => ("MISTRAL_API_KEY", "MISTRAL_BASE_URL", "/v1"),
        "openrouter" => ("OPENROUTER_API_KEY", "OPENROUTER_BASE_URL", "/api/v1"),
        "ollama" => ("OLLAMA_API_KEY_UNUSED", "OLLAMA_HOST", ""),
        "groq" => ("GROQ_API_KEY", "GROQ_BASE_URL", "/openai/v1"),
        "deepseek" => ("DEEPSEEK_API_KEY", "DEEPSEEK_BASE_URL", ""),
        "together" => ("TOGETHER_API_KEY", "TOGETHER_BASE_URL", "/v1"),
        other => panic!("no such provider {other}"),
    }
}

/// A test home pointed at a fresh fake server for `provider`, with the canary key set and
/// retry sleeps skipped.
async fn setup(provider: &str) -> (MockServer, TestEnv) {
    let server = MockServer::start().await;
    let mut env = TestEnv::new();
    let (key, base, prefix) = vars(provider);
    env.set(key, CANARY)
        .set(base, &format!("{}{prefix}", server.uri()))
        .set("AISYNC_TEST_SKIP_RETRY_SLEEP", "true");
    (server, env)
}

fn only(doc: &Value) -> &Value {
    let providers = doc["providers"].as_array().unwrap();
    assert_eq!(providers.len(), 1, "{doc}");
    &providers[0]
}

fn sync_json(env: &TestEnv, provider: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["sync-models", "-p", provider, "--format", "json", "--force"];
    args.extend_from_slice(extra);
    let run = env.run(&args);
    run.no_panic();
    (run.code, run.json())
}

fn stored_ids(env: &TestEnv, provider: &str) -> Vec<String> {
    column(
        &env.db(),
        &format!(
            "SELECT id FROM models WHERE provider = '{provider}' AND status != 'removed' ORDER BY id"
        ),
    )
}

/// The happy path of every provider, from its newest captures: (method, path, capture).
fn full_routes(provider: &str) -> Vec<(&'static str, &'static str, &'static str)> {
    match provider {
        "openai" => vec![("GET", "/v1/models", "openai/models_list_2026-08.json")],
        "gemini" => vec![(
            "GET",
            "/v1beta/models",
            "gemini/models_list_2026-08_pageSize1000.json",
        )],
        "xai" => vec![
            (
                "GET",
                "/v1/language-models",
                "xai/language_models_2025-04.json",
            ),
            (
                "GET",
                "/v1/image-generation-models",
                "xai/image_generation_models_2025-04.json",
            ),
            ("GET", "/v1/models", "xai/models_list_2025-04.json"),
        ],
        "anthropic" => vec![(
            "GET",
            "/v1/models",
            "anthropic/models_list_2026-08_limit1000.json",
        )],
        "mistral" => vec![("GET", "/v1/models", "mistral/models_list_2026-08.json")],
        "openrouter" => vec![(
            "GET",
            "/api/v1/models",
            "openrouter/models_list_2026-08_subset.json",
        )],
        "ollama" => vec![
            ("GET", "/api/tags", "ollama/tags_docs_example.json"),
            ("POST", "/api/show", "ollama/show_qwen3-2to16_trimmed.json"),
        ],
        "groq" => vec![("GET", "/openai/v1/models", "groq/models_list_2026-08.json")],
        "deepseek" => vec![("GET", "/models", "deepseek/models_list_2026-08.json")],
        "together" => vec![(
            "GET",
            "/v1/models",
            "together/models_list_2026-08_subset.json",
        )],
        other => panic!("{other}"),
    }
}

async fn serve_full(server: &MockServer, provider: &str) {
    for (verb, at, capture) in full_routes(provider) {
        Mock::given(method(verb))
            .and(path(at))
            .respond_with(replay(capture))
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn every_provider_syncs_its_capture_in_full() {
    for (provider, count) in [
        ("openai", 130),
        ("gemini", 50),
        ("xai", 9),
        ("anthropic", 10),
        ("mistral", 55),
        ("openrouter", 18),
        ("ollama", 2),
        ("groq", 13),
        ("deepseek", 2),
        ("together", 16),
    ] {
        let (server, env) = setup(provider).await;
        serve_full(&server, provider).await;
        let (code, doc) = sync_json(&env, provider, &[]);
        let p = only(&doc);
        assert_eq!(code, 0, "{provider}: {doc}");
        assert_eq!(p["status"], "success", "{provider}: {p}");
        assert_eq!(p["models_synced"], count, "{provider}");
        assert_eq!(p["added"].as_array().unwrap().len(), count, "{provider}");
        assert_eq!(stored_ids(&env, provider).len(), count, "{provider}");
        assert_eq!(p["statistics"]["total_models"], count, "{provider}");
    }
}

#[tokio::test]
async fn requests_carry_each_providers_auth_headers() {
    let (server, env) = setup("anthropic").await;
    Mock::given(method("GET"))
        .and(path("/v1/models"))
        .and(header("x-api-key", CANARY))
        .and(header("anthropic-version", "2023-06-01"))
        .respond_with(replay("anthropic/models_list_2026-08_limit1000.json"))
        .mount(&server)
        .await;
    assert_eq!(sync_json(&env, "anthropic", &[]).0, 0);

    let (server, mut env) = setup("openai").await;
    env.set("OPENAI_ORG_ID", "org-123")
        .set("OPENAI_PROJECT_ID", "proj-9");
    Mock::given(method("GET"))
        .and(path("/v1/models"))
        .and(header("authorization", format!("Bearer {CANARY}").as_str()))
        .and(header("openai-organization", "org-123"))
        .and(header("openai-project", "proj-9"))
        .respond_with(replay("openai/models_list_2025-08.json"))
        .mount(&server)
        .await;
    assert_eq!(sync_json(&env, "openai", &[]).0, 0);
    let req = &server.received_requests().await.unwrap()[0];
    let agent = req.headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(agent.starts_with("aisync/"), "{agent}");

    // Gemini: the key in a header, never in the URL; GOOGLE_API_KEY as the fallback.
    let (server, mut env) = setup("gemini").await;
    env.set("GOOGLE_API_KEY", CANARY);
    let (key, _, _) = vars("gemini");
    env.set(key, "");
    Mock::given(method("GET"))
        .and(path("/v1beta/models"))
        .and(header("x-goog-api-key", CANARY))
        .respond_with(replay("gemini/models_list_2025-12_trimmed.json"))
        .mount(&server)
        .await;
    assert_eq!(sync_json(&env, "gemini", &[]).0, 0);
    for r in server.received_requests().await.unwrap() {
        assert!(!r.url.as_str().contains(CANARY), "{}", r.url);
        assert_eq!(
            r.url
                .query_pairs()
                .find(|(k, _)| k == "pageSize")
                .unwrap()
                .1,
            "1000"
        );
    }
}

/// Gemini's capture served as pages of 20, 20 and 10 (smaller than the 1000 asked), by token;
/// the third page answers `page3`.
async fn serve_gemini_pages(server: &MockServer, page3: ResponseTemplate) {
    let at = "/v1beta/models";
    get_without(
        server,
        at,
        "pageToken",
        replay("gemini/models_list_paged_p1_pageSize20.json"),
    )
    .await;
    let p2 = replay("gemini/models_list_paged_p2_pageSize20.json");
    get_query(server, at, "pageToken", "SYNTHETIC-OPAQUE-TOKEN-page2", p2).await;
    get_query(
        server,
        at,
        "pageToken",
        "SYNTHETIC-OPAQUE-TOKEN-page3",
        page3,
    )
    .await;
}

#[tokio::test]
async fn gemini_follows_page_tokens_even_when_pages_are_smaller_than_asked() {
    let (server, env) = setup("gemini").await;
    serve_gemini_pages(
        &server,
        replay("gemini/models_list_paged_p3_pageSize20.json"),
    )
    .await;
    let (code, doc) = sync_json(&env, "gemini", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(only(&doc)["models_synced"], 50);
    assert_eq!(hits(&server, "/v1beta/models").await, 3);
    let s = &only(&doc)["statistics"];
    for key in [
        "gemini_pro_models",
        "gemini_flash_models",
        "multimodal_models",
        "safety_filtered_models",
    ] {
        assert!(s[key].as_u64().unwrap() > 0, "{key}: {s}");
    }
}

#[tokio::test]
async fn anthropic_follows_has_more_and_after_id() {
    let (server, env) = setup("anthropic").await;
    get_without(
        &server,
        "/v1/models",
        "after_id",
        replay("anthropic/models_list_paged_p1_limit4.json"),
    )
    .await;
    get_query(
        &server,
        "/v1/models",
        "after_id",
        "claude-opus-4-1-20250805",
        replay("anthropic/models_list_paged_p2_limit4_after_id.json"),
    )
    .await;
    get_query(
        &server,
        "/v1/models",
        "after_id",
        "claude-3-5-haiku-20241022",
        replay("anthropic/models_list_paged_p3_limit4_after_id.json"),
    )
    .await;
    let (code, doc) = sync_json(&env, "anthropic", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(only(&doc)["models_synced"], 10);
    assert_eq!(hits(&server, "/v1/models").await, 3);
}

#[tokio::test]
async fn openrouter_follows_links_next() {
    let (server, env) = setup("openrouter").await;
    get_without(
        &server,
        "/api/v1/models",
        "offset",
        replay("openrouter/models_list_paged_p1_offset0.json"),
    )
    .await;
    get_query(
        &server,
        "/api/v1/models",
        "offset",
        "9",
        replay("openrouter/models_list_paged_p2_offset9.json"),
    )
    .await;
    let (code, doc) = sync_json(&env, "openrouter", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(only(&doc)["models_synced"], 18);
    let db = env.db();
    let price: Vec<String> = column(
        &db,
        "SELECT amount || ' ' || unit || ' ' || source FROM prices \
         WHERE model_id = 'anthropic/claude-opus-5' AND component = 'input'",
    );
    assert_eq!(
        price,
        ["5 1M tokens provider"],
        "USD per token strings, exactly per 1M"
    );
}

#[tokio::test]
async fn each_providers_auth_error_is_invalid_credentials_and_not_retried() {
    for (provider, at, response) in [
        (
            "openai",
            "/v1/models",
            replay("openai/error_401_invalid_api_key.json"),
        ),
        (
            "gemini",
            "/v1beta/models",
            replay("gemini/error_400_api_key_invalid.json"),
        ),
        (
            "xai",
            "/v1/language-models",
            replay_as(400, "xai/error_400_invalid_api_key.json"),
        ),
        (
            "anthropic",
            "/v1/models",
            replay("anthropic/error_401_authentication_error.json"),
        ),
        (
            "mistral",
            "/v1/models",
            replay("mistral/error_401_unauthorized_models.json"),
        ),
        (
            "openrouter",
            "/api/v1/models",
            replay_as(401, "openrouter/error_401_user_not_found.json"),
        ),
        (
            "groq",
            "/openai/v1/models",
            replay("groq/error_401_invalid_api_key.json"),
        ),
        (
            "deepseek",
            "/models",
            replay("deepseek/error_401_authentication_fails.json"),
        ),
        (
            "together",
            "/v1/models",
            replay("together/error_401_unauthorized.json"),
        ),
    ] {
        let (server, env) = setup(provider).await;
        get(&server, at, response, None).await;
        let (code, doc) = sync_json(&env, provider, &[]);
        let p = only(&doc);
        assert_eq!(code, 1, "{provider}: {doc}");
        assert_eq!(p["error_type"], "invalid_credentials", "{provider}: {p}");
        assert!(
            p["error"]
                .as_str()
                .unwrap()
                .starts_with("API authentication failed: "),
            "{p}"
        );
        assert_eq!(
            hits(&server, at).await,
            1,
            "{provider}: a 4xx is never retried"
        );
    }
}

#[tokio::test]
async fn the_deepseek_message_quotes_the_providers_words() {
    let (server, env) = setup("deepseek").await;
    get(
        &server,
        "/models",
        replay("deepseek/error_401_authentication_fails.json"),
        None,
    )
    .await;
    let run = env.run(&["sync-models", "-p", "deepseek"]);
    run.expect_code(1);
    assert!(
        run.stdout.contains(
            "❌ Synchronization failed: API authentication failed: Authentication Fails, \
             Your api key: ****iKey is invalid (invalid_credentials)"
        ),
        "{}",
        run.stdout
    );
}

#[tokio::test]
async fn rate_limit_with_retry_after_then_success() {
    let (server, env) = setup("openai").await;
    get(
        &server,
        "/v1/models",
        replay_as(429, "openai/error_429_rate_limit_exceeded.json")
            .insert_header("retry-after", "7"),
        Some(1),
    )
    .await;
    get(
        &server,
        "/v1/models",
        replay("openai/models_list_2026-08.json"),
        None,
    )
    .await;
    let run = env.run(&["-vv", "sync-models", "-p", "openai", "--format", "json"]);
    run.expect_code(0);
    assert_eq!(only(&run.json())["models_synced"], 130);
    assert_eq!(hits(&server, "/v1/models").await, 2);
    assert!(
        run.stderr.contains("delay_ms=7000"),
        "Retry-After honoured: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("from_retry_after=true"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_capped() {
    let (server, env) = setup("groq").await;
    // 10 minutes after the pinned clock: capped at 30 s.
    get(
        &server,
        "/openai/v1/models",
        replay_as(429, "groq/error_429_rate_limit_exceeded.json")
            .insert_header("retry-after", "Mon, 23 Nov 2026 10:40:00 GMT"),
        Some(1),
    )
    .await;
    get(
        &server,
        "/openai/v1/models",
        replay("groq/models_list_2026-08.json"),
        None,
    )
    .await;
    let run = env.run(&["-vv", "sync-models", "-p", "groq", "--format", "json"]);
    run.expect_code(0);
    assert!(run.stderr.contains("delay_ms=30000"), "{}", run.stderr);
}

#[tokio::test]
async fn server_errors_are_retried_then_succeed() {
    for status in [500, 502, 503, 504, 529] {
        let (server, env) = setup("anthropic").await;
        get(
            &server,
            "/v1/models",
            replay_as(status, "anthropic/error_529_overloaded_error.json"),
            Some(2),
        )
        .await;
        get(
            &server,
            "/v1/models",
            replay("anthropic/models_list_2026-08_limit1000.json"),
            None,
        )
        .await;
        let (code, doc) = sync_json(&env, "anthropic", &[]);
        assert_eq!(code, 0, "{status}: {doc}");
        assert_eq!(hits(&server, "/v1/models").await, 3, "{status}");
    }
}

#[tokio::test]
async fn retries_are_bounded_by_the_attempts_setting() {
    let (server, mut env) = setup("mistral").await;
    env.set("AI_SYNC_RETRY_ATTEMPTS", "4");
    get(
        &server,
        "/v1/models",
        replay_as(503, "openai/error_500_server_error.json"),
        None,
    )
    .await;
    let (code, doc) = sync_json(&env, "mistral", &[]);
    assert_eq!(code, 1);
    assert_eq!(only(&doc)["error_type"], "server_error");
    assert_eq!(hits(&server, "/v1/models").await, 4);

    let (server, env) = setup("mistral").await;
    get(
        &server,
        "/v1/models",
        replay_as(503, "openai/error_500_server_error.json"),
        None,
    )
    .await;
    sync_json(&env, "mistral", &[]);
    assert_eq!(
        hits(&server, "/v1/models").await,
        3,
        "the default is 3 attempts"
    );
}

#[tokio::test]
async fn insufficient_quota_is_quota_exceeded_and_not_retried() {
    let (server, env) = setup("openai").await;
    get(
        &server,
        "/v1/models",
        replay_as(429, "openai/error_429_insufficient_quota.json"),
        None,
    )
    .await;
    let (code, doc) = sync_json(&env, "openai", &[]);
    assert_eq!(code, 1);
    assert_eq!(only(&doc)["error_type"], "quota_exceeded");
    assert_eq!(hits(&server, "/v1/models").await, 1);
}

#[tokio::test]
async fn truncated_and_html_bodies_are_classified() {
    let (server, env) = setup("together").await;
    get(
        &server,
        "/v1/models",
        truncated("together/models_list_2026-08_subset.json", 500),
        None,
    )
    .await;
    let (code, doc) = sync_json(&env, "together", &[]);
    assert_eq!(code, 1);
    let p = only(&doc);
    assert_eq!(p["error_type"], "invalid_response", "{p}");
    assert!(p["error"].as_str().unwrap().contains("truncated"), "{p}");

    let (server, env) = setup("groq").await;
    get(&server, "/openai/v1/models", html_page(502), None).await;
    let (code, doc) = sync_json(&env, "groq", &[]);
    assert_eq!(code, 1);
    let p = only(&doc);
    assert_eq!(p["error_type"], "server_error", "{p}");
    assert!(p["error"].as_str().unwrap().contains("HTML page"), "{p}");
    assert_eq!(
        hits(&server, "/openai/v1/models").await,
        3,
        "a 502 is transient"
    );

    let (server, env) = setup("deepseek").await;
    get(&server, "/models", html_page(200), None).await;
    let (_, doc) = sync_json(&env, "deepseek", &[]);
    assert_eq!(only(&doc)["error_type"], "invalid_response");
}

#[tokio::test]
async fn a_stall_past_the_timeout_is_a_timeout() {
    let (server, mut env) = setup("openai").await;
    env.set("AI_SYNC_RETRY_ATTEMPTS", "2");
    get(
        &server,
        "/v1/models",
        stalled("openai/models_list_2026-08.json", Duration::from_secs(30)),
        None,
    )
    .await;
    let started = Instant::now();
    let (code, doc) = sync_json(&env, "openai", &["--timeout", "1"]);
    let took = started.elapsed();
    assert_eq!(code, 1);
    let p = only(&doc);
    assert_eq!(p["error_type"], "timeout", "{p}");
    assert!(p["error"].as_str().unwrap().contains("within 1 s"), "{p}");
    assert_eq!(hits(&server, "/v1/models").await, 2, "timeouts are retried");
    assert!(
        took < Duration::from_secs(20),
        "--timeout bounds each request: took {took:?}"
    );
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let (server, env) = setup("deepseek").await;
    let big = format!(
        "{{\"data\":[{{\"id\":\"{}\"}}]}}",
        "x".repeat(33 * 1024 * 1024)
    );
    get(
        &server,
        "/models",
        ResponseTemplate::new(200).set_body_string(big),
        None,
    )
    .await;
    let (code, doc) = sync_json(&env, "deepseek", &[]);
    assert_eq!(code, 1);
    let p = only(&doc);
    assert_eq!(p["error_type"], "invalid_response", "{p}");
    assert!(
        p["error"].as_str().unwrap().contains("larger than 32 MiB"),
        "{p}"
    );
}

#[tokio::test]
async fn a_failure_on_a_later_page_leaves_stored_models_untouched() {
    let (server, env) = setup("gemini").await;
    get(
        &server,
        "/v1beta/models",
        replay("gemini/models_list_2026-05_pageSize1000.json"),
        Some(1),
    )
    .await;
    let (code, _) = sync_json(&env, "gemini", &[]);
    assert_eq!(code, 0);
    let before: Vec<String> = column(
        &env.db(),
        "SELECT id || status || last_seen FROM models ORDER BY id",
    );
    assert_eq!(before.len(), 54);

    // The third page fails on every attempt.
    serve_gemini_pages(&server, replay_as(500, "gemini/error_500_internal.json")).await;
    let mut env = env;
    env.set("AISYNC_NOW", "2026-11-24T10:30:00Z");
    let (code, doc) = sync_json(&env, "gemini", &[]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(only(&doc)["error_type"], "server_error");
    assert_eq!(
        hits(&server, "/v1beta/models").await,
        1 + 2 + 3,
        "pages 1 and 2, then 3 attempts at page 3"
    );
    let after: Vec<String> = column(
        &env.db(),
        "SELECT id || status || last_seen FROM models ORDER BY id",
    );
    assert_eq!(before, after, "all or nothing");
}

#[tokio::test]
async fn vanished_models_are_removed_and_come_back() {
    let (server, env) = setup("openai").await;
    get(
        &server,
        "/v1/models",
        replay("openai/models_list_2025-08.json"),
        Some(1),
    )
    .await;
    get(
        &server,
        "/v1/models",
        replay("openai/models_list_2026-08.json"),
        Some(1),
    )
    .await;
    get(
        &server,
        "/v1/models",
        replay("openai/models_list_2025-08.json"),
        None,
    )
    .await;
    assert_eq!(sync_json(&env, "openai", &[]).0, 0);
    let (_, doc) = sync_json(&env, "openai", &[]);
    let gone: Vec<&str> = only(&doc)["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        gone.contains(&"dall-e-3") && gone.contains(&"o1-mini"),
        "{gone:?}"
    );
    // Going back to the 2025 list drops 66 of the 130 models (51%): the removal guard holds
    // it until it is accepted.
    let (code, doc) = sync_json(&env, "openai", &[]);
    assert_eq!(
        (code, only(&doc)["status"].as_str()),
        (1, Some("held")),
        "{doc}"
    );
    let (code, doc) = sync_json(&env, "openai", &["--accept-changes"]);
    assert_eq!(code, 0, "{doc}");
    let back: Vec<&Value> = only(&doc)["updated"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["changes"]["status"] == json!(["removed", "active"]))
        .collect();
    assert_eq!(
        back.len(),
        gone.len(),
        "every removed model is reported back"
    );
    let removed: Vec<String> = column(
        &env.db(),
        "SELECT id FROM models WHERE id = 'dall-e-3' AND status = 'active' AND removed_at IS NULL",
    );
    assert_eq!(removed, ["dall-e-3"]);
}

#[tokio::test]
async fn one_providers_failure_never_touches_another() {
    let server = MockServer::start().await;
    let mut env = TestEnv::new();
    env.set("OPENAI_API_KEY", CANARY)
        .set("OPENAI_BASE_URL", &format!("{}/v1", server.uri()))
        .set("MISTRAL_API_KEY", CANARY)
        .set("MISTRAL_BASE_URL", &format!("{}/mistral/v1", server.uri()))
        .set("AISYNC_TEST_SKIP_RETRY_SLEEP", "true");
    get(
        &server,
        "/v1/models",
        replay("openai/models_list_2026-08.json"),
        None,
    )
    .await;
    get(
        &server,
        "/mistral/v1/models",
        replay_as(500, "openai/error_500_server_error.json"),
        None,
    )
    .await;
    let run = env.run(&["sync-models", "--format", "json"]);
    run.expect_code(2);
    let doc = run.json();
    let statuses: Vec<(&str, &str)> = doc["providers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"] != "skipped")
        .map(|p| {
            (
                p["provider"].as_str().unwrap(),
                p["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [("openai", "success"), ("mistral", "error")],
        "config order, not completion order"
    );
    assert_eq!(stored_ids(&env, "openai").len(), 130);
    assert!(stored_ids(&env, "mistral").is_empty());
    let s = &doc["providers"][0]["statistics"];
    for key in [
        "gpt_4_models",
        "gpt_3_5_models",
        "gpt_4o_models",
        "function_calling_models",
        "vision_models",
    ] {
        assert!(s[key].is_u64(), "{key}: {s}");
    }
    let human = env.run(&["sync-models", "--force"]);
    human.expect_code(2);
    assert!(
        human.stdout.contains("Sync completed with errors!"),
        "{}",
        human.stdout
    );
}

#[tokio::test]
async fn the_canary_key_appears_nowhere() {
    let (server, env) = setup("openai").await;
    get(
        &server,
        "/v1/models",
        replay_as(429, "openai/error_429_rate_limit_exceeded.json"),
        Some(1),
    )
    .await;
    get(
        &server,
        "/v1/models",
        replay("openai/models_list_2026-08.json"),
        Some(1),
    )
    .await;
    get(
        &server,
        "/v1/models",
        ResponseTemplate::new(401).set_body_string(format!(
            "{{\"error\":{{\"message\":\"Incorrect API key provided: {CANARY}\",\"code\":\"invalid_api_key\"}}}}"
        )),
        None,
    )
    .await;
    let mut outputs = Vec::new();
    for format in ["table", "json"] {
        let run = env.run_with(
            &[("AISYNC_LOG_FORMAT", "text")],
            &[
                "-vvv",
                "sync-models",
                "-p",
                "openai",
                "--force",
                "--format",
                format,
            ],
        );
        outputs.push(run.stdout);
        outputs.push(run.stderr);
    }
    assert!(
        outputs[1].contains("TRACE") && outputs[1].contains("retrying after a transient failure"),
        "trace logs ran: {}",
        outputs[1]
    );
    for (i, text) in outputs.iter().enumerate() {
        assert!(!text.contains(CANARY), "output {i} leaks the key:\n{text}");
    }
    assert!(
        outputs[2].contains("(redacted)"),
        "an echoed key is scrubbed: {}",
        outputs[2]
    );
    for suffix in ["", "-wal", "-shm"] {
        let mut name = env.default_db().into_os_string();
        name.push(suffix);
        if let Ok(bytes) = std::fs::read(&name) {
            let found = bytes.windows(CANARY.len()).any(|w| w == CANARY.as_bytes());
            assert!(!found, "{name:?} holds the key");
        }
    }
}

#[tokio::test]
async fn a_custom_openai_compatible_provider_from_the_config_file() {
    let server = MockServer::start().await;
    let mut env = TestEnv::new();
    let cfg = env.write(
        "c.toml",
        &format!(
            "[providers.lab]\nkind = \"openai-compatible\"\nbase_url = \"{}/lab/v1\"\n\
             api_key_env = \"LAB_KEY\"\nheaders = {{ \"X-Team\" = \"ml\" }}\n\n\
             [providers.deepseek]\nenabled = false\n",
            server.uri()
        ),
    );
    env.set("AISYNC_CONFIG", cfg.to_str().unwrap())
        .set("LAB_KEY", CANARY)
        .set("DEEPSEEK_API_KEY", CANARY);
    Mock::given(method("GET"))
        .and(path("/lab/v1/models"))
        .and(header("x-team", "ml"))
        .and(header("authorization", format!("Bearer {CANARY}").as_str()))
        .respond_with(replay("deepseek/models_list_2025_docs_example.json"))
        .mount(&server)
        .await;
    let run = env.run(&["sync-models", "--format", "json"]);
    run.expect_code(0);
    let doc = run.json();
    let lab = doc["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["provider"] == "lab")
        .unwrap();
    assert_eq!(lab["models_synced"], 2, "{doc}");
    let ds = doc["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["provider"] == "deepseek")
        .unwrap();
    assert_eq!(ds["reason"], "disabled");

    let bad = env.write(
        "bad.toml",
        "[providers.lab]\nkind = \"opneai\"\nbase_url = \"http://x\"\n",
    );
    let run = env.run(&["--config", bad.to_str().unwrap(), "sync-models"]);
    run.expect_code(78);
    assert!(
        run.stderr
            .contains("bad.toml:1:2: unknown provider kind \"opneai\""),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn a_provider_without_a_key_is_skipped_with_a_hint() {
    let env = TestEnv::new();
    let run = env.run(&["sync-models", "-p", "anthropic"]);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("⏭ Skipped (no_credentials) — no API key: set ANTHROPIC_API_KEY"),
        "{}",
        run.stdout
    );
    let run = env.run(&["sync-models", "-v"]);
    assert!(run.stdout.contains("set GEMINI_API_KEY"), "{}", run.stdout);
}

#[tokio::test]
async fn an_unreachable_server_is_a_network_error() {
    let mut env = TestEnv::new();
    // A port nothing listens on: bind, note it, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    env.set("OLLAMA_HOST", &format!("http://127.0.0.1:{port}"))
        .set("AISYNC_TEST_SKIP_RETRY_SLEEP", "true");
    let (code, doc) = sync_json(&env, "ollama", &[]);
    assert_eq!(code, 1);
    let p = only(&doc);
    assert_eq!(p["error_type"], "network", "{p}");
    assert!(
        p["error"]
            .as_str()
            .unwrap()
            .starts_with(&format!("cannot connect to http://127.0.0.1:{port}")),
        "{p}"
    );
}

/// Where each provider's list lives, and its envelope around `entries`.
fn list_answer(provider: &str, entries: &str) -> (&'static str, String) {
    let openai_shape = format!(r#"{{"object":"list","data":{entries}}}"#);
    let under_models = format!(r#"{{"models":{entries}}}"#);
    match provider {
        "openai" | "mistral" => ("/v1/models", openai_shape),
        "groq" => ("/openai/v1/models", openai_shape),
        "deepseek" => ("/models", openai_shape),
        "gemini" => ("/v1beta/models", under_models),
        "xai" => ("/v1/language-models", under_models),
        "ollama" => ("/api/tags", under_models),
        "anthropic" => (
            "/v1/models",
            format!(r#"{{"data":{entries},"has_more":false}}"#),
        ),
        "openrouter" => ("/api/v1/models", format!(r#"{{"data":{entries}}}"#)),
        "together" => ("/v1/models", entries.to_owned()),
        other => panic!("{other}"),
    }
}

#[tokio::test]
async fn a_list_of_things_that_are_not_models_is_invalid_and_empties_nothing() {
    for provider in [
        "openai",
        "gemini",
        "xai",
        "anthropic",
        "mistral",
        "openrouter",
        "ollama",
        "groq",
        "deepseek",
        "together",
    ] {
        let (server, env) = setup(provider).await;
        serve_full(&server, provider).await;
        assert_eq!(sync_json(&env, provider, &[]).0, 0, "{provider}");
        let before = stored_ids(&env, provider);
        assert!(!before.is_empty(), "{provider}");

        server.reset().await;
        let (at, junk) = list_answer(provider, r#"[1,"two",null,{"no":"id"}]"#);
        get(
            &server,
            at,
            ResponseTemplate::new(200).set_body_string(junk),
            None,
        )
        .await;
        for (verb, other, capture) in full_routes(provider) {
            if other != at {
                Mock::given(method(verb))
                    .and(path(other))
                    .respond_with(replay(capture))
                    .mount(&server)
                    .await;
            }
        }
        let (code, doc) = sync_json(&env, provider, &[]);
        let p = only(&doc);
        assert_eq!(code, 1, "{provider}: {doc}");
        assert_eq!(p["status"], "error", "{provider}: {p}");
        assert_eq!(p["error_type"], "invalid_response", "{provider}: {p}");
        let message = p["error"].as_str().unwrap();
        assert!(
            message.contains("4 entries that are not models (at indexes 0, 1, 2, 3, of 4 in all)"),
            "{provider}: {message}"
        );
        assert_eq!(
            stored_ids(&env, provider),
            before,
            "{provider}: nothing removed"
        );
    }
}

#[tokio::test]
async fn a_providers_words_never_reach_the_terminal_raw_not_even_in_logs() {
    let (server, env) = setup("openai").await;
    let body = r#"{"error":{"message":"Incorrect key \u001b]0;pwned\u0007\u001b[2J \u009b31m \u202eexe.gnp","code":"invalid_api_key"}}"#;
    get(
        &server,
        "/v1/models",
        ResponseTemplate::new(401)
            .set_body_string(body)
            .insert_header("content-type", "application/json"),
        None,
    )
    .await;
    let raw = ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'];
    for (extra, json_logs) in [
        (&["-v"][..], false),
        (&["-vv"], true),
        (&["--format", "json"], false),
    ] {
        let mut args = vec!["sync-models", "-p", "openai"];
        args.extend_from_slice(extra);
        let vars: &[(&str, &str)] = if json_logs {
            &[("AISYNC_LOG_FORMAT", "json")]
        } else {
            &[]
        };
        let run = env.run_with(vars, &args);
        run.expect_code(1).no_panic();
        assert!(
            !run.stdout.contains(raw),
            "{extra:?} stdout: {:?}",
            run.stdout
        );
        assert!(
            !run.stderr.contains(raw),
            "{extra:?} stderr: {:?}",
            run.stderr
        );
        assert!(
            run.stderr.contains("error: openai: invalid_credentials: API authentication failed: Incorrect key \\u{1b}]0;pwned"),
            "{extra:?}: {}",
            run.stderr
        );
        if json_logs {
            for line in run.stderr.lines().filter(|l| l.starts_with('{')) {
                let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
                assert!(v.is_object());
            }
            assert!(run.stderr.contains("\\u202e"), "{}", run.stderr);
        } else if extra == ["-v"] {
            assert!(run.stderr.contains("sync failed"), "{}", run.stderr);
        }
    }
}

/// Every request `server` received, with its headers, as text to search for the key.
async fn received_text(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| {
            format!(
                "{} {:?} {}",
                r.url,
                r.headers,
                String::from_utf8_lossy(&r.body)
            )
        })
        .collect()
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_never_followed_with_a_key() {
    for (provider, at) in [
        ("gemini", "/v1beta/models"),
        ("anthropic", "/v1/models"),
        ("openai", "/v1/models"),
        ("mistral", "/v1/models"),
    ] {
        let (server, mut env) = setup(provider).await;
        let elsewhere = MockServer::start().await;
        serve_full(&elsewhere, provider).await;
        env.set("MY_GATEWAY_TOKEN", "gw-secret-123");
        for status in [301, 302, 307, 308] {
            server.reset().await;
            get(
                &server,
                at,
                ResponseTemplate::new(status)
                    .insert_header("location", format!("{}{at}", elsewhere.uri()).as_str()),
                None,
            )
            .await;
            let (code, doc) = sync_json(&env, provider, &[]);
            let p = only(&doc);
            assert_eq!(
                (code, p["status"].as_str()),
                (1, Some("error")),
                "{provider} {status}: {p}"
            );
            assert_eq!(p["error_type"], "not_configured", "{provider} {status}");
            let message = p["error"].as_str().unwrap();
            assert!(
                message.contains("redirected to another origin")
                    && message.contains(&elsewhere.uri())
                    && !message.contains(CANARY),
                "{provider}: {message}"
            );
        }
        assert!(
            received_text(&elsewhere).await.is_empty(),
            "{provider}: the other origin received nothing"
        );
    }
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed() {
    let (server, env) = setup("openai").await;
    get(
        &server,
        "/v1/models",
        ResponseTemplate::new(307).insert_header("location", "/v1/models-moved"),
        None,
    )
    .await;
    get(
        &server,
        "/v1/models-moved",
        replay("openai/models_list_2026-08.json"),
        None,
    )
    .await;
    let (code, doc) = sync_json(&env, "openai", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(only(&doc)["models_synced"], 130);
}

#[tokio::test]
async fn a_custom_providers_headers_count_as_credentials() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    let mut env = TestEnv::new();
    let cfg = env.write(
        "c.toml",
        &format!(
            "[providers.lab]\nkind = \"openai-compatible\"\nbase_url = \"{}/v1\"\nheaders = {{ \"X-Gateway-Token\" = \"gw-secret-123\" }}\n",
            server.uri()
        ),
    );
    env.set("AISYNC_CONFIG", cfg.to_str().unwrap());
    get(
        &server,
        "/v1/models",
        ResponseTemplate::new(302).insert_header(
            "location",
            format!("{}/v1/models", elsewhere.uri()).as_str(),
        ),
        None,
    )
    .await;
    let (code, doc) = sync_json(&env, "lab", &[]);
    assert_eq!(
        (code, only(&doc)["error_type"].as_str()),
        (1, Some("not_configured"))
    );
    assert!(received_text(&elsewhere).await.is_empty());
}

#[tokio::test]
async fn a_next_page_on_another_origin_is_invalid_and_never_asked_for() {
    let (server, env) = setup("openrouter").await;
    let elsewhere = MockServer::start().await;
    serve_full(&elsewhere, "openrouter").await;
    let mut page: Value = serde_json::from_slice(&crate::fake::fixture(
        "openrouter/models_list_paged_p1_offset0.json",
    ))
    .unwrap();
    page["links"]["next"] = json!(format!("{}/api/v1/models?offset=9", elsewhere.uri()));
    get(
        &server,
        "/api/v1/models",
        ResponseTemplate::new(200).set_body_json(&page),
        None,
    )
    .await;
    let (code, doc) = sync_json(&env, "openrouter", &[]);
    let p = only(&doc);
    assert_eq!(
        (code, p["error_type"].as_str()),
        (1, Some("invalid_response")),
        "{p}"
    );
    assert!(
        p["error"]
            .as_str()
            .unwrap()
            .contains("links.next points to another origin"),
        "{p}"
    );
    assert!(received_text(&elsewhere).await.is_empty());
}

#[tokio::test]
async fn a_key_echoed_in_a_list_is_redacted_before_it_is_stored() {
    let (server, env) = setup("openai").await;
    let body = format!(
        r#"{{"object":"list","data":[{{"id":"gpt-4o","owned_by":"key {CANARY} here","created":1,"debug":{{"auth":"Bearer {CANARY}","{CANARY}":1}}}}]}}"#
    );
    get(
        &server,
        "/v1/models",
        ResponseTemplate::new(200).set_body_string(body),
        None,
    )
    .await;
    let (code, doc) = sync_json(&env, "openai", &[]);
    assert_eq!(code, 0, "{doc}");
    let b = env.stored_text().into_bytes();
    assert!(
        !b.windows(CANARY.len()).any(|w| w == CANARY.as_bytes()),
        "the key is in the database"
    );

    let raw: Vec<String> = column(&env.db(), "SELECT raw FROM models");
    assert!(raw[0].contains("Bearer (redacted)"), "{}", raw[0]);
    let owner: Vec<String> = column(&env.db(), "SELECT owner FROM models");
    assert_eq!(owner, ["key (redacted) here"]);
}

#[test]
fn a_database_url_of_no_store_is_a_configuration_error_that_never_prints_the_password() {
    let env = TestEnv::new();
    let run = env.run(&[
        "--database",
        "mysql://root:hunter2-secret@localhost/x",
        "models",
        "list",
    ]);
    run.expect_code(78).no_panic();
    assert!(
        run.stderr.contains("--database is a mysql:// URL"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
    assert!(!run.stdout.contains("hunter2"));
    let leftovers: Vec<_> = std::fs::read_dir(env.work_dir()).unwrap().collect();
    assert!(
        leftovers.is_empty(),
        "no file named after the URL: {leftovers:?}"
    );
}

#[tokio::test]
async fn tls_and_decoding_failures_are_not_retried() {
    // A plain-text server spoken to over https: the handshake fails the same way every time.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = std::sync::Arc::clone(&accepted);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut s = stream;
            let _ = std::io::Write::write_all(
                &mut s,
                b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n",
            );
        }
    });
    let mut env = TestEnv::new();
    env.set("OPENAI_API_KEY", CANARY)
        .set("OPENAI_BASE_URL", &format!("https://127.0.0.1:{port}/v1"))
        .set("AISYNC_TEST_SKIP_RETRY_SLEEP", "true")
        .set("AI_SYNC_RETRY_ATTEMPTS", "3");
    let (code, doc) = sync_json(&env, "openai", &[]);
    assert_eq!(code, 1, "{doc}");
    assert!(
        only(&doc)["error"]
            .as_str()
            .unwrap()
            .starts_with("TLS with https://127.0.0.1"),
        "{doc}"
    );
    assert_eq!(
        accepted.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "tried once"
    );

    // A body that claims gzip and is not: the same bytes would come again.
    let (server, env) = setup("openai").await;
    get(
        &server,
        "/v1/models",
        ResponseTemplate::new(200)
            .insert_header("content-encoding", "gzip")
            .set_body_bytes(b"this is not gzip at all".to_vec()),
        None,
    )
    .await;
    let (code, doc) = sync_json(&env, "openai", &[]);
    assert_eq!(code, 1);
    assert_eq!(only(&doc)["error_type"], "invalid_response", "{doc}");
    assert_eq!(hits(&server, "/v1/models").await, 1, "tried once");
}

/// Every provider synced from its capture and priced from every fixture catalog: no model is
/// left unpriced that a catalog gives a price for under its own id. (265 of 303 are priced.)
#[tokio::test]
#[allow(clippy::too_many_lines)] // one scenario: the fixtures in, an independent check out
async fn the_fixture_providers_priced_from_the_fixture_catalogs_leave_nothing_priceable_unpriced() {
    let providers = [
        "openai",
        "gemini",
        "xai",
        "anthropic",
        "mistral",
        "openrouter",
        "groq",
        "deepseek",
        "together",
    ];
    let mut env = TestEnv::new();
    env.set("AISYNC_TEST_SKIP_RETRY_SLEEP", "true");
    let mut servers = Vec::new();
    for provider in providers {
        let server = MockServer::start().await;
        let (key, base, prefix) = vars(provider);
        env.set(key, CANARY)
            .set(base, &format!("{}{prefix}", server.uri()));
        serve_full(&server, provider).await;
        servers.push(server);
    }
    let root =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/catalogs");
    let file = |p: &str| root.join(p).to_str().unwrap().to_owned();
    let cfg = env.write(
        "c.toml",
        &format!(
            "[[catalogs]]\nurl = {:?}\nformat = \"litellm\"\n\n[[catalogs]]\nurl = {:?}\nformat = \"openrouter\"\n\n\
             [[catalogs]]\nurl = {:?}\nformat = \"genai-prices\"\n",
            file("litellm/model_prices_and_context_window.json"),
            file("openrouter/models.2026-08-01.json"),
            file("genai-prices/data.json"),
        ),
    );
    env.set("AISYNC_CONFIG", cfg.to_str().unwrap());
    let p: Vec<&str> = providers.to_vec();
    env.run(&["sync-models", "-p", &p.join(",")]).no_panic();
    env.run(&["sync-pricing", "--accept-changes"]).no_panic();
    let list = env.run(&["models", "list", "--format", "json"]).json();
    let models = list.as_array().unwrap();
    let unpriced: Vec<(String, String)> = models
        .iter()
        .filter(|m| m["pricing"].is_null())
        .map(|m| {
            (
                m["provider"].as_str().unwrap().to_owned(),
                m["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // What LiteLLM and OpenRouter price under the model's own id (LiteLLM keys with or
    // without the provider's prefix; OpenRouter's `author/id`). A cost LiteLLM gives in no
    // unit of a request (DBUs, credits, sessions, storage, resolution or clip-length prices)
    // is no price of one.
    let litellm: serde_json::Map<String, Value> = serde_json::from_str(
        &std::fs::read_to_string(file("litellm/model_prices_and_context_window.json")).unwrap(),
    )
    .unwrap();
    let names = |provider: &str| -> &'static [&'static str] {
        match provider {
            "openai" => &["openai", "text-completion-openai"],
            "gemini" => &["gemini"],
            "xai" => &["xai"],
            "anthropic" => &["anthropic"],
            "mistral" => &["mistral"],
            "openrouter" => &["openrouter"],
            "groq" => &["groq"],
            "deepseek" => &["deepseek"],
            "together" => &["together_ai"],
            _ => &[],
        }
    };
    let not_a_request_price = [
        "dbu",
        "credit",
        "per_session",
        "per_gb",
        "1k_calls",
        "interval",
        "1080p",
        "pixels",
        "premium",
    ];
    let priced_by_litellm = |provider: &str, id: &str| {
        litellm.iter().any(|(key, v)| {
            let lp = v["litellm_provider"].as_str().unwrap_or_default();
            names(provider).contains(&lp)
                && (key == id || key == &format!("{lp}/{id}"))
                && v.as_object().unwrap().keys().any(|k| {
                    k.contains("cost") && !not_a_request_price.iter().any(|n| k.contains(n))
                })
        })
    };
    let openrouter: Value = serde_json::from_str(
        &std::fs::read_to_string(file("openrouter/models.2026-08-01.json")).unwrap(),
    )
    .unwrap();
    let priced_by_openrouter = |id: &str| {
        openrouter["data"].as_array().unwrap().iter().any(|m| {
            m["id"] == id
                && m["pricing"]["prompt"]
                    .as_str()
                    .is_some_and(|p| !p.starts_with('-'))
        })
    };
    let missed: Vec<&(String, String)> = unpriced
        .iter()
        .filter(|(provider, id)| {
            priced_by_litellm(provider, id)
                || (provider == "openrouter" && priced_by_openrouter(id))
        })
        .collect();
    assert_eq!(
        missed,
        Vec::<&(String, String)>::new(),
        "a source prices these"
    );
    let priced = models.len() - unpriced.len();
    assert!(
        priced * 100 >= models.len() * 80,
        "{priced} of {}",
        models.len()
    );
}

//! Fake provider servers on 127.0.0.1 (wiremock) that replay the real captures in
//! `../shared/fixtures/providers/` byte for byte, with the status code and headers recorded
//! beside them (`*.meta.json`), and inject faults.

use std::path::PathBuf;
use std::time::Duration;

use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The key every fake provider is given: it must never appear in any output or file.
pub const CANARY: &str = "sk-canary-7f3a9c1e5b2d4086";

/// A capture's bytes.
pub fn fixture(name: &str) -> Vec<u8> {
    let p = fixtures_dir().join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/providers")
}

/// The response a capture was recorded with: its body, and its status and headers when a
/// `.meta.json` sits beside it (else 200 and JSON).
pub fn replay(name: &str) -> ResponseTemplate {
    let body = fixture(name);
    let meta_path = fixtures_dir().join(name.replace(".json", ".meta.json"));
    let (status, headers) = match std::fs::read(&meta_path) {
        Ok(text) => {
            let meta: serde_json::Value = serde_json::from_slice(&text).unwrap();
            let status = meta["status"].as_u64().unwrap() as u16;
            let headers: Vec<(String, String)> = meta["headers"]
                .as_object()
                .unwrap()
                .iter()
                .filter(|(k, _)| !k.eq_ignore_ascii_case("content-length"))
                .filter_map(|(k, v)| Some((k.clone(), v.as_array()?.first()?.as_str()?.to_owned())))
                .collect();
            (status, headers)
        }
        Err(_) => (
            200,
            vec![("Content-Type".to_owned(), "application/json".to_owned())],
        ),
    };
    with_headers(ResponseTemplate::new(status).set_body_bytes(body), &headers)
}

/// The same capture served with another status (error bodies recorded without a meta file).
pub fn replay_as(status: u16, name: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_bytes(fixture(name))
        .insert_header("content-type", "application/json")
}

fn with_headers(mut t: ResponseTemplate, headers: &[(String, String)]) -> ResponseTemplate {
    for (k, v) in headers {
        t = t.insert_header(k.as_str(), v.as_str());
    }
    t
}

/// A CDN's HTML error page.
pub fn html_page(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_string("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>")
        .insert_header("content-type", "text/html")
}

/// The first `n` bytes of a capture: a body cut off in the middle.
pub fn truncated(name: &str, n: usize) -> ResponseTemplate {
    let mut body = fixture(name);
    body.truncate(n);
    ResponseTemplate::new(200)
        .set_body_bytes(body)
        .insert_header("content-type", "application/json")
}

/// An answer that only comes after `delay`.
pub fn stalled(name: &str, delay: Duration) -> ResponseTemplate {
    replay(name).set_delay(delay)
}

/// Serves `response` for `GET path` (any query), at most `times` times when given.
pub async fn get(server: &MockServer, at: &str, response: ResponseTemplate, times: Option<u64>) {
    let mut m = Mock::given(method("GET"))
        .and(path(at))
        .respond_with(response);
    if let Some(n) = times {
        m = m.up_to_n_times(n);
    }
    m.mount(server).await;
}

/// Serves `response` for `GET path?key=value`.
pub async fn get_query(
    server: &MockServer,
    at: &str,
    key: &str,
    value: &str,
    response: ResponseTemplate,
) {
    Mock::given(method("GET"))
        .and(path(at))
        .and(query_param(key, value))
        .respond_with(response)
        .mount(server)
        .await;
}

/// Serves `response` for `GET path` without `key` in the query (a first page).
pub async fn get_without(server: &MockServer, at: &str, key: &str, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(at))
        .and(query_param_is_missing(key))
        .respond_with(response)
        .mount(server)
        .await;
}

/// How many requests the server received for `path`.
pub async fn hits(server: &MockServer, at: &str) -> usize {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == at)
        .count()
}

//! Unit tests of `drivers::errors`.

use super::*;
use crate::drivers::fixture;

fn reply(status: u16, body: Vec<u8>) -> Reply {
    Reply {
        status: reqwest::StatusCode::from_u16(status).unwrap(),
        headers: reqwest::header::HeaderMap::new(),
        body,
    }
}

#[test]
#[allow(clippy::too_many_lines)] // one row per captured error body
fn every_captured_error_body_is_classified() {
    let cases = [
        (
            Kind::OpenAi,
            401,
            "openai/error_401_invalid_api_key.json",
            ErrorType::InvalidCredentials,
        ),
        (
            Kind::OpenAi,
            404,
            "openai/error_404_model_not_found.json",
            ErrorType::NotFound,
        ),
        (
            Kind::OpenAi,
            429,
            "openai/error_429_insufficient_quota.json",
            ErrorType::QuotaExceeded,
        ),
        (
            Kind::OpenAi,
            429,
            "openai/error_429_rate_limit_exceeded.json",
            ErrorType::RateLimited,
        ),
        (
            Kind::OpenAi,
            500,
            "openai/error_500_server_error.json",
            ErrorType::ServerError,
        ),
        (
            Kind::Gemini,
            400,
            "gemini/error_400_api_key_invalid.json",
            ErrorType::InvalidCredentials,
        ),
        (
            Kind::Gemini,
            500,
            "gemini/error_500_internal.json",
            ErrorType::ServerError,
        ),
        (
            Kind::Xai,
            400,
            "xai/error_400_invalid_api_key.json",
            ErrorType::InvalidCredentials,
        ),
        (
            Kind::Anthropic,
            401,
            "anthropic/error_401_authentication_error.json",
            ErrorType::InvalidCredentials,
        ),
        (
            Kind::Anthropic,
            404,
            "anthropic/error_404_not_found.json",
            ErrorType::NotFound,
        ),
        (
            Kind::Anthropic,
            429,
            "anthropic/error_429_rate_limit_error.json",
            ErrorType::RateLimited,
        ),
        (
            Kind::Anthropic,
            500,
            "anthropic/error_500_api_error.json",
            ErrorType::ServerError,
        ),
        (
            Kind::Anthropic,
            529,
            "anthropic/error_529_overloaded_error.json",
            ErrorType::ServerError,
        ),
        (
            Kind::Mistral,
            401,
            "mistral/error_401_unauthorized_models.json",
            ErrorType::InvalidCredentials,
        ),
        (
            Kind::Mistral,
            429,
            "mistral/error_429_rate_limited.json",
            ErrorType::RateLimited,
        ),
        (
            Kind::Mistral,
            429,
            "mistral/error_429_rate_limited_v2.json",
            ErrorType::RateLimited,
        ),
        (
            Kind::OpenRouter,
            401,
            "openrouter/error_401_user_not_found.json",
            ErrorType::InvalidCredentials,
        ),
        (
            Kind::Ollama,
            404,
            "ollama/error_404_model_not_found.json",
            ErrorType::NotFound,
        ),
        (
            Kind::Groq,
            401,
            "groq/error_401_invalid_api_key.json",
            ErrorType::InvalidCredentials,
        ),
        (
            Kind::Groq,
            429,
            "groq/error_429_rate_limit_exceeded.json",
            ErrorType::RateLimited,
        ),
        (
            Kind::DeepSeek,
            401,
            "deepseek/error_401_authentication_fails.json",
            ErrorType::InvalidCredentials,
        ),
        (
            Kind::Together,
            401,
            "together/error_401_unauthorized.json",
            ErrorType::InvalidCredentials,
        ),
    ];
    for (kind, status, path, expected) in cases {
        let body = fixture(path);
        let e = classify(kind, &reply(status, body), None);
        assert_eq!(e.error_type, expected, "{path}: {}", e.message);
        let words = read_body(&fixture(path)).unwrap().message.unwrap();
        assert!(
            e.message.contains(&clip(&words)),
            "{path}: {} lacks {words}",
            e.message
        );
    }
}

#[test]
fn a_gemini_400_without_the_key_reason_is_not_a_credentials_error() {
    let body =
        br#"{"error":{"code":400,"message":"Invalid JSON payload","status":"INVALID_ARGUMENT"}}"#;
    let e = classify(Kind::Gemini, &reply(400, body.to_vec()), None);
    assert_eq!(e.error_type, ErrorType::NotConfigured);
}

#[test]
fn html_and_empty_bodies_are_described() {
    let html = b"<html><body><h1>502 Bad Gateway</h1></body></html>".to_vec();
    let e = classify(Kind::OpenAi, &reply(502, html), None);
    assert_eq!(e.error_type, ErrorType::ServerError);
    assert_eq!(
        e.message,
        "server error (HTTP 502): an HTML page instead of JSON (likely from a proxy or CDN)"
    );
    let e = classify(Kind::OpenAi, &reply(503, Vec::new()), None);
    assert_eq!(e.message, "server error (HTTP 503): (empty body)");
}

#[test]
fn an_echoed_key_is_scrubbed() {
    let body = br#"{"error":{"message":"Incorrect API key provided: sk-canary-777","code":"invalid_api_key"}}"#;
    let key = Secret::new("sk-canary-777");
    let e = classify(Kind::OpenAi, &reply(401, body.to_vec()), Some(&key));
    assert_eq!(
        e.message,
        "API authentication failed: Incorrect API key provided: (redacted)"
    );
}

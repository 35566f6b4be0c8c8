//! A provider's failure, classified from the HTTP status and the provider's own error body
//! (its `type`, `code`, `status` and `reason` fields), never from the words of its message.
//! The message quotes the provider's words, with any echoed key scrubbed out.

use serde_json::Value;

use crate::http::Reply;
use crate::model::{ErrorType, ProviderError};
use crate::providers::Kind;
use crate::secret::Secret;

/// The longest provider message quoted, in characters.
const MAX_MESSAGE_CHARS: usize = 300;

/// What an error body says, in any of the envelopes providers use.
#[derive(Debug, Default, PartialEq)]
pub struct ErrorBody {
    /// The provider's own words.
    pub message: Option<String>,
    /// Machine-readable markers: `type`, `code`, `status`, `details[].reason`.
    pub tags: Vec<String>,
}

impl ErrorBody {
    fn has(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

/// Reads the error envelopes of every supported provider: OpenAI-style
/// `{"error":{"message","type","code"}}`, Anthropic `{"type":"error","error":{…}}`, Google
/// `{"error":{"code","message","status","details":[{"reason"}]}}`, xAI `{"code","error"}`,
/// Mistral `{"detail"}` / `{"message"}`, Ollama `{"error":"…"}`. `None`: not JSON at all.
pub fn read_body(body: &[u8]) -> Option<ErrorBody> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let mut out = ErrorBody::default();
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let inner = v.get("error");
    out.message = inner
        .and_then(|e| e.get("message"))
        .and_then(Value::as_str)
        .or_else(|| inner.and_then(Value::as_str))
        .or_else(|| v.get("detail").and_then(Value::as_str))
        .or_else(|| v.get("message").and_then(Value::as_str))
        .map(str::to_owned);
    for holder in [Some(&v), inner].into_iter().flatten() {
        for key in ["type", "code", "status"] {
            if let Some(t) = holder.get(key).and_then(text) {
                out.tags.push(t);
            }
        }
        if let Some(details) = holder.get("details").and_then(Value::as_array) {
            out.tags.extend(
                details
                    .iter()
                    .filter_map(|d| d.get("reason").and_then(Value::as_str))
                    .map(str::to_owned),
            );
        }
    }
    Some(out)
}

/// The error type of a failed answer.
pub fn error_type(kind: Kind, status: u16, body: Option<&ErrorBody>) -> ErrorType {
    let has = |tag: &str| body.is_some_and(|b| b.has(tag));
    match status {
        401 => ErrorType::InvalidCredentials,
        402 => ErrorType::QuotaExceeded,
        403 => ErrorType::PermissionDenied,
        404 => ErrorType::NotFound,
        408 => ErrorType::Timeout,
        429 if has("insufficient_quota") => ErrorType::QuotaExceeded,
        429 => ErrorType::RateLimited,
        // Google and xAI answer a bad key with 400. Google says so in `details[].reason`;
        // xAI's list endpoints take no argument but the key, so `invalid-argument` is the key.
        400 if kind == Kind::Gemini && has("API_KEY_INVALID") => ErrorType::InvalidCredentials,
        400 if kind == Kind::Gemini && (has("FAILED_PRECONDITION") || has("PERMISSION_DENIED")) => {
            ErrorType::PermissionDenied
        }
        400 if kind == Kind::Xai && has("invalid-argument") => ErrorType::InvalidCredentials,
        400 if has("invalid_api_key") => ErrorType::InvalidCredentials,
        400..=499 => ErrorType::NotConfigured,
        _ => ErrorType::ServerError,
    }
}

/// The whole error for a non-2xx answer: its type and a one-line message in the provider's
/// words, with `key` scrubbed out.
pub fn classify(kind: Kind, reply: &Reply, key: Option<&Secret>) -> ProviderError {
    let status = reply.status.as_u16();
    let body = read_body(&reply.body);
    let error_type = error_type(kind, status, body.as_ref());
    let words = match body.as_ref().and_then(|b| b.message.clone()) {
        Some(m) if !m.trim().is_empty() => m,
        _ => describe_body(&reply.body),
    };
    let words = clip(&key.map_or(words.clone(), |k| k.redact(&words)));
    let message = match error_type {
        ErrorType::InvalidCredentials => format!("API authentication failed: {words}"),
        ErrorType::PermissionDenied => format!("permission denied (HTTP {status}): {words}"),
        ErrorType::RateLimited => format!("rate limited (HTTP {status}): {words}"),
        ErrorType::QuotaExceeded => format!("quota exceeded (HTTP {status}): {words}"),
        ErrorType::NotFound => {
            format!("not found (HTTP {status}): {words}; check the provider's base URL")
        }
        ErrorType::NotConfigured => {
            format!("request rejected (HTTP {status}): {words}; check the provider's settings")
        }
        ErrorType::Timeout => format!("the provider timed out (HTTP {status}): {words}"),
        _ => format!("server error (HTTP {status}): {words}"),
    };
    ProviderError::new(error_type, message)
}

/// A body that is not a JSON error envelope, described rather than dumped.
fn describe_body(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        "(empty body)".to_owned()
    } else if trimmed.starts_with('<') {
        "an HTML page instead of JSON (likely from a proxy or CDN)".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// One line of at most [`MAX_MESSAGE_CHARS`] characters.
fn clip(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= MAX_MESSAGE_CHARS {
        line
    } else {
        let cut: String = line.chars().take(MAX_MESSAGE_CHARS).collect();
        format!("{cut}…")
    }
}

/// A 2xx body that is not what the provider documents.
pub fn invalid_body(what: &str, e: &serde_json::Error) -> ProviderError {
    let looks_html = e.is_syntax() && e.line() == 1 && e.column() <= 1;
    let why = if looks_html {
        "not JSON (an HTML page or plain text?)".to_owned()
    } else if e.is_eof() {
        format!("JSON cut short ({e}); the response was truncated")
    } else {
        format!("unexpected JSON: {e}")
    };
    ProviderError::new(
        ErrorType::InvalidResponse,
        format!("the {what} response is {why}"),
    )
}

#[cfg(test)]
mod tests {
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
        let body = br#"{"error":{"code":400,"message":"Invalid JSON payload","status":"INVALID_ARGUMENT"}}"#;
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
}

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

#[cfg(test)]
mod tests;

//! The `webhook` sink: the event POSTed as JSON through the project's HTTP client (its
//! timeouts, bounded retries with backoff, and redirect rules), signed when the sink has a
//! secret: `X-Aisync-Signature: sha256=<hex>`, the HMAC-SHA256 of the exact body bytes.

use reqwest::Url;

use crate::config::Config;
use crate::config::notify::Sink;
use crate::http::{Http, HttpSettings, Reply, Request, origin};
use crate::model::{ErrorType, Event, ProviderError};
use crate::secret::Secret;

/// Attempts in all for a transient failure (timeouts, 429, 5xx).
const ATTEMPTS: u32 = 3;
/// A receiver's answer is not read past this.
const MAX_REPLY_BYTES: usize = 1024 * 1024;

pub async fn post(
    config: &Config,
    sink: &Sink,
    url: &Url,
    secret: Option<&(String, Option<Secret>)>,
    event: &Event,
    body: Vec<u8>,
) -> Result<(), ProviderError> {
    let http = Http::new(HttpSettings {
        timeout: sink.timeout,
        attempts: ATTEMPTS,
        now: config.now,
        skip_retry_sleep: config.skip_retry_sleep,
        max_body: MAX_REPLY_BYTES,
    })
    .map_err(|e| ProviderError::new(ErrorType::Network, e.to_string()))?;
    let signature = match secret {
        None => None,
        Some((_, Some(key))) => Some(Secret::new(format!("sha256={}", sign(key, &body)))),
        Some((var, None)) => {
            return Err(ProviderError::new(
                ErrorType::NotConfigured,
                format!(
                    "{var} (secret_env) is not set; set it, or remove secret_env to send unsigned"
                ),
            ));
        }
    };
    // Its path and query may hold a token: logs name its origin only, and it is never
    // followed to another origin.
    let mut req = Request::post_json_bytes(url.clone(), body)
        .private_url()
        .header("X-Aisync-Event", event.kind.as_str())
        .header("X-Aisync-Seq", &event.seq.to_string());
    if let Some(sig) = &signature {
        req = req.secret_header("X-Aisync-Signature", "", sig);
    }
    let at = origin(url);
    http.send(&req, &|reply: &Reply| classify(&at, reply))
        .await
        .map(drop)
        .map_err(|mut e| {
            if e.error_type == ErrorType::Timeout {
                e.message = format!(
                    "no answer from {at} within {} s (raise timeout_seconds of [[notify]] \"{}\")",
                    sink.timeout.as_secs(),
                    sink.name
                );
            }
            e
        })
}

/// What a receiver's refusal means, from its status alone (its body is its own business).
fn classify(at: &str, reply: &Reply) -> ProviderError {
    let status = reply.status.as_u16();
    let error_type = match status {
        401 => ErrorType::InvalidCredentials,
        403 => ErrorType::PermissionDenied,
        404 | 410 => ErrorType::NotFound,
        408 => ErrorType::Timeout,
        429 => ErrorType::RateLimited,
        500..=599 => ErrorType::ServerError,
        _ => ErrorType::InvalidResponse,
    };
    ProviderError::new(error_type, format!("{at} answered HTTP {status}"))
}

/// The lowercase hex HMAC-SHA256 of `body` under `key`.
pub fn sign(key: &Secret, body: &[u8]) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key.expose().as_bytes());
    crate::hex::lower(ring::hmac::sign(&key, body).as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231, test case 2.
    #[test]
    fn signature_is_rfc_4231_hmac_sha256() {
        assert_eq!(
            sign(&Secret::new("Jefe"), b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}

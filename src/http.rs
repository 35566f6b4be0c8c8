//! The one HTTP client: rustls, gzip, `aisync/VERSION`, connect and request timeouts, a cap on
//! response size, and a short explicit retry loop for transient failures only.
//!
//! Retries: connect errors, timeouts and HTTP 408, 429, 500, 502, 503, 504, 529, up to the
//! configured attempts in all; `Retry-After` (seconds or an HTTP date) honoured and capped,
//! exponential backoff with jitter from 1 s otherwise. 400, 401, 403 and 404 are never retried.
//! What a failure *means* is the driver's call: it passes a classifier that reads the status and
//! the provider's error body. TLS, redirect-policy and decoding errors are never retried:
//! another attempt would meet the same certificate, the same redirect, the same bytes.
//!
//! Redirects: followed automatically only within the same origin (scheme, host, port). A
//! request that carries a credential — a key, or a configured header — is never followed to
//! another origin: it fails, naming where it was sent, and the key goes nowhere else. A request
//! without one (a public catalog) follows up to [`MAX_REDIRECTS`] redirects anywhere.

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode, Url};

use crate::model::{ErrorType, ProviderError};
use crate::secret::Secret;

/// The first backoff delay; each retry doubles it.
const RETRY_BASE_DELAY: Duration = Duration::from_secs(1);
/// No wait between attempts is longer than this, `Retry-After` included.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(30);
/// Connecting takes at most this long (or the request timeout, if shorter).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest response body read, in bytes: far above any real model list.
pub const MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// The most redirects one request follows.
pub const MAX_REDIRECTS: usize = 10;

/// HTTP statuses worth another attempt.
const TRANSIENT_STATUSES: [u16; 7] = [408, 429, 500, 502, 503, 504, 529];

/// How the client behaves; built once per run from the configuration.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub timeout: Duration,
    /// Attempts in all for a transient failure (at least 1).
    pub attempts: u32,
    /// The run's clock, for `Retry-After` given as an HTTP date.
    pub now: DateTime<Utc>,
    /// Tests only: compute and log every delay but do not sleep it.
    pub skip_retry_sleep: bool,
    pub max_body: usize,
}

/// A client that every driver shares; cheap to clone.
#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
    settings: HttpSettings,
}

/// One request a driver wants made.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub url: Url,
    headers: HeaderMap,
    /// A JSON body, sent as these exact bytes (a signature may be of them).
    pub body: Option<Vec<u8>>,
    /// Carries a credential: never sent on to another origin.
    credentialed: bool,
    /// Its path and query may hold a token (a webhook's): logs show its origin only.
    private_url: bool,
}

/// An answer that arrived whole: its status, headers and body.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// The client could not be built (bad TLS setup). Exit 1.
#[derive(Debug, thiserror::Error)]
#[error("cannot set up the HTTP client: {0}")]
pub struct ClientError(#[from] reqwest::Error);

impl Request {
    pub fn get(url: Url) -> Self {
        Self {
            method: Method::GET,
            url,
            headers: HeaderMap::new(),
            body: None,
            credentialed: false,
            private_url: false,
        }
    }

    pub fn post_json(url: Url, body: &serde_json::Value) -> Self {
        Self::post_json_bytes(url, body.to_string().into_bytes())
    }

    /// POSTs `body`, JSON already serialized, byte for byte.
    pub fn post_json_bytes(url: Url, body: Vec<u8>) -> Self {
        Self {
            method: Method::POST,
            url,
            headers: HeaderMap::new(),
            body: Some(body),
            credentialed: false,
            private_url: false,
        }
    }

    /// Marks the request as carrying a credential (a configured header may be one): it is
    /// never sent on to another origin.
    #[must_use]
    pub fn credentialed(mut self) -> Self {
        self.credentialed = true;
        self
    }

    /// Marks the URL as a secret in itself (a webhook's path or query may hold its token):
    /// logs and errors name its origin only. Implies [`Self::credentialed`].
    #[must_use]
    pub fn private_url(mut self) -> Self {
        self.private_url = true;
        self.credentialed = true;
        self
    }

    /// Where the request goes, as logs may show it.
    fn shown_url(&self) -> String {
        if self.private_url {
            format!("{}/…", origin(&self.url))
        } else {
            self.url.to_string()
        }
    }

    /// Adds a header. Names and values that HTTP cannot carry are dropped with a warning.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            self.headers.insert(n, v);
        } else {
            tracing::warn!(header = name, "skipping a header that HTTP cannot carry");
        }
        self
    }

    /// Adds a header that carries a secret: marked sensitive, so no log ever prints it.
    #[must_use]
    pub fn secret_header(mut self, name: &'static str, prefix: &str, secret: &Secret) -> Self {
        if let (Ok(n), Ok(mut v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&format!("{prefix}{}", secret.expose())),
        ) {
            v.set_sensitive(true);
            self.headers.insert(n, v);
            self.credentialed = true;
        } else {
            tracing::warn!(
                header = name,
                "the API key holds characters HTTP cannot carry"
            );
        }
        self
    }
}

/// Why an attempt got no whole answer.
enum Transport {
    Timeout,
    Connect(String),
    /// The TLS handshake failed (an unknown issuer, a wrong name): not transient.
    Tls(String),
    TooLarge,
    /// The body could not be decoded (gzip): not transient.
    Decode(String),
    /// The redirect policy refused (too many redirects): not transient.
    Redirect(String),
    Other(String),
}

impl Http {
    pub fn new(settings: HttpSettings) -> Result<Self, ClientError> {
        // Within one origin, redirects are followed here; to another, the answer comes back to
        // `send`, which decides by the request.
        let same_origin = reqwest::redirect::Policy::custom(|attempt| {
            let from = attempt.previous().last().map(Url::origin);
            if attempt.previous().len() > MAX_REDIRECTS {
                attempt.error("too many redirects")
            } else if from.as_ref() == Some(&attempt.url().origin()) {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        let client = reqwest::Client::builder()
            .user_agent(concat!("aisync/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(CONNECT_TIMEOUT.min(settings.timeout))
            .timeout(settings.timeout)
            .redirect(same_origin)
            .gzip(true)
            .build()?;
        Ok(Self { client, settings })
    }

    /// The one client of a run, from its configuration (timeout, attempts, the clock).
    pub fn from_config(config: &crate::config::Config) -> Result<Self, ClientError> {
        Self::new(HttpSettings {
            timeout: config.timeout,
            attempts: config.retry_attempts,
            now: config.now,
            skip_retry_sleep: config.skip_retry_sleep,
            max_body: MAX_RESPONSE_BYTES,
        })
    }

    /// Sends `req`, retrying transient failures, and returns a 2xx reply. Any other answer is
    /// turned into a [`ProviderError`] by `classify`, which reads the provider's error body.
    pub async fn send(
        &self,
        req: &Request,
        classify: &(dyn Fn(&Reply) -> ProviderError + Sync),
    ) -> Result<Reply, ProviderError> {
        let attempts = self.settings.attempts.max(1);
        let mut attempt = 1;
        let mut req = std::borrow::Cow::Borrowed(req);
        let mut redirects = 0;
        loop {
            let (error, retry_after) = match self.once(&req).await {
                // 304 answers a conditional request (If-None-Match): the caller's copy is current.
                Ok(reply) if reply.status.is_success() || reply.status == 304 => return Ok(reply),
                // A redirect to another origin: the same-origin ones were followed already.
                Ok(reply) if reply.status.is_redirection() => {
                    redirects += 1;
                    req = std::borrow::Cow::Owned(follow(&req, &reply, redirects, classify)?);
                    continue;
                }
                Ok(reply) => {
                    let error = classify(&reply);
                    let transient = TRANSIENT_STATUSES.contains(&reply.status.as_u16())
                        && error.error_type != ErrorType::QuotaExceeded;
                    if !transient {
                        return Err(error);
                    }
                    let retry_after = retry_after(&reply.headers, self.settings.now);
                    (error, retry_after)
                }
                Err(failure) => (self.failure(&req.url, failure)?, None),
            };
            if attempt >= attempts {
                return Err(error);
            }
            let delay = retry_after.map_or_else(|| backoff(attempt), |d| d.min(MAX_RETRY_DELAY));
            tracing::debug!(
                url = %if req.private_url { "…".to_owned() } else { req.url.path().to_owned() },
                attempt,
                of = attempts,
                delay_ms = delay.as_millis() as u64,
                from_retry_after = retry_after.is_some(),
                error_type = error.error_type.as_str(),
                error = %error.message,
                "retrying after a transient failure"
            );
            crate::progress::note(format!(
                "retrying in {:.0} s after {} (attempt {} of {attempts})",
                delay.as_secs_f64().ceil(),
                error.error_type.as_str(),
                attempt + 1
            ));
            if !self.settings.skip_retry_sleep {
                tokio::time::sleep(delay).await;
            }
            attempt += 1;
        }
    }

    /// What a failed attempt means: `Ok` with the error when another attempt may do better
    /// (a timeout, a refused connection), `Err` when it would meet the same (TLS, a body that
    /// does not decode, endless redirects, a body too large).
    fn failure(&self, url: &Url, failure: Transport) -> Result<ProviderError, ProviderError> {
        let at = origin(url);
        let fatal = |error_type, message| Err(ProviderError::new(error_type, message));
        match failure {
            Transport::TooLarge => fatal(
                ErrorType::InvalidResponse,
                format!(
                    "the response from {at} is larger than {} MiB; refusing to read it",
                    self.settings.max_body / (1024 * 1024)
                ),
            ),
            Transport::Tls(why) => {
                fatal(ErrorType::Network, format!("TLS with {at} failed: {why}"))
            }
            Transport::Redirect(why) => fatal(
                ErrorType::InvalidResponse,
                format!("{at} redirects without end: {why}"),
            ),
            Transport::Decode(why) => fatal(
                ErrorType::InvalidResponse,
                format!("the answer from {at} cannot be decoded: {why}"),
            ),
            Transport::Timeout => Ok(ProviderError::new(
                ErrorType::Timeout,
                format!(
                    "no answer from {at} within {} s (raise --timeout or AI_SYNC_TIMEOUT)",
                    self.settings.timeout.as_secs()
                ),
            )),
            Transport::Connect(why) => Ok(ProviderError::new(
                ErrorType::Network,
                format!("cannot connect to {at}: {why}"),
            )),
            Transport::Other(why) => Ok(ProviderError::new(
                ErrorType::Network,
                format!("request to {at} failed: {why}"),
            )),
        }
    }

    /// One attempt: the whole body, or why not.
    async fn once(&self, req: &Request) -> Result<Reply, Transport> {
        tracing::trace!(method = %req.method, url = %req.shown_url(), "request");
        let mut builder = self
            .client
            .request(req.method.clone(), req.url.clone())
            .headers(req.headers.clone());
        if let Some(body) = &req.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        let mut response = builder.send().await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        if response
            .content_length()
            .is_some_and(|n| n > self.settings.max_body as u64)
        {
            return Err(Transport::TooLarge);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > self.settings.max_body {
                return Err(Transport::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        tracing::trace!(status = status.as_u16(), bytes = body.len(), "response");
        Ok(Reply {
            status,
            headers,
            body,
        })
    }
}

/// The request a redirect to another origin leads to, for a request without a credential;
/// a request with one is never sent on, and the error says where it was sent.
fn follow(
    req: &Request,
    reply: &Reply,
    redirects: usize,
    classify: &(dyn Fn(&Reply) -> ProviderError + Sync),
) -> Result<Request, ProviderError> {
    let target = reply
        .headers
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|to| req.url.join(to).ok());
    let Some(target) = target else {
        return Err(classify(reply));
    };
    if req.credentialed {
        return Err(ProviderError::new(
            ErrorType::NotConfigured,
            format!(
                "{} redirected to another origin, {}; not followed, so the key was not sent there (if that is the provider's address, set it as the base URL)",
                origin(&req.url),
                origin(&target)
            ),
        ));
    }
    if redirects > MAX_REDIRECTS {
        return Err(ProviderError::new(
            ErrorType::InvalidResponse,
            format!(
                "{} redirected more than {MAX_REDIRECTS} times",
                origin(&req.url)
            ),
        ));
    }
    let mut next = Request::get(target);
    next.headers.clone_from(&req.headers);
    Ok(next)
}

#[allow(clippy::needless_pass_by_value)] // a `map_err` callback
fn transport(e: reqwest::Error) -> Transport {
    if e.is_timeout() {
        Transport::Timeout
    } else if e.is_decode() {
        Transport::Decode(root_cause(&e))
    } else if e.is_connect() && is_tls(&e) {
        // The handshake is part of connecting.
        Transport::Tls(root_cause(&e))
    } else if e.is_connect() {
        Transport::Connect(root_cause(&e))
    } else if e.is_redirect() {
        Transport::Redirect(root_cause(&e))
    } else {
        Transport::Other(root_cause(&e))
    }
}

/// Whether a failure came from the TLS layer: rustls reports it as invalid data on the
/// connection (a certificate it does not trust, a name that does not match, a server that
/// does not speak TLS), wrapped in the connector's own I/O error.
fn is_tls(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(e);
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::InvalidData {
                return true;
            }
            // An I/O error's `source` skips the error it wraps: look inside it too.
            if let Some(inner) = io.get_ref()
                && is_tls(inner)
            {
                return true;
            }
        }
        cause = c.source();
    }
    false
}

/// The innermost cause of an error, which says what actually went wrong.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// `scheme://host:port` of a URL: enough to say where, never a query string.
pub fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// The wait before attempt `attempt + 1`: 1 s, 2 s, 4 s … capped, each scaled by a random
/// factor in [0.5, 1] so that many clients do not retry in step.
pub fn backoff(attempt: u32) -> Duration {
    let exp = RETRY_BASE_DELAY.saturating_mul(1 << attempt.saturating_sub(1).min(16));
    let capped = exp.min(MAX_RETRY_DELAY);
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let factor = 0.5 + f64::from((random % 1000) as u32) / 2000.0;
    capped.mul_f64(factor)
}

/// `Retry-After` as a delay: whole seconds, or an HTTP date measured from `now`.
pub fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests;

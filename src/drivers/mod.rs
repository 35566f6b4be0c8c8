//! Provider drivers: one file per provider. `fetch` does the I/O, `parse` is a pure function of
//! the provider's response. A driver never touches the database.
//!
//! Every driver follows every page and returns the whole list or an error: a failure on any
//! page fails the provider, so its stored models stay as they were.

pub mod anthropic;
pub mod classify;
pub mod deepseek;
pub mod errors;
pub mod gemini;
pub mod groq;
pub mod mistral;
pub mod mock;
pub mod ollama;
pub mod openai;
pub mod openrouter;
pub mod together;
pub mod xai;

use reqwest::Url;
use serde_json::Value;

use crate::config::{Config, ProviderConfig};
use crate::http::{Http, Request};
use crate::model::{ErrorType, Model, ProviderError};
use crate::providers::Kind;
use crate::wire::{entries, models};

/// A provider's driver.
#[derive(Debug, Clone)]
pub enum Driver {
    Mock(mock::MockDriver),
    Http(HttpDriver),
}

/// A driver that speaks HTTP: the provider's settings and the run's client.
#[derive(Debug, Clone)]
pub struct HttpDriver {
    pub provider: ProviderConfig,
    pub http: Http,
}

impl Driver {
    /// The driver for a configured provider.
    pub fn new(provider: &ProviderConfig, config: &Config, http: &Http) -> Self {
        match provider.kind {
            Kind::Mock => Self::Mock(mock::MockDriver {
                settings: config.mock.clone(),
                timeout: config.timeout,
            }),
            _ => Self::Http(HttpDriver {
                provider: provider.clone(),
                http: http.clone(),
            }),
        }
    }

    /// Lists every model the provider offers, following every page. All or nothing.
    pub async fn fetch(&self) -> Result<Vec<Model>, ProviderError> {
        let d = match self {
            Self::Mock(m) => return m.fetch().await,
            Self::Http(d) => d,
        };
        let models = match d.provider.kind {
            Kind::OpenAi | Kind::OpenAiCompatible => openai::fetch(d).await,
            Kind::Gemini => gemini::fetch(d).await,
            Kind::Xai => xai::fetch(d).await,
            Kind::Anthropic => anthropic::fetch(d).await,
            Kind::Mistral => mistral::fetch(d).await,
            Kind::OpenRouter => openrouter::fetch(d).await,
            Kind::Ollama => ollama::fetch(d).await,
            Kind::Groq => groq::fetch(d).await,
            Kind::DeepSeek => deepseek::fetch(d).await,
            Kind::Together => together::fetch(d).await,
            Kind::Mock => Err(ProviderError::new(
                ErrorType::NotConfigured,
                "the mock provider has no HTTP endpoint",
            )),
        }?;
        Ok(models)
    }
}

/// A 2xx body with every occurrence of `key` in its JSON strings and object keys replaced by
/// `(redacted)`: a key the provider echoed never reaches a field, the raw JSON or the store.
/// A body that cannot hold the key — it is not written in it, and no escape could spell it —
/// comes back as it is, byte for byte; so does one that is not JSON (its parser says so).
pub fn redact_body(body: Vec<u8>, key: &crate::secret::Secret) -> Vec<u8> {
    fn walk(v: &mut Value, key: &crate::secret::Secret) {
        match v {
            Value::String(s) => *s = key.redact(s),
            Value::Array(a) => a.iter_mut().for_each(|x| walk(x, key)),
            Value::Object(o) => {
                let entries: Vec<(String, Value)> = std::mem::take(o).into_iter().collect();
                for (k, mut x) in entries {
                    walk(&mut x, key);
                    o.insert(key.redact(&k), x);
                }
            }
            _ => {}
        }
    }
    fn holds(v: &Value, key: &crate::secret::Secret) -> bool {
        match v {
            Value::String(s) => key.occurs_in(s.as_bytes()),
            Value::Array(a) => a.iter().any(|x| holds(x, key)),
            Value::Object(o) => o
                .iter()
                .any(|(k, x)| key.occurs_in(k.as_bytes()) || holds(x, key)),
            _ => false,
        }
    }
    if !key.occurs_in(&body) && !body.contains(&b'\\') {
        return body;
    }
    match serde_json::from_slice::<Value>(&body) {
        // Only a body that holds the key is written anew (its numbers then as JSON writes them).
        Ok(mut v) if holds(&v, key) => {
            walk(&mut v, key);
            serde_json::to_vec(&v).unwrap_or(body)
        }
        _ => body,
    }
}

impl HttpDriver {
    /// `{base}/{path}` (the base URL may or may not end with a slash).
    pub fn url(&self, path: &str) -> Result<Url, ProviderError> {
        let base = self.provider.base_url.trim_end_matches('/');
        let text = format!("{base}/{}", path.trim_start_matches('/'));
        Url::parse(&text).map_err(|e| {
            ProviderError::new(
                ErrorType::NotConfigured,
                format!("base URL {base:?} does not make a valid URL ({e})"),
            )
        })
    }

    /// A request with this provider's authentication and extra headers. Every one is marked
    /// as carrying a credential: a provider's request is never sent on to another origin.
    pub fn request(&self, req: Request) -> Request {
        let mut req = req.header("accept", "application/json").credentialed();
        if let Some(key) = &self.provider.api_key {
            req = match self.provider.kind {
                Kind::Gemini => req.secret_header("x-goog-api-key", "", key),
                Kind::Anthropic => req.secret_header("x-api-key", "", key),
                _ => req.secret_header("authorization", "Bearer ", key),
            };
        }
        if self.provider.kind == Kind::Anthropic {
            req = req.header("anthropic-version", anthropic::API_VERSION);
        }
        for (name, value) in &self.provider.headers {
            req = req.header(name, value);
        }
        req
    }

    /// Sends a request and returns the body of its 2xx answer, or the classified failure.
    pub async fn send(&self, req: Request) -> Result<Vec<u8>, ProviderError> {
        crate::progress::request();
        let req = self.request(req);
        let kind = self.provider.kind;
        let key = self.provider.api_key.clone();
        let classify =
            move |reply: &crate::http::Reply| errors::classify(kind, reply, key.as_ref());
        let reply = self.http.send(&req, &classify).await?;
        Ok(match &self.provider.api_key {
            Some(key) => redact_body(reply.body, key),
            None => reply.body,
        })
    }

    /// The body of `GET {base}/{path}`.
    pub async fn get(&self, path: &str) -> Result<Vec<u8>, ProviderError> {
        self.send(Request::get(self.url(path)?)).await
    }

    /// `GET url`; a 404 is `Ok(None)` (for endpoints that only some servers have).
    pub async fn get_if_present(&self, url: Url) -> Result<Option<Vec<u8>>, ProviderError> {
        match self.send(Request::get(url)).await {
            Ok(body) => Ok(Some(body)),
            Err(e) if e.error_type == ErrorType::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The models of a `{"data": [...]}` list (OpenAI's shape, which Mistral, Groq and DeepSeek
/// share), each entry read by `entry`; an entry that is not a model fails the answer. Pure.
pub fn parse_data_list(
    body: &[u8],
    what: &str,
    entry: fn(&Value) -> Option<Model>,
) -> Result<Vec<Model>, ProviderError> {
    models(&entries(body, "data", what)?, what, |raw| {
        serde_json::from_str::<Value>(raw.get())
            .ok()
            .and_then(|v| entry(&v))
    })
}

/// Whole models, ready to store: sources stamped, fields the id implied marked inferred.
pub fn finish(mut model: Model, inferred: &[&str]) -> Model {
    model.stamp_sources(&crate::model::FieldSource::Provider, inferred);
    model
}

/// Most pages followed for one provider: far beyond any real catalog, a guard against a
/// server that hands back the same cursor forever.
pub const MAX_PAGES: usize = 1000;

/// The error for a server whose paging never ends.
pub fn endless_paging(what: &str) -> ProviderError {
    ProviderError::new(
        ErrorType::InvalidResponse,
        format!("the {what} list kept paging past {MAX_PAGES} pages or repeated a page cursor"),
    )
}

/// A capture from `../shared/fixtures/providers/`.
#[cfg(test)]
pub fn fixture(path: &str) -> Vec<u8> {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/providers");
    std::fs::read(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[cfg(test)]
mod tests;

//! The mock provider: a deterministic catalog with no network, for demos, tests and a first run.
//!
//! It serves `mock_models.json` (compiled in), or the JSON list named by `AI_MOCK_MODELS_FILE`,
//! through the same pure [`parse`]. Like xAI's API it gives its own prices (`pricing`:
//! component key → USD, per 1M tokens for a token price, as exact strings), so an offline
//! tour shows real numbers; `AI_MOCK_PRICE` changes one of them. `AI_MOCK_VALID_CREDENTIALS`,
//! `AI_MOCK_FAIL` and `AI_MOCK_LATENCY_MS` make it fail or dawdle the way a real provider
//! would; they are read once, into `config::MockSettings`, which is all the mock knows of them.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::config::{MockFailure, MockSettings};
use crate::env;
use crate::model::{
    Capability, Decimal, ErrorType, FieldSource, Model, ModelStatus, ModelType, Price,
    ProviderError,
};

/// The built-in catalog.
const BUILTIN: &str = include_str!("mock_models.json");

/// Serves the mock catalog.
#[derive(Debug, Clone)]
pub struct MockDriver {
    pub settings: MockSettings,
    /// Bounds the latency, as a real request's timeout would.
    pub timeout: Duration,
}

impl MockDriver {
    /// Lists the mock catalog, failing as the settings say.
    pub async fn fetch(&self) -> Result<Vec<Model>, ProviderError> {
        let s = &self.settings;
        let timeout = self.timeout;
        if !s.latency.is_zero() {
            if s.latency > timeout {
                tokio::time::sleep(timeout).await;
                return Err(timed_out(timeout));
            }
            tokio::time::sleep(s.latency).await;
        }
        if !s.valid_credentials {
            return Err(ProviderError::new(
                ErrorType::InvalidCredentials,
                format!(
                    "API authentication failed: Incorrect API key provided ({}=false)",
                    env::AI_MOCK_VALID_CREDENTIALS
                ),
            ));
        }
        if let Some(fail) = s.fail {
            let told = format!("({}={})", env::AI_MOCK_FAIL, fail.as_str());
            return Err(match fail {
                MockFailure::Timeout => timed_out(timeout),
                MockFailure::ServerError => ProviderError::new(
                    ErrorType::ServerError,
                    format!(
                        "server error (HTTP 500): The server had an error while processing your request {told}"
                    ),
                ),
                MockFailure::RateLimited => ProviderError::new(
                    ErrorType::RateLimited,
                    format!("rate limited (HTTP 429): Rate limit reached for requests {told}"),
                ),
            });
        }
        let mut models = match &s.models_file {
            None => parse(BUILTIN)?,
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    ProviderError::new(
                        ErrorType::NotConfigured,
                        format!(
                            "cannot read {} {}: {e}",
                            env::AI_MOCK_MODELS_FILE,
                            path.display()
                        ),
                    )
                })?;
                parse(&text).map_err(|e| ProviderError {
                    message: format!("{}: {}", path.display(), e.message),
                    ..e
                })?
            }
        };
        if let Some((id, component, usd)) = &s.price
            && let Some(m) = models.iter_mut().find(|m| &m.id == id)
        {
            m.prices.retain(|p| &p.component != component);
            m.prices.push(Price::in_its_unit(component, *usd));
        }
        Ok(models)
    }
}

fn timed_out(timeout: Duration) -> ProviderError {
    ProviderError::new(
        ErrorType::Timeout,
        format!(
            "no answer within {} s (raise --timeout or AI_SYNC_TIMEOUT)",
            timeout.as_secs()
        ),
    )
}

/// One entry of the mock's list. Unknown fields are ignored, as from any provider.
#[derive(Deserialize)]
struct Entry {
    id: String,
    name: Option<String>,
    #[serde(rename = "type")]
    model_type: Option<ModelType>,
    context_length: Option<u64>,
    max_output: Option<u64>,
    #[serde(default)]
    capabilities: BTreeSet<Capability>,
    #[serde(default)]
    input_modalities: Vec<String>,
    #[serde(default)]
    output_modalities: Vec<String>,
    owned_by: Option<String>,
    /// Unix seconds, as OpenAI-style lists give it.
    created: Option<i64>,
    deprecation_date: Option<NaiveDate>,
    shutdown_date: Option<NaiveDate>,
    replacement: Option<String>,
    /// Component key → USD as an exact decimal string.
    #[serde(default)]
    pricing: std::collections::BTreeMap<String, String>,
}

/// Parses the mock's JSON list of models. Pure.
pub fn parse(text: &str) -> Result<Vec<Model>, ProviderError> {
    let invalid = |e: serde_json::Error| {
        ProviderError::new(
            ErrorType::InvalidResponse,
            format!("not a JSON list of models: {e}"),
        )
    };
    let raws: Vec<serde_json::Value> = serde_json::from_str(text).map_err(invalid)?;
    raws.into_iter()
        .map(|raw| {
            let e: Entry = serde_json::from_value(raw.clone()).map_err(invalid)?;
            let mut model = Model::new(e.id, crate::wire::text(&raw));
            if e.deprecation_date.is_some() || e.shutdown_date.is_some() {
                model.status = ModelStatus::Deprecated;
            }
            model.name = e.name;
            model.model_type = e.model_type.unwrap_or(ModelType::Other);
            model.context_length = e.context_length;
            model.max_output = e.max_output;
            model.capabilities = e.capabilities;
            model.input_modalities = e.input_modalities;
            model.output_modalities = e.output_modalities;
            model.owner = e.owned_by;
            model.created_at = e
                .created
                .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0));
            model.deprecation_date = e.deprecation_date;
            model.shutdown_date = e.shutdown_date;
            model.replacement = e.replacement;
            for (component, usd) in &e.pricing {
                let usd = usd
                    .parse::<Decimal>()
                    .ok()
                    .filter(|d| !d.is_sign_negative())
                    .ok_or_else(|| {
                        ProviderError::new(
                            ErrorType::InvalidResponse,
                            format!(
                                "{}: price {component} = {usd:?} is no exact amount in USD",
                                model.id
                            ),
                        )
                    })?;
                model.prices.push(Price::in_its_unit(component, usd));
            }
            model.stamp_sources(&FieldSource::Provider, &[]);
            Ok(model)
        })
        .collect()
}

#[cfg(test)]
mod tests;

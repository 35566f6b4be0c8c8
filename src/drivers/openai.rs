//! OpenAI, and any OpenAI-compatible endpoint: `GET {base}/models`, one page of
//! `{"data": [{id, created, owned_by, shutdown_date?}]}`.
//!
//! The list gives ids only, so type and capabilities come from the id ([`classify`]) and are
//! marked inferred; context length and max output stay unknown. `shutdown_date` (2026 and
//! later) marks a model deprecated.

use serde_json::Value;

use super::{HttpDriver, classify, finish, parse_data_list};
use crate::model::{Model, ModelStatus, ProviderError};
use crate::wire::field;

pub async fn fetch(d: &HttpDriver) -> Result<Vec<Model>, ProviderError> {
    parse(&d.get("models").await?)
}

/// Parses a `/models` list. Pure.
pub fn parse(body: &[u8]) -> Result<Vec<Model>, ProviderError> {
    parse_data_list(body, "models", entry)
}

/// One OpenAI-style entry; `None` for an entry without an id.
pub fn entry(raw: &Value) -> Option<Model> {
    let id = field::str(raw, "id")?;
    let guess = classify::guess(&id);
    let mut m = Model::new(id, crate::wire::text(raw));
    m.model_type = guess.model_type;
    m.capabilities = guess.capabilities;
    m.owner = field::str(raw, "owned_by");
    m.created_at = field::time(raw, "created");
    m.shutdown_date = field::date(raw, "shutdown_date");
    if m.shutdown_date.is_some() {
        m.status = ModelStatus::Deprecated;
    }
    Some(finish(m, &["type", "capabilities"]))
}

#[cfg(test)]
mod tests;

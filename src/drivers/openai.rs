//! OpenAI, and any OpenAI-compatible endpoint: `GET {base}/models`, one page of
//! `{"data": [{id, created, owned_by, shutdown_date?}]}`.
//!
//! The list gives ids only, so type and capabilities come from the id ([`classify`]) and are
//! marked inferred; context length and max output stay unknown. `shutdown_date` (2026 and
//! later) marks a model deprecated.

use serde_json::Value;

use super::{HttpDriver, classify, field, finish, json, list};
use crate::http::Request;
use crate::model::{Model, ModelStatus, ProviderError};

pub async fn fetch(d: &HttpDriver) -> Result<Vec<Model>, ProviderError> {
    let body = d.send(Request::get(d.url("models")?)).await?;
    parse(&body)
}

/// Parses a `/models` list. Pure.
pub fn parse(body: &[u8]) -> Result<Vec<Model>, ProviderError> {
    let v = json(body, "models")?;
    Ok(list(&v, "data", "models")?
        .iter()
        .filter_map(entry)
        .collect())
}

/// One OpenAI-style entry; `None` for an entry without an id.
pub fn entry(raw: &Value) -> Option<Model> {
    let id = field::str(raw, "id")?;
    let guess = classify::guess(&id);
    let mut m = Model::new(id, raw.clone());
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
mod tests {
    use super::*;
    use crate::drivers::fixture;
    use crate::model::{FieldSource, ModelType};

    #[test]
    fn both_captures_parse_every_model() {
        let new = parse(&fixture("openai/models_list_2026-08.json")).unwrap();
        assert_eq!(new.len(), 130);
        let old = parse(&fixture("openai/models_list_2025-08.json")).unwrap();
        assert_eq!(old.len(), 85);
        assert!(
            old.iter()
                .all(|m| m.status == ModelStatus::Active && m.shutdown_date.is_none())
        );
    }

    #[test]
    fn shutdown_dates_deprecate_and_nothing_is_guessed() {
        let models = parse(&fixture("openai/models_list_2026-08.json")).unwrap();
        let gpt4 = models.iter().find(|m| m.id == "gpt-4-0613").unwrap();
        assert_eq!(gpt4.status, ModelStatus::Deprecated);
        assert_eq!(gpt4.shutdown_date.unwrap().to_string(), "2026-10-23");
        assert_eq!(gpt4.owner.as_deref(), Some("openai"));
        assert!(
            models
                .iter()
                .all(|m| m.context_length.is_none() && m.max_output.is_none())
        );
        let tts = models.iter().find(|m| m.id == "gpt-4o-mini-tts").unwrap();
        assert_eq!(tts.model_type, ModelType::Audio);
        assert_eq!(tts.sources.get("type"), Some(&FieldSource::Inferred));
        assert_eq!(tts.sources.get("owner"), Some(&FieldSource::Provider));
        let active = models
            .iter()
            .filter(|m| m.status == ModelStatus::Active)
            .count();
        assert_eq!(
            active, 75,
            "the 2026 capture gives 55 models a shutdown date"
        );
    }

    #[test]
    fn unknown_fields_and_nulls_are_tolerated() {
        let body = br#"{"object":"list","data":[{"id":"x","created":null,"owned_by":null,"new":{"a":1}},{"no_id":true}]}"#;
        let models = parse(body).unwrap();
        assert_eq!(models.len(), 1);
        assert!(parse(b"{\"object\":\"list\"}").is_err());
        assert!(parse(b"{\"data\":[{\"id\":\"x\"}").is_err());
    }
}

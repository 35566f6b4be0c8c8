//! Groq: OpenAI-compatible `GET {base}/models` with Groq's own fields: `active`,
//! `context_window` and `max_completion_tokens` (all years), and since 2026 `name`,
//! modalities, `supported_features` and `pricing` as USD-per-token strings.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{HttpDriver, classify, field, finish, json, list, openrouter};
use crate::http::Request;
use crate::model::{Capability, Model, ModelStatus, ModelType, ProviderError};

pub async fn fetch(d: &HttpDriver) -> Result<Vec<Model>, ProviderError> {
    parse(&d.send(Request::get(d.url("models")?)).await?)
}

/// Parses `/models`. Pure.
pub fn parse(body: &[u8]) -> Result<Vec<Model>, ProviderError> {
    let v = json(body, "Groq models")?;
    Ok(list(&v, "data", "Groq models")?
        .iter()
        .filter_map(entry)
        .collect())
}

fn entry(raw: &Value) -> Option<Model> {
    let id = field::str(raw, "id")?;
    let inputs = field::strings(raw, "input_modalities");
    let outputs = field::strings(raw, "output_modalities");
    let features = field::strings(raw, "supported_features");
    let out = |o: &str| outputs.iter().any(|x| x == o);
    let by_id = classify::model_type(&id);
    let (model_type, inferred_type) = if out("speech") || out("transcription") {
        (ModelType::Audio, false)
    } else if matches!(by_id, ModelType::Audio | ModelType::Moderation) {
        (by_id, true)
    } else {
        (ModelType::Chat, outputs.is_empty())
    };
    let mut caps = BTreeSet::new();
    match model_type {
        ModelType::Chat => caps.extend([Capability::Chat, Capability::Streaming]),
        ModelType::Moderation => {
            caps.insert(Capability::Moderation);
        }
        _ => {}
    }
    if out("speech") {
        caps.insert(Capability::AudioOutput);
    }
    if inputs.iter().any(|i| i == "audio") || out("transcription") || id.contains("whisper") {
        caps.insert(Capability::AudioInput);
    }
    if inputs.iter().any(|i| i == "image") {
        caps.insert(Capability::Vision);
    }
    for (f, cap) in [
        ("tools", Capability::FunctionCalling),
        ("json_mode", Capability::JsonMode),
        ("structured_outputs", Capability::StructuredOutput),
        ("reasoning", Capability::Reasoning),
    ] {
        if features.iter().any(|x| x == f) {
            caps.insert(cap);
        }
    }
    let mut m = Model::new(id, raw.clone());
    m.model_type = model_type;
    m.capabilities = caps;
    m.name = field::str(raw, "name");
    m.owner = field::str(raw, "owned_by");
    m.created_at = field::time(raw, "created");
    m.context_length =
        field::count(raw, "context_length").or_else(|| field::count(raw, "context_window"));
    m.max_output = field::count(raw, "max_output_length")
        .or_else(|| field::count(raw, "max_completion_tokens"));
    m.input_modalities = inputs;
    m.output_modalities = outputs;
    if field::flag(raw, "active") == Some(false) {
        m.status = ModelStatus::Deprecated;
    }
    // Groq's price strings have OpenRouter's names and units.
    m.prices = raw
        .get("pricing")
        .map(openrouter::prices)
        .unwrap_or_default();
    let inferred: &[&str] = if inferred_type {
        &["type", "capabilities"]
    } else {
        &[]
    };
    Some(finish(m, inferred))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drivers::fixture;

    #[test]
    fn both_captures_parse() {
        let new = parse(&fixture("groq/models_list_2026-08.json")).unwrap();
        assert_eq!(new.len(), 13);
        let old = parse(&fixture("groq/models_list_2025-12.json")).unwrap();
        assert_eq!(old.len(), 20);
        let llama = old.iter().find(|m| m.id == "llama-3.1-8b-instant").unwrap();
        assert_eq!(
            (llama.context_length, llama.max_output),
            (Some(131_072), Some(131_072))
        );
    }

    #[test]
    fn prices_types_and_features() {
        let models = parse(&fixture("groq/models_list_2026-08.json")).unwrap();
        let get = |id: &str| models.iter().find(|m| m.id == id).unwrap();
        let oss = get("openai/gpt-oss-120b");
        let p = |m: &Model, c: &str| {
            m.prices
                .iter()
                .find(|p| p.component == c)
                .map(|p| p.usd.to_string())
        };
        assert_eq!(p(oss, "input").as_deref(), Some("0.15"));
        assert_eq!(p(oss, "output").as_deref(), Some("0.6"));
        assert_eq!(p(oss, "cached_input").as_deref(), Some("0.075"));
        assert!(p(oss, "image").is_none(), "a zero image price means none");
        assert!(oss.capabilities.contains(&Capability::FunctionCalling));
        assert!(oss.capabilities.contains(&Capability::Reasoning));
        assert_eq!(get("whisper-large-v3").model_type, ModelType::Audio);
        assert_eq!(
            get("canopylabs/orpheus-v1-english").model_type,
            ModelType::Audio
        );
        assert_eq!(
            get("meta-llama/llama-prompt-guard-2-22m").model_type,
            ModelType::Moderation
        );
    }

    #[test]
    fn inactive_models_are_deprecated() {
        let body = br#"{"data":[{"id":"old","active":false,"context_window":8192}]}"#;
        assert_eq!(parse(body).unwrap()[0].status, ModelStatus::Deprecated);
    }
}

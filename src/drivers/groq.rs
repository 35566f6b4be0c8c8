//! Groq: OpenAI-compatible `GET {base}/models` with Groq's own fields: `active`,
//! `context_window` and `max_completion_tokens` (all years), and since 2026 `name`,
//! modalities, `supported_features` and `pricing` as USD-per-token strings.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{HttpDriver, classify, finish, parse_data_list};
use crate::model::{Capability, Model, ModelStatus, ModelType, ProviderError};
use crate::wire::field;
use crate::wire::openrouter;

pub async fn fetch(d: &HttpDriver) -> Result<Vec<Model>, ProviderError> {
    parse(&d.get("models").await?)
}

/// Parses `/models`. Pure.
pub fn parse(body: &[u8]) -> Result<Vec<Model>, ProviderError> {
    parse_data_list(body, "Groq models", entry)
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
    let mut m = Model::new(id, crate::wire::text(raw));
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
mod tests;

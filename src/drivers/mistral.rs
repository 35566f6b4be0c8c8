//! Mistral: `GET {base}/models`, one page of model cards. Each alias is listed as its own
//! entry (`mistral-large-latest` beside `mistral-large-2512`), and each listed id is stored.
//!
//! Cards carry `capabilities` flags (9 in 2025, 14 in 2026), `max_context_length`, and a
//! `deprecation` date with its `deprecation_replacement_model`.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{HttpDriver, finish, parse_data_list};
use crate::model::{Capability, Model, ModelStatus, ModelType, ProviderError};
use crate::wire::field;

pub async fn fetch(d: &HttpDriver) -> Result<Vec<Model>, ProviderError> {
    parse(&d.get("models").await?)
}

/// Parses `/models`. Pure.
pub fn parse(body: &[u8]) -> Result<Vec<Model>, ProviderError> {
    parse_data_list(body, "Mistral models", entry)
}

fn entry(raw: &Value) -> Option<Model> {
    let id = field::str(raw, "id")?;
    let flags = raw.get("capabilities").cloned().unwrap_or(Value::Null);
    let on = |k: &str| field::flag(&flags, k) == Some(true);
    let lid = id.to_ascii_lowercase();
    let chat = on("completion_chat");
    let model_type = if lid.contains("embed") {
        ModelType::Embedding
    } else if (on("moderation") || on("classification")) && !chat {
        ModelType::Moderation
    } else if on("audio_transcription_realtime") && !chat {
        ModelType::Realtime
    } else if (on("audio_transcription") || on("audio_speech")) && !chat {
        ModelType::Audio
    } else if chat {
        ModelType::Chat
    } else if on("completion_fim") {
        ModelType::Completion
    } else {
        ModelType::Other
    };
    let mut caps = BTreeSet::new();
    for (flag, cap) in [
        ("completion_chat", Capability::Chat),
        ("completion_fim", Capability::Completion),
        ("function_calling", Capability::FunctionCalling),
        ("vision", Capability::Vision),
        ("reasoning", Capability::Reasoning),
        ("moderation", Capability::Moderation),
        ("audio", Capability::AudioInput),
        ("audio_transcription", Capability::AudioInput),
        ("audio_transcription_realtime", Capability::AudioInput),
        ("audio_speech", Capability::AudioOutput),
    ] {
        if on(flag) {
            caps.insert(cap);
        }
    }
    if model_type == ModelType::Embedding {
        caps.insert(Capability::Embedding);
    }
    let mut m = Model::new(id, crate::wire::text(raw));
    m.model_type = model_type;
    m.capabilities = caps;
    m.name = field::str(raw, "name");
    m.owner = field::str(raw, "owned_by");
    m.created_at = field::time(raw, "created");
    m.context_length = field::count(raw, "max_context_length");
    m.deprecation_date = field::date(raw, "deprecation");
    m.replacement = field::str(raw, "deprecation_replacement_model");
    if m.deprecation_date.is_some() {
        m.status = ModelStatus::Deprecated;
    }
    let inferred: &[&str] = if model_type == ModelType::Embedding {
        &["type", "capabilities"]
    } else {
        &[]
    };
    Some(finish(m, inferred))
}

#[cfg(test)]
mod tests;

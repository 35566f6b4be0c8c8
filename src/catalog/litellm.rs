//! LiteLLM's `model_prices_and_context_window.json`: one object keyed by model name, each
//! with `litellm_provider`, limits, `supports_*` flags and per-token costs written as JSON
//! numbers (`2.5e-06`), read exactly from the text. The reserved keys `sample_spec`,
//! `fallback_generalizations` and a mirror's `last_updated` are not models.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use chrono::NaiveDate;
use serde_json::Value;
use serde_json::value::RawValue;

use super::{Entry, ParseError, exact, provider_name};
use crate::model::{Capability, Model, ModelType, Price, PriceUnit};

/// Top-level keys that are not models.
const RESERVED: [&str; 3] = ["sample_spec", "fallback_generalizations", "last_updated"];

pub fn parse(body: &[u8]) -> Result<Vec<Entry>, ParseError> {
    let top: BTreeMap<String, &RawValue> = serde_json::from_slice(body)
        .map_err(|e| ParseError(format!("not a LiteLLM price map: {e}")))?;
    let mut out = Vec::new();
    for (key, raw) in top {
        if RESERVED.contains(&key.as_str()) {
            continue;
        }
        let Ok(fields) = serde_json::from_str::<BTreeMap<String, &RawValue>>(raw.get()) else {
            continue;
        };
        let Ok(v) = serde_json::from_str::<Value>(raw.get()) else {
            continue;
        };
        let Some(litellm_provider) = v.get("litellm_provider").and_then(Value::as_str) else {
            continue;
        };
        // `gemini/gemini-2.5-pro` is Gemini's `gemini-2.5-pro`; `gpt-4o` has no prefix.
        let id = key
            .strip_prefix(&format!("{litellm_provider}/"))
            .unwrap_or(&key)
            .to_owned();
        out.push(Entry {
            provider: provider_name(litellm_provider),
            model: model(&id, &v, &fields),
            id,
        });
    }
    Ok(out)
}

fn model(id: &str, v: &Value, fields: &BTreeMap<String, &RawValue>) -> Model {
    let flag = |k: &str| v.get(k).and_then(Value::as_bool) == Some(true);
    let mode = v.get("mode").and_then(Value::as_str).unwrap_or_default();
    let model_type = match mode {
        "chat" | "responses" => ModelType::Chat,
        "completion" => ModelType::Completion,
        "embedding" => ModelType::Embedding,
        "image_generation" | "image_edit" => ModelType::Image,
        "audio_transcription" | "audio_speech" => ModelType::Audio,
        "rerank" => ModelType::Rerank,
        "realtime" => ModelType::Realtime,
        "video_generation" => ModelType::Video,
        "moderation" | "moderations" => ModelType::Moderation,
        _ => ModelType::Other,
    };
    let mut caps = BTreeSet::new();
    for (f, cap) in [
        ("supports_function_calling", Capability::FunctionCalling),
        ("supports_vision", Capability::Vision),
        ("supports_response_schema", Capability::StructuredOutput),
        ("supports_reasoning", Capability::Reasoning),
        ("supports_audio_input", Capability::AudioInput),
        ("supports_audio_output", Capability::AudioOutput),
        ("supports_native_streaming", Capability::Streaming),
    ] {
        if flag(f) {
            caps.insert(cap);
        }
    }
    match model_type {
        ModelType::Chat => {
            caps.insert(Capability::Chat);
        }
        ModelType::Embedding => {
            caps.insert(Capability::Embedding);
        }
        ModelType::Completion => {
            caps.insert(Capability::Completion);
        }
        _ => {}
    }
    let mut m = Model::new(id, String::new());
    m.model_type = model_type;
    m.capabilities = caps;
    let count = |k: &str| v.get(k).and_then(Value::as_u64).filter(|n| *n > 0);
    m.context_length = count("max_input_tokens");
    m.max_output = count("max_output_tokens");
    m.deprecation_date = v
        .get("deprecation_date")
        .and_then(Value::as_str)
        .and_then(|s| NaiveDate::from_str(s).ok());
    for (key, component, unit) in [
        ("input_cost_per_token", "input", PriceUnit::MillionTokens),
        ("output_cost_per_token", "output", PriceUnit::MillionTokens),
        (
            "cache_read_input_token_cost",
            "cached_input",
            PriceUnit::MillionTokens,
        ),
        (
            "cache_creation_input_token_cost",
            "cache_write",
            PriceUnit::MillionTokens,
        ),
        ("input_cost_per_image", "image", PriceUnit::Image),
        ("output_cost_per_image", "image_output", PriceUnit::Image),
        ("input_cost_per_second", "input_second", PriceUnit::Second),
        ("output_cost_per_second", "output_second", PriceUnit::Second),
    ] {
        // A negative price is out of range: no source means it.
        if let Some(v) = fields
            .get(key)
            .and_then(|r| exact(r))
            .filter(|v| !v.is_sign_negative())
        {
            let price = if unit == PriceUnit::MillionTokens {
                Price::per_token(component, v)
            } else {
                Some(Price::new(component, unit, v))
            };
            if let Some(p) = price {
                m.prices.push(p);
            } else {
                tracing::warn!(id = %m.id, key, "a price too large to be exact; left out");
            }
        }
    }
    m
}

#[cfg(test)]
mod tests;

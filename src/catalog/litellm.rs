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
use crate::model::{
    Capability, Component, Decimal, Model, ModelType, Price, PriceUnit, ServiceTier, component_key,
};

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
        let model = model(&id, &v, &fields);
        out.push(Entry::new(provider_name(litellm_provider), id, model));
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
    m.prices = prices(&m.id, fields);
    m
}

/// LiteLLM's cost keys (without a tier or threshold suffix) → aisync's base components.
const COSTS: [(&str, &str); 32] = [
    ("input_cost_per_token", "input"),
    ("output_cost_per_token", "output"),
    ("cache_read_input_token_cost", "cached_input"),
    ("input_cost_per_token_cache_hit", "cached_input"),
    ("cache_creation_input_token_cost", "cache_write"),
    (
        "cache_creation_input_token_cost_above_1hr",
        "cache_write_1h",
    ),
    ("output_cost_per_reasoning_token", "reasoning"),
    ("input_cost_per_audio_token", "input_audio"),
    ("cache_read_input_audio_token_cost", "cached_input_audio"),
    (
        "cache_read_input_token_cost_per_audio_token",
        "cached_input_audio",
    ),
    ("cache_creation_input_audio_token_cost", "cache_write_audio"),
    ("output_cost_per_audio_token", "output_audio"),
    ("input_cost_per_image_token", "input_image"),
    ("cache_read_input_image_token_cost", "cached_input_image"),
    ("output_cost_per_image_token", "output_image"),
    ("output_cost_per_video_token", "output_video"),
    ("citation_cost_per_token", "citation"),
    ("input_cost_per_image", "image"),
    ("output_cost_per_image", "image_output"),
    ("input_cost_per_second", "input_second"),
    ("input_cost_per_audio_per_second", "input_audio_second"),
    ("input_cost_per_video_per_second", "input_video_second"),
    ("output_cost_per_second", "output_second"),
    ("output_cost_per_video_per_second", "output_video_second"),
    ("input_cost_per_character", "input_character"),
    ("output_cost_per_character", "output_character"),
    ("input_cost_per_pixel", "input_pixel"),
    ("output_cost_per_pixel", "output_pixel"),
    ("ocr_cost_per_page", "page"),
    ("annotation_cost_per_page", "annotation_page"),
    ("input_cost_per_query", "search"),
    ("input_cost_per_request", "request"),
];

/// Cost keys LiteLLM writes that are deliberately not prices of a request here: units that
/// are not US dollars (Databricks DBUs, OCR credits), charges that are not per request
/// (sessions, storage per GB-day, calls per thousand of a tool), and image or video prices
/// by resolution or clip length, which a request's usage does not say.
pub const NOT_KEPT: [&str; 17] = [
    "input_dbu_cost_per_token",
    "output_dbu_cost_per_token",
    "ocr_cost_per_credit",
    "code_interpreter_cost_per_session",
    "file_search_cost_per_1k_calls",
    "file_search_cost_per_gb_per_day",
    "vector_store_cost_per_gb_per_day",
    "computer_use_input_cost_per_1k_tokens",
    "computer_use_output_cost_per_1k_tokens",
    "output_cost_per_second_1080p",
    "input_cost_per_video_per_second_above_8s_interval",
    "input_cost_per_video_per_second_above_15s_interval",
    "output_cost_per_image_premium_image",
    "output_cost_per_image_above_512_and_512_pixels",
    "output_cost_per_image_above_512_and_512_pixels_and_premium_image",
    "output_cost_per_image_above_1024_and_1024_pixels",
    "output_cost_per_image_above_1024_and_1024_pixels_and_premium_image",
];

/// Cost keys whose value is a structure [`prices`] reads apart.
const STRUCTURED: [&str; 2] = ["search_context_cost_per_query", "tiered_pricing"];

/// A cost key read as (base, service tier, long-context threshold): `input_cost_per_token`,
/// `…_batches` / `…_batch_requests` / `…_flex` / `…_priority`, `…_above_200k_tokens` (the
/// threshold in thousands of tokens), both (`…_above_272k_tokens_priority`). `None` for a key
/// that is no cost aisync keeps.
pub fn cost_key(key: &str) -> Option<(&'static str, ServiceTier, Option<u64>)> {
    let mut rest = key;
    let mut tier = ServiceTier::Standard;
    for (suffix, t) in [
        ("_batches", ServiceTier::Batch),
        ("_batch_requests", ServiceTier::Batch),
        ("_flex", ServiceTier::Flex),
        ("_priority", ServiceTier::Priority),
    ] {
        if let Some(r) = rest.strip_suffix(suffix) {
            rest = r;
            tier = t;
            break;
        }
    }
    let mut above = None;
    if let Some(r) = rest.strip_suffix("k_tokens")
        && let Some((r, n)) = r.rsplit_once("_above_")
        && let Ok(n) = n.parse::<u64>()
    {
        above = Some(n * 1000);
        rest = r;
    }
    let base = COSTS.iter().find(|(k, _)| *k == rest)?.1;
    Some((base, tier, above))
}

/// Every price an entry gives, exactly: its cost keys, its search-context prices, and its
/// `tiered_pricing` ranges (a range from 0 is the base price, where the entry gives none of
/// its own; one from N is the long-context tier above N). A negative price is out of range:
/// no source means it.
fn prices(id: &str, fields: &BTreeMap<String, &RawValue>) -> Vec<Price> {
    let mut out: Vec<Price> = Vec::new();
    let push = |key: String, usd: Decimal, out: &mut Vec<Price>| {
        if usd.is_sign_negative() || out.iter().any(|p| p.component == key) {
            return;
        }
        let price = if Component::parse(&key).unit() == PriceUnit::MillionTokens {
            Price::per_token(&key, usd)
        } else {
            Some(Price::in_its_unit(&key, usd))
        };
        if let Some(p) = price {
            out.push(p);
        } else {
            tracing::warn!(id, key, "a price too large to be exact; left out");
        }
    };
    for (k, raw) in fields {
        if let Some((base, tier, above)) = cost_key(k) {
            if let Some(usd) = exact(raw) {
                push(component_key(base, tier, above), usd, &mut out);
            }
        } else if k.contains("cost")
            && !NOT_KEPT.contains(&k.as_str())
            && !STRUCTURED.contains(&k.as_str())
        {
            tracing::debug!(id, key = %k, "a LiteLLM cost key aisync does not know; left out");
        }
    }
    if let Some(sizes) = fields
        .get("search_context_cost_per_query")
        .and_then(|r| serde_json::from_str::<BTreeMap<String, &RawValue>>(r.get()).ok())
    {
        for (size, base) in [
            ("search_context_size_low", "search_low"),
            ("search_context_size_medium", "search_medium"),
            ("search_context_size_high", "search_high"),
        ] {
            if let Some(usd) = sizes.get(size).and_then(|r| exact(r)) {
                push(base.to_owned(), usd, &mut out);
            }
        }
    }
    let ranges = fields
        .get("tiered_pricing")
        .and_then(|r| serde_json::from_str::<Vec<BTreeMap<String, &RawValue>>>(r.get()).ok())
        .unwrap_or_default();
    for range in ranges {
        let Some(from) = range
            .get("range")
            .and_then(|r| serde_json::from_str::<Vec<f64>>(r.get()).ok())
            .and_then(|r| r.first().copied())
            .filter(|f| f.is_finite() && *f >= 0.0 && f.fract() == 0.0)
        else {
            continue;
        };
        let above = (from > 0.0).then_some(from as u64);
        for (k, raw) in &range {
            if let Some((base, tier, None)) = cost_key(k)
                && let Some(usd) = exact(raw)
            {
                push(component_key(base, tier, above), usd, &mut out);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;

//! OpenRouter's models list, one page of it: what the OpenRouter driver fetches and what an
//! OpenRouter catalog is. Entries carry modalities, limits, `supported_parameters`, an
//! `expiration_date`, and prices as USD-per-unit strings, converted exactly (per token → per
//! 1M tokens).

use std::collections::BTreeSet;

use serde_json::Value;

use super::{field, json, list, models};
use crate::model::{
    Capability, FieldSource, Model, ModelStatus, ModelType, Price, PriceUnit, ProviderError,
    ServiceTier, component_key,
};

/// One page, and the (possibly relative) URL of the next.
#[derive(Debug)]
pub struct Page {
    pub models: Vec<Model>,
    pub next: Option<String>,
}

/// Parses one page of `/models`. Pure.
pub fn parse(body: &[u8]) -> Result<Page, ProviderError> {
    let v = json(body, "OpenRouter models")?;
    let models = models(
        list(&v, "data", "OpenRouter models")?,
        "OpenRouter models",
        entry,
    )?;
    let next = v.get("links").and_then(|l| field::str(l, "next"));
    Ok(Page { models, next })
}

fn entry(raw: &Value) -> Option<Model> {
    let id = field::str(raw, "id")?;
    let arch = raw.get("architecture").cloned().unwrap_or(Value::Null);
    let inputs = field::strings(&arch, "input_modalities");
    let outputs = field::strings(&arch, "output_modalities");
    let params = field::strings(raw, "supported_parameters");
    let param = |p: &str| params.iter().any(|x| x == p);
    let out = |o: &str| outputs.iter().any(|x| x == o);
    let model_type = if id.contains("embed") && !out("text") {
        ModelType::Embedding
    } else if out("text") {
        ModelType::Chat
    } else if out("image") {
        ModelType::Image
    } else if out("audio") {
        ModelType::Audio
    } else if out("video") {
        ModelType::Video
    } else {
        ModelType::Other
    };
    let mut caps = BTreeSet::new();
    if model_type == ModelType::Chat {
        caps.extend([Capability::Chat, Capability::Streaming]);
    }
    for (p, cap) in [
        ("tools", Capability::FunctionCalling),
        ("response_format", Capability::JsonMode),
        ("structured_outputs", Capability::StructuredOutput),
        ("reasoning", Capability::Reasoning),
        ("include_reasoning", Capability::Reasoning),
    ] {
        if param(p) {
            caps.insert(cap);
        }
    }
    if inputs.iter().any(|i| i == "image") {
        caps.insert(Capability::Vision);
    }
    if inputs.iter().any(|i| i == "audio") {
        caps.insert(Capability::AudioInput);
    }
    if out("image") {
        caps.insert(Capability::ImageGeneration);
    }
    if out("audio") {
        caps.insert(Capability::AudioOutput);
    }
    let mut m = Model::new(id.clone(), crate::wire::text(raw));
    m.model_type = model_type;
    m.capabilities = caps;
    m.name = field::str(raw, "name");
    m.created_at = field::time(raw, "created");
    m.context_length = field::count(raw, "context_length");
    m.max_output = raw
        .get("top_provider")
        .and_then(|t| field::count(t, "max_completion_tokens"));
    m.input_modalities = inputs;
    m.output_modalities = outputs;
    m.owner = id
        .split_once('/')
        .map(|(o, _)| o.trim_start_matches('~').to_owned());
    m.shutdown_date = field::date(raw, "expiration_date");
    if m.shutdown_date.is_some() {
        m.status = ModelStatus::Deprecated;
    }
    m.prices = raw.get("pricing").map(prices).unwrap_or_default();
    m.stamp_sources(&FieldSource::Provider, &["type"]);
    Some(m)
}

/// OpenRouter's pricing keys → aisync's base components, and their units.
const COMPONENTS: [(&str, &str, PriceUnit); 13] = [
    ("prompt", "input", PriceUnit::MillionTokens),
    ("completion", "output", PriceUnit::MillionTokens),
    ("input_cache_read", "cached_input", PriceUnit::MillionTokens),
    ("input_cache_write", "cache_write", PriceUnit::MillionTokens),
    (
        "input_cache_write_1h",
        "cache_write_1h",
        PriceUnit::MillionTokens,
    ),
    ("internal_reasoning", "reasoning", PriceUnit::MillionTokens),
    ("audio", "input_audio", PriceUnit::MillionTokens),
    (
        "input_audio_cache",
        "cached_input_audio",
        PriceUnit::MillionTokens,
    ),
    ("audio_output", "output_audio", PriceUnit::MillionTokens),
    ("image_output", "output_image", PriceUnit::MillionTokens),
    ("image", "image", PriceUnit::Image),
    ("request", "request", PriceUnit::Request),
    ("web_search", "search", PriceUnit::Search),
];

/// Whether a pricing key is one aisync keeps (a price, or the `overrides` tiers).
pub fn kept(key: &str) -> bool {
    key == "overrides" || COMPONENTS.iter().any(|(k, _, _)| *k == key)
}

/// OpenRouter's USD-per-unit price strings, exact, with the long-context prices of its
/// `overrides` (`[{"min_prompt_tokens": N, "prompt": …, …}]`: the whole request at those
/// prices once its prompt passes N). Negative prices (the auto router's `-1`) mean "varies"
/// and are left out, as are zero prices of optional components.
pub fn prices(pricing: &Value) -> Vec<Price> {
    for key in pricing.as_object().into_iter().flat_map(|o| o.keys()) {
        if !kept(key) {
            tracing::debug!(key = %key, "an OpenRouter pricing key aisync does not know; left out");
        }
    }
    let mut out = rates(pricing, None);
    for o in pricing
        .get("overrides")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(n) = o.get("min_prompt_tokens").and_then(Value::as_u64) {
            for p in rates(o, Some(n)) {
                if !out.iter().any(|x| x.component == p.component) {
                    out.push(p);
                }
            }
        }
    }
    out
}

fn rates(pricing: &Value, above: Option<u64>) -> Vec<Price> {
    let mut out = Vec::new();
    for (key, base, unit) in COMPONENTS {
        let Some(v) = field::decimal_str(pricing, key) else {
            continue;
        };
        let required = matches!(base, "input" | "output") && above.is_none();
        if v.is_sign_negative() || (v.is_zero() && !required) {
            continue;
        }
        let component = component_key(base, ServiceTier::Standard, above);
        let price = if unit == PriceUnit::MillionTokens {
            Price::per_token(&component, v)
        } else {
            Some(Price::new(&component, unit, v))
        };
        if let Some(p) = price {
            out.push(p);
        } else {
            tracing::warn!(key, "a price too large to be exact; left out");
        }
    }
    out
}

#[cfg(test)]
mod tests;

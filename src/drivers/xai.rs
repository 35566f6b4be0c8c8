//! xAI: `GET {base}/language-models`, `/image-generation-models` and
//! `/video-generation-models`, each where the server has it, and `/models` for what only it
//! lists (and for the context length it alone gives). A 404 means "not on this server"; any
//! other failure fails the provider.
//!
//! Prices are integers in US cents per 100M tokens (so `20000` is $2 per 1M tokens) and
//! `search_price` in the same unit per search (`250000000` is $0.025 a search). They are
//! converted exactly. `image_price` is left alone: its unit differs between API revisions
//! (700 meant $0.07 in 2025, 200000000 means $0.02 in 2026), and a wrong price is worse
//! than none; the catalogs supply it.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{HttpDriver, classify, finish};
use crate::model::{
    Capability, Decimal, Model, ModelType, Price, PriceUnit, ProviderError, ServiceTier,
    component_key,
};
use crate::wire::{field, json, list, models};

/// `cents per 100M` → `USD per 1M`: divide by 100 (cents) and by 100 (100M → 1M).
const CENTS_PER_100M_TO_USD_PER_1M: i64 = 10_000;
/// `cents per 100M searches` → `USD per search`.
const CENTS_PER_100M_TO_USD_EACH: i64 = 10_000_000_000;

pub async fn fetch(d: &HttpDriver) -> Result<Vec<Model>, ProviderError> {
    let language = d.get_if_present(d.url("language-models")?).await?;
    let image = d.get_if_present(d.url("image-generation-models")?).await?;
    let video = d.get_if_present(d.url("video-generation-models")?).await?;
    let all = d.get_if_present(d.url("models")?).await?;
    if language.is_none() && image.is_none() && video.is_none() && all.is_none() {
        return Err(ProviderError::new(
            crate::model::ErrorType::NotFound,
            "none of xAI's model endpoints answered (HTTP 404); check XAI_BASE_URL",
        ));
    }
    let mut models: Vec<Model> = Vec::new();
    for (body, model_type) in [
        (language, ModelType::Chat),
        (image, ModelType::Image),
        (video, ModelType::Video),
    ] {
        if let Some(body) = body {
            models.extend(parse_typed(&body, model_type)?);
        }
    }
    if let Some(body) = all {
        merge(&mut models, parse_models(&body)?);
    }
    Ok(models)
}

/// Parses a typed list (`{"models": [...]}`) whose entries are all of `model_type`. Pure.
pub fn parse_typed(body: &[u8], model_type: ModelType) -> Result<Vec<Model>, ProviderError> {
    let v = json(body, "xAI models")?;
    models(list(&v, "models", "xAI models")?, "xAI models", |raw| {
        entry(raw, Some(model_type))
    })
}

/// Parses `/models` (`{"data": [...]}`), typing each entry by its id. Pure.
pub fn parse_models(body: &[u8]) -> Result<Vec<Model>, ProviderError> {
    let v = json(body, "xAI models")?;
    models(list(&v, "data", "xAI models")?, "xAI models", |raw| {
        entry(raw, None)
    })
}

/// Adds what `/models` alone lists, and the context length it alone gives.
pub fn merge(models: &mut Vec<Model>, from_models: Vec<Model>) {
    let mut by_id: BTreeMap<String, usize> = models
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.clone(), i))
        .collect();
    for extra in from_models {
        if let Some(&i) = by_id.get(&extra.id) {
            let m = &mut models[i];
            if m.context_length.is_none() && extra.context_length.is_some() {
                m.context_length = extra.context_length;
                m.sources
                    .insert("context_length", crate::model::FieldSource::Provider);
            }
        } else {
            by_id.insert(extra.id.clone(), models.len());
            models.push(extra);
        }
    }
}

fn is_reasoning(id: &str) -> bool {
    let id = id.to_ascii_lowercase();
    if id.contains("non-reasoning") {
        return false;
    }
    classify::is_reasoning(&id)
        || id.starts_with("grok-3-mini")
        || id.starts_with("grok-4")
        || id.starts_with("grok-code")
}

fn entry(raw: &Value, typed: Option<ModelType>) -> Option<Model> {
    let id = field::str(raw, "id")?;
    let model_type = typed.unwrap_or_else(|| {
        let t = classify::model_type(&id);
        if t == ModelType::Other && id.starts_with("grok") {
            ModelType::Chat
        } else {
            t
        }
    });
    let mut m = Model::new(id, crate::wire::text(raw));
    m.model_type = model_type;
    m.owner = field::str(raw, "owned_by");
    m.created_at = field::time(raw, "created");
    m.context_length = field::count(raw, "context_length");
    m.input_modalities = field::strings(raw, "input_modalities");
    m.output_modalities = field::strings(raw, "output_modalities");
    let mut caps = std::collections::BTreeSet::new();
    match model_type {
        ModelType::Chat => {
            caps.extend([
                Capability::Chat,
                Capability::Streaming,
                Capability::FunctionCalling,
            ]);
            if m.input_modalities.iter().any(|x| x == "image") {
                caps.insert(Capability::Vision);
            }
            if is_reasoning(&m.id) {
                caps.insert(Capability::Reasoning);
            }
        }
        ModelType::Image => {
            caps.insert(Capability::ImageGeneration);
        }
        ModelType::Video => {
            caps.insert(Capability::VideoGeneration);
        }
        _ => {}
    }
    m.capabilities = caps;
    m.prices = prices(raw);
    let inferred: &[&str] = if typed.is_some() {
        &["capabilities"]
    } else {
        &["type", "capabilities"]
    };
    Some(finish(m, inferred))
}

/// The token and search prices of an entry, exact, with its long-context prices as the tier
/// above its own `long_context_threshold` (a long-context price without a threshold says
/// nothing a request can be priced by, and is left out). Zero long-context, cache,
/// image-token and search prices mean "not offered" and are left out; a zero input or output
/// price is kept.
pub fn prices(raw: &Value) -> Vec<Price> {
    const TOKEN: [(&str, &str); 4] = [
        ("prompt_text_token_price", "input"),
        ("completion_text_token_price", "output"),
        ("cached_prompt_text_token_price", "cached_input"),
        ("prompt_image_token_price", "input_image"),
    ];
    const LONG_CONTEXT: [(&str, &str); 3] = [
        ("prompt_text_token_price_long_context", "input"),
        (
            "cached_prompt_text_token_price_long_context",
            "cached_input",
        ),
        ("completion_text_token_price_long_context", "output"),
    ];
    let int = |key: &str| raw.get(key).and_then(Value::as_u64).map(Decimal::from);
    let usd = |v: Decimal| v / Decimal::from(CENTS_PER_100M_TO_USD_PER_1M);
    let mut out = Vec::new();
    for (key, component) in TOKEN {
        if let Some(v) = int(key)
            && (!v.is_zero() || matches!(component, "input" | "output"))
        {
            out.push(Price::new(component, PriceUnit::MillionTokens, usd(v)));
        }
    }
    let threshold = raw
        .get("long_context_threshold")
        .and_then(Value::as_u64)
        .filter(|n| *n > 0);
    if let Some(n) = threshold {
        for (key, base) in LONG_CONTEXT {
            if let Some(v) = int(key).filter(|v| !v.is_zero()) {
                let key = component_key(base, ServiceTier::Standard, Some(n));
                out.push(Price::new(&key, PriceUnit::MillionTokens, usd(v)));
            }
        }
    }
    if let Some(v) = int("search_price").filter(|v| !v.is_zero()) {
        let usd = v / Decimal::from(CENTS_PER_100M_TO_USD_EACH);
        out.push(Price::new("search", PriceUnit::Search, usd));
    }
    out
}

#[cfg(test)]
mod tests;

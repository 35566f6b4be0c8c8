//! Together AI: `GET {base}/models` answers a bare JSON array. Each entry has a `type`
//! (chat, language, code, image, embedding, rerank, moderation, audio, transcribe, video),
//! `display_name`, `organization`, `context_length`, and `pricing` as JSON numbers in USD per
//! 1M tokens. The numbers are read from the raw JSON text, so `0.3` stays exactly 0.3.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::{HttpDriver, finish};
use crate::model::{Capability, Decimal, Model, ModelType, Price, PriceUnit, ProviderError};
use crate::wire::{field, models};

pub async fn fetch(d: &HttpDriver) -> Result<Vec<Model>, ProviderError> {
    parse(&d.get("models").await?)
}

/// Only the pricing, borrowed as raw JSON text.
#[derive(Deserialize)]
struct RawPricing<'a> {
    #[serde(borrow, default)]
    pricing: Option<BTreeMap<String, &'a RawValue>>,
}

/// Parses `/models` (a bare array; an enveloped `{"data": [...]}` is accepted too). Pure.
pub fn parse(body: &[u8]) -> Result<Vec<Model>, ProviderError> {
    let invalid = |e: serde_json::Error| crate::wire::invalid_body("Together models", &e);
    let bare = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
    let entries: Vec<&RawValue> = if bare {
        serde_json::from_slice(body).map_err(invalid)?
    } else {
        #[derive(Deserialize)]
        struct Envelope<'a> {
            #[serde(borrow)]
            data: Vec<&'a RawValue>,
        }
        serde_json::from_slice::<Envelope>(body)
            .map_err(invalid)?
            .data
    };
    models(&entries, "Together models", |raw| {
        let v: Value = serde_json::from_str(raw.get()).ok()?;
        let pricing = serde_json::from_str::<RawPricing>(raw.get())
            .ok()
            .and_then(|p| p.pricing)
            .unwrap_or_default();
        entry(&v, &pricing)
    })
}

fn entry(raw: &Value, pricing: &BTreeMap<String, &RawValue>) -> Option<Model> {
    let id = field::str(raw, "id")?;
    let kind = field::str(raw, "type").unwrap_or_default();
    let (model_type, caps): (ModelType, &[Capability]) = match kind.as_str() {
        "chat" => (ModelType::Chat, &[Capability::Chat, Capability::Streaming]),
        "language" | "code" => (ModelType::Completion, &[Capability::Completion]),
        "image" => (ModelType::Image, &[Capability::ImageGeneration]),
        "embedding" => (ModelType::Embedding, &[Capability::Embedding]),
        "rerank" => (ModelType::Rerank, &[]),
        "moderation" => (ModelType::Moderation, &[Capability::Moderation]),
        "audio" => (ModelType::Audio, &[Capability::AudioOutput]),
        "transcribe" => (ModelType::Audio, &[Capability::AudioInput]),
        "video" => (ModelType::Video, &[Capability::VideoGeneration]),
        _ => (ModelType::Other, &[]),
    };
    let mut m = Model::new(id, crate::wire::text(raw));
    m.model_type = model_type;
    m.capabilities = caps.iter().copied().collect::<BTreeSet<_>>();
    m.name = field::str(raw, "display_name");
    m.owner = field::str(raw, "organization");
    m.created_at = field::time(raw, "created");
    m.context_length = field::count(raw, "context_length");
    m.max_output = raw
        .get("config")
        .and_then(|c| field::count(c, "max_output_length"));
    m.prices = prices(pricing);
    Some(finish(m, &[]))
}

/// Token prices in USD per 1M, exactly as written. Zero means "not sold this way" here
/// (dedicated-only models list 0), so zeros are left out.
fn prices(pricing: &BTreeMap<String, &RawValue>) -> Vec<Price> {
    let mut out = Vec::new();
    for (key, component) in [
        ("input", "input"),
        ("output", "output"),
        ("cached_input", "cached_input"),
    ] {
        let Some(raw) = pricing.get(key) else {
            continue;
        };
        let Ok(v) = Decimal::from_str(raw.get()).or_else(|_| Decimal::from_scientific(raw.get()))
        else {
            continue;
        };
        if v > Decimal::ZERO {
            out.push(Price::new(component, PriceUnit::MillionTokens, v));
        }
    }
    out
}

#[cfg(test)]
mod tests;

//! models.dev's `api.json`: providers keyed by id, each with `models` keyed by id. Costs are
//! USD per 1M tokens; limits in tokens. The bundled snapshot has the same shape.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::{Entry, ParseError, exact, provider_name};
use crate::model::{Capability, Model, ModelType, Price, PriceUnit, ServiceTier, component_key};

#[derive(Deserialize)]
struct Provider<'a> {
    #[serde(borrow)]
    models: Option<BTreeMap<String, &'a RawValue>>,
}

#[derive(Deserialize)]
struct Costs<'a> {
    #[serde(borrow, default)]
    cost: Option<BTreeMap<String, &'a RawValue>>,
}

/// The members of a model that [`model`] reads, and its costs as written: one pass over the
/// model, building nothing of the fields it does not read. A model this does not read (a
/// member named twice, say) is read whole, as before.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Read<'a> {
    tool_call: Option<Value>,
    structured_output: Option<Value>,
    reasoning: Option<Value>,
    modalities: Option<Value>,
    family: Option<Value>,
    name: Option<Value>,
    limit: Option<Value>,
    release_date: Option<Value>,
    knowledge: Option<Value>,
    #[serde(borrow)]
    cost: Option<&'a RawValue>,
}

impl<'a> Read<'a> {
    /// The members read, as the object [`model`] looks them up in (a JSON `null` is left out:
    /// every lookup reads it as absent), and the costs.
    fn split(self) -> (Value, BTreeMap<String, &'a RawValue>) {
        let mut v = serde_json::Map::new();
        for (key, value) in [
            ("tool_call", self.tool_call),
            ("structured_output", self.structured_output),
            ("reasoning", self.reasoning),
            ("modalities", self.modalities),
            ("family", self.family),
            ("name", self.name),
            ("limit", self.limit),
            ("release_date", self.release_date),
            ("knowledge", self.knowledge),
        ] {
            if let Some(value) = value {
                v.insert(key.to_owned(), value);
            }
        }
        let costs = self
            .cost
            .and_then(|raw| serde_json::from_str(raw.get()).ok())
            .unwrap_or_default();
        (Value::Object(v), costs)
    }
}

/// Parses an `api.json`; keys that are not providers (the snapshot's `_snapshot`) are skipped.
pub fn parse(body: &[u8]) -> Result<Vec<Entry>, ParseError> {
    let top: BTreeMap<String, &RawValue> = serde_json::from_slice(body)
        .map_err(|e| ParseError(format!("not a models.dev api.json: {e}")))?;
    let mut out = Vec::new();
    for (key, raw) in top {
        let provider = provider_name(&key);
        let Ok(p) = serde_json::from_str::<Provider>(raw.get()) else {
            continue;
        };
        for (id, raw_model) in p.models.unwrap_or_default() {
            let (v, costs) = members(raw_model)
                .map_err(|e| ParseError(format!("models.dev {key}/{id}: {e}")))?;
            let model = model(&id, &v, &costs);
            out.push(Entry::new(provider.clone(), id, model));
        }
    }
    Ok(out)
}

/// A model's members as [`model`] looks them up, and its costs as written.
fn members(raw: &RawValue) -> Result<(Value, BTreeMap<String, &RawValue>), serde_json::Error> {
    match serde_json::from_str::<Read>(raw.get()) {
        Ok(read) => Ok(read.split()),
        Err(_) => whole(raw),
    }
}

/// [`members`] by reading the whole model.
fn whole(raw: &RawValue) -> Result<(Value, BTreeMap<String, &RawValue>), serde_json::Error> {
    let v: Value = serde_json::from_str(raw.get())?;
    let costs = serde_json::from_str::<Costs>(raw.get())
        .ok()
        .and_then(|c| c.cost)
        .unwrap_or_default();
    Ok((v, costs))
}

fn strings(v: &Value, a: &str, b: &str) -> Vec<String> {
    v.get(a)
        .and_then(|m| m.get(b))
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn model(id: &str, v: &Value, costs: &BTreeMap<String, &RawValue>) -> Model {
    let flag = |k: &str| v.get(k).and_then(Value::as_bool) == Some(true);
    let inputs = strings(v, "modalities", "input");
    let outputs = strings(v, "modalities", "output");
    let out = |o: &str| outputs.iter().any(|x| x == o);
    let family = v.get("family").and_then(Value::as_str).unwrap_or_default();
    let model_type = if family.contains("embed") || id.contains("embed") {
        ModelType::Embedding
    } else if out("text") || outputs.is_empty() {
        ModelType::Chat
    } else if out("image") {
        ModelType::Image
    } else if out("video") {
        ModelType::Video
    } else if out("audio") {
        ModelType::Audio
    } else {
        ModelType::Other
    };
    let mut caps = BTreeSet::new();
    if model_type == ModelType::Chat {
        caps.insert(Capability::Chat);
    }
    if model_type == ModelType::Embedding {
        caps.insert(Capability::Embedding);
    }
    if flag("tool_call") {
        caps.insert(Capability::FunctionCalling);
    }
    if flag("structured_output") {
        caps.insert(Capability::StructuredOutput);
        caps.insert(Capability::JsonMode);
    }
    if flag("reasoning") {
        caps.insert(Capability::Reasoning);
    }
    if inputs.iter().any(|i| i == "image") {
        caps.insert(Capability::Vision);
    }
    if inputs.iter().any(|i| i == "audio") {
        caps.insert(Capability::AudioInput);
    }
    if out("audio") {
        caps.insert(Capability::AudioOutput);
    }
    if out("image") {
        caps.insert(Capability::ImageGeneration);
    }
    if out("video") {
        caps.insert(Capability::VideoGeneration);
    }
    let mut m = Model::new(id, String::new());
    m.name = v.get("name").and_then(Value::as_str).map(str::to_owned);
    m.model_type = model_type;
    m.capabilities = caps;
    m.input_modalities = inputs;
    m.output_modalities = outputs;
    let limit = v.get("limit");
    let count = |k: &str| {
        limit
            .and_then(|l| l.get(k))
            .and_then(Value::as_u64)
            .filter(|n| *n > 0)
    };
    m.context_length = count("context");
    m.max_output = count("output");
    m.release_date = v
        .get("release_date")
        .and_then(Value::as_str)
        .and_then(|s| NaiveDate::from_str(s).ok());
    m.knowledge_cutoff = v
        .get("knowledge")
        .and_then(Value::as_str)
        .map(str::to_owned);
    m.prices = prices(costs);
    m
}

/// models.dev's cost keys → aisync's base components (all USD per 1M tokens).
const COSTS: [(&str, &str); 7] = [
    ("input", "input"),
    ("output", "output"),
    ("cache_read", "cached_input"),
    ("cache_write", "cache_write"),
    ("reasoning", "reasoning"),
    ("input_audio", "input_audio"),
    ("output_audio", "output_audio"),
];

/// A model's prices, exactly: its base costs, and its long-context tiers — `tiers`
/// (`[{"tier": {"type": "context", "size": N}, …rates}]`, the whole request priced at those
/// rates once its input exceeds N) or, where a model has no `tiers`, the older
/// `context_over_200k` rates as one tier above 200,000. A tier of another type is not a
/// context threshold and is left out. A negative price is out of range: no source means it.
fn prices(costs: &BTreeMap<String, &RawValue>) -> Vec<Price> {
    fn rates(costs: &BTreeMap<String, &RawValue>, above: Option<u64>, out: &mut Vec<Price>) {
        for (key, base) in COSTS {
            if let Some(usd) = costs
                .get(key)
                .and_then(|r| exact(r))
                .filter(|v| !v.is_sign_negative())
            {
                let key = component_key(base, ServiceTier::Standard, above);
                if !out.iter().any(|p| p.component == key) {
                    out.push(Price::new(&key, PriceUnit::MillionTokens, usd));
                }
            }
        }
    }
    #[derive(Deserialize)]
    struct Threshold {
        #[serde(rename = "type")]
        kind: Option<String>,
        size: u64,
    }
    let mut out = Vec::new();
    rates(costs, None, &mut out);
    let tiers = costs
        .get("tiers")
        .and_then(|r| serde_json::from_str::<Vec<BTreeMap<String, &RawValue>>>(r.get()).ok());
    match tiers {
        Some(tiers) => {
            for tier in tiers {
                let Some(t) = tier
                    .get("tier")
                    .and_then(|r| serde_json::from_str::<Threshold>(r.get()).ok())
                    .filter(|t| t.kind.as_deref().is_none_or(|k| k == "context"))
                else {
                    continue;
                };
                rates(&tier, Some(t.size), &mut out);
            }
        }
        None => {
            if let Some(over) = costs
                .get("context_over_200k")
                .and_then(|r| serde_json::from_str::<BTreeMap<String, &RawValue>>(r.get()).ok())
            {
                rates(&over, Some(200_000), &mut out);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;

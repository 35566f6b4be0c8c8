//! pydantic/genai-prices' `data.json` (MIT): a list of providers, each with `models`, each
//! model with its own `match` clause (the ids it describes) and `prices` in USD per million
//! tokens (`input_mtok`, `cache_write_1h_mtok`, …) or per thousand (`requests_kcount`,
//! `web_searches_kcount`). A price may be tiered — `{"base": 5, "tiers": [{"start": 200000,
//! "price": 10}]}`: the whole request at the tier's price once its input passes `start` — and
//! a model's `prices` may be a list of conditional prices: the one without a constraint is
//! undated, one with `constraint.start_date` is in force from that date on. Prices by time of
//! day (`start_time` / `end_time`, DeepSeek's off-peak discount) say nothing a request's usage
//! carries, and are left out. Numbers are read exactly from the text.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::matching::Rule;
use super::{Dated, Entry, ParseError, exact, provider_name};
use crate::model::{Decimal, Model, Price, ServiceTier, component_key};

#[derive(Deserialize)]
struct Provider<'a> {
    id: String,
    #[serde(borrow, default)]
    models: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct ModelInfo<'a> {
    id: String,
    name: Option<String>,
    context_window: Option<u64>,
    #[serde(rename = "match")]
    rule: serde_json::Value,
    #[serde(borrow)]
    prices: &'a RawValue,
}

#[derive(Deserialize)]
struct Conditional<'a> {
    #[serde(default)]
    constraint: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(borrow)]
    prices: BTreeMap<String, &'a RawValue>,
}

/// genai-prices' price keys → aisync's base components, and what one unit of the key is.
const KEYS: [(&str, &str, Per); 17] = [
    ("input_mtok", "input", Per::Million),
    ("output_mtok", "output", Per::Million),
    ("cache_read_mtok", "cached_input", Per::Million),
    ("cache_write_mtok", "cache_write", Per::Million),
    ("cache_write_1h_mtok", "cache_write_1h", Per::Million),
    ("input_audio_mtok", "input_audio", Per::Million),
    ("cache_audio_read_mtok", "cached_input_audio", Per::Million),
    ("output_audio_mtok", "output_audio", Per::Million),
    ("input_image_mtok", "input_image", Per::Million),
    ("cache_image_read_mtok", "cached_input_image", Per::Million),
    ("output_image_mtok", "output_image", Per::Million),
    ("input_video_mtok", "input_video", Per::Million),
    ("output_video_mtok", "output_video", Per::Million),
    ("output_reasoning_mtok", "reasoning", Per::Million),
    ("output_citation_mtok", "citation", Per::Million),
    ("requests_kcount", "request", Per::Thousand),
    ("web_searches_kcount", "search", Per::Thousand),
];

#[derive(Clone, Copy)]
enum Per {
    /// USD per 1M tokens: aisync's own token unit.
    Million,
    /// USD per 1,000 requests or searches: divided down to one.
    Thousand,
}

pub fn parse(body: &[u8]) -> Result<Vec<Entry>, ParseError> {
    let providers: Vec<Provider> = serde_json::from_slice(body)
        .map_err(|e| ParseError(format!("not a genai-prices data.json: {e}")))?;
    let mut out = Vec::new();
    for p in providers {
        let provider = provider_name(&p.id);
        for raw in p.models {
            let Ok(m) = serde_json::from_str::<ModelInfo>(raw.get()) else {
                continue;
            };
            let Some(rule) = rule(&m.rule) else {
                tracing::debug!(provider = %p.id, id = %m.id, "a match clause aisync cannot read; entry left out");
                continue;
            };
            let (undated, dated) = prices(m.prices);
            let mut model = Model::new(m.id.clone(), String::new());
            model.name = m.name;
            model.context_length = m.context_window.filter(|n| *n > 0);
            model.prices = undated;
            let mut entry = Entry::new(provider.clone(), m.id, model);
            entry.dated = dated;
            entry.rule = Some(rule);
            out.push(entry);
        }
    }
    Ok(out)
}

/// A `match` clause as a rule; `None` for one this does not know (or a bad regex), so the
/// entry is never matched by a guess.
pub fn rule(v: &serde_json::Value) -> Option<Rule> {
    let obj = v.as_object()?;
    let (kind, arg) = obj.iter().next().filter(|_| obj.len() == 1)?;
    let text = || arg.as_str().map(str::to_owned);
    let list = || -> Option<Vec<Rule>> { arg.as_array()?.iter().map(rule).collect() };
    Some(match kind.as_str() {
        "equals" => Rule::Equals(text()?),
        "starts_with" => Rule::StartsWith(text()?),
        "ends_with" => Rule::EndsWith(text()?),
        "contains" => Rule::Contains(text()?),
        "regex" => {
            let pattern = text()?;
            let compiled = regex_lite::Regex::new(&pattern).ok()?;
            Rule::Regex(pattern, compiled)
        }
        "or" => Rule::Or(list()?),
        "and" => Rule::And(list()?),
        _ => return None,
    })
}

/// A model's undated prices and its dated ones (oldest first).
fn prices(raw: &RawValue) -> (Vec<Price>, Vec<Dated>) {
    if let Ok(one) = serde_json::from_str::<BTreeMap<String, &RawValue>>(raw.get()) {
        return (price_list(&one), Vec::new());
    }
    let Ok(list) = serde_json::from_str::<Vec<Conditional>>(raw.get()) else {
        return (Vec::new(), Vec::new());
    };
    let mut undated = Vec::new();
    let mut dated = Vec::new();
    for c in list {
        match &c.constraint {
            None => undated = price_list(&c.prices),
            Some(k) => {
                let from = k
                    .get("start_date")
                    .and_then(serde_json::Value::as_str)
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .and_then(|d| d.and_hms_opt(0, 0, 0));
                // Only a start date: a time-of-day price is no price of a request.
                if let (Some(from), 1) = (from, k.len()) {
                    dated.push(Dated {
                        from: from.and_utc(),
                        prices: price_list(&c.prices),
                    });
                }
            }
        }
    }
    dated.sort_by_key(|d| d.from);
    (undated, dated)
}

/// One price object's prices, exactly; a tiered one as its base and a long-context tier per
/// tier. A negative price is out of range: no source means it.
fn price_list(prices: &BTreeMap<String, &RawValue>) -> Vec<Price> {
    #[derive(Deserialize)]
    struct Tiered<'a> {
        #[serde(borrow)]
        base: &'a RawValue,
        #[serde(borrow, default)]
        tiers: Vec<Tier<'a>>,
    }
    #[derive(Deserialize)]
    struct Tier<'a> {
        start: u64,
        #[serde(borrow)]
        price: &'a RawValue,
    }
    let mut out = Vec::new();
    for (key, base, per) in KEYS {
        let Some(raw) = prices.get(key) else { continue };
        let mut push = |above: Option<u64>, value: &RawValue| {
            let Some(usd) = exact(value).filter(|v| !v.is_sign_negative()) else {
                return;
            };
            let usd = match per {
                Per::Million => usd,
                Per::Thousand => usd / Decimal::from(1000),
            };
            out.push(Price::in_its_unit(
                &component_key(base, ServiceTier::Standard, above),
                usd,
            ));
        };
        if let Ok(t) = serde_json::from_str::<Tiered>(raw.get()) {
            push(None, t.base);
            for tier in t.tiers {
                push(Some(tier.start), tier.price);
            }
        } else {
            push(None, raw);
        }
    }
    out
}

#[cfg(test)]
mod tests;

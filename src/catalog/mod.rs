//! Model catalogs: what a provider's list does not say (limits, capabilities, dates, prices),
//! from the snapshot compiled into the binary and from remote catalogs (models.dev `api.json`,
//! LiteLLM's price map, an OpenRouter models list).
//!
//! Every parser turns its format into [`Entry`]s keyed by aisync's provider id and the model
//! id as that provider lists it. Numbers are read from the raw JSON text, so prices stay exact.
//! Nothing here does I/O: fetching and caching live in `pricing/catalogs.rs` and the store.

pub mod bundled;
pub mod enrich;
pub mod genai_prices;
pub mod litellm;
pub mod matching;
pub mod models_dev;
pub mod openrouter;

use std::collections::HashMap;
use std::str::FromStr;

use serde_json::value::RawValue;

use crate::model::{CatalogFormat, Decimal, Model};

/// Guesses the format of a catalog body (for `--catalog` without a format): a list of
/// providers each with an `id` and a `models` list is genai-prices, an object with a `data`
/// list is OpenRouter, entries with `litellm_provider` are LiteLLM, providers with `models`
/// are models.dev.
pub fn detect_format(body: &[u8]) -> Option<CatalogFormat> {
    if let Ok(list) = serde_json::from_slice::<Vec<&RawValue>>(body) {
        let first: serde_json::Value = serde_json::from_str(list.first()?.get()).ok()?;
        let genai = first.get("id").is_some_and(serde_json::Value::is_string)
            && first.get("models").is_some_and(serde_json::Value::is_array);
        return genai.then_some(CatalogFormat::GenaiPrices);
    }
    let top: HashMap<String, &RawValue> = serde_json::from_slice(body).ok()?;
    if top.contains_key("data") {
        return Some(CatalogFormat::OpenRouter);
    }
    if top.contains_key("sample_spec") {
        return Some(CatalogFormat::LiteLlm);
    }
    for raw in top.values() {
        let v: serde_json::Value = serde_json::from_str(raw.get()).ok()?;
        if v.get("litellm_provider").is_some() {
            return Some(CatalogFormat::LiteLlm);
        }
        if v.get("models").is_some_and(serde_json::Value::is_object) {
            return Some(CatalogFormat::ModelsDev);
        }
    }
    None
}

/// A catalog that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);

/// One catalog entry: a model as the catalog describes it, under aisync's provider id.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub provider: String,
    /// The catalog's own id for the model (`gpt-4o`, `anthropic/claude-opus-5`).
    pub id: String,
    /// What the catalog says, as a model: type, limits, capabilities, modalities, dates,
    /// prices (its undated ones, for a catalog that dates its prices). Fields it says nothing
    /// about are empty.
    pub model: Model,
    /// Prices that take effect on a date, oldest first (genai-prices' `start_date`): each
    /// replaces `model.prices` from its date on.
    pub dated: Vec<Dated>,
    /// The catalog's own rule for which model ids this entry is (genai-prices' `match`); an
    /// entry with one is found by it alone (`matching.rs`).
    pub rule: Option<matching::Rule>,
}

/// A catalog's prices from a date on.
#[derive(Debug, Clone, PartialEq)]
pub struct Dated {
    pub from: chrono::DateTime<chrono::Utc>,
    pub prices: Vec<crate::model::Price>,
}

impl Entry {
    /// An entry found by its id, with undated prices: what every format but genai-prices gives.
    pub fn new(provider: String, id: String, model: Model) -> Self {
        Self {
            provider,
            id,
            model,
            dated: Vec::new(),
            rule: None,
        }
    }

    /// The prices in force at `at`: the latest dated ones from on or before it, else the
    /// undated ones (a price dated in the future is not in force yet).
    pub fn prices_as_of(&self, at: chrono::DateTime<chrono::Utc>) -> &[crate::model::Price] {
        self.dated
            .iter()
            .rev()
            .find(|d| d.from <= at)
            .map_or(&self.model.prices, |d| &d.prices)
    }
}

/// A parsed catalog, indexed by provider and id.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// `bundled`, or the configured name of a remote catalog.
    pub name: String,
    pub entries: Vec<Entry>,
    /// What a field this catalog gave records as its source (`catalog:<name>`).
    pub source: crate::model::FieldSource,
    /// Provider → id → the first entry with them: a lookup allocates nothing.
    index: HashMap<String, HashMap<String, usize>>,
    /// Provider → the entries with a rule of their own, in the catalog's order.
    ruled: HashMap<String, Vec<usize>>,
    /// Entries that claim one model with different prices: that model is priced by neither.
    pub conflicts: Vec<Conflict>,
}

/// Two entries of one catalog that claim the same model (LiteLLM's `gemini-exp-1206` and
/// `gemini/gemini-exp-1206`) and disagree on a price. Neither is chosen by its place in the
/// file: the catalog gives that model no price, and the report names the conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub provider: String,
    pub id: String,
    /// The first component they disagree on, and each entry's price of it.
    pub component: String,
    pub prices: [String; 2],
}

impl Catalog {
    pub fn new(name: impl Into<String>, mut entries: Vec<Entry>) -> Self {
        let mut index: HashMap<String, HashMap<String, usize>> = HashMap::new();
        let mut ruled: HashMap<String, Vec<usize>> = HashMap::new();
        let mut conflicts = Vec::new();
        for i in 0..entries.len() {
            let e = &entries[i];
            if e.rule.is_some() {
                ruled.entry(e.provider.clone()).or_default().push(i);
            }
            let first = *index
                .entry(e.provider.clone())
                .or_default()
                .entry(e.id.clone())
                .or_insert(i);
            if first != i {
                // A second entry for the model: its extra components join the first's; a
                // price they disagree on leaves the model unpriced by this catalog.
                let (head, tail) = entries.split_at_mut(i);
                let (kept, other) = (&mut head[first], &tail[0]);
                match disagreement(&kept.model.prices, &other.model.prices) {
                    Some((component, prices)) => {
                        conflicts.push(Conflict {
                            provider: kept.provider.clone(),
                            id: kept.id.clone(),
                            component,
                            prices,
                        });
                        kept.model.prices.clear();
                        kept.dated.clear();
                    }
                    None if !conflicts
                        .iter()
                        .any(|c| c.provider == kept.provider && c.id == kept.id) =>
                    {
                        for p in &other.model.prices {
                            if !kept.model.prices.iter().any(|k| k.component == p.component) {
                                kept.model.prices.push(p.clone());
                            }
                        }
                    }
                    None => {}
                }
            }
        }
        let name: String = name.into();
        Self {
            source: crate::model::FieldSource::Catalog(name.as_str().into()),
            name,
            entries,
            index,
            ruled,
            conflicts,
        }
    }

    /// The first entry of `provider` whose own rule takes `id`; `None` for a provider whose
    /// entries have no rules.
    pub fn by_rule(&self, provider: &str, id: &str) -> Option<&Entry> {
        self.ruled
            .get(provider)?
            .iter()
            .map(|&i| &self.entries[i])
            .find(|e| e.rule.as_ref().is_some_and(|r| r.matches(id)))
    }

    /// Whether `provider`'s entries are found by rules of their own.
    pub fn has_rules(&self, provider: &str) -> bool {
        self.ruled.contains_key(provider)
    }

    /// Whether any entry dates its prices.
    pub fn is_dated(&self) -> bool {
        self.entries.iter().any(|e| !e.dated.is_empty())
    }

    /// The entry for exactly this provider and id.
    pub fn get(&self, provider: &str, id: &str) -> Option<&Entry> {
        self.index.get(provider)?.get(id).map(|&i| &self.entries[i])
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The first component two price lists both give at different prices, with both prices.
fn disagreement(
    a: &[crate::model::Price],
    b: &[crate::model::Price],
) -> Option<(String, [String; 2])> {
    let mut keys: Vec<&crate::model::Price> = a.iter().collect();
    keys.sort_by(|x, y| x.component.cmp(&y.component));
    keys.into_iter().find_map(|x| {
        b.iter()
            .find(|y| y.component == x.component && (y.usd != x.usd || y.unit != x.unit))
            .map(|y| (x.component.clone(), [x.usd.to_string(), y.usd.to_string()]))
    })
}

/// One fact that differs between two copies of a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub provider: String,
    pub id: String,
    /// `context_length`, `max_output`, or a price component (`input`, `output`, …).
    pub field: String,
    /// Exact text of the old and new values; empty when absent.
    pub old: String,
    pub new: String,
}

/// The price and limit changes between two copies of a catalog, for entries in both, sorted.
/// Entries only one copy has are additions or removals, not changes.
pub fn changes(old: &Catalog, new: &Catalog) -> Vec<Change> {
    let text = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
    let mut out = Vec::new();
    for e in &new.entries {
        // A catalog may list one model under two keys (LiteLLM's `gemini-exp-1206` and
        // `gemini/gemini-exp-1206`); the one `get` answers with is the model's entry.
        let shadowed = new
            .get(&e.provider, &e.id)
            .is_some_and(|first| !std::ptr::eq(first, e));
        let Some(before) = old.get(&e.provider, &e.id).filter(|_| !shadowed) else {
            continue;
        };
        let (a, b) = (&before.model, &e.model);
        let mut push = |field: &str, o: String, n: String| {
            if o != n {
                out.push(Change {
                    provider: e.provider.clone(),
                    id: e.id.clone(),
                    field: field.to_owned(),
                    old: o,
                    new: n,
                });
            }
        };
        push(
            "context_length",
            text(a.context_length),
            text(b.context_length),
        );
        push("max_output", text(a.max_output), text(b.max_output));
        let mut components: Vec<&str> = a
            .prices
            .iter()
            .chain(&b.prices)
            .map(|p| p.component.as_str())
            .collect();
        components.sort_unstable();
        components.dedup();
        for c in components {
            let price = |m: &Model| {
                m.prices
                    .iter()
                    .find(|p| p.component == c)
                    .map(|p| p.usd.normalize().to_string())
                    .unwrap_or_default()
            };
            push(c, price(a), price(b));
        }
    }
    out.sort_by(|x, y| (&x.provider, &x.id, &x.field).cmp(&(&y.provider, &y.id, &y.field)));
    out
}

/// Parses a catalog body of a known format.
pub fn parse(format: CatalogFormat, name: &str, body: &[u8]) -> Result<Catalog, ParseError> {
    let entries = match format {
        CatalogFormat::ModelsDev => models_dev::parse(body)?,
        CatalogFormat::LiteLlm => litellm::parse(body)?,
        CatalogFormat::OpenRouter => openrouter::parse(body)?,
        CatalogFormat::GenaiPrices => genai_prices::parse(body)?,
    };
    Ok(Catalog::new(name, entries))
}

/// A JSON number or numeric string, exactly: `2.5`, `"0.0000025"`, `2.5e-06`.
pub fn exact(raw: &RawValue) -> Option<Decimal> {
    let text = raw.get().trim().trim_matches('"');
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        Decimal::from_str(text).ok()
    }
}

/// Catalog provider names → aisync's (`providers::from_catalog_name`: models.dev's `google`,
/// LiteLLM's `together_ai`, OpenRouter's authors `x-ai`, `mistralai`); other names are kept as
/// they are, so a change set covers the whole catalog.
pub fn provider_name(name: &str) -> String {
    crate::providers::from_catalog_name(name).map_or_else(|| name.to_owned(), str::to_owned)
}

#[cfg(test)]
pub fn fixture(path: &str) -> Vec<u8> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/catalogs");
    std::fs::read(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[cfg(test)]
mod tests;

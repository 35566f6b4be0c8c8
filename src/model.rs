//! The shared vocabulary: providers, models, their fields and the records of a sync.
//!
//! Every other module speaks these types; this module imports nothing of ours. Values here are
//! plain data: no I/O, no clock, no formatting for people.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
pub use rust_decimal::Decimal;

mod component;
mod event;
mod figures;
mod health;
pub use component::{BASES, Component, SEARCHES, ServiceTier, Side, key as component_key};
pub use event::{Event, EventKind, SinkCursor, SinkOutcome, SinkStatus};
pub use figures::{DURATION_BUCKETS_MS, Durations, Figures, ProviderTimes};
pub use health::ProviderHealth;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A provider's id as the user names it (`openai`, `mock`, or a configured custom name).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProviderId(pub String);

impl ProviderId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProviderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a model is for, normalised across providers (SPEC §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelType {
    Chat,
    Completion,
    Embedding,
    Image,
    Audio,
    Video,
    Moderation,
    Rerank,
    Realtime,
    Other,
}

impl ModelType {
    pub const ALL: [Self; 10] = [
        Self::Chat,
        Self::Completion,
        Self::Embedding,
        Self::Image,
        Self::Audio,
        Self::Video,
        Self::Moderation,
        Self::Rerank,
        Self::Realtime,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Chat => "chat",
            Self::Completion => "completion",
            Self::Embedding => "embedding",
            Self::Image => "image",
            Self::Audio => "audio",
            Self::Video => "video",
            Self::Moderation => "moderation",
            Self::Rerank => "rerank",
            Self::Realtime => "realtime",
            Self::Other => "other",
        }
    }

    /// The type named by `s`, as stored and as written in JSON.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Whether a model can be called: listed, listed with an end date, or no longer listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelStatus {
    Active,
    Deprecated,
    Removed,
}

impl ModelStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Deprecated => "deprecated",
            Self::Removed => "removed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Active, Self::Deprecated, Self::Removed]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// Something a model can do. Serialised in `snake_case`, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    Chat,
    Completion,
    FunctionCalling,
    JsonMode,
    StructuredOutput,
    Vision,
    AudioInput,
    AudioOutput,
    Reasoning,
    Streaming,
    Embedding,
    ImageGeneration,
    VideoGeneration,
    Moderation,
}

/// Where a field's value came from. Every stored field remembers one. Written as text:
/// `provider`, `inferred`, `override`, or `catalog:<name>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum FieldSource {
    /// The provider's own list-models response.
    Provider,
    /// Classified by aisync from the model id, where the provider says nothing.
    Inferred,
    /// A local override in the config file.
    Override,
    /// A model catalog, by its name (`bundled`, `litellm`, …), shared by every field it gave.
    Catalog(Arc<str>),
}

impl fmt::Display for FieldSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Provider => f.write_str("provider"),
            Self::Inferred => f.write_str("inferred"),
            Self::Override => f.write_str("override"),
            Self::Catalog(name) => write!(f, "catalog:{name}"),
        }
    }
}

impl From<FieldSource> for String {
    fn from(s: FieldSource) -> Self {
        s.to_string()
    }
}

impl TryFrom<String> for FieldSource {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s)
    }
}

impl FieldSource {
    /// Reads the text form written by `Display`.
    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "provider" => Ok(Self::Provider),
            "inferred" => Ok(Self::Inferred),
            "override" => Ok(Self::Override),
            _ => match s.strip_prefix("catalog:") {
                Some(name) if !name.is_empty() => Ok(Self::Catalog(name.into())),
                _ => Err(format!("unknown field source {s:?}")),
            },
        }
    }
}

/// Which source gave each field that has a value, by field name, in name order (as a JSON
/// object of them is written). A model carries one, so it is a short sorted list whose names
/// are [`FIELDS`]' own: no map node, and no allocation per field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldSources(Vec<(Cow<'static, str>, FieldSource)>);

impl FieldSources {
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, field: &str) -> Result<usize, usize> {
        self.0
            .binary_search_by(|(name, _)| name.as_ref().cmp(field))
    }

    pub fn get(&self, field: &str) -> Option<&FieldSource> {
        self.find(field).ok().map(|i| &self.0[i].1)
    }

    /// Records `source` for `field`, replacing what it had.
    pub fn insert(&mut self, field: &str, source: FieldSource) {
        match self.find(field) {
            Ok(i) => self.0[i].1 = source,
            Err(i) => {
                let name = FIELDS
                    .into_iter()
                    .find(|f| *f == field)
                    .map_or_else(|| Cow::Owned(field.to_owned()), Cow::Borrowed);
                self.0.insert(i, (name, source));
            }
        }
    }

    /// Every field with its source, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FieldSource)> {
        self.0.iter().map(|(name, source)| (name.as_ref(), source))
    }
}

/// For tests: the source of a field that has one.
#[cfg(test)]
impl std::ops::Index<&str> for FieldSources {
    type Output = FieldSource;

    fn index(&self, field: &str) -> &FieldSource {
        self.get(field)
            .unwrap_or_else(|| panic!("no source recorded for {field}"))
    }
}

impl Serialize for FieldSources {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for FieldSources {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, FieldSource>::deserialize(d)?;
        let mut out = Self::new();
        for (field, source) in map {
            out.insert(&field, source);
        }
        Ok(out)
    }
}

/// A model catalog's file format, as `[[catalogs]]` names it (`format = "litellm"`). Its
/// parsers live in `catalog`; configuration names formats without knowing them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CatalogFormat {
    #[serde(rename = "models.dev")]
    ModelsDev,
    #[serde(rename = "litellm")]
    LiteLlm,
    #[serde(rename = "openrouter")]
    OpenRouter,
    #[serde(rename = "genai-prices")]
    GenaiPrices,
}

impl CatalogFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ModelsDev => "models.dev",
            Self::LiteLlm => "litellm",
            Self::OpenRouter => "openrouter",
            Self::GenaiPrices => "genai-prices",
        }
    }

    /// The name a catalog of this format takes when none is given: its format's, but never a
    /// provider's id (an OpenRouter catalog is `openrouter-catalog`, so its prices read apart
    /// from the ones OpenRouter's own API gives, shown as `openrouter`).
    pub fn default_name(self) -> &'static str {
        match self {
            Self::OpenRouter => "openrouter-catalog",
            other => other.as_str(),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::ModelsDev,
            Self::LiteLlm,
            Self::OpenRouter,
            Self::GenaiPrices,
        ]
        .into_iter()
        .find(|f| f.as_str() == s)
    }
}

/// The name of the snapshot compiled into aisync: what its prices and fields are recorded
/// under, and a name no `[[catalogs]]` entry may take.
pub const BUNDLED_CATALOG: &str = "bundled";

/// One model as a provider lists it, normalised. Optional fields are `None` when nobody said:
/// a number is never guessed.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub id: String,
    pub name: Option<String>,
    pub model_type: ModelType,
    /// `Active` or `Deprecated` as the provider reports it; `Removed` is decided by the sync.
    pub status: ModelStatus,
    pub context_length: Option<u64>,
    pub max_output: Option<u64>,
    pub capabilities: BTreeSet<Capability>,
    pub input_modalities: Vec<String>,
    pub output_modalities: Vec<String>,
    pub owner: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub deprecation_date: Option<NaiveDate>,
    pub shutdown_date: Option<NaiveDate>,
    pub replacement: Option<String>,
    /// When the model was released (from catalogs).
    pub release_date: Option<NaiveDate>,
    /// The training data cutoff, as the source writes it (`2024-09`, `2024-09-30`).
    pub knowledge_cutoff: Option<String>,
    /// The provider's own JSON object for this model, as received, as compact JSON text (keys
    /// sorted): provenance, written with the row and read by no command.
    pub raw: String,
    /// Prices the provider's own list gives, exact, in USD.
    pub prices: Vec<Price>,
    /// Which source gave each field that has a value, by field name.
    pub sources: FieldSources,
}

/// One price component of a model, exact (never a binary float), in US dollars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Price {
    /// The component's key (see [`Component`]): `input`, `cached_input`, `cache_write_1h`,
    /// `image`, `input@batch`, `output>200000`, …
    pub component: String,
    pub unit: PriceUnit,
    pub usd: Decimal,
}

/// What a price is charged per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PriceUnit {
    /// Per million tokens: every token price is normalised to this.
    MillionTokens,
    Image,
    Request,
    Search,
    Second,
    Character,
    Page,
    Pixel,
}

impl PriceUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MillionTokens => "1M tokens",
            Self::Image => "image",
            Self::Request => "request",
            Self::Search => "search",
            Self::Second => "second",
            Self::Character => "character",
            Self::Page => "page",
            Self::Pixel => "pixel",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::MillionTokens,
            Self::Image,
            Self::Request,
            Self::Search,
            Self::Second,
            Self::Character,
            Self::Page,
            Self::Pixel,
        ]
        .into_iter()
        .find(|u| u.as_str() == s)
    }
}

impl Price {
    pub fn new(component: &str, unit: PriceUnit, usd: Decimal) -> Self {
        Self {
            component: component.to_owned(),
            unit,
            usd: usd.normalize(),
        }
    }

    /// A price of the component `key` in that component's own unit (per 1M tokens for tokens).
    pub fn in_its_unit(key: &str, usd: Decimal) -> Self {
        Self::new(key, Component::parse(key).unit(), usd)
    }

    /// What the component is: its base, service tier and long-context threshold.
    pub fn part(&self) -> Component<'_> {
        Component::parse(&self.component)
    }

    /// A price given per token, as aisync keeps it: per 1M tokens, exactly. `None` when the
    /// product does not fit an exact decimal (a price near 10^23 USD a token is no price).
    pub fn per_token(component: &str, usd_per_token: Decimal) -> Option<Self> {
        usd_per_token
            .checked_mul(Decimal::from(1_000_000))
            .map(|usd| Self::new(component, PriceUnit::MillionTokens, usd))
    }
}

impl Model {
    /// A model known only by its id so far: type `other`, active, nothing else said.
    pub fn new(id: impl Into<String>, raw: String) -> Self {
        Self {
            id: id.into(),
            name: None,
            model_type: ModelType::Other,
            status: ModelStatus::Active,
            context_length: None,
            max_output: None,
            capabilities: BTreeSet::new(),
            input_modalities: Vec::new(),
            output_modalities: Vec::new(),
            owner: None,
            created_at: None,
            deprecation_date: None,
            shutdown_date: None,
            replacement: None,
            release_date: None,
            knowledge_cutoff: None,
            raw,
            prices: Vec::new(),
            sources: FieldSources::new(),
        }
    }

    /// Records `source` for every field that has a value, except those named in `inferred`
    /// (which get [`FieldSource::Inferred`] when they have a value).
    pub fn stamp_sources(&mut self, source: &FieldSource, inferred: &[&str]) {
        let mut given: Vec<(Cow<'static, str>, FieldSource)> = FIELDS
            .into_iter()
            .filter(|f| self.has(f))
            .map(|f| {
                let s = if inferred.contains(&f) {
                    FieldSource::Inferred
                } else {
                    source.clone()
                };
                (Cow::Borrowed(f), s)
            })
            .collect();
        given.sort_by(|a, b| a.0.cmp(&b.0));
        self.sources = FieldSources(given);
    }

    /// Whether `field` (one of [`FIELDS`]) has a value: what a source is recorded for.
    fn has(&self, field: &str) -> bool {
        match field {
            "name" => self.name.is_some(),
            "type" | "status" => true,
            "context_length" => self.context_length.is_some(),
            "max_output" => self.max_output.is_some(),
            "capabilities" => !self.capabilities.is_empty(),
            "input_modalities" => !self.input_modalities.is_empty(),
            "output_modalities" => !self.output_modalities.is_empty(),
            "owner" => self.owner.is_some(),
            "created_at" => self.created_at.is_some(),
            "deprecation_date" => self.deprecation_date.is_some(),
            "shutdown_date" => self.shutdown_date.is_some(),
            "replacement" => self.replacement.is_some(),
            "release_date" => self.release_date.is_some(),
            "knowledge_cutoff" => self.knowledge_cutoff.is_some(),
            "pricing" => !self.prices.is_empty(),
            _ => false,
        }
    }

    /// Whether `field` says the same in `self` and `other`, compared as the values a change
    /// reports would be (times to the second, prices as exact decimals), without building them.
    fn same(&self, other: &Self, field: &str) -> bool {
        let (a, b) = (self, other);
        match field {
            "name" => a.name == b.name,
            "type" => a.model_type == b.model_type,
            "status" => a.status == b.status,
            "context_length" => a.context_length == b.context_length,
            "max_output" => a.max_output == b.max_output,
            "capabilities" => a.capabilities == b.capabilities,
            "input_modalities" => a.input_modalities == b.input_modalities,
            "output_modalities" => a.output_modalities == b.output_modalities,
            "owner" => a.owner == b.owner,
            "created_at" => {
                a.created_at.map(|t| t.timestamp()) == b.created_at.map(|t| t.timestamp())
            }
            "deprecation_date" => a.deprecation_date == b.deprecation_date,
            "shutdown_date" => a.shutdown_date == b.shutdown_date,
            "replacement" => a.replacement == b.replacement,
            "release_date" => a.release_date == b.release_date,
            "knowledge_cutoff" => a.knowledge_cutoff == b.knowledge_cutoff,
            "pricing" => {
                (a.prices.is_empty() && b.prices.is_empty()) || a.pricing_json() == b.pricing_json()
            }
            _ => true,
        }
    }

    /// One field's value as every report of a change writes it.
    pub fn field_value(&self, field: &str) -> Value {
        fn opt<T: Serialize>(v: Option<&T>) -> Value {
            v.map_or(Value::Null, |v| {
                serde_json::to_value(v).unwrap_or(Value::Null)
            })
        }
        match field {
            "name" => opt(self.name.as_ref()),
            "type" => Value::from(self.model_type.as_str()),
            "status" => Value::from(self.status.as_str()),
            "context_length" => opt(self.context_length.as_ref()),
            "max_output" => opt(self.max_output.as_ref()),
            "capabilities" => serde_json::to_value(&self.capabilities).unwrap_or(Value::Null),
            "input_modalities" => Value::from(self.input_modalities.clone()),
            "output_modalities" => Value::from(self.output_modalities.clone()),
            "owner" => opt(self.owner.as_ref()),
            "created_at" => opt(self.created_at.map(|t| format_time(&t)).as_ref()),
            "deprecation_date" => opt(self.deprecation_date.as_ref()),
            "shutdown_date" => opt(self.shutdown_date.as_ref()),
            "replacement" => opt(self.replacement.as_ref()),
            "release_date" => opt(self.release_date.as_ref()),
            "knowledge_cutoff" => opt(self.knowledge_cutoff.as_ref()),
            "pricing" => self.pricing_json(),
            _ => Value::Null,
        }
    }

    /// The fields that differ from `old`, in field order, each with its old and new value.
    /// The diff and every report of a change use these names and values.
    pub fn changes_from(&self, old: &Self) -> Vec<FieldChange> {
        FIELDS
            .into_iter()
            .filter(|f| !old.same(self, f))
            .map(|field| match field {
                // Only the components that differ, each old → new (null where absent).
                "pricing" => {
                    let (a, b) = (old.pricing_json(), self.pricing_json());
                    let (a, b) = (a.as_object(), b.as_object());
                    let mut keys: Vec<&String> =
                        a.iter().chain(b.iter()).flat_map(|m| m.keys()).collect();
                    keys.sort();
                    keys.dedup();
                    let get = |m: Option<&serde_json::Map<String, Value>>, k: &str| {
                        m.and_then(|m| m.get(k)).cloned().unwrap_or(Value::Null)
                    };
                    let differ: Vec<&String> = keys
                        .into_iter()
                        .filter(|k| get(a, k) != get(b, k))
                        .collect();
                    let pick = |m| {
                        Value::Object(differ.iter().map(|k| ((*k).clone(), get(m, k))).collect())
                    };
                    FieldChange {
                        field,
                        old: pick(a),
                        new: pick(b),
                    }
                }
                _ => FieldChange {
                    field,
                    old: old.field_value(field),
                    new: self.field_value(field),
                },
            })
            .collect()
    }
}

/// The fields a sync compares, by their public names, in the order reports list them.
pub const FIELDS: [&str; 16] = [
    "name",
    "type",
    "status",
    "context_length",
    "max_output",
    "capabilities",
    "input_modalities",
    "output_modalities",
    "owner",
    "created_at",
    "deprecation_date",
    "shutdown_date",
    "replacement",
    "release_date",
    "knowledge_cutoff",
    "pricing",
];

impl Model {
    /// Prices as one JSON object, `component` → exact decimal string with its unit.
    fn pricing_json(&self) -> Value {
        let mut prices: Vec<&Price> = self.prices.iter().collect();
        prices.sort_by(|a, b| a.component.cmp(&b.component));
        Value::Object(
            prices
                .into_iter()
                .map(|p| {
                    (
                        p.component.clone(),
                        Value::String(format!("{} per {}", p.usd, p.unit.as_str())),
                    )
                })
                .collect(),
        )
    }
}

/// What a change-log entry records (`aisync changes --kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    ModelAdded,
    ModelRemoved,
    ModelRestored,
    ModelUpdated,
    PriceChanged,
    ChangeHeld,
    ChangeAccepted,
    SyncFailed,
    SyncRecovered,
    CatalogRefreshed,
}

impl ChangeKind {
    pub const ALL: [Self; 10] = [
        Self::ModelAdded,
        Self::ModelRemoved,
        Self::ModelRestored,
        Self::ModelUpdated,
        Self::PriceChanged,
        Self::ChangeHeld,
        Self::ChangeAccepted,
        Self::SyncFailed,
        Self::SyncRecovered,
        Self::CatalogRefreshed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ModelAdded => "model.added",
            Self::ModelRemoved => "model.removed",
            Self::ModelRestored => "model.restored",
            Self::ModelUpdated => "model.updated",
            Self::PriceChanged => "price.changed",
            Self::ChangeHeld => "change.held",
            Self::ChangeAccepted => "change.accepted",
            Self::SyncFailed => "sync.failed",
            Self::SyncRecovered => "sync.recovered",
            Self::CatalogRefreshed => "catalog.refreshed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One entry of the change log, as a run appends it: the run's time and id are the
/// transaction's. `details` is a JSON object's text (exact decimals written digit for digit).
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeEntry {
    pub kind: ChangeKind,
    pub provider: Option<String>,
    pub model: Option<String>,
    pub details: String,
}

/// A change-log entry as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedChange {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub run_id: String,
    pub kind: ChangeKind,
    pub provider: Option<String>,
    pub model: Option<String>,
    pub details: String,
}

impl LoggedChange {
    /// What the entry says, in a few words: `context_length 8192 → 128000 (catalog:litellm)`,
    /// `input 2.5 → 3 per 1M tokens (provider)`. Unsanitized: the caller escapes for its medium.
    pub fn what(&self) -> String {
        let d: Value = serde_json::from_str(&self.details).unwrap_or(Value::Null);
        let text = |v: &Value| match v {
            Value::Null => "—".to_owned(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if let Some(field) = d.get("field").and_then(Value::as_str) {
            return format!(
                "{field} {} → {} ({})",
                text(&d["old"]),
                text(&d["new"]),
                text(&d["origin"])
            );
        }
        if let Some(component) = d.get("component").and_then(Value::as_str) {
            return format!(
                "{component} {} → {} per {} ({})",
                text(&d["old"]),
                text(&d["new"]),
                text(&d["unit"]),
                text(&d["source"])
            );
        }
        match d.as_object() {
            Some(o) if !o.is_empty() => o
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k} {}", text(v)))
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        }
    }

    /// The entry in one line: `model.updated gpt-4o: context_length 8192 → 128000 (provider)`.
    pub fn describe(&self) -> String {
        let what = self.what();
        let mut line = self.kind.as_str().to_owned();
        if let Some(m) = &self.model {
            line.push(' ');
            line.push_str(m);
        }
        if !what.is_empty() {
            line.push_str(": ");
            line.push_str(&what);
        }
        line
    }
}

/// As `aisync changes --format json` and every event write an entry: `details` is the
/// stored JSON object itself, exact decimals digit for digit.
impl Serialize for LoggedChange {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let details = serde_json::value::RawValue::from_string(self.details.clone()).ok();
        let mut st = s.serialize_struct("LoggedChange", 7)?;
        st.serialize_field("seq", &self.seq)?;
        st.serialize_field("at", &format_time(&self.at))?;
        st.serialize_field("run_id", &self.run_id)?;
        st.serialize_field("kind", self.kind.as_str())?;
        st.serialize_field("provider", &self.provider)?;
        st.serialize_field("model", &self.model)?;
        st.serialize_field("details", &details)?;
        st.end()
    }
}

/// One source's current prices for a model, with when they were observed. As the price in
/// force, it may hold components a lower source gave that this one does not (precedence is
/// per component): those are named in `filled`, with their source.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcedPrices {
    pub source: FieldSource,
    pub prices: Vec<Price>,
    pub observed_at: DateTime<Utc>,
    /// Component key → the lower source that gave it; empty for one source's own prices.
    pub filled: Vec<(String, FieldSource)>,
}

impl SourcedPrices {
    /// The source of one component: the group's own, or the one that filled it in.
    pub fn source_of(&self, component: &str) -> &FieldSource {
        self.filled
            .iter()
            .find(|(c, _)| c == component)
            .map_or(&self.source, |(_, s)| s)
    }
}

/// One row of a model's price history; `amount` is `None` when the source stopped giving it.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    pub observed_at: DateTime<Utc>,
    pub component: String,
    pub unit: PriceUnit,
    pub amount: Option<Decimal>,
    pub source: FieldSource,
}

/// A model as the store holds it: the provider's view plus what the sync remembers.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredModel {
    pub provider: ProviderId,
    pub model: Model,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    pub removed_at: Option<DateTime<Utc>>,
}

/// What a sync reads of a provider's stored models before it fetches: a digest of each row
/// and the provider's own prices, enough to tell an unchanged model from a changed one
/// without reading any row in full. Only the rows that differ are read whole, and only they
/// are written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredDigests {
    /// By model id.
    pub rows: std::collections::HashMap<String, RowDigest>,
    /// The prices the provider's own list gave, by model id (none for most providers).
    pub prices: std::collections::HashMap<String, Vec<Price>>,
}

/// One stored row, in short: a digest of every column that holds what the model says (not
/// when it was seen), as written; equal digests mean equal rows (the odds of two different
/// rows sharing one are 2^-64). Not stored: digests of one run are compared with each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowDigest {
    pub digest: u64,
    pub status: ModelStatus,
}

impl StoredDigests {
    /// How many stored models are listed (active or deprecated), not removed.
    pub fn listed(&self) -> usize {
        self.rows
            .values()
            .filter(|r| r.status != ModelStatus::Removed)
            .count()
    }
}

/// One field of one model that a sync changes, with its old and new values.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: Value,
    pub new: Value,
}

/// The classes of provider failure of SPEC §5, as written in JSON and in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorType {
    InvalidCredentials,
    PermissionDenied,
    RateLimited,
    QuotaExceeded,
    Timeout,
    Network,
    ServerError,
    InvalidResponse,
    NotFound,
    NotConfigured,
}

impl ErrorType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidCredentials => "invalid_credentials",
            Self::PermissionDenied => "permission_denied",
            Self::RateLimited => "rate_limited",
            Self::QuotaExceeded => "quota_exceeded",
            Self::Timeout => "timeout",
            Self::Network => "network",
            Self::ServerError => "server_error",
            Self::InvalidResponse => "invalid_response",
            Self::NotFound => "not_found",
            Self::NotConfigured => "not_configured",
        }
    }
}

/// A provider's failure, kept as data: one provider failing never stops the others.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ProviderError {
    pub error_type: ErrorType,
    /// One line for people; quotes the provider's own words, never a key.
    pub message: String,
}

impl ProviderError {
    pub fn new(error_type: ErrorType, message: impl Into<String>) -> Self {
        Self {
            error_type,
            message: message.into(),
        }
    }
}

/// What the store remembers of a provider's syncs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncState {
    pub last_success_at: Option<DateTime<Utc>>,
    /// `None` after a success means the cache was cleared: the next run refreshes.
    pub cached_until: Option<DateTime<Utc>>,
    pub last_failure_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_error_type: Option<ErrorType>,
    pub statistics: Option<Value>,
}

/// One provider's attempt within one run, as recorded for history and failure rates.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncRun {
    pub run_id: String,
    pub provider: ProviderId,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub counts: Option<ChangeCounts>,
    pub duration_ms: u64,
    pub error: Option<ProviderError>,
}

/// How many recent runs a provider's failure rate covers.
pub const RECENT_RUNS: usize = 20;

/// How a provider's last [`RECENT_RUNS`] runs went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunHealth {
    pub runs: usize,
    pub failed: usize,
}

/// Usage of one model over a period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsageSummary {
    pub records: u64,
    pub requests: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// The sum of the known costs.
    pub cost: Decimal,
    /// Records whose cost is unknown (no price was known at the time).
    pub unknown_cost: u64,
}

/// How many models a sync added, updated, removed and left alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ChangeCounts {
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
}

/// Timestamps everywhere (store, JSON) are UTC RFC 3339 to the second: `2026-11-23T10:30:00Z`.
pub fn format_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `t + delta`, no later than the last instant RFC 3339 writes with a four-digit year
/// (9999-12-31T23:59:59Z), so that every time aisync stores it can read back.
pub fn later_by(t: DateTime<Utc>, delta: chrono::TimeDelta) -> DateTime<Utc> {
    let last = NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map_or(DateTime::<Utc>::MAX_UTC, |d| d.and_utc());
    t.checked_add_signed(delta)
        .map_or(last, |later| later.min(last))
}

/// Parses a timestamp written by [`format_time`] (or any RFC 3339 time).
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests;

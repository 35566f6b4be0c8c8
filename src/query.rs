//! The read side's logic, apart from I/O and printing: models with their price in force,
//! the filters and sorts of `models list`, the nearest ids for `models info`, what
//! `models cleanup` selects, and the providers as `providers` shows them. Pure, but for
//! [`load`] and [`provider_views`].

use std::cmp::Ordering;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::config::Config;
use crate::model::{
    Capability, Decimal, ModelStatus, ModelType, ProviderId, RunHealth, SourcedPrices, StoredModel,
    SyncState,
};
use crate::pricing::plan::effective_prices;
use crate::providers::{Credentials, Kind};
use crate::store::{Store, StoreError};

/// A stored model with the price in force.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelView {
    pub stored: StoredModel,
    pub pricing: Option<SourcedPrices>,
}

impl ModelView {
    pub fn id(&self) -> &str {
        &self.stored.model.id
    }

    pub fn provider(&self) -> &ProviderId {
        &self.stored.provider
    }

    /// A token price component in USD per 1M tokens.
    pub fn token_price(&self, component: &str) -> Option<Decimal> {
        crate::pricing::cost::token_price(self.pricing.as_ref(), component)
    }
}

/// Every stored model with its price in force, given the catalogs' precedence order, in
/// report order of providers. Two reads, whatever the number of providers.
pub fn load(store: &Store, catalog_order: &[String]) -> Result<Vec<ModelView>, StoreError> {
    let mut views: Vec<ModelView> = store
        .listing()?
        .into_iter()
        .map(|(stored, groups)| ModelView {
            stored,
            pricing: effective_prices(&groups, catalog_order),
        })
        .collect();
    let order = crate::providers::in_report_order(store.providers_with_models()?);
    let rank = |p: &ProviderId| order.iter().position(|o| o == p).unwrap_or(usize::MAX);
    // Stable: ids stay in order within each provider.
    views.sort_by_key(|v| rank(v.provider()));
    Ok(views)
}

/// The one model `id` names (from `provider`, when given), with its price in force: a lookup
/// by key, whatever the size of the store. Every stored id is read only to say "did you mean".
pub fn find(
    store: &Store,
    catalog_order: &[String],
    id: &str,
    provider: Option<&str>,
) -> Result<ModelView, FindError> {
    let mut found: Vec<(StoredModel, Vec<SourcedPrices>)> = store
        .models_with_id(id)?
        .into_iter()
        .filter(|(s, _)| provider.is_none_or(|p| s.provider.as_str() == p))
        .collect();
    match found.len() {
        1 => {
            let (stored, groups) = found.remove(0);
            let pricing = effective_prices(&groups, catalog_order);
            Ok(ModelView { stored, pricing })
        }
        0 => {
            let ids = store.model_ids()?;
            Err(PickError::Unknown {
                id: id.to_owned(),
                provider: provider.map(str::to_owned),
                nearest: nearest(ids.iter().map(String::as_str), id, 3),
            }
            .into())
        }
        _ => Err(PickError::Ambiguous {
            id: id.to_owned(),
            providers: crate::providers::in_report_order(
                found.into_iter().map(|(s, _)| s.provider).collect(),
            )
            .into_iter()
            .map(|p| p.to_string())
            .collect(),
        }
        .into()),
    }
}

/// `models info` found no one model, or the store could not say.
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error(transparent)]
    Pick(#[from] PickError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A provider as `aisync providers` shows it: its settings as resolved and its health as
/// stored. Whether it has its key is decided by `providers::Credentials`, not here.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderView {
    pub id: ProviderId,
    pub enabled: bool,
    pub credentials: Credentials,
    /// The variable a key is read from (never the key).
    pub key_env: Option<String>,
    /// `None` for a provider without one (the mock).
    pub base_url: Option<String>,
    pub state: Option<SyncState>,
    pub health: RunHealth,
    /// Models it lists now (removed ones not counted).
    pub models: usize,
}

/// Every provider aisync knows, in report order; the mock is left out in production.
pub fn provider_views(store: &Store, config: &Config) -> Result<Vec<ProviderView>, StoreError> {
    let mut out = Vec::new();
    for p in &config.providers {
        if p.kind == Kind::Mock && config.is_production() {
            continue;
        }
        let models = store.listed_count(&p.id)?;
        out.push(ProviderView {
            id: p.id.clone(),
            enabled: p.enabled != Some(false),
            credentials: p.credentials,
            key_env: p.key_env.clone(),
            base_url: (!p.base_url.is_empty()).then(|| p.base_url.clone()),
            state: store.sync_state(&p.id)?,
            health: store.run_health(&p.id)?,
            models,
        });
    }
    Ok(out)
}

/// The filters of `models list`; every one given must hold.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub providers: Vec<String>,
    pub model_type: Option<ModelType>,
    pub active: bool,
    pub capabilities: Vec<Capability>,
    /// Case-insensitive, in the id or the name.
    pub search: Option<String>,
    /// At most this blended price per 1M tokens (`pricing::cost::blended`); a model without
    /// one does not pass.
    pub max_price: Option<Decimal>,
}

impl Filter {
    pub fn keep(&self, v: &ModelView) -> bool {
        let m = &v.stored.model;
        (self.providers.is_empty() || self.providers.iter().any(|p| p == v.provider().as_str()))
            && self.model_type.is_none_or(|t| m.model_type == t)
            && (!self.active || m.status == ModelStatus::Active)
            && self.capabilities.iter().all(|c| m.capabilities.contains(c))
            && self.search.as_ref().is_none_or(|s| {
                let s = s.to_lowercase();
                m.id.to_lowercase().contains(&s)
                    || m.name
                        .as_ref()
                        .is_some_and(|n| n.to_lowercase().contains(&s))
            })
            && self.max_price.is_none_or(|max| {
                crate::pricing::cost::blended(v.pricing.as_ref()).is_some_and(|b| b <= max)
            })
    }
}

/// What `models list` sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum SortKey {
    /// The display name (the id when there is none)
    Name,
    Provider,
    Type,
    /// When the provider says the model was created
    CreatedAt,
    /// When a sync last saw it
    SyncedAt,
    ContextLength,
    /// The blended token price: (3 × input + output) / 4 per 1M tokens, the input price alone
    /// for input-only models (embeddings); then models priced per unit only; unpriced last
    Price,
}

/// Sorts in place; models without the key's value come last either way. Ties go by provider
/// and id, so the order is stable.
pub fn sort(views: &mut [ModelView], key: SortKey, reverse: bool) {
    fn by<T: Ord>(a: Option<T>, b: Option<T>, reverse: bool) -> Ordering {
        match (a, b) {
            (Some(a), Some(b)) if reverse => b.cmp(&a),
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    views.sort_by(|a, b| {
        let (ma, mb) = (&a.stored.model, &b.stored.model);
        let primary = match key {
            SortKey::Name => by(
                Some(ma.name.as_deref().unwrap_or(&ma.id).to_lowercase()),
                Some(mb.name.as_deref().unwrap_or(&mb.id).to_lowercase()),
                reverse,
            ),
            SortKey::Provider => by(Some(a.provider()), Some(b.provider()), reverse),
            SortKey::Type => by(
                Some(ma.model_type.as_str()),
                Some(mb.model_type.as_str()),
                reverse,
            ),
            SortKey::CreatedAt => by(ma.created_at, mb.created_at, reverse),
            SortKey::SyncedAt => by(Some(a.stored.last_seen), Some(b.stored.last_seen), reverse),
            SortKey::ContextLength => by(ma.context_length, mb.context_length, reverse),
            SortKey::Price => {
                let blend = |v: &ModelView| crate::pricing::cost::blended(v.pricing.as_ref());
                match (blend(a), blend(b)) {
                    (Some(x), Some(y)) => by(Some(x), Some(y), reverse),
                    (x, y) => {
                        // No blend: priced per unit only before unpriced, either way.
                        let group = |v: &ModelView, b: Option<Decimal>| {
                            u8::from(b.is_none()) + u8::from(v.pricing.is_none())
                        };
                        group(a, x).cmp(&group(b, y))
                    }
                }
            }
        };
        primary
            .then_with(|| a.provider().cmp(b.provider()))
            .then_with(|| a.id().cmp(b.id()))
    });
}

/// Up to `n` known ids closest to `query`, best first: never a random list, only ids at
/// least somewhat alike.
pub fn nearest<'a>(ids: impl IntoIterator<Item = &'a str>, query: &str, n: usize) -> Vec<String> {
    let q = query.to_lowercase();
    let mut scored: Vec<(f64, &str)> = ids
        .into_iter()
        .map(|id| (strsim::jaro_winkler(&q, &id.to_lowercase()), id))
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(Ordering::Equal)
            .then(a.1.cmp(b.1))
    });
    let mut out: Vec<String> = Vec::new();
    for (_, id) in scored {
        if !out.iter().any(|o| o == id) {
            out.push(id.to_owned());
        }
        if out.len() == n {
            break;
        }
    }
    out
}

/// `models info` could not pick one model.
#[derive(Debug, thiserror::Error)]
pub enum PickError {
    #[error("{id} is listed by several providers: {}; name one, e.g. `aisync models info {id} {}`", providers.join(", "), providers[0])]
    Ambiguous { id: String, providers: Vec<String> },
    #[error("no model {id}{}{}", provider.as_ref().map(|p| format!(" from {p}")).unwrap_or_default(), suggestion(nearest))]
    Unknown {
        id: String,
        provider: Option<String>,
        nearest: Vec<String>,
    },
}

fn suggestion(nearest: &[String]) -> String {
    if nearest.is_empty() {
        "; list the known ones with `aisync models list`".to_owned()
    } else {
        format!("; did you mean {}?", nearest.join(", "))
    }
}

/// `models cleanup` cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum CleanupError {
    #[error("--older-than: {0}")]
    BadCutoff(String),
    #[error(
        "refusing to delete {count} models without confirmation: stdin is not a terminal; pass --force to delete them, or --dry-run to list them"
    )]
    NeedsForce { count: usize },
}

/// The default cut-off of `models cleanup`: models not seen for this long.
pub const DEFAULT_CLEANUP_AGE: TimeDelta = TimeDelta::days(90);

/// `--older-than`: a date (`2026-08-01`) or a duration back from `now` (`90d`, `12w`, `48h`).
pub fn parse_cutoff(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return date
            .and_hms_opt(0, 0, 0)
            .map(|d| d.and_utc())
            .ok_or_else(|| format!("{t:?} is not a date"));
    }
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let n: i64 = number.parse().map_err(|_| {
        format!("{t:?} is neither a date (2026-08-01) nor a duration (90d, 12w, 48h)")
    })?;
    let delta = match unit {
        "d" => TimeDelta::try_days(n),
        "w" => TimeDelta::try_weeks(n),
        "h" => TimeDelta::try_hours(n),
        _ => None,
    }
    .ok_or_else(|| {
        format!("{t:?} is neither a date (2026-08-01) nor a duration (90d, 12w, 48h)")
    })?;
    now.checked_sub_signed(delta)
        .ok_or_else(|| format!("{t:?} reaches back before any date aisync can represent"))
}

/// What a cleanup deletes: models their provider no longer lists (removed) that no sync has
/// seen since `cutoff`, of the given providers (all when none given), in order. A model the
/// provider still lists is never deleted, whatever its dates: it would only come back at the
/// next sync, without its history.
pub fn cleanup_selection(
    models: &[StoredModel],
    providers: &[String],
    cutoff: DateTime<Utc>,
) -> Vec<StoredModel> {
    let mut out: Vec<StoredModel> = models
        .iter()
        .filter(|s| providers.is_empty() || providers.iter().any(|p| p == s.provider.as_str()))
        .filter(|s| s.model.status == ModelStatus::Removed && s.last_seen < cutoff)
        .cloned()
        .collect();
    out.sort_by(|a, b| (&a.provider, &a.model.id).cmp(&(&b.provider, &b.model.id)));
    out
}

/// Every provider a read command may name: the configured ones and any the store holds.
pub fn known_providers(store: &Store, config: &Config) -> Result<Vec<ProviderId>, StoreError> {
    let configured: Vec<ProviderId> = config.providers.iter().map(|p| p.id.clone()).collect();
    Ok(crate::providers::all_known(
        &configured,
        &store.providers_with_models()?,
    ))
}

#[cfg(test)]
mod tests;

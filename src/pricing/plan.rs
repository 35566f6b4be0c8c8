//! Which price is in force, and what a pricing run writes. Pure: no I/O, no clock.
//!
//! - **Precedence** (SPEC §6): a config override > the provider's own API > remote catalogs in
//!   config order > the bundled snapshot. Each source's prices are stored apart; a model's price
//!   is the highest source that prices it ([`effective_prices`]), now or at a time
//!   ([`prices_at`]).
//! - **Guards**: a price moving more than 10× or from non-zero to zero, and a context window a
//!   catalog halves, are held unless `--accept-changes` ([`implausible`], [`halves`]).
//! - **History on change only**: a source's component gets a history row when it appears,
//!   changes or goes away, and at no other time ([`component_changes`]).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::report::{Held, ModelPricing, PriceStatus, ProviderPricing};
use crate::catalog::enrich::{self, Match};
use crate::catalog::{Catalog, Dated, Entry};
use crate::config::PriceOverride;
use crate::model::{
    ChangeEntry, ChangeKind, Decimal, FieldSource, HistoryRow, Model, Price, PriceUnit, ProviderId,
    SourcedPrices, StoredModel,
};
use crate::store::{Backdated, ComponentWrite, LimitWrite, PriceWrite};

/// How much a price may move (either way) before the change is held.
const IMPLAUSIBLE_RATIO: i64 = 10;

/// Why a held context window is held.
pub const SHRINK_REASON: &str = "context window shrinks by more than half";

/// A model's price as shown (SPEC §6), decided **per component**: each component from the
/// highest-precedence source that gives it, so an override of the input price leaves the
/// output price to the sources below it. A component's long-context tiers go with it: the
/// source that gives a component at a service tier gives all of its thresholds there (an
/// override of `input` is not undercut by a lower source's `input>200000`). The order is an override, the provider's own API,
/// then catalogs in `catalog_order` (remote ones in config order, the bundled snapshot last);
/// a catalog not in the order is not in use. The result is the highest source's group, with
/// the components lower ones filled in named in `filled`. `None` means unpriced, never zero.
pub fn effective_prices(
    groups: &[SourcedPrices],
    catalog_order: &[String],
) -> Option<SourcedPrices> {
    let rank = |s: &FieldSource| match s {
        FieldSource::Override => Some(0),
        FieldSource::Provider => Some(1),
        FieldSource::Catalog(name) => catalog_order
            .iter()
            .position(|c| c.as_str() == &**name)
            .map(|i| i + 2),
        FieldSource::Inferred => None,
    };
    let mut ranked: Vec<(usize, &SourcedPrices)> = groups
        .iter()
        .filter(|g| !g.prices.is_empty())
        .filter_map(|g| rank(&g.source).map(|r| (r, g)))
        .collect();
    ranked.sort_by_key(|(r, _)| *r);
    let (_, top) = ranked.first()?;
    let mut prices = top.prices.clone();
    let mut filled = Vec::new();
    // One component at one service tier, whatever its thresholds: a family goes whole.
    let same_family = |a: &Price, b: &Price| {
        let (a, b) = (a.part(), b.part());
        a.base == b.base && a.tier == b.tier
    };
    for (_, lower) in &ranked[1..] {
        let before = prices.len();
        for p in &lower.prices {
            // Against what higher sources gave, not what this one just filled in.
            let taken = prices[..before].iter().any(|x| same_family(x, p));
            if !taken {
                prices.push(p.clone());
                filled.push((p.component.clone(), lower.source.clone()));
            }
        }
    }
    prices.sort_by(|a, b| a.component.cmp(&b.component));
    filled.sort_by(|a, b| a.0.cmp(&b.0));
    Some(SourcedPrices {
        source: top.source.clone(),
        prices,
        observed_at: top.observed_at,
        filled,
    })
}

/// Every source's prices as they stood at `at`, replayed from a model's history (oldest
/// first): each source's latest value of each component observed at or before `at`; a
/// component that had gone away by then is absent.
pub fn prices_at(history: &[HistoryRow], at: DateTime<Utc>) -> Vec<SourcedPrices> {
    let mut latest: BTreeMap<(String, String), &HistoryRow> = BTreeMap::new();
    for row in history.iter().filter(|r| r.observed_at <= at) {
        latest.insert((row.source.to_string(), row.component.clone()), row);
    }
    let mut groups: Vec<SourcedPrices> = Vec::new();
    for row in latest.into_values() {
        let Some(usd) = row.amount else { continue };
        let price = Price::new(&row.component, row.unit, usd);
        match groups.iter_mut().find(|g| g.source == row.source) {
            Some(g) => {
                g.prices.push(price);
                g.observed_at = g.observed_at.max(row.observed_at);
            }
            None => groups.push(SourcedPrices {
                source: row.source.clone(),
                prices: vec![price],
                observed_at: row.observed_at,
                filled: Vec::new(),
            }),
        }
    }
    groups
}

/// Why a move from `old` to `new` is implausible, if it is.
pub fn implausible(old: Decimal, new: Decimal) -> Option<&'static str> {
    if old.is_zero() {
        return None;
    }
    if new.is_zero() {
        return Some("non-zero to zero");
    }
    let ratio = Decimal::from(IMPLAUSIBLE_RATIO);
    // A product too large to represent is larger than any price.
    let beyond = |a: Decimal, b: Decimal| b.checked_mul(ratio).is_some_and(|limit| a > limit);
    if beyond(new, old) || beyond(old, new) {
        return Some("moved more than 10×");
    }
    None
}

/// Whether a context window moving from `old` to `new` shrinks by more than half: the one
/// shrink rule, which sync-models' enrichment and sync-pricing both hold to.
pub fn halves(old: Option<u64>, new: Option<u64>) -> bool {
    matches!((old, new), (Some(old), Some(new)) if new * 2 < old)
}

/// Keeps `previous`'s catalog-given context window when a catalog now halves it (or more):
/// such a change waits for `sync-pricing --accept-changes`. A provider-given value is the
/// provider's word and is never held. Returns whether it held.
pub fn hold_shrink(model: &mut Model, previous: &Model) -> bool {
    let from_catalog = |m: &Model| {
        matches!(
            m.sources.get("context_length"),
            Some(FieldSource::Catalog(_))
        )
    };
    if halves(previous.context_length, model.context_length)
        && from_catalog(model)
        && from_catalog(previous)
    {
        model.context_length = previous.context_length;
        if let Some(source) = previous.sources.get("context_length") {
            model.sources.insert("context_length", source.clone());
        }
        return true;
    }
    false
}

/// The components of one source's price that appear, change or go away between `old` and
/// `new`: the new or changed ones in `new`'s order, then the vanished ones by name. Each gets a
/// history row; an unchanged component gets nothing.
pub fn component_changes(old: &[Price], new: &[Price]) -> Vec<ComponentWrite> {
    let mut out: Vec<ComponentWrite> = new
        .iter()
        .filter(|p| {
            !old.iter().any(|o| {
                o.component == p.component
                    && o.unit == p.unit
                    && o.usd.to_string() == p.usd.to_string()
            })
        })
        .map(|p| ComponentWrite {
            component: p.component.clone(),
            unit: p.unit,
            amount: Some(p.usd),
        })
        .collect();
    let mut gone: Vec<&Price> = old
        .iter()
        .filter(|o| !new.iter().any(|p| p.component == o.component))
        .collect();
    gone.sort_by(|a, b| a.component.cmp(&b.component));
    out.extend(gone.into_iter().map(|o| ComponentWrite {
        component: o.component.clone(),
        unit: o.unit,
        amount: None,
    }));
    out
}

/// The provider's own prices that a sync of its list writes: for each listed model whose
/// prices differ from what is stored, the components that changed.
pub fn provider_price_writes(
    stored: &HashMap<String, Vec<Price>>,
    listed: &[Model],
) -> Vec<PriceWrite> {
    listed
        .iter()
        .filter_map(|m| {
            let old = stored.get(&m.id).map_or(&[][..], Vec::as_slice);
            let changes = component_changes(old, &m.prices);
            (!changes.is_empty()).then(|| PriceWrite {
                model_id: m.id.clone(),
                source: FieldSource::Provider,
                changes,
                backdated: Vec::new(),
            })
        })
        .collect()
}

/// One `[[overrides]]` entry as prices.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub provider: String,
    pub model: String,
    pub prices: Vec<Price>,
}

/// The config file's overrides as prices: every amount is per 1M tokens.
pub fn overrides(entries: &[PriceOverride]) -> Vec<Override> {
    entries
        .iter()
        .map(|o| Override {
            provider: o.provider.clone(),
            model: o.model.clone(),
            prices: [
                ("input", &o.input),
                ("output", &o.output),
                ("cached_input", &o.cached_input),
                ("cache_write", &o.cache_write),
            ]
            .into_iter()
            .filter_map(|(c, v)| {
                v.as_ref()
                    .map(|v| Price::new(c, PriceUnit::MillionTokens, v.0))
            })
            .collect(),
        })
        .collect()
}

/// What a pricing run decides by, beyond the sources: the precedence order the last run
/// applied (`None` before any), the provider's aliases, whether held changes are accepted,
/// and the run's time.
#[derive(Debug, Clone, Copy)]
pub struct PlanRun<'a> {
    pub previous: Option<&'a [String]>,
    /// The aliases the provider lists for each model (`Store::listed_aliases`).
    pub aliases: &'a HashMap<String, Vec<String>>,
    pub accept: bool,
    pub now: DateTime<Utc>,
}

/// What one provider's pricing writes, and its report.
#[derive(Debug, Clone)]
pub struct ProviderPlan {
    pub prices: Vec<PriceWrite>,
    pub limits: Vec<LimitWrite>,
    /// The change log's entries of what guards held (`change.held`) and of what
    /// `--accept-changes` applied that they would have held (`change.accepted`).
    pub held: Vec<ChangeEntry>,
    pub accepted: Vec<ChangeEntry>,
    pub report: ProviderPricing,
}

/// A held (or accepted) change as the change log keeps it.
fn guard_entry(kind: ChangeKind, provider: &ProviderId, id: &str, h: &Held) -> ChangeEntry {
    ChangeEntry {
        kind,
        provider: Some(provider.to_string()),
        model: Some(id.to_owned()),
        details: serde_json::json!({
            "field": h.field, "old": h.old, "new": h.new, "reason": h.reason,
            "source": h.source.to_string(),
        })
        .to_string(),
    }
}

/// New prices from one source, with implausible component changes held back (kept at the
/// old value) unless accepted.
fn guard_prices(
    source: &FieldSource,
    old: &[Price],
    new: Vec<Price>,
    accept: bool,
    held: &mut Vec<Held>,
    accepted: &mut Vec<Held>,
) -> Vec<Price> {
    new.into_iter()
        .map(|p| {
            let Some(before) = old
                .iter()
                .find(|o| o.component == p.component && o.unit == p.unit)
            else {
                return p;
            };
            let Some(reason) = implausible(before.usd, p.usd) else {
                return p;
            };
            let h = Held {
                field: p.component.clone(),
                source: source.clone(),
                old: before.usd.to_string(),
                new: p.usd.to_string(),
                reason,
            };
            if accept {
                accepted.push(h);
                p
            } else {
                held.push(h);
                before.clone()
            }
        })
        .collect()
}

/// Every loaded catalog's prices for a model (those in force `now`, for a catalog that dates
/// them) with the entry's dated prices, and its override: each a source to set, empty or not
/// (an empty one clears what that source said before).
fn desired<'a>(
    provider: &ProviderId,
    id: &str,
    catalogs: &[Catalog],
    found: &[(&'a Catalog, &'a Entry, Match)],
    overrides: &[Override],
    now: DateTime<Utc>,
) -> Vec<(FieldSource, Vec<Price>, &'a [Dated])> {
    let mut sources: Vec<(FieldSource, Vec<Price>, &[Dated])> = catalogs
        .iter()
        .map(|c| {
            let entry = found
                .iter()
                .find(|(cat, _, _)| cat.name == c.name)
                .map(|(_, e, _)| *e);
            let prices = entry
                .map(|e| e.prices_as_of(now).to_vec())
                .unwrap_or_default();
            (
                c.source.clone(),
                prices,
                entry.map_or(&[][..], |e| e.dated.as_slice()),
            )
        })
        .collect();
    let override_prices = overrides
        .iter()
        .find(|o| o.provider == provider.as_str() && o.model == id)
        .map(|o| o.prices.clone())
        .unwrap_or_default();
    sources.push((FieldSource::Override, override_prices, &[]));
    sources
}

/// A source's dated prices up to `now` as history rows at their dates: what is written the
/// first time that source prices a model (each date's prices whole, as a first observation).
fn backdated(dated: &[Dated], now: DateTime<Utc>) -> Vec<Backdated> {
    dated
        .iter()
        .filter(|d| d.from <= now)
        .map(|d| Backdated {
            at: d.from,
            changes: component_changes(&[], &d.prices),
        })
        .collect()
}

/// Plans one provider's pricing: for every listed model, each catalog's and the override's
/// prices (guarded), the limits catalogs give, and what the model's price in force becomes.
/// `current` is every source's stored prices by model id; `previous` the precedence order
/// the last run applied, which decided the price in force until now (so a reordered or
/// dropped catalog reports the price that *was* shown, not one recomputed in today's order).
pub fn plan_provider(
    provider: &ProviderId,
    stored: &[StoredModel],
    current: &BTreeMap<String, Vec<SourcedPrices>>,
    catalogs: &[Catalog],
    overrides: &[Override],
    run: &PlanRun<'_>,
) -> ProviderPlan {
    let PlanRun {
        previous,
        accept,
        now,
        ..
    } = *run;
    let mut plan = ProviderPlan {
        prices: Vec::new(),
        limits: Vec::new(),
        held: Vec::new(),
        accepted: Vec::new(),
        report: ProviderPricing {
            provider: provider.clone(),
            models: Vec::new(),
        },
    };
    let names: Vec<String> = catalogs.iter().map(|c| c.name.clone()).collect();
    let aliases = alias_groups(stored, run.aliases);
    for s in stored.iter().filter(|s| s.removed_at.is_none()) {
        let id = &s.model.id;
        let groups = current.get(id).cloned().unwrap_or_default();
        let before = effective_prices(&groups, previous.unwrap_or(&names));
        let mut held = Vec::new();
        let mut accepted = Vec::new();
        let members: Vec<&str> = aliases.get(id.as_str()).map_or_else(
            || vec![id.as_str()],
            |m| m.iter().map(String::as_str).collect(),
        );
        let found = enrich::group_matches(catalogs, provider.as_str(), id, &members);
        let mut after_groups: Vec<SourcedPrices> = groups
            .iter()
            .filter(|g| {
                matches!(g.source, FieldSource::Provider)
                    || matches!(&g.source, FieldSource::Catalog(n) if !catalogs.iter().any(|c| c.name.as_str() == &**n))
            })
            .cloned()
            .collect();
        let old_of = |source: &FieldSource| {
            groups
                .iter()
                .find(|g| &g.source == source)
                .map(|g| g.prices.clone())
                .unwrap_or_default()
        };
        for (source, new, dated) in desired(provider, id, catalogs, &found, overrides, now) {
            let old = old_of(&source);
            let kept = guard_prices(&source, &old, new, accept, &mut held, &mut accepted);
            let changes = component_changes(&old, &kept);
            let same = changes.is_empty();
            if !same {
                let first = old.is_empty() && !kept.is_empty();
                plan.prices.push(PriceWrite {
                    model_id: id.clone(),
                    source: source.clone(),
                    changes,
                    backdated: if first {
                        backdated(dated, now)
                    } else {
                        Vec::new()
                    },
                });
            }
            // Unchanged prices keep the time they were first observed.
            let observed_at = groups
                .iter()
                .find(|g| same && g.source == source)
                .map_or(now, |g| g.observed_at);
            if !kept.is_empty() {
                after_groups.push(SourcedPrices {
                    source,
                    prices: kept,
                    observed_at,
                    filled: Vec::new(),
                });
            }
        }
        if let Some(limit) = plan_limits(s, &found, accept, &mut held, &mut accepted) {
            plan.limits.push(limit);
        }
        let after = effective_prices(&after_groups, &names);
        let guard = |kind, list: &[Held]| {
            list.iter()
                .map(|h| guard_entry(kind, provider, id, h))
                .collect::<Vec<_>>()
        };
        plan.held.extend(guard(ChangeKind::ChangeHeld, &held));
        plan.accepted
            .extend(guard(ChangeKind::ChangeAccepted, &accepted));
        plan.report.models.push(ModelPricing {
            id: id.clone(),
            status: status(before.as_ref(), after.as_ref()),
            before,
            after,
            held,
            matches: found.into_iter().map(|(_, _, m)| m).collect(),
        });
    }
    plan
}

/// What happened to a model's price in force.
fn status(before: Option<&SourcedPrices>, after: Option<&SourcedPrices>) -> PriceStatus {
    match (before, after) {
        (_, None) => PriceStatus::Unpriced,
        (None, Some(_)) => PriceStatus::NewlyPriced,
        (Some(b), Some(a)) if b.source != a.source || b.prices != a.prices => PriceStatus::Updated,
        _ => PriceStatus::Unchanged,
    }
}

/// The ids each listed model is known by, as its provider lists aliases (its own among them,
/// in `matching::alias_order`); models without aliases are not in the map.
fn alias_groups<'a>(
    stored: &'a [StoredModel],
    listed_aliases: &HashMap<String, Vec<String>>,
) -> HashMap<&'a str, Vec<String>> {
    let ids: std::collections::HashSet<&str> = stored
        .iter()
        .filter(|s| s.removed_at.is_none())
        .map(|s| s.model.id.as_str())
        .collect();
    // Each listed alias, both ways: whoever lists a model as an alias is one with it too.
    let mut linked: HashMap<&str, Vec<&str>> = HashMap::new();
    for (id, aliases) in listed_aliases {
        let Some(&id) = ids.get(id.as_str()) else {
            continue;
        };
        for a in aliases {
            if let Some(&other) = ids.get(a.as_str()) {
                linked.entry(id).or_default().push(other);
                linked.entry(other).or_default().push(id);
            }
        }
    }
    linked
        .into_iter()
        .map(|(id, mut members)| {
            members.push(id);
            members.sort_unstable();
            members.dedup();
            crate::catalog::matching::alias_order(&mut members);
            (id, members.into_iter().map(str::to_owned).collect())
        })
        .collect()
}

/// Limits that catalogs gave, refreshed from today's catalogs; a context window shrinking by
/// more than half is held unless accepted. Provider-given limits are never touched.
fn plan_limits(
    s: &StoredModel,
    found: &[(&Catalog, &Entry, Match)],
    accept: bool,
    held: &mut Vec<Held>,
    accepted: &mut Vec<Held>,
) -> Option<LimitWrite> {
    let m = &s.model;
    let from_catalog =
        |field: &str| matches!(m.sources.get(field), Some(FieldSource::Catalog(_)) | None);
    let mut sources = m.sources.clone();
    let mut context = m.context_length;
    let mut output = m.max_output;
    if from_catalog("context_length")
        && let Some((cat, e, _)) = found
            .iter()
            .find(|(_, e, _)| e.model.context_length.is_some())
    {
        let new = e.model.context_length;
        let shrink = || Held {
            field: "context_length".to_owned(),
            source: cat.source.clone(),
            old: context.map(|v| v.to_string()).unwrap_or_default(),
            new: new.map(|v| v.to_string()).unwrap_or_default(),
            reason: SHRINK_REASON,
        };
        if halves(context, new) && !accept {
            held.push(shrink());
        } else {
            if halves(context, new) {
                accepted.push(shrink());
            }
            context = new;
            sources.insert("context_length", cat.source.clone());
        }
    }
    if from_catalog("max_output")
        && let Some((cat, e, _)) = found.iter().find(|(_, e, _)| e.model.max_output.is_some())
    {
        output = e.model.max_output;
        sources.insert("max_output", cat.source.clone());
    }
    (context != m.context_length || output != m.max_output).then(|| LimitWrite {
        model_id: m.id.clone(),
        context_length: context,
        max_output: output,
        sources,
    })
}

#[cfg(test)]
mod tests;

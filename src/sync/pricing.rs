//! `sync-pricing`: refresh the remote catalogs that are due, then apply prices (and the limits
//! catalogs gave) to the synced models of the selected providers.
//!
//! Precedence (SPEC §6): a config override > the provider's own API > remote catalogs in config
//! order > the bundled snapshot. Each source's prices are stored apart, with history on change
//! only; a model's price is the highest source that prices it. Implausible changes (a price
//! moving more than 10×, or from non-zero to zero; a context window shrinking by more than
//! half) are held unless `--accept-changes`.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::catalogs::{Remote, parse_cached};
use crate::catalog::enrich::{self, Match};
use crate::catalog::{self, Catalog, Format, bundled};
use crate::config::Config;
use crate::drivers::errors;
use crate::http::{Http, Request};
use crate::lock::{self, LockError};
use crate::model::{
    Decimal, FieldSource, Price, ProviderId, SourcedPrices, StoredModel, effective_prices,
};
use crate::providers::Kind;
use crate::store::{CachedCatalog, LimitWrite, MatchWrite, PriceWrite, Store, StoreError};

/// How much a price may move (either way) before the change is held.
const IMPLAUSIBLE_RATIO: i64 = 10;
/// A remote catalog with fewer than this share of its last good entry count is refused.
const MIN_KEPT_PERCENT: usize = 70;

/// What the user asked of this run.
#[derive(Debug, Clone, Default)]
pub struct PricingOptions {
    pub requested: Vec<String>,
    pub force: bool,
    pub dry_run: bool,
    pub accept_changes: bool,
    /// `--catalog` values: URLs or files, after the config's catalogs.
    pub extra_catalogs: Vec<String>,
    pub wait: std::time::Duration,
}

/// What happened to one remote catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogStatus {
    /// Downloaded (or read) and stored.
    Fetched,
    /// The server said the cached copy is current (HTTP 304).
    NotModified,
    /// The cached copy is younger than the pricing interval: not fetched.
    Fresh,
    /// Unreachable or unreadable: the cached copy is used.
    FallbackCached,
    /// Unreachable and never cached: only the bundled snapshot stands in.
    FallbackBundled,
    /// Arrived empty or shrunk by more than 30%: refused, the cached copy stays.
    Refused,
}

impl CatalogStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fetched => "fetched",
            Self::NotModified => "not_modified",
            Self::Fresh => "fresh",
            Self::FallbackCached => "fallback_cached",
            Self::FallbackBundled => "fallback_bundled",
            Self::Refused => "refused",
        }
    }

    /// Whether the source failed this run (the exit code says so).
    pub fn failed(self) -> bool {
        matches!(
            self,
            Self::FallbackCached | Self::FallbackBundled | Self::Refused
        )
    }
}

/// One remote catalog's part of the run.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogReport {
    pub name: String,
    /// Where it comes from, without any query string.
    pub location: String,
    pub format: Option<Format>,
    pub status: CatalogStatus,
    /// Entries in the copy used (none when falling back to the snapshot).
    pub entries: Option<usize>,
    /// When the copy used was fetched.
    pub fetched_at: Option<DateTime<Utc>>,
    /// Why it failed, or was refused.
    pub message: Option<String>,
    /// Price and limit changes against the cached copy a fetch replaced.
    pub changes: Vec<catalog::Change>,
}

/// A change held back as implausible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    /// `input`, `output`, … or `context_length`.
    pub field: String,
    pub source: FieldSource,
    pub old: String,
    pub new: String,
    pub reason: &'static str,
}

/// What happened to one model's price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceStatus {
    Updated,
    Unchanged,
    NewlyPriced,
    Unpriced,
}

impl PriceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Updated => "updated",
            Self::Unchanged => "unchanged",
            Self::NewlyPriced => "newly_priced",
            Self::Unpriced => "unpriced",
        }
    }
}

/// One model's pricing outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelPricing {
    pub id: String,
    pub status: PriceStatus,
    pub before: Option<SourcedPrices>,
    pub after: Option<SourcedPrices>,
    pub held: Vec<Held>,
    pub matches: Vec<Match>,
}

/// One provider's part of the run.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderPricing {
    pub provider: ProviderId,
    pub models: Vec<ModelPricing>,
}

impl ProviderPricing {
    pub fn count(&self, status: PriceStatus) -> usize {
        self.models.iter().filter(|m| m.status == status).count()
    }

    pub fn held(&self) -> usize {
        self.models.iter().map(|m| m.held.len()).sum()
    }
}

/// The result of one `sync-pricing` run.
#[derive(Debug, Clone, PartialEq)]
pub struct PricingReport {
    pub dry_run: bool,
    pub catalogs: Vec<CatalogReport>,
    pub providers: Vec<ProviderPricing>,
    /// The bundled snapshot's date.
    pub bundled_date: String,
}

impl PricingReport {
    /// Whether a real run would change (or did change) any price or limit.
    pub fn has_changes(&self) -> bool {
        self.providers.iter().any(|p| {
            p.models
                .iter()
                .any(|m| matches!(m.status, PriceStatus::Updated | PriceStatus::NewlyPriced))
        })
    }

    pub fn failed_catalogs(&self) -> usize {
        self.catalogs.iter().filter(|c| c.status.failed()).count()
    }
}

/// A run that could not go on.
#[derive(Debug, thiserror::Error)]
pub enum PricingError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Http(#[from] crate::http::ClientError),
    #[error("unknown provider \"{name}\" (providers with synced models: {known})")]
    UnknownProvider { name: String, known: String },
}

/// Runs one `sync-pricing`.
pub async fn run(config: &Config, opts: &PricingOptions) -> Result<PricingReport, PricingError> {
    let mut store = if opts.dry_run {
        Store::open_read_only(&config.database)?
    } else {
        Store::open(&config.database)?
    };
    let _lock = if opts.dry_run {
        None
    } else {
        Some(lock::take(&config.database, Some(opts.wait))?)
    };
    let providers = select_providers(&store, &opts.requested)?;
    let http = super::http_client(config)?;

    let mut catalog_reports = Vec::new();
    let mut catalogs = Vec::new();
    for remote in super::catalogs::remotes(&store, &config.catalogs, &opts.extra_catalogs)? {
        let (catalog, report) =
            refresh(&mut store, &http, config, opts, &remote, &catalog_reports).await?;
        catalogs.extend(catalog);
        catalog_reports.push(report);
    }
    catalogs.push(bundled::catalog());

    let overrides: Vec<(String, String, Vec<Price>)> = config
        .overrides
        .iter()
        .map(|o| (o.provider.clone(), o.model.clone(), o.prices()))
        .collect();
    let mut out = Vec::new();
    for provider in providers {
        let stored = store.provider_models(&provider)?;
        let current = store.sourced_prices(&provider)?;
        let plan = plan_provider(
            &provider,
            &stored,
            &current,
            &catalogs,
            &overrides,
            opts.accept_changes,
            config.now,
        );
        if !opts.dry_run {
            let matches: Vec<MatchWrite> = plan
                .report
                .models
                .iter()
                .flat_map(|m| {
                    m.matches.iter().map(|x| MatchWrite {
                        model_id: m.id.clone(),
                        catalog: x.catalog.clone(),
                        entry_id: x.entry_id.clone(),
                        how: x.how.as_str(),
                    })
                })
                .collect();
            store.apply_pricing(&provider, &plan.prices, &plan.limits, &matches, config.now)?;
        }
        tracing::info!(provider = %provider, operation = "pricing", dry_run = opts.dry_run,
            updated = plan.report.count(PriceStatus::Updated),
            newly_priced = plan.report.count(PriceStatus::NewlyPriced),
            unpriced = plan.report.count(PriceStatus::Unpriced), held = plan.report.held(), "priced");
        out.push(plan.report);
    }
    Ok(PricingReport {
        dry_run: opts.dry_run,
        catalogs: catalog_reports,
        providers: out,
        bundled_date: bundled::date(),
    })
}

/// The providers to price: those named, else every provider with synced models.
fn select_providers(store: &Store, requested: &[String]) -> Result<Vec<ProviderId>, PricingError> {
    let stored = store.providers_with_models()?;
    if requested.is_empty() {
        return Ok(crate::providers::in_report_order(stored));
    }
    let known_ids: Vec<&str> = crate::providers::KNOWN.iter().map(|k| k.id).collect();
    let mut out = Vec::new();
    for name in requested {
        let p = ProviderId::new(name.clone());
        if !stored.contains(&p) && !known_ids.contains(&name.as_str()) {
            return Err(PricingError::UnknownProvider {
                name: name.clone(),
                known: stored
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        out.push(p);
    }
    Ok(crate::providers::in_report_order(out))
}

/// Where a catalog comes from, for people: a path, or a URL without its query.
fn display_location(location: &str) -> String {
    match reqwest::Url::parse(location) {
        Ok(mut u) if matches!(u.scheme(), "http" | "https") => {
            u.set_query(None);
            u.set_fragment(None);
            let _ = u.set_password(None);
            let _ = u.set_username("");
            u.to_string()
        }
        _ => location.to_owned(),
    }
}

/// Fetches (or reads) one catalog body: `Ok(None)` means "not modified".
async fn fetch_body(
    http: &Http,
    location: &str,
    etag: Option<&str>,
) -> Result<Option<(Vec<u8>, Option<String>)>, String> {
    let Ok(url) = reqwest::Url::parse(location).map_err(|_| ()).and_then(|u| {
        if matches!(u.scheme(), "http" | "https") {
            Ok(u)
        } else {
            Err(())
        }
    }) else {
        return std::fs::read(Path::new(location))
            .map(|b| Some((b, None)))
            .map_err(|e| format!("cannot read {location}: {e}"));
    };
    let mut req = Request::get(url);
    if let Some(tag) = etag {
        req = req.header("if-none-match", tag);
    }
    let classify =
        |reply: &crate::http::Reply| errors::classify(Kind::OpenAiCompatible, reply, None);
    let reply = http.send(&req, &classify).await.map_err(|e| e.message)?;
    if reply.status == 304 {
        return Ok(None);
    }
    let etag = reply
        .headers
        .get(reqwest::header::ETAG)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    Ok(Some((reply.body, etag)))
}

/// Refreshes one remote catalog if it is due, with the guard and the fallbacks.
#[allow(clippy::too_many_lines)] // one catalog's whole decision tree, read top to bottom
async fn refresh(
    store: &mut Store,
    http: &Http,
    config: &Config,
    opts: &PricingOptions,
    remote: &Remote,
    earlier: &[CatalogReport],
) -> Result<(Option<Catalog>, CatalogReport), StoreError> {
    let settings = &remote.settings;
    let from_flag = remote.from_flag;
    let location = display_location(&settings.url);
    // A `--catalog` is named after its format once read; a configured one has its name.
    let mut name = settings.name();
    let cached = if from_flag {
        None
    } else {
        store.cached_catalog(&name)?
    };
    let mut report = CatalogReport {
        name: name.clone(),
        location: location.clone(),
        format: (!from_flag).then_some(settings.format),
        status: CatalogStatus::Fetched,
        entries: None,
        fetched_at: None,
        message: None,
        changes: Vec::new(),
    };
    if let Some(c) = &cached {
        let due =
            opts.force || remote.explicit || config.now - c.fetched_at >= config.pricing_interval;
        if !due {
            let catalog = fall_back(&mut report, Some(c), CatalogStatus::Fresh);
            return Ok((catalog, report));
        }
    }
    let etag = cached.as_ref().and_then(|c| c.etag.as_deref());
    let fetched = fetch_body(http, &settings.url, etag).await;
    let (body, etag) = match fetched {
        Ok(Some(got)) => got,
        Ok(None) => {
            // A 304 answers only a request that sent a cached copy's ETag.
            let Some(c) = cached.as_ref() else {
                report.status = CatalogStatus::FallbackBundled;
                report.message = Some(
                    "the server answered 304 Not Modified to a request for a fresh copy".to_owned(),
                );
                return Ok((None, report));
            };
            if !opts.dry_run {
                store.touch_catalog(&c.name, config.now)?;
            }
            let catalog = fall_back(&mut report, Some(c), CatalogStatus::NotModified);
            report.fetched_at = Some(config.now);
            return Ok((catalog, report));
        }
        Err(why) => {
            report.message = Some(why);
            let catalog = fall_back(&mut report, cached.as_ref(), CatalogStatus::FallbackCached);
            return Ok((catalog, report));
        }
    };
    let format = if from_flag {
        Format::detect(&body)
    } else {
        Some(settings.format)
    };
    let Some(format) = format else {
        report.status = CatalogStatus::FallbackBundled;
        report.message = Some(
            "cannot tell the catalog's format (expected models.dev api.json, LiteLLM or OpenRouter JSON)"
                .to_owned(),
        );
        return Ok((None, report));
    };
    if from_flag {
        format.as_str().clone_into(&mut name);
        let cached_names: Vec<String> = store
            .cached_catalogs()?
            .into_iter()
            .map(|(n, _, _)| n)
            .collect();
        let taken = |n: &str| {
            earlier.iter().any(|r| r.name == n)
                || config.catalogs.iter().any(|c| c.name() == n)
                || cached_names.iter().any(|c| c == n)
        };
        let mut n = 2;
        while taken(&name) {
            name = format!("{}-{n}", format.as_str());
            n += 1;
        }
        report.name.clone_from(&name);
        report.format = Some(format);
    }
    let parsed = match catalog::parse(format, &name, &body) {
        Ok(c) => c,
        Err(e) => {
            report.message = Some(format!("cannot parse it as {}: {e}", format.as_str()));
            let catalog = fall_back(&mut report, cached.as_ref(), CatalogStatus::FallbackCached);
            return Ok((catalog, report));
        }
    };
    let last_good = cached.as_ref().map_or(0, |c| c.entries);
    let refusal = if parsed.is_empty() {
        Some("it arrived empty".to_owned())
    } else if last_good > 0 && parsed.len() * 100 < last_good * MIN_KEPT_PERCENT {
        Some(format!(
            "it has {} entries, more than 30% fewer than the last good fetch ({last_good})",
            parsed.len()
        ))
    } else {
        None
    };
    if let Some(why) = refusal {
        report.message = Some(format!("refused: {why}; keeping the cached copy"));
        let catalog = fall_back(&mut report, cached.as_ref(), CatalogStatus::Refused);
        report.status = CatalogStatus::Refused;
        return Ok((catalog, report));
    }
    report.entries = Some(parsed.len());
    report.fetched_at = Some(config.now);
    if let Some(previous) = cached
        .as_ref()
        .and_then(|c| parse_cached(&c.name, &c.format, &c.body))
    {
        report.changes = catalog::changes(&previous, &parsed);
    }
    if !opts.dry_run {
        store.save_catalog(&CachedCatalog {
            name: name.clone(),
            url: settings.url.clone(),
            format: format.as_str().to_owned(),
            fetched_at: config.now,
            etag,
            body,
            entries: parsed.len(),
        })?;
    }
    Ok((Some(parsed), report))
}

/// Uses the cached copy, if any, with `status`; with none, only the snapshot stands in.
fn fall_back(
    report: &mut CatalogReport,
    cached: Option<&CachedCatalog>,
    status: CatalogStatus,
) -> Option<Catalog> {
    let Some(c) = cached else {
        report.status = CatalogStatus::FallbackBundled;
        return None;
    };
    report.status = status;
    report.entries = Some(c.entries);
    report.fetched_at = Some(c.fetched_at);
    parse_cached(&c.name, &c.format, &c.body)
}

/// What one provider's pricing writes, and its report.
struct ProviderPlan {
    prices: Vec<PriceWrite>,
    limits: Vec<LimitWrite>,
    report: ProviderPricing,
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
    if new > old * ratio || old > new * ratio {
        return Some("moved more than 10×");
    }
    None
}

/// New prices from one source, with implausible component changes held back (kept at the
/// old value) unless accepted.
fn guard_prices(
    source: &FieldSource,
    old: &[Price],
    new: Vec<Price>,
    accept: bool,
    held: &mut Vec<Held>,
) -> Vec<Price> {
    new.into_iter()
        .map(|p| {
            let Some(before) = old
                .iter()
                .find(|o| o.component == p.component && o.unit == p.unit)
            else {
                return p;
            };
            match implausible(before.usd, p.usd) {
                Some(reason) if !accept => {
                    held.push(Held {
                        field: p.component.clone(),
                        source: source.clone(),
                        old: before.usd.to_string(),
                        new: p.usd.to_string(),
                        reason,
                    });
                    before.clone()
                }
                _ => p,
            }
        })
        .collect()
}

/// Every loaded catalog's prices for a model, and its override: each a source to set, empty
/// or not (an empty one clears what that source said before).
fn desired(
    provider: &ProviderId,
    id: &str,
    catalogs: &[Catalog],
    found: &[(&Catalog, &crate::model::Model, Match)],
    overrides: &[(String, String, Vec<Price>)],
) -> Vec<(FieldSource, Vec<Price>)> {
    let mut sources: Vec<(FieldSource, Vec<Price>)> = catalogs
        .iter()
        .map(|c| {
            let prices = found
                .iter()
                .find(|(cat, _, _)| cat.name == c.name)
                .map(|(_, m, _)| m.prices.clone())
                .unwrap_or_default();
            (FieldSource::Catalog(c.name.clone()), prices)
        })
        .collect();
    let override_prices = overrides
        .iter()
        .find(|(p, m, _)| p == provider.as_str() && m == id)
        .map(|(_, _, prices)| prices.clone())
        .unwrap_or_default();
    sources.push((FieldSource::Override, override_prices));
    sources
}

/// Whether two price lists say the same, in any order.
fn same_prices(a: &[Price], b: &[Price]) -> bool {
    let key = |l: &[Price]| {
        let mut k: Vec<String> = l
            .iter()
            .map(|p| format!("{}:{}:{}", p.component, p.unit.as_str(), p.usd.normalize()))
            .collect();
        k.sort();
        k
    };
    key(a) == key(b)
}

fn plan_provider(
    provider: &ProviderId,
    stored: &[StoredModel],
    current: &BTreeMap<String, Vec<SourcedPrices>>,
    catalogs: &[Catalog],
    overrides: &[(String, String, Vec<Price>)],
    accept: bool,
    now: DateTime<Utc>,
) -> ProviderPlan {
    let mut plan = ProviderPlan {
        prices: Vec::new(),
        limits: Vec::new(),
        report: ProviderPricing {
            provider: provider.clone(),
            models: Vec::new(),
        },
    };
    let names: Vec<String> = catalogs.iter().map(|c| c.name.clone()).collect();
    for s in stored.iter().filter(|s| s.removed_at.is_none()) {
        let id = &s.model.id;
        let groups = current.get(id).cloned().unwrap_or_default();
        let before = effective_prices(&groups, &names);
        let mut held = Vec::new();
        let found = enrich::matches(catalogs, provider.as_str(), id);
        let mut after_groups: Vec<SourcedPrices> = groups
            .iter()
            .filter(|g| {
                matches!(g.source, FieldSource::Provider)
                    || matches!(&g.source, FieldSource::Catalog(n) if !catalogs.iter().any(|c| &c.name == n))
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
        for (source, new) in desired(provider, id, catalogs, &found, overrides) {
            let old = old_of(&source);
            let kept = guard_prices(&source, &old, new, accept, &mut held);
            let same = same_prices(&old, &kept);
            if !same {
                plan.prices.push(PriceWrite {
                    model_id: id.clone(),
                    source: source.clone(),
                    prices: kept.clone(),
                });
            }
            let observed_at = if same {
                groups
                    .iter()
                    .find(|g| g.source == source)
                    .map_or(now, |g| g.observed_at)
            } else {
                now
            };
            if !kept.is_empty() {
                after_groups.push(SourcedPrices {
                    source,
                    prices: kept,
                    observed_at,
                });
            }
        }
        if let Some(limit) = plan_limits(s, &found, accept, &mut held) {
            plan.limits.push(limit);
        }
        let after = effective_prices(&after_groups, &names);
        let status = match (&before, &after) {
            (_, None) => PriceStatus::Unpriced,
            (None, Some(_)) => PriceStatus::NewlyPriced,
            (Some(b), Some(a)) if b.source != a.source || b.prices != a.prices => {
                PriceStatus::Updated
            }
            _ => PriceStatus::Unchanged,
        };
        plan.report.models.push(ModelPricing {
            id: id.clone(),
            status,
            before,
            after,
            held,
            matches: found.into_iter().map(|(_, _, m)| m).collect(),
        });
    }
    plan
}

/// Limits that catalogs gave, refreshed from today's catalogs; a context window shrinking by
/// more than half is held unless accepted. Provider-given limits are never touched.
fn plan_limits(
    s: &StoredModel,
    found: &[(&Catalog, &crate::model::Model, Match)],
    accept: bool,
    held: &mut Vec<Held>,
) -> Option<LimitWrite> {
    let m = &s.model;
    let from_catalog =
        |field: &str| matches!(m.sources.get(field), Some(FieldSource::Catalog(_)) | None);
    let mut sources = m.sources.clone();
    let mut context = m.context_length;
    let mut output = m.max_output;
    if from_catalog("context_length")
        && let Some((cat, e, _)) = found.iter().find(|(_, e, _)| e.context_length.is_some())
    {
        let new = e.context_length;
        let shrinks = matches!((context, new), (Some(old), Some(n)) if n * 2 < old);
        if shrinks && !accept {
            held.push(Held {
                field: "context_length".to_owned(),
                source: FieldSource::Catalog(cat.name.clone()),
                old: context.map(|v| v.to_string()).unwrap_or_default(),
                new: new.map(|v| v.to_string()).unwrap_or_default(),
                reason: "context window shrinks by more than half",
            });
        } else {
            context = new;
            sources.insert(
                "context_length".to_owned(),
                FieldSource::Catalog(cat.name.clone()),
            );
        }
    }
    if from_catalog("max_output")
        && let Some((cat, e, _)) = found.iter().find(|(_, e, _)| e.max_output.is_some())
    {
        output = e.max_output;
        sources.insert(
            "max_output".to_owned(),
            FieldSource::Catalog(cat.name.clone()),
        );
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

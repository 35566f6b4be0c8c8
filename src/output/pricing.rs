//! `sync-pricing` for people and for scripts. Money is printed from exact decimals: token
//! prices per 1K tokens for people (`$0.0025 per 1K tokens`), per 1M in JSON (SPEC §6), as
//! JSON numbers written digit for digit. An unpriced model is `null`, never `$0`.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::value::RawValue;

use super::time::ago;
use super::{Palette, exact_number, sanitize};
use crate::error::RunOutcome;
use crate::model::{
    BASES, Component, Decimal, FieldSource, Price, PriceUnit, ProviderId, SEARCHES, ServiceTier,
    SourcedPrices as Effective, format_time,
};
use crate::pricing::report::{CatalogStatus, ModelPricing, PriceStatus, PricingReport};

/// `1,234`
/// `1 model`, `2 models`, `1,234 models`: a count with its noun agreeing.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `$0.0025 per 1K tokens`, `$0.04 per image`.
pub fn money(p: &Price) -> String {
    match p.unit {
        PriceUnit::MillionTokens => {
            let per_1k = (p.usd / Decimal::from(1000)).normalize();
            format!("${per_1k} per 1K tokens")
        }
        unit => format!("${} per {}", p.usd.normalize(), unit.as_str()),
    }
}

/// `Input`, `Cached input`, `Input (batch)`, `Output (priority, above 272,000)`: a
/// component as people read it, its service tier and long-context threshold in brackets.
pub fn label(component: &str) -> String {
    let c = Component::parse(component);
    let text = c.base.replace('_', " ");
    let mut chars = text.chars();
    let mut out = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default();
    let mut notes = Vec::new();
    if c.tier != ServiceTier::Standard {
        notes.push(c.tier.as_str().to_owned());
    }
    if let Some(n) = c.above {
        notes.push(format!("above {}", thousands(n as usize)));
    }
    if !notes.is_empty() {
        let _ = write!(out, " ({})", notes.join(", "));
    }
    out
}

/// The name a price source is shown with: the provider's id for its own API.
pub fn source_name(source: &FieldSource, provider: &ProviderId) -> String {
    match source {
        FieldSource::Provider => provider.to_string(),
        FieldSource::Override => "override".to_owned(),
        FieldSource::Catalog(name) => name.to_string(),
        FieldSource::Inferred => "inferred".to_owned(),
    }
}

/// Prices in reading order: by service tier (standard first), then base prices before their
/// long-context tiers (lowest threshold first), each in [`BASES`]' order (input, output,
/// cached input, cache writes, …), a component aisync does not know last, by name.
pub fn ordered(prices: &[Price]) -> Vec<&Price> {
    let rank = |p: &Price| {
        let c = Component::parse(&p.component);
        let base = BASES
            .iter()
            .chain(&SEARCHES)
            .position(|b| b.name == c.base)
            .unwrap_or(usize::MAX);
        (c.tier, c.above, base, c.base.to_owned())
    };
    let mut prices: Vec<&Price> = prices.iter().collect();
    prices.sort_by_cached_key(|p| rank(p));
    prices
}

/// `Input $0.01 per 1K tokens (was $0.015) · Output …`
fn change_line(m: &ModelPricing) -> String {
    let Some(after) = &m.after else {
        return "unpriced".to_owned();
    };
    let before = m.before.as_ref();
    ordered(&after.prices)
        .into_iter()
        .map(|p| {
            let was = before
                .and_then(|b| {
                    b.prices
                        .iter()
                        .find(|o| o.component == p.component && o.unit == p.unit)
                })
                .filter(|o| o.usd != p.usd)
                .map(|o| {
                    format!(
                        " (was {})",
                        money(o).split(" per ").next().unwrap_or_default()
                    )
                })
                .unwrap_or_default();
            format!("{} {}{was}", label(&p.component), money(p))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The catalogs a run used, one line each, then the bundled snapshot.
fn catalogs_section(out: &mut String, report: &PricingReport, p: Palette, now: DateTime<Utc>) {
    let _ = writeln!(out, "{}", p.strong("Catalogs"));
    for c in &report.catalogs {
        let entries = c
            .entries
            .map(|n| count(n, "entry", "entries"))
            .unwrap_or_default();
        let when = c.fetched_at.map(|t| ago(now, t)).unwrap_or_default();
        let why = c.message.as_deref().map(sanitize).unwrap_or_default();
        let line = match c.status {
            CatalogStatus::Fetched => {
                let changed = match c.changes.len() {
                    0 => String::new(),
                    n => format!(
                        ", {} price or limit changes since the last fetch",
                        thousands(n)
                    ),
                };
                p.good(&format!(
                    "✓ {} — fetched {entries} from {}{changed}",
                    c.name, c.location
                ))
            }
            CatalogStatus::NotModified => {
                p.good(&format!("✓ {} — not modified ({entries})", c.name))
            }
            CatalogStatus::Fresh => format!(
                "⏭ {} — cached copy is fresh ({entries}, fetched {when})",
                c.name
            ),
            CatalogStatus::FallbackCached => p.warn(&format!(
                "⚠ {} — unavailable: {why}; using the cached copy fetched {when}",
                c.name
            )),
            CatalogStatus::FallbackBundled => p.warn(&format!(
                "⚠ {} — unavailable: {why}; no cached copy, the bundled snapshot stands in",
                c.name
            )),
            CatalogStatus::Refused => p.bad(&format!("❌ {} — {why}", c.name)),
            CatalogStatus::CacheUnreadable => p.bad(&format!(
                "❌ {} — {why}; the bundled snapshot stands in",
                c.name
            )),
        };
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(
        out,
        "  {}",
        p.dim(&format!(
            "· bundled — models.dev snapshot of {}",
            report.bundled_date
        ))
    );
}

/// Only what needs a person: failed catalogs and held changes, one `error:` or `warning:`
/// line each (empty when all is well).
pub fn problems(report: &PricingReport, p: Palette) -> String {
    let mut out = String::new();
    for c in report.catalogs.iter().filter(|c| c.status.failed()) {
        let _ = writeln!(
            out,
            "{} catalog {}: {} ({})",
            p.bad("error:"),
            c.name,
            sanitize(c.message.as_deref().unwrap_or("failed")),
            c.status.as_str()
        );
    }
    for c in &report.catalogs {
        for x in &c.conflicts {
            let _ = writeln!(
                out,
                "{} catalog {}: two entries price {}/{} differently ({} {} and {}); it takes no price from this catalog",
                p.warn("warning:"),
                c.name,
                x.provider,
                sanitize(&x.id),
                x.component,
                x.prices[0],
                x.prices[1]
            );
        }
    }
    for prov in &report.providers {
        for m in &prov.models {
            for h in &m.held {
                let _ = writeln!(
                    out,
                    "{} {}/{}: {} {} → {} held ({}); --accept-changes applies it",
                    p.warn("warning:"),
                    prov.provider,
                    sanitize(&m.id),
                    h.field,
                    h.old,
                    h.new,
                    h.reason
                );
            }
        }
    }
    out
}

/// Renders the report for people.
pub fn render(
    report: &PricingReport,
    outcome: RunOutcome,
    verbose: bool,
    p: Palette,
    now: DateTime<Utc>,
) -> String {
    let mut out = String::new();
    if report.locked.is_some() {
        let _ = writeln!(
            out,
            "{}",
            p.warn(&super::sync_report::locked_verdict(
                report.locked.as_deref(),
                true
            ))
        );
        return out;
    }
    if report.dry_run {
        let _ = writeln!(out, "{}\n", p.warn("DRY RUN - No changes will be made"));
    }
    catalogs_section(&mut out, report, p, now);
    for prov in &report.providers {
        let _ = writeln!(out, "\n{}", p.strong(&prov.provider.to_string()));
        let priced = prov.models.iter().filter(|m| m.after.is_some()).count();
        let summary = format!(
            "✓ {priced} priced · {} updated · {} unchanged · {} newly priced · {} unpriced · {} held",
            prov.count(PriceStatus::Updated),
            prov.count(PriceStatus::Unchanged),
            prov.count(PriceStatus::NewlyPriced),
            prov.count(PriceStatus::Unpriced),
            prov.held()
        );
        let _ = writeln!(out, "  {}", p.good(&summary));
        for m in &prov.models {
            let source = m
                .after
                .as_ref()
                .map(|a| source_name(&a.source, &prov.provider))
                .unwrap_or_default();
            let marker = match m.status {
                PriceStatus::Updated => Some(p.warn("~")),
                PriceStatus::NewlyPriced if verbose => Some(p.good("+")),
                _ => None,
            };
            if let Some(marker) = marker {
                let _ = writeln!(
                    out,
                    "    {marker} {}: {} ({source})",
                    sanitize(&m.id),
                    change_line(m)
                );
            }
            if verbose && m.status == PriceStatus::Unpriced {
                let _ = writeln!(
                    out,
                    "    {} {}: unpriced (no source knows it)",
                    p.dim("·"),
                    sanitize(&m.id)
                );
            }
            for h in &m.held {
                let _ = writeln!(
                    out,
                    "    {} {}: {} {} → {} held ({}, from {}); --accept-changes applies it",
                    p.bad("!"),
                    sanitize(&m.id),
                    h.field,
                    h.old,
                    h.new,
                    h.reason,
                    source_name(&h.source, &prov.provider)
                );
            }
        }
    }
    out.push('\n');
    let verdict = match outcome {
        RunOutcome::Failure => p.bad("No synced models to price: run `aisync sync-models` first"),
        RunOutcome::Partial if report.failed_catalogs() > 0 => {
            p.bad("Pricing completed with errors!")
        }
        RunOutcome::Partial => p.warn(super::sync_report::HELD_VERDICT),
        _ if report.dry_run && report.has_changes() => {
            p.warn("Dry run completed: a real run would change prices")
        }
        _ if report.dry_run => p.good("Dry run completed: no price would change"),
        _ => p.good("Pricing completed successfully!"),
    };
    let _ = writeln!(out, "{verdict}");
    let priced: usize = report
        .providers
        .iter()
        .map(|pr| pr.models.iter().filter(|m| m.after.is_some()).count())
        .sum();
    let plural =
        |n: usize, word: &str| format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" });
    let _ = writeln!(
        out,
        "Total: {} priced across {}",
        plural(priced, "model"),
        plural(report.providers.len(), "provider")
    );
    out
}

/// SPEC §6's `pricing` object, with what issue #12 added: `cache_write_1h`, and `tiers` —
/// every service-tier and long-context price, each with its base component, unit, service
/// tier and threshold. `other` keeps the standard base prices beyond the main five.
#[derive(Serialize)]
pub struct PricingRow {
    currency: &'static str,
    unit: &'static str,
    input: Option<Box<RawValue>>,
    output: Option<Box<RawValue>>,
    cached_input: Option<Box<RawValue>>,
    cache_write: Option<Box<RawValue>>,
    cache_write_1h: Option<Box<RawValue>>,
    other: Vec<OtherPrice>,
    tiers: Vec<TierPrice>,
    source: String,
    /// Components a lower source gave (precedence is per component): key → its source.
    component_sources: std::collections::BTreeMap<String, String>,
    observed_at: String,
}

#[derive(Serialize)]
struct OtherPrice {
    component: String,
    unit: &'static str,
    price: Option<Box<RawValue>>,
}

#[derive(Serialize)]
struct TierPrice {
    component: String,
    unit: &'static str,
    price: Option<Box<RawValue>>,
    service_tier: &'static str,
    /// The whole request is priced so once its input tokens are more than this.
    above_input_tokens: Option<u64>,
}

/// The token prices the `pricing` object names as members, all standard and per 1M tokens.
const MAIN: [&str; 5] = [
    "input",
    "output",
    "cached_input",
    "cache_write",
    "cache_write_1h",
];

/// A model's current prices in SPEC §6's shape; `None` when unpriced.
pub fn pricing_row(e: Option<&Effective>, provider: &ProviderId) -> Option<PricingRow> {
    let e = e?;
    let token = |c: &str| {
        e.prices
            .iter()
            .find(|p| p.component == c && p.unit == PriceUnit::MillionTokens)
            .and_then(|p| exact_number(p.usd))
    };
    let mut other = Vec::new();
    let mut tiers = Vec::new();
    for p in ordered(&e.prices) {
        let c = p.part();
        if !c.is_base() {
            tiers.push(TierPrice {
                component: c.base.to_owned(),
                unit: p.unit.as_str(),
                price: exact_number(p.usd),
                service_tier: c.tier.as_str(),
                above_input_tokens: c.above,
            });
        } else if !(MAIN.contains(&c.base) && p.unit == PriceUnit::MillionTokens) {
            other.push(OtherPrice {
                component: p.component.clone(),
                unit: p.unit.as_str(),
                price: exact_number(p.usd),
            });
        }
    }
    Some(PricingRow {
        currency: "USD",
        unit: "1M tokens",
        input: token("input"),
        output: token("output"),
        cached_input: token("cached_input"),
        cache_write: token("cache_write"),
        cache_write_1h: token("cache_write_1h"),
        other,
        tiers,
        source: source_name(&e.source, provider),
        component_sources: e
            .filled
            .iter()
            .map(|(c, s)| (c.clone(), source_name(s, provider)))
            .collect(),
        observed_at: format_time(&e.observed_at),
    })
}

#[derive(Serialize)]
struct Document {
    dry_run: bool,
    /// `"status": "skipped"` with its `reason` when nothing was done.
    #[serde(flatten)]
    nothing_done: super::json::NothingDone,
    catalogs: Vec<CatalogRow>,
    bundled: BundledRow,
    providers: Vec<ProviderRow>,
    summary: SummaryRow,
}

#[derive(Serialize)]
struct CatalogRow {
    name: String,
    location: String,
    format: Option<&'static str>,
    status: &'static str,
    entries: Option<usize>,
    fetched_at: Option<String>,
    message: Option<String>,
    changes: Vec<ChangeRow>,
    conflicts: Vec<ConflictRow>,
}

#[derive(Serialize)]
struct ConflictRow {
    provider: String,
    id: String,
    component: String,
    prices: [String; 2],
}

#[derive(Serialize)]
struct ChangeRow {
    provider: String,
    id: String,
    field: String,
    old: Option<String>,
    new: Option<String>,
}

#[derive(Serialize)]
struct BundledRow {
    source: &'static str,
    date: String,
}

#[derive(Serialize)]
struct ProviderRow {
    provider: String,
    updated: usize,
    unchanged: usize,
    newly_priced: usize,
    unpriced: usize,
    held: usize,
    models: Vec<ModelRow>,
}

#[derive(Serialize)]
struct ModelRow {
    id: String,
    status: &'static str,
    pricing: Option<PricingRow>,
    previous_pricing: Option<PricingRow>,
    matches: Vec<MatchRow>,
    held: Vec<HeldRow>,
}

#[derive(Serialize)]
struct MatchRow {
    catalog: String,
    entry: String,
    how: &'static str,
}

#[derive(Serialize)]
struct HeldRow {
    field: String,
    source: String,
    old: String,
    new: String,
    reason: &'static str,
}

#[derive(Serialize)]
struct SummaryRow {
    providers: usize,
    models: usize,
    priced: usize,
    updated: usize,
    newly_priced: usize,
    unpriced: usize,
    held: usize,
    failed_catalogs: usize,
}

/// The JSON document of a pricing run, with a trailing newline.
pub fn json(report: &PricingReport) -> String {
    let providers: Vec<ProviderRow> = report
        .providers
        .iter()
        .map(|pr| ProviderRow {
            provider: pr.provider.to_string(),
            updated: pr.count(PriceStatus::Updated),
            unchanged: pr.count(PriceStatus::Unchanged),
            newly_priced: pr.count(PriceStatus::NewlyPriced),
            unpriced: pr.count(PriceStatus::Unpriced),
            held: pr.held(),
            models: pr
                .models
                .iter()
                .map(|m| ModelRow {
                    id: m.id.clone(),
                    status: m.status.as_str(),
                    pricing: pricing_row(m.after.as_ref(), &pr.provider),
                    previous_pricing: pricing_row(m.before.as_ref(), &pr.provider),
                    matches: m
                        .matches
                        .iter()
                        .map(|x| MatchRow {
                            catalog: x.catalog.clone(),
                            entry: x.entry_id.clone(),
                            how: x.how.as_str(),
                        })
                        .collect(),
                    held: m
                        .held
                        .iter()
                        .map(|h| HeldRow {
                            field: h.field.clone(),
                            source: source_name(&h.source, &pr.provider),
                            old: h.old.clone(),
                            new: h.new.clone(),
                            reason: h.reason,
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let sum = |f: &dyn Fn(&ProviderRow) -> usize| providers.iter().map(f).sum::<usize>();
    let summary = SummaryRow {
        providers: providers.len(),
        models: sum(&|p| p.models.len()),
        priced: sum(&|p| p.models.iter().filter(|m| m.pricing.is_some()).count()),
        updated: sum(&|p| p.updated),
        newly_priced: sum(&|p| p.newly_priced),
        unpriced: sum(&|p| p.unpriced),
        held: sum(&|p| p.held),
        failed_catalogs: report.failed_catalogs(),
    };
    let doc = Document {
        dry_run: report.dry_run,
        nothing_done: super::json::NothingDone::locked(report.locked.as_deref()),
        catalogs: report
            .catalogs
            .iter()
            .map(|c| CatalogRow {
                name: c.name.clone(),
                location: c.location.clone(),
                format: c.format.map(crate::model::CatalogFormat::as_str),
                status: c.status.as_str(),
                entries: c.entries,
                fetched_at: c.fetched_at.as_ref().map(format_time),
                message: c.message.clone(),
                changes: c
                    .changes
                    .iter()
                    .map(|x| ChangeRow {
                        provider: x.provider.clone(),
                        id: x.id.clone(),
                        field: x.field.clone(),
                        old: (!x.old.is_empty()).then(|| x.old.clone()),
                        new: (!x.new.is_empty()).then(|| x.new.clone()),
                    })
                    .collect(),
                conflicts: c
                    .conflicts
                    .iter()
                    .map(|x| ConflictRow {
                        provider: x.provider.clone(),
                        id: x.id.clone(),
                        component: x.component.clone(),
                        prices: x.prices.clone(),
                    })
                    .collect(),
            })
            .collect(),
        bundled: BundledRow {
            source: "models.dev",
            date: report.bundled_date.clone(),
        },
        providers,
        summary,
    };
    super::json::pretty(&doc)
}

#[cfg(test)]
mod tests;

//! `sync-pricing`: refresh the remote catalogs that are due, then apply prices (and the limits
//! catalogs gave) to the synced models of the selected providers.
//!
//! Pricing's rooms: [`catalogs`] — which catalogs a run uses, in which order, and how each is
//! refreshed; [`plan`] — which price is in force (precedence), the guards, and what a run
//! writes (history on change only); [`cost`] — what tokens cost at a price; [`report`] — what
//! a run reports. This file runs them in order: lock, refresh the catalogs, plan each provider,
//! write each provider in one transaction.

pub mod catalogs;
pub mod cost;
pub mod plan;
pub mod report;

use crate::catalog::bundled;
use crate::config::Config;
use crate::http::Http;
use crate::lock::{self, LockError};
use crate::model::ProviderId;
use crate::store::{MatchWrite, Store, StoreError};
use report::{PriceStatus, PricingReport};

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

/// A run that could not go on.
#[derive(Debug, thiserror::Error)]
pub enum PricingError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Http(#[from] crate::http::ClientError),
    #[error(transparent)]
    UnknownProvider(#[from] crate::providers::UnknownProvider),
}

/// Runs one `sync-pricing`.
pub async fn run(config: &Config, opts: &PricingOptions) -> Result<PricingReport, PricingError> {
    if !opts.dry_run {
        Store::prepare(&config.database)?;
    }
    let lock = if opts.dry_run {
        None
    } else {
        match lock::acquire(&config.database, opts.wait)? {
            Some(l) => Some(l),
            None => return Ok(locked_report(config)),
        }
    };
    let mut store = if opts.dry_run {
        Store::open_read_only(&config.database)?
    } else {
        Store::open(&config.database)?
    };
    let providers = select_providers(config, &store, &opts.requested)?;
    let http = Http::from_config(config)?;
    if lock.is_some() {
        crate::notify::enroll(&mut store, config)?;
    }

    let run_id = format!(
        "{:x}-{}-pricing",
        config.now.timestamp(),
        std::process::id()
    );
    let mut catalog_reports = Vec::new();
    let mut loaded = Vec::new();
    for remote in catalogs::remotes(&store, &config.catalogs, &opts.extra_catalogs)? {
        let (catalog, mut report) = catalogs::refresh(
            &mut store,
            &http,
            config,
            opts,
            &remote,
            &catalog_reports,
            &run_id,
        )
        .await?;
        report.conflicts = catalog
            .as_ref()
            .map(|c| c.conflicts.clone())
            .unwrap_or_default();
        loaded.extend(catalog);
        catalog_reports.push(report);
    }
    loaded.push(bundled::catalog());

    let overrides = plan::overrides(&config.overrides);
    // This run's precedence order, and the one the prices shown until now were decided by.
    let order: Vec<String> = loaded.iter().map(|c| c.name.clone()).collect();
    let previous = store.pricing_order()?;
    let mut out = Vec::new();
    for provider in providers {
        let stored = store.provider_models(&provider)?;
        let current = store.sourced_prices(&provider)?;
        let aliases = store.listed_aliases(&provider)?;
        let plan = plan::plan_provider(
            &provider,
            &stored,
            &current,
            &loaded,
            &overrides,
            &plan::PlanRun {
                previous: previous.as_deref(),
                aliases: &aliases,
                accept: opts.accept_changes,
                now: config.now,
            },
        );
        if !opts.dry_run {
            let matches = match_writes(&plan.report);
            store.apply_pricing(&crate::store::PricingWrite {
                provider: &provider,
                prices: &plan.prices,
                limits: &plan.limits,
                matches: &matches,
                order: &order,
                now: config.now,
                run_id: &run_id,
                held: &plan.held,
                accepted: &plan.accepted,
            })?;
        }
        tracing::info!(provider = %provider, operation = "pricing", dry_run = opts.dry_run,
            updated = plan.report.count(PriceStatus::Updated),
            newly_priced = plan.report.count(PriceStatus::NewlyPriced),
            unpriced = plan.report.count(PriceStatus::Unpriced), held = plan.report.held(), "priced");
        out.push(plan.report);
    }
    if lock.is_some() {
        crate::notify::after_run(&mut store, config).await;
    }
    Ok(PricingReport {
        dry_run: opts.dry_run,
        catalogs: catalog_reports,
        providers: out,
        bundled_date: bundled::date(),
        locked: None,
    })
}

/// How each model of a provider's plan matched each catalog, as the store keeps it.
fn match_writes(report: &report::ProviderPricing) -> Vec<MatchWrite> {
    report
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
        .collect()
}

/// Another run holds the lock: nothing is done, and the report says so.
fn locked_report(config: &Config) -> PricingReport {
    tracing::info!(
        operation = "skip",
        reason = "locked",
        "another sync holds the run lock"
    );
    PricingReport {
        dry_run: false,
        catalogs: Vec::new(),
        providers: Vec::new(),
        bundled_date: bundled::date(),
        locked: Some(config.database.to_string()),
    }
}

/// The providers to price: those named (each one aisync knows), else every provider with
/// synced models.
fn select_providers(
    config: &Config,
    store: &Store,
    requested: &[String],
) -> Result<Vec<ProviderId>, PricingError> {
    let stored = store.providers_with_models()?;
    if requested.is_empty() {
        return Ok(crate::providers::in_report_order(stored));
    }
    let configured: Vec<ProviderId> = config.providers.iter().map(|p| p.id.clone()).collect();
    crate::providers::check_names(
        requested,
        &crate::providers::all_known(&configured, &stored),
    )?;
    Ok(crate::providers::in_report_order(
        requested
            .iter()
            .map(|n| ProviderId::new(n.clone()))
            .collect(),
    ))
}

//! The `sync-models` engine: discover → plan → fetch concurrently → diff → apply → report.
//!
//! Reads what the plan needs first, fetches every due provider concurrently (bounded), then
//! writes each provider in one transaction, in stable order. A provider's failure is data in
//! the report, never an early return; only the store failing stops a run.

pub mod changes;
pub mod diff;
pub mod discovery;
pub mod guard;
pub mod refresh;
pub mod report;
pub mod statistics;

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::config::Config;
use crate::drivers::Driver;
use crate::http::{ClientError, Http};
use crate::lock::{self, LockError};
use crate::model::{
    ChangeCounts, ErrorType, Model, ProviderError, ProviderId, StoredDigests, SyncRun, SyncState,
    later_by,
};
use crate::pricing;
use crate::providers::Kind;
use crate::store::{Store, StoreError, SyncWrite};
use discovery::{Candidate, SkipReason};
use refresh::Refresh;
use report::{ProviderOutcome, ProviderReport, SyncReport, Synced};

/// What the user asked of this run.
#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    /// Provider names from `--provider`, split and deduplicated; empty means all.
    pub requested: Vec<String>,
    pub force: bool,
    pub dry_run: bool,
    /// Apply what a guard would hold (`--accept-changes`).
    pub accept_changes: bool,
    /// How long to wait for another run's lock before reporting `locked`.
    pub wait: Duration,
    /// Live progress lines on stderr (a terminal, no `-q`, `-v` or `--format json`).
    pub progress: bool,
}

/// A run that could not go on at all.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Discovery(#[from] discovery::DiscoveryError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Http(#[from] ClientError),
}

/// One provider the plan will fetch.
struct Due {
    provider: ProviderId,
    kind: Kind,
    driver: Driver,
    state: Option<SyncState>,
    /// The provider's stored rows in short: only those that differ from the fresh list are
    /// read in full.
    stored: StoredDigests,
    /// Synced less than the interval ago: only a dry run fetches it, to check it.
    fresh: bool,
}

/// Runs one sync over the selected providers.
pub async fn run(config: &Config, opts: &SyncOptions) -> Result<SyncReport, SyncError> {
    let candidates = discovery::discover(config, &opts.requested)?;
    // The lock comes before the store is opened: two first runs on a new database must not
    // race to create its tables.
    let lock = if opts.dry_run || !candidates.iter().any(|c| matches!(c, Candidate::Takes(_))) {
        None
    } else {
        Store::prepare(&config.database)?;
        match lock::acquire(&config.database, opts.wait)? {
            Some(lock) => Some(lock),
            None => return Ok(locked_report(config, candidates)),
        }
    };
    let mut store = if opts.dry_run {
        Store::open_read_only(&config.database)?
    } else {
        Store::open(&config.database)?
    };

    let http = Http::from_config(config)?;
    let (mut slots, due) = plan(&store, config, opts, &candidates, &http)?;
    let run_id = format!("{:x}-{}", config.now.timestamp(), std::process::id());
    if !opts.dry_run && !due.is_empty() {
        // Before this run records anything: a sink configured since the last run gets it all.
        crate::notify::enroll(&mut store, config)?;
        let started: Vec<&str> = due.iter().map(|(_, d)| d.provider.as_str()).collect();
        store.record_started(config.now, &run_id, &started)?;
    }
    let board = crate::progress::Board::new(opts.progress && !due.is_empty());
    let fetched = fetch_all(&due, config.concurrency, board.as_ref()).await;
    if let Some(b) = &board {
        b.clear();
    }

    // Catalogs matter only to what was fetched; an hourly run that skips everything skips them.
    let catalogs = if due.is_empty() {
        Vec::new()
    } else {
        pricing::catalogs::load(&store, &config.catalogs)?
    };
    for ((index, plan), (result, duration_ms)) in due.into_iter().zip(fetched) {
        let outcome = match result {
            Ok(mut models) => {
                enrich_all(&mut models, &plan, &catalogs);
                settle(
                    &mut store,
                    config,
                    opts,
                    &run_id,
                    &plan,
                    models,
                    duration_ms,
                )?
            }
            Err(error) => {
                tracing::info!(provider = %plan.provider, operation = "error",
                    error_type = error.error_type.as_str(), duration_ms, error = %error.message, "sync failed");
                if !opts.dry_run {
                    store.record_failure(
                        &run_record(
                            config,
                            &run_id,
                            &plan.provider,
                            None,
                            duration_ms,
                            Some(&error),
                        ),
                        &error,
                    )?;
                }
                ProviderOutcome::Failed { error, duration_ms }
            }
        };
        slots[index] = Some(outcome);
    }

    let providers = candidates
        .into_iter()
        .zip(slots)
        .map(|(c, outcome)| ProviderReport {
            provider: match c {
                Candidate::Takes(p) | Candidate::Skipped(p, _) => p,
            },
            outcome: outcome.unwrap_or_else(|| ProviderOutcome::Failed {
                error: ProviderError::new(ErrorType::Network, "the provider was never fetched"),
                duration_ms: 0,
            }),
        })
        .collect();
    // Under the run lock, after every provider is written: the events of this run, and any
    // backlog a sink left, in order.
    if lock.is_some() {
        crate::notify::after_run(&mut store, config).await;
    }
    Ok(SyncReport {
        dry_run: opts.dry_run,
        named: !opts.requested.is_empty(),
        providers,
        locked: None,
    })
}

/// Fills what a provider's list lacks from the catalogs.
fn enrich_all(models: &mut [Model], plan: &Due, catalogs: &[crate::catalog::Catalog]) {
    for m in models {
        let found = crate::catalog::enrich::enrich(m, plan.provider.as_str(), catalogs);
        tracing::trace!(provider = %plan.provider, id = %m.id, ?found, "catalog matches");
    }
}

/// Compares a provider's enriched list with its stored rows, reading in full only the rows
/// whose digest differs, and holds a context window a catalog halves as `sync-pricing` would
/// (the one shrink rule, in `pricing::plan`).
fn compare(store: &Store, plan: &Due, models: Vec<Model>) -> Result<diff::Diff, StoreError> {
    let mut listed = diff::dedupe(models);
    // Nothing stored, nothing to compare: a first sync digests nothing.
    let mut digests: Vec<u64> = if plan.stored.rows.is_empty() {
        vec![0; listed.len()]
    } else {
        listed.iter().map(crate::store::model_digest).collect()
    };
    let ids = diff::differing(&plan.stored, &listed, &digests);
    let mut old = store.rows_by_id(&plan.provider, &ids)?;
    // A row holds no prices: the provider's own are read beside the digests, and compared too.
    for s in &mut old {
        if let Some(prices) = plan.stored.prices.get(&s.model.id) {
            s.model.prices.clone_from(prices);
        }
    }
    if !old.is_empty() {
        let before: std::collections::HashMap<&str, &Model> = old
            .iter()
            .map(|s| (s.model.id.as_str(), &s.model))
            .collect();
        for (m, digest) in listed.iter_mut().zip(&mut digests) {
            if let Some(before) = before.get(m.id.as_str())
                && pricing::plan::hold_shrink(m, before)
            {
                tracing::warn!(provider = %plan.provider, id = %m.id,
                    "a catalog halves this model's context window; kept until `aisync sync-pricing --accept-changes`");
                *digest = crate::store::model_digest(m);
            }
        }
    }
    Ok(diff::diff(&plan.stored, &old, listed, &digests))
}

/// A slot per candidate: its outcome when decided without fetching, else `None`.
type Slots = Vec<Option<ProviderOutcome>>;

/// Reads every state the run needs before any request is in flight, and decides which
/// providers are fetched: the rest are skipped (with their reason) or fail at once.
fn plan(
    store: &Store,
    config: &Config,
    opts: &SyncOptions,
    candidates: &[Candidate],
    http: &Http,
) -> Result<(Slots, Vec<(usize, Due)>), StoreError> {
    let mut slots: Slots = Vec::with_capacity(candidates.len());
    let mut due: Vec<(usize, Due)> = Vec::new();
    for (index, candidate) in candidates.iter().enumerate() {
        let (provider, skip) = match candidate {
            Candidate::Takes(p) => (p, None),
            Candidate::Skipped(p, reason) => (p, Some(*reason)),
        };
        let state = store.sync_state(provider)?;
        let last_sync = state.as_ref().and_then(|s| s.last_success_at);
        let Some(settings) = config.providers.iter().find(|p| &p.id == provider) else {
            continue;
        };
        if let Some(reason) = skip {
            tracing::info!(provider = %provider, operation = "skip", reason = reason.as_str(), "skipped");
            let hint = (reason == SkipReason::NoCredentials)
                .then(|| settings.key_env.clone())
                .flatten();
            slots.push(Some(ProviderOutcome::Skipped {
                reason,
                last_sync,
                hint,
            }));
            continue;
        }
        let decision =
            Refresh::decide(state.as_ref(), config.now, config.sync_interval, opts.force);
        // A dry run checks every selected provider: freshness only decides what a real run
        // fetches, and a CI check must see a list that changed since.
        let fresh = !decision.is_due();
        if fresh && !opts.dry_run {
            tracing::info!(provider = %provider, operation = "skip", reason = "cache_valid", "skipped");
            slots.push(Some(ProviderOutcome::Skipped {
                reason: SkipReason::CacheValid,
                last_sync,
                hint: None,
            }));
            continue;
        }
        tracing::debug!(provider = %provider, ?decision, "refreshing");
        let driver = Driver::new(settings, config, http);
        let stored = store.stored_digests(provider)?;
        slots.push(None);
        due.push((
            index,
            Due {
                provider: provider.clone(),
                kind: settings.kind,
                driver,
                state,
                stored,
                fresh,
            },
        ));
    }

    Ok((slots, due))
}

/// A provider's fetched list (or its failure) and how long the fetch took, in ms.
type Fetched = (Result<Vec<Model>, ProviderError>, u64);

/// Fetches every due provider, at most `concurrency` at once; results in plan order.
async fn fetch_all(
    due: &[(usize, Due)],
    concurrency: usize,
    board: Option<&crate::progress::Board>,
) -> Vec<Fetched> {
    let permits = Arc::new(Semaphore::new(concurrency.max(1)));
    let mut tasks = JoinSet::new();
    let mut slots = std::collections::HashMap::new();
    for (slot, (_, plan)) in due.iter().enumerate() {
        let driver = plan.driver.clone();
        let permits = Arc::clone(&permits);
        let line = board.map(|b| b.line(plan.provider.as_str()));
        let handle = tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let started = Instant::now();
            let result = crate::progress::within(line.clone(), driver.fetch()).await;
            let elapsed = started.elapsed();
            crate::progress::finish(
                line.as_ref(),
                match &result {
                    Ok(models) => format!(
                        "done in {:.1} s · {} model{}",
                        elapsed.as_secs_f64(),
                        models.len(),
                        if models.len() == 1 { "" } else { "s" }
                    ),
                    Err(e) => format!("failed: {}", e.error_type.as_str()),
                },
            );
            (result, elapsed.as_millis() as u64)
        });
        slots.insert(handle.id(), slot);
    }
    let mut results: Vec<Option<Fetched>> = vec![None; due.len()];
    while let Some(joined) = tasks.join_next_with_id().await {
        let (id, fetched) = match joined {
            Ok((id, fetched)) => (id, fetched),
            Err(e) => {
                // A bug reading this provider's answer: its sync fails, the others go on.
                tracing::error!(error = %e, "a provider task did not finish");
                let message = if e.is_panic() {
                    "aisync could not read this answer (an internal error; please report it)"
                } else {
                    "the request task was cancelled"
                };
                let error = ProviderError::new(ErrorType::InvalidResponse, message);
                (e.id(), (Err(error), 0))
            }
        };
        if let Some(&slot) = slots.get(&id) {
            results[slot] = Some(fetched);
        }
    }
    results
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                let e = ProviderError::new(ErrorType::Network, "the request task was cancelled");
                (Err(e), 0)
            })
        })
        .collect()
}

/// Diffs one provider's fresh list against the store and, unless dry or held by a guard,
/// commits it.
fn settle(
    store: &mut Store,
    config: &Config,
    opts: &SyncOptions,
    run_id: &str,
    plan: &Due,
    models: Vec<Model>,
    duration_ms: u64,
) -> Result<ProviderOutcome, StoreError> {
    let d = compare(store, plan, models)?;
    let statistics = statistics::statistics(plan.kind, &d.listed, config.now);
    let counts = ChangeCounts {
        added: d.added.len(),
        updated: d.updated.len(),
        removed: d.removed.len(),
        unchanged: d.unchanged,
    };
    let would_hold = guard::removal_hold(&plan.stored, d.removed.len(), config.max_removed_share);
    let guarded = would_hold
        .as_ref()
        .map(|h| changes::removal(&plan.provider, h));
    let hold = would_hold.filter(|_| !opts.accept_changes);
    if let (Some(entry), Some(h), false) = (&guarded, &hold, opts.dry_run) {
        let completed = crate::store::RunEvent {
            kind: crate::model::EventKind::SyncCompleted,
            summary: format!(
                "{}: sync completed, nothing applied; the list would remove {} of {} models (held)",
                plan.provider, h.removing, h.listed_before
            ),
            provider: plan.provider.as_str(),
        };
        store.log_held(
            config.now,
            run_id,
            std::slice::from_ref(entry),
            Some(&completed),
        )?;
    }
    let (last_sync, cached_until) = if opts.dry_run || hold.is_some() {
        let s = plan.state.as_ref();
        (
            s.and_then(|s| s.last_success_at),
            s.and_then(|s| s.cached_until),
        )
    } else {
        let cached_until = later_by(config.now, config.cache_ttl);
        let run = run_record(
            config,
            run_id,
            &plan.provider,
            Some(counts),
            duration_ms,
            None,
        );
        let prices = pricing::plan::provider_price_writes(&plan.stored.prices, &d.listed);
        let changed: Vec<&Model> = d.writes.iter().map(|&i| &d.listed[i]).collect();
        let mut logged = changes::entries(&plan.provider, &d);
        // A list the guard would have held, applied with --accept-changes.
        if let Some(mut accepted) = guarded {
            accepted.kind = crate::model::ChangeKind::ChangeAccepted;
            logged.insert(0, accepted);
        }
        store.apply_sync(&SyncWrite {
            provider: &plan.provider,
            now: config.now,
            listed: &changed,
            prices: &prices,
            changes: &logged,
            removed: &d.removed,
            statistics: statistics.clone(),
            cached_until,
            run: &run,
        })?;
        (Some(config.now), Some(cached_until))
    };
    if let Some(h) = &hold {
        tracing::info!(provider = %plan.provider, operation = "held", removing = h.removing,
            listed_before = h.listed_before, duration_ms,
            "the list would remove too many models; nothing was applied");
    } else {
        tracing::info!(provider = %plan.provider, operation = "sync", dry_run = opts.dry_run,
            models = d.listed.len(), added = counts.added, updated = counts.updated,
            removed = counts.removed, unchanged = counts.unchanged, duration_ms, "synced");
    }
    let synced = Synced {
        models_synced: d.listed.len(),
        added: d.added,
        updated: d.updated,
        removed: d.removed,
        unchanged: d.unchanged,
        enriched: d.enriched,
        statistics,
        cached_until,
        last_sync,
        duration_ms,
        fresh: plan.fresh,
    };
    Ok(match hold {
        Some(hold) => ProviderOutcome::Held { synced, hold },
        None => ProviderOutcome::Synced(synced),
    })
}

fn run_record(
    config: &Config,
    run_id: &str,
    provider: &ProviderId,
    counts: Option<ChangeCounts>,
    duration_ms: u64,
    error: Option<&ProviderError>,
) -> SyncRun {
    SyncRun {
        run_id: run_id.to_owned(),
        provider: provider.clone(),
        started_at: config.now,
        finished_at: later_by(
            config.now,
            chrono::TimeDelta::milliseconds(duration_ms as i64),
        ),
        counts,
        duration_ms,
        error: error.cloned(),
    }
}

/// Another run holds the lock: every provider that would take part is skipped as `locked`.
/// The store is read only for last syncs, and not at all if the other run keeps it busy.
fn locked_report(config: &Config, candidates: Vec<Candidate>) -> SyncReport {
    tracing::info!(
        operation = "skip",
        reason = "locked",
        "another sync holds the run lock"
    );
    let store = Store::open_read_only(&config.database).ok();
    let providers = candidates
        .into_iter()
        .map(|c| {
            let (provider, reason) = match c {
                Candidate::Takes(p) => (p, SkipReason::Locked),
                Candidate::Skipped(p, r) => (p, r),
            };
            let last_sync = store
                .as_ref()
                .and_then(|s| s.sync_state(&provider).ok().flatten())
                .and_then(|s| s.last_success_at);
            ProviderReport {
                provider,
                outcome: ProviderOutcome::Skipped {
                    reason,
                    last_sync,
                    hint: None,
                },
            }
        })
        .collect();
    SyncReport {
        dry_run: false,
        named: true,
        providers,
        locked: Some(config.database.to_string()),
    }
}

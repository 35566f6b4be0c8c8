//! The jobs `serve` runs by itself: sync-models as providers fall due, sync-pricing every
//! pricing interval, and cleanup when `[serve] cleanup` asks for it — the same engines as the
//! commands, each under the run lock, so a cron job on the same database and the server take
//! turns (a run that finds the lock held tries again [`schedule::LOCK_RETRY`] later). One log
//! line per run. On shutdown a run stops at its next await: a provider's transaction, which
//! never spans one, is finished first, and the lock is released as the run is dropped.

use std::time::Instant;

use chrono::{DateTime, TimeDelta, Utc};
use tokio::sync::watch;

use super::clock::Clock;
use super::schedule;
use crate::config::Config;
use crate::error::{Error, RunOutcome};
use crate::pricing::report::CatalogStatus;
use crate::store::Store;

/// When each job runs next; `None`: never.
#[derive(Debug, Clone, Copy)]
struct Next {
    models: Option<DateTime<Utc>>,
    pricing: Option<DateTime<Utc>>,
    cleanup: Option<DateTime<Utc>>,
}

impl Next {
    fn earliest(&self) -> Option<DateTime<Utc>> {
        [self.models, self.pricing, self.cleanup]
            .into_iter()
            .flatten()
            .min()
    }
}

pub struct Scheduler {
    pub config: Config,
    pub clock: Clock,
    pub taking_part: Vec<String>,
    pub shutdown: watch::Receiver<bool>,
}

/// How a run ended, for its log line and the next wake.
enum Ran {
    Done(RunOutcome, Tally),
    Locked,
}

/// What a run's log line counts: providers synced (or priced), skipped, failed.
#[derive(Debug, Default)]
struct Tally {
    done: usize,
    skipped: usize,
    failed: usize,
}

impl Scheduler {
    /// Runs the schedule on a thread of its own, with a runtime of its own: the engines write
    /// SQLite synchronously, and the server must keep answering meanwhile.
    pub fn spawn(self) -> std::io::Result<std::thread::JoinHandle<()>> {
        std::thread::Builder::new()
            .name("aisync-schedule".to_owned())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                let Ok(rt) = runtime.inspect_err(|e| {
                    tracing::error!(error = %e, "cannot start the scheduler");
                }) else {
                    std::process::exit(i32::from(crate::error::code::FAILURE));
                };
                let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    rt.block_on(self.run());
                }));
                if ran.is_err() {
                    // A bug: a server that no longer syncs must not look healthy. Its
                    // supervisor restarts it; the run lock goes with the process.
                    tracing::error!("the scheduler stopped on a bug: exiting");
                    std::process::exit(i32::from(crate::error::code::FAILURE));
                }
            })
    }

    async fn run(mut self) {
        let now = self.clock.now();
        // At start, whatever is due: a restarted server catches up at once.
        let mut next = Next {
            models: Some(now),
            pricing: Some(now),
            cleanup: self.config.serve.cleanup_every.map(|every| now + every),
        };
        while let Some(wake) = next.earliest() {
            let now = self.clock.now();
            if wake > now {
                tokio::select! {
                    () = tokio::time::sleep(self.clock.real(wake - now)) => continue,
                    _ = self.shutdown.changed() => return,
                }
            }
            let job = if next.models.is_some_and(|t| t <= now) {
                Job::Models
            } else if next.pricing.is_some_and(|t| t <= now) {
                Job::Pricing
            } else {
                Job::Cleanup
            };
            let mut config = self.config.clone();
            config.now = now;
            let started = Instant::now();
            let ran = tokio::select! {
                ran = job.run(&config) => ran,
                _ = self.shutdown.changed() => {
                    tracing::info!(job = job.name(), "shutting down: the run stops here");
                    return;
                }
            };
            let after = self.clock.now();
            let wake = match &ran {
                // A quarter second at least on the wall clock, however fast a test's clock runs.
                Ok(Ran::Locked) => Some(
                    after
                        + schedule::LOCK_RETRY
                            .max(self.clock.span(std::time::Duration::from_millis(250))),
                ),
                _ => self.due(job, &config, after).map(|due| {
                    schedule::after_run(due, after, schedule::jitter(job.interval(&config)))
                }),
            };
            log_run(job, &ran, started, wake);
            match job {
                Job::Models => next.models = wake,
                Job::Pricing => next.pricing = wake,
                Job::Cleanup => next.cleanup = wake,
            }
        }
        let _ = self.shutdown.changed().await;
    }

    /// When the job falls due again, read after it ran.
    fn due(&self, job: Job, config: &Config, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match job {
            Job::Models => {
                let health = match Store::open_read_only(&config.database).and_then(|s| s.health())
                {
                    Ok(h) => h,
                    Err(e) => {
                        tracing::error!(error = %e, "cannot read the sync record");
                        return Some(now + TimeDelta::hours(1).min(config.sync_interval));
                    }
                };
                // None take part: nothing to sync until the configuration changes.
                schedule::models_due(&self.taking_part, &health, config.sync_interval)
            }
            Job::Pricing => Some(now + config.pricing_interval),
            Job::Cleanup => config.serve.cleanup_every.map(|every| now + every),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Job {
    Models,
    Pricing,
    Cleanup,
}

impl Job {
    /// The span its jitter is a share of.
    fn interval(self, config: &Config) -> TimeDelta {
        match self {
            Self::Models => config.sync_interval,
            Self::Pricing => config.pricing_interval,
            Self::Cleanup => config.serve.cleanup_every.unwrap_or_default(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Models => "sync-models",
            Self::Pricing => "sync-pricing",
            Self::Cleanup => "cleanup",
        }
    }

    async fn run(self, config: &Config) -> Result<Ran, Error> {
        match self {
            Self::Models => {
                let report = crate::sync::run(config, &crate::sync::SyncOptions::default()).await?;
                for p in &report.providers {
                    if let crate::sync::report::ProviderOutcome::Failed { error, .. } = &p.outcome {
                        tracing::warn!(provider = %p.provider, error_type = error.error_type.as_str(),
                            error = %error.message, "sync failed");
                    }
                }
                let s = report.summary();
                let tally = Tally {
                    done: s.succeeded,
                    skipped: s.skipped,
                    failed: s.failed + s.held,
                };
                Ok(if report.locked.is_some() {
                    Ran::Locked
                } else {
                    Ran::Done(report.outcome(false), tally)
                })
            }
            Self::Pricing => {
                let report =
                    crate::pricing::run(config, &crate::pricing::PricingOptions::default()).await?;
                let failed = report
                    .catalogs
                    .iter()
                    .filter(|c| {
                        !matches!(
                            c.status,
                            CatalogStatus::Fetched
                                | CatalogStatus::NotModified
                                | CatalogStatus::Fresh
                        )
                    })
                    .count();
                let tally = Tally {
                    done: report.providers.len(),
                    skipped: 0,
                    failed,
                };
                Ok(if report.locked.is_some() {
                    Ran::Locked
                } else {
                    Ran::Done(report.outcome(false), tally)
                })
            }
            Self::Cleanup => cleanup(config),
        }
    }
}

/// `models cleanup --force` with the configured age, every provider.
fn cleanup(config: &Config) -> Result<Ran, Error> {
    let Some(_lock) = crate::lock::acquire(&config.database, std::time::Duration::ZERO)? else {
        return Ok(Ran::Locked);
    };
    let mut store = Store::open(&config.database)?;
    let cutoff = config.now - config.serve.cleanup_age;
    let selection = crate::query::cleanup_selection(&store.all_models()?, &[], cutoff);
    crate::commands::models::cleanup::delete(&mut store, config, &selection)?;
    Ok(Ran::Done(
        RunOutcome::Success,
        Tally {
            done: selection.len(),
            ..Tally::default()
        },
    ))
}

/// The one line a run logs: its job, result, what it counted, how long it took, the next run.
/// For sync-models `done` counts providers synced; for sync-pricing providers priced (and
/// `failed` catalogs that fell back); for cleanup models deleted.
fn log_run(job: Job, ran: &Result<Ran, Error>, started: Instant, next: Option<DateTime<Utc>>) {
    let duration_ms = started.elapsed().as_millis() as u64;
    let next_run = next.map_or_else(|| "never".to_owned(), |t| crate::model::format_time(&t));
    let job = job.name();
    match ran {
        Ok(Ran::Done(outcome, t)) => {
            let result = match outcome {
                RunOutcome::Success | RunOutcome::ChangesPending => "success",
                RunOutcome::Partial => "partial",
                RunOutcome::Failure => "failure",
            };
            let (done, skipped, failed) = (t.done, t.skipped, t.failed);
            // At info whatever the result: a provider that failed has its own warning.
            tracing::info!(
                job,
                result,
                done,
                skipped,
                failed,
                duration_ms,
                next_run,
                "scheduled run"
            );
        }
        Ok(Ran::Locked) => tracing::info!(
            job,
            result = "locked",
            duration_ms,
            next_run,
            "scheduled run: another run holds the lock"
        ),
        Err(e) => tracing::error!(
            job,
            result = "error",
            duration_ms,
            next_run,
            error = %e,
            "scheduled run"
        ),
    }
}

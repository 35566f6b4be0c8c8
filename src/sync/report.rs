//! What a sync run reports: one entry per provider, in stable order, and the run's outcome.

use chrono::{DateTime, Utc};

use super::discovery::SkipReason;
use super::guard::RemovalHold;
use crate::error::RunOutcome;
use crate::model::{FieldChange, ProviderError, ProviderId};

/// The result of one `sync-models` run.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncReport {
    pub dry_run: bool,
    /// Providers were named with `--provider`: every one of them is shown, skips included.
    pub named: bool,
    pub providers: Vec<ProviderReport>,
    /// The database whose run lock another run held: nothing was done.
    pub locked: Option<String>,
}

/// One provider's part of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderReport {
    pub provider: ProviderId,
    pub outcome: ProviderOutcome,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProviderOutcome {
    /// Fetched and diffed; written unless the run is a dry run.
    Synced(Synced),
    Skipped {
        reason: SkipReason,
        last_sync: Option<DateTime<Utc>>,
        /// For `no_credentials`: the variable that would hold the key.
        hint: Option<String>,
    },
    Failed {
        error: ProviderError,
        duration_ms: u64,
    },
    /// Fetched and diffed, but a guard refused to apply it: nothing was written. What would
    /// have changed is in `synced`; `--accept-changes` applies it.
    Held { synced: Synced, hold: RemovalHold },
}

/// A provider fetched and diffed.
#[derive(Debug, Clone, PartialEq)]
pub struct Synced {
    /// How many models the provider listed.
    pub models_synced: usize,
    pub added: Vec<String>,
    pub updated: Vec<(String, Vec<FieldChange>)>,
    pub removed: Vec<String>,
    pub unchanged: usize,
    /// Changes catalogs made alone (not the provider's list), by id.
    pub enriched: Vec<(String, Vec<FieldChange>)>,
    pub statistics: serde_json::Value,
    /// After a real run, the new values; after a dry run, the stored ones.
    pub cached_until: Option<DateTime<Utc>>,
    pub last_sync: Option<DateTime<Utc>>,
    pub duration_ms: u64,
    /// Synced less than the interval ago: a real run without `--force` skips it (a dry run
    /// checks it anyway).
    pub fresh: bool,
}

impl Synced {
    /// Whether the provider's list changed (what `--dry-run --exit-code` exits 3 for): a
    /// change catalogs alone make is not one.
    pub fn has_changes(&self) -> bool {
        !(self.added.is_empty() && self.updated.is_empty() && self.removed.is_empty())
    }
}

/// Counts over a report, as the summary line and JSON `summary` give them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub providers: usize,
    pub succeeded: usize,
    pub skipped: usize,
    pub failed: usize,
    /// Fetched, but held by a guard: not succeeded.
    pub held: usize,
    pub models_synced: usize,
}

impl SyncReport {
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            providers: self.providers.len(),
            ..Summary::default()
        };
        for p in &self.providers {
            match &p.outcome {
                ProviderOutcome::Synced(x) => {
                    s.succeeded += 1;
                    s.models_synced += x.models_synced;
                }
                ProviderOutcome::Skipped { .. } => s.skipped += 1,
                ProviderOutcome::Failed { .. } => s.failed += 1,
                ProviderOutcome::Held { .. } => s.held += 1,
            }
        }
        s
    }

    /// Whether a real run would change (or did change) anything. A held list changes
    /// nothing until it is accepted, and is reported as not succeeded instead.
    pub fn has_changes(&self) -> bool {
        self.providers
            .iter()
            .any(|p| matches!(&p.outcome, ProviderOutcome::Synced(s) if s.has_changes()))
    }

    /// The outcome of SPEC §5: failures (a held provider counts as one) first, then
    /// availability, then pending changes.
    pub fn outcome(&self, exit_code_on_changes: bool) -> RunOutcome {
        let fine = self
            .providers
            .iter()
            .filter(|p| match &p.outcome {
                ProviderOutcome::Synced(_) => true,
                ProviderOutcome::Skipped { reason, .. } => {
                    matches!(reason, SkipReason::CacheValid | SkipReason::Locked)
                }
                ProviderOutcome::Failed { .. } | ProviderOutcome::Held { .. } => false,
            })
            .count();
        let summary = self.summary();
        let failed = summary.failed + summary.held;
        if failed > 0 {
            return if fine > 0 {
                RunOutcome::Partial
            } else {
                RunOutcome::Failure
            };
        }
        if fine == 0 {
            return RunOutcome::Failure;
        }
        if self.dry_run && exit_code_on_changes && self.has_changes() {
            return RunOutcome::ChangesPending;
        }
        RunOutcome::Success
    }
}

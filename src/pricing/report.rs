//! What a `sync-pricing` run reports: each remote catalog's part, then per provider what
//! happened to every model's price, and the run's outcome for the exit code (SPEC §5).

use chrono::{DateTime, Utc};

use crate::catalog::{self, enrich::Match};
use crate::error::RunOutcome;
use crate::model::{CatalogFormat, FieldSource, ProviderId, SourcedPrices};

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
    /// Fresh or unreachable, and its cached copy no longer reads: only the bundled snapshot
    /// stands in.
    CacheUnreadable,
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
            Self::CacheUnreadable => "cache_unreadable",
        }
    }

    /// Whether the source failed this run (the exit code says so).
    pub fn failed(self) -> bool {
        matches!(
            self,
            Self::FallbackCached | Self::FallbackBundled | Self::Refused | Self::CacheUnreadable
        )
    }
}

/// One remote catalog's part of the run.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogReport {
    pub name: String,
    /// Where it comes from, without any query string.
    pub location: String,
    pub format: Option<CatalogFormat>,
    pub status: CatalogStatus,
    /// Entries in the copy used (none when falling back to the snapshot).
    pub entries: Option<usize>,
    /// When the copy used was fetched.
    pub fetched_at: Option<DateTime<Utc>>,
    /// Why it failed, or was refused.
    pub message: Option<String>,
    /// Price and limit changes against the cached copy a fetch replaced.
    pub changes: Vec<catalog::Change>,
    /// Models two of its entries price differently: priced by neither.
    pub conflicts: Vec<catalog::Conflict>,
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
    /// The database whose run lock another run held: nothing was done.
    pub locked: Option<String>,
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

    /// Changes held back as implausible, over every provider.
    pub fn held(&self) -> usize {
        self.providers.iter().map(ProviderPricing::held).sum()
    }

    /// The outcome of SPEC §5, in the words every command uses: locked out is nothing done
    /// (success); nothing to price fails; a failed catalog or a held change is a partial
    /// success; then pending changes with `--dry-run --exit-code`.
    pub fn outcome(&self, exit_code_on_changes: bool) -> RunOutcome {
        if self.locked.is_some() {
            return RunOutcome::Success;
        }
        if self.providers.is_empty() || self.providers.iter().all(|p| p.models.is_empty()) {
            return RunOutcome::Failure;
        }
        if self.failed_catalogs() > 0 || self.held() > 0 {
            return RunOutcome::Partial;
        }
        if self.dry_run && exit_code_on_changes && self.has_changes() {
            return RunOutcome::ChangesPending;
        }
        RunOutcome::Success
    }
}

//! The figures the Prometheus metrics show, as the store reads them.

use chrono::{DateTime, Utc};

/// When a provider last synced, and last tried to.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderTimes {
    pub provider: String,
    pub last_success: Option<DateTime<Utc>>,
    pub last_attempt: Option<DateTime<Utc>>,
}

/// The upper bounds of the run-duration histogram's buckets, in milliseconds (0.1 s to 300 s).
pub const DURATION_BUCKETS_MS: [u64; 10] = [
    100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000,
];

/// One provider's runs by duration, as the histogram shows them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Durations {
    pub provider: String,
    /// Runs that took at most each bound of [`DURATION_BUCKETS_MS`] (cumulative).
    pub within: [u64; DURATION_BUCKETS_MS.len()],
    pub count: u64,
    pub sum_ms: u64,
}

/// Everything `/metrics` and `--metrics-file` show, as the database holds it now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub providers: Vec<ProviderTimes>,
    /// provider, result (`success` | `error`), runs.
    pub runs: Vec<(String, String, u64)>,
    /// Each provider's run durations, counted into the histogram's buckets.
    pub durations: Vec<Durations>,
    /// provider, status, models.
    pub models: Vec<(String, String, u64)>,
    /// provider, listed models that no source prices.
    pub unpriced: Vec<(String, u64)>,
    /// catalog, fetched at.
    pub catalogs: Vec<(String, Option<DateTime<Utc>>)>,
    /// change kind, entries.
    pub changes: Vec<(String, u64)>,
}

//! The figures the Prometheus metrics show, as the store reads them.

use chrono::{DateTime, Utc};

/// When a provider last synced, and last tried to.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderTimes {
    pub provider: String,
    pub last_success: Option<DateTime<Utc>>,
    pub last_attempt: Option<DateTime<Utc>>,
}

/// Everything `/metrics` and `--metrics-file` show, as the database holds it now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub providers: Vec<ProviderTimes>,
    /// provider, result (`success` | `error`), runs.
    pub runs: Vec<(String, String, u64)>,
    /// provider, each run's duration in milliseconds.
    pub durations: Vec<(String, Vec<u64>)>,
    /// provider, status, models.
    pub models: Vec<(String, String, u64)>,
    /// provider, listed models that no source prices.
    pub unpriced: Vec<(String, u64)>,
    /// catalog, fetched at.
    pub catalogs: Vec<(String, Option<DateTime<Utc>>)>,
    /// change kind, entries.
    pub changes: Vec<(String, u64)>,
}

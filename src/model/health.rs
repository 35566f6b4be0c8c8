//! How each provider's syncs stand, as `serve` reads them to decide whether it is ready and
//! when to sync next.

use chrono::{DateTime, Utc};

use super::ErrorType;

/// One provider's sync record, as the database holds it now.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderHealth {
    pub provider: String,
    pub last_success: Option<DateTime<Utc>>,
    /// `None` after a success: the cache was cleared.
    pub cached_until: Option<DateTime<Utc>>,
    pub last_failure: Option<DateTime<Utc>>,
    pub last_error_type: Option<ErrorType>,
    /// Runs that failed since its last success (0: its latest run succeeded, or none ran).
    pub failures_since_success: u32,
}

impl ProviderHealth {
    /// Its latest run failed.
    pub fn failing(&self) -> bool {
        self.failures_since_success > 0
    }
}

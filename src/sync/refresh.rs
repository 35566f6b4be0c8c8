//! When a provider counts as fresh (SPEC §4). Pure: the clock is an argument.

use chrono::{DateTime, TimeDelta, Utc};

use crate::model::SyncState;

/// Whether a provider is synced this run, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refresh {
    /// `--force` was given.
    Forced,
    /// No successful sync is on record.
    NeverSynced,
    /// The last successful sync is at least the sync interval old.
    Stale,
    /// The cache was cleared since the last sync.
    CacheCleared,
    /// Synced less than the interval ago: skipped with reason `cache_valid`.
    Fresh,
}

impl Refresh {
    /// Applies the rules of SPEC §4, in their order.
    pub fn decide(
        state: Option<&SyncState>,
        now: DateTime<Utc>,
        interval: TimeDelta,
        force: bool,
    ) -> Self {
        if force {
            return Self::Forced;
        }
        let Some(last) = state.and_then(|s| s.last_success_at) else {
            return Self::NeverSynced;
        };
        if state.is_some_and(|s| s.cached_until.is_none()) {
            return Self::CacheCleared;
        }
        if now - last >= interval {
            Self::Stale
        } else {
            Self::Fresh
        }
    }

    pub fn is_due(self) -> bool {
        self != Self::Fresh
    }
}

#[cfg(test)]
mod tests;

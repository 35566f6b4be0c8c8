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
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        crate::model::parse_time(s).unwrap()
    }

    fn synced(at_: &str) -> SyncState {
        SyncState {
            last_success_at: Some(at(at_)),
            cached_until: Some(at(at_) + TimeDelta::hours(24)),
            ..SyncState::default()
        }
    }

    #[test]
    fn the_rules_in_order() {
        let h12 = TimeDelta::hours(12);
        let s = synced("2026-11-23T00:00:00Z");
        let decide = |state: Option<&SyncState>, now: &str, force| {
            Refresh::decide(state, at(now), h12, force)
        };
        assert_eq!(
            decide(None, "2026-11-23T01:00:00Z", false),
            Refresh::NeverSynced
        );
        assert_eq!(
            decide(Some(&s), "2026-11-23T11:00:00Z", false),
            Refresh::Fresh
        );
        assert_eq!(
            decide(Some(&s), "2026-11-23T11:59:59Z", false),
            Refresh::Fresh
        );
        assert_eq!(
            decide(Some(&s), "2026-11-23T12:00:00Z", false),
            Refresh::Stale
        );
        assert_eq!(
            decide(Some(&s), "2026-11-23T13:00:00Z", false),
            Refresh::Stale
        );
        assert_eq!(
            decide(Some(&s), "2026-11-23T01:00:00Z", true),
            Refresh::Forced
        );
        let cleared = SyncState {
            cached_until: None,
            ..s.clone()
        };
        assert_eq!(
            decide(Some(&cleared), "2026-11-23T01:00:00Z", false),
            Refresh::CacheCleared
        );
        let only_failed = SyncState {
            last_failure_at: Some(at("2026-11-23T00:00:00Z")),
            ..SyncState::default()
        };
        assert_eq!(
            decide(Some(&only_failed), "2026-11-23T01:00:00Z", false),
            Refresh::NeverSynced
        );
    }

    #[test]
    fn interval_is_a_parameter() {
        let s = synced("2026-11-23T00:00:00Z");
        let now = at("2026-11-23T02:00:00Z");
        assert_eq!(
            Refresh::decide(Some(&s), now, TimeDelta::hours(1), false),
            Refresh::Stale
        );
        assert_eq!(
            Refresh::decide(Some(&s), now, TimeDelta::hours(3), false),
            Refresh::Fresh
        );
        assert!(Refresh::decide(Some(&s), now, TimeDelta::zero(), false).is_due());
    }
}

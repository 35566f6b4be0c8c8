//! Unit tests of `sync::refresh`.

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
    let decide =
        |state: Option<&SyncState>, now: &str, force| Refresh::decide(state, at(now), h12, force);
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

use chrono::{DateTime, TimeDelta, Utc};

use super::*;
use crate::model::{ErrorType, ProviderHealth};

fn t(s: &str) -> DateTime<Utc> {
    crate::model::parse_time(s).unwrap()
}

fn synced(provider: &str, at: &str) -> ProviderHealth {
    ProviderHealth {
        provider: provider.to_owned(),
        last_success: Some(t(at)),
        cached_until: Some(t(at) + TimeDelta::hours(24)),
        last_failure: None,
        last_error_type: None,
        failures_since_success: 0,
    }
}

#[test]
fn a_synced_provider_falls_due_one_interval_after_its_success() {
    let h = [synced("openai", "2026-12-01T10:00:00Z")];
    let due = models_due(&["openai".to_owned()], &h, TimeDelta::hours(12));
    assert_eq!(due, Some(t("2026-12-01T22:00:00Z")));
}

#[test]
fn the_earliest_provider_decides_and_one_never_synced_is_due_at_once() {
    let h = [
        synced("openai", "2026-12-01T10:00:00Z"),
        synced("gemini", "2026-12-01T04:00:00Z"),
    ];
    let names = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let interval = TimeDelta::hours(12);
    assert_eq!(
        models_due(&names(&["openai", "gemini"]), &h, interval),
        Some(t("2026-12-01T16:00:00Z"))
    );
    assert_eq!(
        models_due(&names(&["openai", "mistral"]), &h, interval),
        Some(DateTime::<Utc>::MIN_UTC)
    );
    // A provider that does not take part is not waited for; with none, nothing is due.
    assert_eq!(models_due(&names(&[]), &h, interval), None);
}

#[test]
fn a_cleared_cache_is_due_at_once() {
    let mut h = synced("openai", "2026-12-01T10:00:00Z");
    h.cached_until = None;
    assert_eq!(
        provider_due(&h, TimeDelta::hours(12)),
        DateTime::<Utc>::MIN_UTC
    );
}

#[test]
fn a_failing_provider_is_retried_after_a_growing_backoff_never_past_its_interval() {
    let mut h = ProviderHealth {
        provider: "openai".to_owned(),
        last_success: None,
        cached_until: None,
        last_failure: Some(t("2026-12-01T10:00:00Z")),
        last_error_type: Some(ErrorType::ServerError),
        failures_since_success: 1,
    };
    let interval = TimeDelta::hours(12);
    assert_eq!(provider_due(&h, interval), t("2026-12-01T10:01:00Z"));
    h.failures_since_success = 3;
    assert_eq!(provider_due(&h, interval), t("2026-12-01T10:04:00Z"));
    h.failures_since_success = 40;
    assert_eq!(provider_due(&h, interval), t("2026-12-01T11:00:00Z"));
    assert_eq!(
        provider_due(&h, TimeDelta::minutes(10)),
        t("2026-12-01T10:10:00Z")
    );
    // Failing, but its last success is fresh: the rules skip it until then anyway.
    h.last_success = Some(t("2026-12-01T09:00:00Z"));
    h.cached_until = Some(t("2026-12-02T09:00:00Z"));
    assert_eq!(provider_due(&h, interval), t("2026-12-01T21:00:00Z"));
}

#[test]
fn no_job_wakes_twice_within_a_minute_and_jitter_stays_within_a_tenth() {
    let now = t("2026-12-01T10:00:00Z");
    assert_eq!(
        after_run(DateTime::<Utc>::MIN_UTC, now, TimeDelta::zero()),
        t("2026-12-01T10:01:00Z")
    );
    assert_eq!(
        after_run(t("2026-12-01T22:00:00Z"), now, TimeDelta::seconds(7)),
        t("2026-12-01T22:00:07Z")
    );
    for _ in 0..200 {
        let j = jitter(TimeDelta::hours(1));
        assert!(j >= TimeDelta::zero() && j <= TimeDelta::minutes(5), "{j}");
        let j = jitter(TimeDelta::minutes(10));
        assert!(j <= TimeDelta::minutes(1), "{j}");
    }
    assert_eq!(jitter(TimeDelta::zero()), TimeDelta::zero());
}

//! When `serve` runs each job next. Pure: the clock and the store's record are arguments.
//!
//! sync-models wakes when the first provider that takes part falls due by the refresh rules
//! (`sync::refresh`: its last success is a sync interval old, it never synced, its cache was
//! cleared), so a due provider is fetched and a fresh one is not; a provider whose latest run
//! failed is tried again after a backoff (1, 2, 4 … minutes, at most an hour, never later than
//! it would fall due anyway). sync-pricing and cleanup run on their intervals. Every wake but
//! the first is spread by a jitter, so servers started together do not fetch together.

use std::hash::{BuildHasher, Hasher};

use chrono::{DateTime, TimeDelta, Utc};

use crate::model::ProviderHealth;

/// No job runs twice within this span, whatever the intervals say (an interval of 0 included).
pub const MIN_GAP: TimeDelta = TimeDelta::minutes(1);

/// A run that found the lock held (a cron job's run) tries again this much later.
pub const LOCK_RETRY: TimeDelta = TimeDelta::seconds(30);

/// The longest backoff for a failing provider.
const MAX_BACKOFF: TimeDelta = TimeDelta::hours(1);

/// The longest jitter added to a wake.
const MAX_JITTER: TimeDelta = TimeDelta::minutes(5);

/// When the next sync-models run is due: the earliest of the providers taking part, or `None`
/// when none takes part.
pub fn models_due(
    taking_part: &[String],
    health: &[ProviderHealth],
    interval: TimeDelta,
) -> Option<DateTime<Utc>> {
    taking_part
        .iter()
        .map(|p| match health.iter().find(|h| &h.provider == p) {
            None => DateTime::<Utc>::MIN_UTC,
            Some(h) => provider_due(h, interval),
        })
        .min()
}

/// When one provider falls due: by the refresh rules, and not before its backoff has passed
/// if its latest run failed.
pub fn provider_due(h: &ProviderHealth, interval: TimeDelta) -> DateTime<Utc> {
    let by_rules = match (h.last_success, h.cached_until) {
        (Some(success), Some(_)) => success.checked_add_signed(interval),
        _ => None,
    }
    .unwrap_or(DateTime::<Utc>::MIN_UTC);
    let retry = match (h.failing(), h.last_failure) {
        (true, Some(failed)) => failed
            .checked_add_signed(backoff(h.failures_since_success, interval))
            .unwrap_or(DateTime::<Utc>::MAX_UTC),
        _ => DateTime::<Utc>::MIN_UTC,
    };
    by_rules.max(retry)
}

/// How long after its `failures`-th failure in a row a provider is tried again.
pub fn backoff(failures: u32, interval: TimeDelta) -> TimeDelta {
    let minutes = 1_i64 << failures.saturating_sub(1).min(10);
    TimeDelta::minutes(minutes)
        .min(MAX_BACKOFF)
        .min(interval)
        .max(MIN_GAP)
}

/// The wake for a job due at `due`, decided at `now` just after it ran: never sooner than
/// [`MIN_GAP`], then spread by `jitter`.
pub fn after_run(due: DateTime<Utc>, now: DateTime<Utc>, jitter: TimeDelta) -> DateTime<Utc> {
    due.max(now + MIN_GAP) + jitter
}

/// A random share of a tenth of `span`, at most [`MAX_JITTER`].
pub fn jitter(span: TimeDelta) -> TimeDelta {
    let most = (span / 10).min(MAX_JITTER).num_milliseconds().max(0);
    if most == 0 {
        return TimeDelta::zero();
    }
    // The standard library's per-process random keys: enough to spread wakes, no crate needed.
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_i64(most);
    TimeDelta::milliseconds((h.finish() % (most as u64 + 1)) as i64)
}

#[cfg(test)]
mod tests;

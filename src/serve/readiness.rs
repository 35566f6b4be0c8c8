//! When `serve` is ready (`/readyz`): every provider that takes part has a successful sync its
//! cache still covers (`cached_until` is ahead of now) and its latest run did not fail. Pure:
//! the clock and the store's record are arguments.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::{ErrorType, ProviderHealth};

/// Why a provider keeps the server from being ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// No successful sync is on record.
    NeverSynced,
    /// Its last success is older than its cache covers.
    Stale,
    /// Its latest run failed.
    Failing,
}

/// One provider, as `/readyz` names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    pub provider: String,
    pub ready: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    pub last_success: Option<String>,
    pub last_failure: Option<String>,
    pub error_type: Option<ErrorType>,
}

/// `/readyz`'s body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    /// `ready` or `not_ready`.
    pub status: &'static str,
    pub providers: Vec<Check>,
}

impl Readiness {
    pub fn is_ready(&self) -> bool {
        self.status == "ready"
    }
}

pub fn decide(taking_part: &[String], health: &[ProviderHealth], now: DateTime<Utc>) -> Readiness {
    let providers: Vec<Check> = taking_part
        .iter()
        .map(|p| {
            let h = health.iter().find(|h| &h.provider == p);
            let reason = match h {
                None => Some(Reason::NeverSynced),
                Some(h) if h.failing() => Some(Reason::Failing),
                Some(h) if h.last_success.is_none() => Some(Reason::NeverSynced),
                Some(h) if h.cached_until.is_none_or(|until| until <= now) => Some(Reason::Stale),
                Some(_) => None,
            };
            let time = |t: Option<DateTime<Utc>>| t.map(|t| crate::model::format_time(&t));
            Check {
                provider: p.clone(),
                ready: reason.is_none(),
                reason,
                last_success: time(h.and_then(|h| h.last_success)),
                last_failure: time(h.and_then(|h| h.last_failure)),
                error_type: h.filter(|h| h.failing()).and_then(|h| h.last_error_type),
            }
        })
        .collect();
    let ready = providers.iter().all(|c| c.ready);
    Readiness {
        status: if ready { "ready" } else { "not_ready" },
        providers,
    }
}

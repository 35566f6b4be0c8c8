//! `[serve]`: how `aisync serve` runs besides the sync schedule of `[sync]` and `[pricing]` —
//! its scheduled cleanup (off unless asked: it deletes), its connection limit and its client
//! timeout — and the bearer token it asks for, from `AISYNC_SERVE_TOKEN`.

use std::time::Duration;

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use super::bounds;
use crate::secret::Secret;

/// The shortest token `serve` accepts: one a client could guess is no lock.
pub const TOKEN_MIN_LEN: usize = 16;

/// `[serve]` as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServeSection {
    /// Run `models cleanup` on a schedule.
    pub cleanup: bool,
    /// Hours between scheduled cleanups.
    #[serde(deserialize_with = "bounds::hours")]
    pub cleanup_interval_hours: u32,
    /// A scheduled cleanup deletes removed models no sync has seen for this many days.
    #[serde(deserialize_with = "bounds::retention_days")]
    pub cleanup_older_than_days: u32,
    /// Connections served at once; more wait to be accepted.
    #[serde(deserialize_with = "bounds::connections")]
    pub max_connections: u64,
    /// How long a client may take to send its request, and the server to answer it.
    #[serde(deserialize_with = "bounds::timeout_seconds")]
    pub client_timeout_seconds: u64,
}

impl Default for ServeSection {
    fn default() -> Self {
        Self {
            cleanup: false,
            cleanup_interval_hours: 168,
            cleanup_older_than_days: 90,
            max_connections: 256,
            client_timeout_seconds: 10,
        }
    }
}

/// `[serve]` as `serve` uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeSettings {
    /// Time between scheduled cleanups; `None`: no scheduled cleanup.
    pub cleanup_every: Option<TimeDelta>,
    /// What a scheduled cleanup deletes: removed models unseen for this long.
    pub cleanup_age: TimeDelta,
    pub max_connections: usize,
    pub client_timeout: Duration,
    /// `AISYNC_SERVE_TOKEN`: asked of every request but `/healthz` when set, and needed to
    /// listen anywhere but loopback.
    pub token: Option<Secret>,
    /// Tests only (`AISYNC_TEST_CLOCK_RATE`): the clock runs this many times faster.
    pub clock_rate: u32,
}

impl ServeSettings {
    pub fn new(section: &ServeSection, token: Option<Secret>) -> Self {
        Self {
            cleanup_every: section
                .cleanup
                .then(|| TimeDelta::hours(i64::from(section.cleanup_interval_hours.max(1)))),
            cleanup_age: TimeDelta::days(i64::from(section.cleanup_older_than_days)),
            max_connections: section.max_connections as usize,
            client_timeout: Duration::from_secs(section.client_timeout_seconds),
            token,
            clock_rate: 1,
        }
    }
}

/// `AISYNC_SERVE_TOKEN` as set: a token long enough to be one, or what is wrong with it.
pub fn token(raw: Option<&str>) -> Result<Option<Secret>, &'static str> {
    match raw.map(str::trim) {
        None => Ok(None),
        Some(t) if t.len() < TOKEN_MIN_LEN => {
            Err("a token of at least 16 characters (for example from `openssl rand -hex 32`)")
        }
        Some(t) => Ok(Some(Secret::new(t))),
    }
}

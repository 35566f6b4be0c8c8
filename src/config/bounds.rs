//! The range every numeric setting must fall in, checked where the value enters — the config
//! file, the environment, a flag — so that no later arithmetic on it can overflow, and a value
//! out of range is told in words a person reads.

use serde::{Deserialize, Deserializer};

use crate::model::Decimal;

/// A closed range of whole numbers, and how to say it.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub min: u64,
    pub max: u64,
    /// What is expected, as an error message ends: `a whole number of hours from 0 to …`.
    pub expected: &'static str,
}

/// Sync interval, cache TTL and pricing interval: up to ten years.
pub const HOURS: Bounds = Bounds {
    min: 0,
    max: 87_600,
    expected: "a whole number of hours from 0 to 87600 (10 years)",
};

/// The request timeout.
pub const TIMEOUT_SECONDS: Bounds = Bounds {
    min: 1,
    max: 3_600,
    expected: "a whole number of seconds from 1 to 3600",
};

/// Attempts in all for a transient failure.
pub const RETRY_ATTEMPTS: Bounds = Bounds {
    min: 1,
    max: 10,
    expected: "a whole number of attempts from 1 to 10",
};

/// Providers fetched at once.
pub const CONCURRENCY: Bounds = Bounds {
    min: 1,
    max: 64,
    expected: "a whole number of providers from 1 to 64",
};

/// How long a run waits for another's lock.
pub const WAIT_SECONDS: Bounds = Bounds {
    min: 0,
    max: 86_400,
    expected: "a whole number of seconds from 0 to 86400 (a day)",
};

/// How long the change log keeps an entry.
pub const RETENTION_DAYS: Bounds = Bounds {
    min: 1,
    max: 36_500,
    expected: "a whole number of days from 1 to 36500 (100 years)",
};

/// The mock provider's latency.
pub const LATENCY_MS: Bounds = Bounds {
    min: 0,
    max: 3_600_000,
    expected: "a whole number of milliseconds from 0 to 3600000 (an hour)",
};

/// `[serve] max_connections`: connections served at once.
pub const CONNECTIONS: Bounds = Bounds {
    min: 1,
    max: 65_536,
    expected: "a whole number of connections from 1 to 65536",
};

/// `AISYNC_TEST_CLOCK_RATE`: how much faster than the wall clock `serve`'s clock runs.
pub const CLOCK_RATE: Bounds = Bounds {
    min: 1,
    max: 1_000_000,
    expected: "a whole number from 1 to 1000000",
};

impl Bounds {
    /// `text` as a number in range, or what is expected.
    pub fn parse(&self, text: &str) -> Result<u64, &'static str> {
        text.trim()
            .parse::<u64>()
            .ok()
            .filter(|v| (self.min..=self.max).contains(v))
            .ok_or(self.expected)
    }

    fn deserialize<'de, D: Deserializer<'de>>(&self, d: D) -> Result<u64, D::Error> {
        let v = u64::deserialize(d)?;
        if (self.min..=self.max).contains(&v) {
            Ok(v)
        } else {
            Err(serde::de::Error::custom(format!(
                "{v}: expected {}",
                self.expected
            )))
        }
    }
}

/// `[sync] interval_hours`, `cache_ttl_hours`, `[pricing] interval_hours`.
pub fn hours<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    // HOURS.max fits a u32.
    HOURS.deserialize(d).map(|v| v as u32)
}

/// `[changes] retention_days`.
pub fn retention_days<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    // RETENTION_DAYS.max fits a u32.
    RETENTION_DAYS.deserialize(d).map(|v| v as u32)
}

/// `[sync] timeout_seconds`.
pub fn timeout_seconds<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    TIMEOUT_SECONDS.deserialize(d)
}

/// `[sync] retry_attempts`.
pub fn retry_attempts<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    RETRY_ATTEMPTS.deserialize(d)
}

/// `[sync] concurrency`.
pub fn concurrency<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    CONCURRENCY.deserialize(d)
}

/// `[serve] max_connections`.
pub fn connections<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    CONNECTIONS.deserialize(d)
}

/// `--timeout`, as clap parses it.
pub fn timeout_flag(text: &str) -> Result<u64, String> {
    TIMEOUT_SECONDS
        .parse(text)
        .map_err(|e| format!("expected {e}"))
}

/// `--wait`, as clap parses it.
pub fn wait_flag(text: &str) -> Result<u64, String> {
    WAIT_SECONDS
        .parse(text)
        .map_err(|e| format!("expected {e}"))
}

/// A share from 0 to 1, exact: `0.5`, or a percentage, `"50%"`. `max_removed_share` is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share(pub Decimal);

/// What a share is written as, in an error message.
pub const SHARE_EXPECTED: &str = "a share from 0 to 1 (0.5) or a percentage (\"50%\")";

impl Share {
    /// `0.5`, `1`, `"50%"`; anything else, or out of 0..=1, is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        let value = match t.strip_suffix('%') {
            Some(percent) => Decimal::from_str_exact(percent.trim()).ok()? / Decimal::from(100),
            None => Decimal::from_str_exact(t).ok()?,
        };
        (Decimal::ZERO..=Decimal::ONE)
            .contains(&value)
            .then(|| Self(value.normalize()))
    }

    /// As a percentage for people: `50%`.
    pub fn percent(self) -> String {
        format!("{}%", (self.0 * Decimal::from(100)).normalize())
    }
}

impl serde::Serialize for Share {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A short decimal such as 0.5 is exact as a float; the config file writes it so.
        s.serialize_f64(self.0.to_string().parse().unwrap_or(0.5))
    }
}

impl<'de> Deserialize<'de> for Share {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Share;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(SHARE_EXPECTED)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Share, E> {
                Share::parse(v)
                    .ok_or_else(|| E::custom(format!("{v:?}: expected {SHARE_EXPECTED}")))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Share, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Share, E> {
                self.visit_str(&v.to_string())
            }
        }
        d.deserialize_any(Visitor)
    }
}

//! The time a long-running `serve` goes by: the wall clock; or, when `AISYNC_NOW` pins a
//! start, that time moving on as the process runs — `AISYNC_TEST_CLOCK_RATE` times faster in
//! tests, so a schedule of hours passes in seconds.

use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    /// The pinned start and the instant it was read; `None`: the wall clock.
    pinned: Option<(DateTime<Utc>, Instant)>,
    rate: u32,
}

impl Clock {
    /// `start` is the configuration's `now`; `pinned` whether `AISYNC_NOW` set it.
    pub fn new(start: DateTime<Utc>, pinned: bool, rate: u32) -> Self {
        let rate = rate.max(1);
        Self {
            pinned: (pinned || rate > 1).then(|| (start, Instant::now())),
            rate,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self.pinned {
            None => Utc::now(),
            Some((start, at)) => {
                let elapsed = at.elapsed().saturating_mul(self.rate);
                start + TimeDelta::from_std(elapsed).unwrap_or(TimeDelta::MAX)
            }
        }
    }

    /// How long to sleep, on the wall clock, for `span` of this clock to pass.
    pub fn real(&self, span: TimeDelta) -> Duration {
        span.to_std().unwrap_or(Duration::ZERO) / self.rate
    }

    /// `real` on the wall clock, as a span of this clock.
    pub fn span(&self, real: Duration) -> TimeDelta {
        TimeDelta::from_std(real.saturating_mul(self.rate)).unwrap_or(TimeDelta::MAX)
    }
}

//! The figures of the Prometheus metrics, read from the database (so they count cron runs and
//! survive a restart): per provider its last success and attempt, its runs by result and their
//! durations, its models by status and those unpriced; each catalog's fetch time; the change
//! log by kind.

use std::fmt::Write as _;

use super::sql;
use super::{Store, StoreError};
use crate::model::{DURATION_BUCKETS_MS, Durations, Figures, ProviderTimes, parse_time};

/// A row of three text columns: a name, then two values.
type Row = (String, Option<String>, Option<String>);

impl Store {
    pub fn figures(&self) -> Result<Figures, StoreError> {
        let rows = |sql: &str| -> Result<Vec<Row>, StoreError> {
            self.conn
                .prepare(sql)
                .and_then(|mut s| {
                    s.query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                        .collect()
                })
                .map_err(|e| self.classify(e))
        };
        let time = |v: Option<String>| v.as_deref().and_then(parse_time);
        let count = |v: Option<String>| v.and_then(|n| n.parse().ok()).unwrap_or(0);
        let mut f = Figures::default();
        for (p, success, attempt) in rows(
            "SELECT provider, last_success_at, last_attempt_at FROM sync_state ORDER BY provider",
        )? {
            f.providers.push(ProviderTimes {
                provider: p,
                last_success: time(success),
                last_attempt: time(attempt),
            });
        }
        for (p, result, n) in rows(
            "SELECT provider, status, CAST(count(*) AS TEXT) FROM sync_runs \
             GROUP BY provider, status ORDER BY provider, status",
        )? {
            f.runs.push((p, result.unwrap_or_default(), count(n)));
        }
        f.durations = self.durations()?;
        for (p, status, n) in rows(
            "SELECT provider, status, CAST(count(*) AS TEXT) FROM models \
             GROUP BY provider, status ORDER BY provider, status",
        )? {
            f.models.push((p, status.unwrap_or_default(), count(n)));
        }
        for (p, n, _) in rows(
            "SELECT m.provider, CAST(count(*) AS TEXT), NULL FROM models m \
             WHERE m.status != 'removed' AND NOT EXISTS (SELECT 1 FROM prices p \
             WHERE p.provider = m.provider AND p.model_id = m.id) \
             GROUP BY m.provider ORDER BY m.provider",
        )? {
            f.unpriced.push((p, count(n)));
        }
        for (c, at, _) in rows("SELECT name, fetched_at, NULL FROM catalogs ORDER BY name")? {
            f.catalogs.push((c, time(at)));
        }
        for (k, n, _) in rows(
            "SELECT kind, CAST(count(*) AS TEXT), NULL FROM changes GROUP BY kind ORDER BY kind",
        )? {
            f.changes.push((k, count(n)));
        }
        Ok(f)
    }

    /// Each provider's runs counted into the duration buckets by SQLite, in one pass: a scrape
    /// costs the same whether the history holds a hundred runs or a million.
    fn durations(&self) -> Result<Vec<Durations>, StoreError> {
        let mut buckets = String::new();
        for ms in DURATION_BUCKETS_MS {
            let _ = write!(
                buckets,
                ", coalesce(sum(CASE WHEN duration_ms <= {ms} THEN 1 ELSE 0 END), 0)"
            );
        }
        let sql = format!(
            "SELECT provider, count(*), coalesce(CAST(sum(duration_ms) AS BIGINT), 0){buckets} FROM sync_runs \
             GROUP BY provider ORDER BY provider"
        );
        let n = |r: &sql::Row<'_>, i: usize| r.get::<i64>(i).map(|v| v.max(0) as u64);
        self.conn
            .prepare(&sql)
            .and_then(|mut s| {
                s.query_map((), |r| {
                    let mut d = Durations {
                        provider: r.get(0)?,
                        count: n(r, 1)?,
                        sum_ms: n(r, 2)?,
                        ..Durations::default()
                    };
                    for (i, within) in d.within.iter_mut().enumerate() {
                        *within = n(r, 3 + i)?;
                    }
                    Ok(d)
                })?
                .collect()
            })
            .map_err(|e| self.classify(e))
    }
}

//! The figures of the Prometheus metrics, read from the database (so they count cron runs and
//! survive a restart): per provider its last success and attempt, its runs by result and their
//! durations, its models by status and those unpriced; each catalog's fetch time; the change
//! log by kind.

use super::{Store, StoreError};
use crate::model::{Figures, ProviderTimes, parse_time};

/// A row of three text columns: a name, then two values.
type Row = (String, Option<String>, Option<String>);

impl Store {
    pub fn figures(&self) -> Result<Figures, StoreError> {
        let rows = |sql: &str| -> Result<Vec<Row>, StoreError> {
            self.conn
                .prepare(sql)
                .and_then(|mut s| {
                    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
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
        for (p, ms, _) in rows(
            "SELECT provider, CAST(duration_ms AS TEXT), NULL FROM sync_runs ORDER BY provider, id",
        )? {
            let ms = count(ms);
            match f.durations.last_mut() {
                Some((q, all)) if *q == p => all.push(ms),
                _ => f.durations.push((p, vec![ms])),
            }
        }
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
}

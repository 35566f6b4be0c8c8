//! Each provider's sync record in one read: its sync state, and how many runs failed since its
//! last success (from the run history, so a failure and a recovery in the same second are told
//! apart by their order).

use super::{Store, StoreError};
use crate::model::{ErrorType, ProviderHealth, parse_time};

impl Store {
    pub fn health(&self) -> Result<Vec<ProviderHealth>, StoreError> {
        type Row = (
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            i64,
        );
        let rows: Vec<Row> = self
            .conn
            .prepare(
                "SELECT s.provider, s.last_success_at, s.cached_until, s.last_failure_at, \
                 s.last_error_type, \
                 (SELECT count(*) FROM sync_runs r WHERE r.provider = s.provider \
                  AND r.status = 'error' AND r.id > coalesce((SELECT max(q.id) FROM sync_runs q \
                  WHERE q.provider = s.provider AND q.status = 'success'), 0)) \
                 FROM sync_state s ORDER BY s.provider",
            )
            .and_then(|mut s| {
                s.query_map((), |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })?
                .collect()
            })
            .map_err(|e| self.classify(e))?;
        let time = |v: Option<String>| v.as_deref().and_then(parse_time);
        Ok(rows
            .into_iter()
            .map(
                |(provider, success, cached, failure, error_type, failures)| ProviderHealth {
                    provider,
                    last_success: time(success),
                    cached_until: time(cached),
                    last_failure: time(failure),
                    last_error_type: error_type.and_then(|t| {
                        serde_json::from_value::<ErrorType>(serde_json::Value::String(t)).ok()
                    }),
                    failures_since_success: failures.clamp(0, i64::from(u32::MAX)) as u32,
                },
            )
            .collect())
    }
}

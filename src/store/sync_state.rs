//! Per-provider sync state and the history of sync runs; the one transaction a sync commits.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::sql::{self, Optional};

use super::events::{self, RunEvent};
use super::{PriceWrite, Store, StoreError, models, prices};
use crate::model::{
    ChangeEntry, ChangeKind, ErrorType, EventKind, Model, ProviderError, ProviderId, SyncRun,
    SyncState, format_time, parse_time,
};

/// Everything a successful sync of one provider writes, applied all at once.
pub struct SyncWrite<'a> {
    pub provider: &'a ProviderId,
    pub now: DateTime<Utc>,
    /// The listed models to write: new, changed, or carrying other raw JSON or sources than
    /// the stored row. A model listed as it was stored is not written at all.
    pub listed: &'a [&'a Model],
    /// The provider's own prices that changed.
    pub prices: &'a [PriceWrite],
    /// The change-log entries of what this applies (prices' are the store's own to log).
    pub changes: &'a [ChangeEntry],
    /// Ids of stored models the provider no longer lists.
    pub removed: &'a [String],
    pub statistics: serde_json::Value,
    pub cached_until: DateTime<Utc>,
    pub run: &'a SyncRun,
}

impl Store {
    /// What the store remembers of a provider's syncs; `None` if it was never attempted.
    pub fn sync_state(&self, provider: &ProviderId) -> Result<Option<SyncState>, StoreError> {
        type Row = (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let row: Option<Row> = self
            .conn
            .query_row(
                "SELECT last_success_at, cached_until, last_failure_at, last_error, \
                 last_error_type, statistics FROM sync_state WHERE provider = ?1",
                [provider.as_str()],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| self.classify(e))?;
        let Some((success, cached, failure, error, error_type, stats)) = row else {
            return Ok(None);
        };
        let corrupt = |detail: String| StoreError::Corrupt {
            path: self.path.clone(),
            detail,
        };
        let time = |col: &str, v: Option<String>| {
            v.map(|v| parse_time(&v).ok_or_else(|| corrupt(format!("sync_state.{col} = {v:?}"))))
                .transpose()
        };
        Ok(Some(SyncState {
            last_success_at: time("last_success_at", success)?,
            cached_until: time("cached_until", cached)?,
            last_failure_at: time("last_failure_at", failure)?,
            last_error: error,
            last_error_type: error_type
                .map(|t| {
                    serde_json::from_value::<ErrorType>(serde_json::Value::String(t.clone()))
                        .map_err(|_| corrupt(format!("sync_state.last_error_type = {t:?}")))
                })
                .transpose()?,
            statistics: stats.and_then(|s| serde_json::from_str(&s).ok()),
        }))
    }

    /// Commits a provider's successful sync in one transaction: every listed model upserted,
    /// vanished ones marked removed, the state and the run recorded. All or nothing.
    pub fn apply_sync(&mut self, w: &SyncWrite<'_>) -> Result<(), StoreError> {
        let result = (|| -> sql::Result<()> {
            let tx = self.conn.transaction_with_behavior(sql::Begin::Immediate)?;
            let after = events::last_change(&tx)?;
            models::upsert(&tx, w.provider, w.listed, &w.now)?;
            // A success after a failure: the provider recovered.
            let was_failing = failing(&tx, w.provider)?;
            let recovered = was_failing.clone().map(|error_type| ChangeEntry {
                kind: ChangeKind::SyncRecovered,
                provider: Some(w.provider.to_string()),
                model: None,
                details: serde_json::json!({"after": error_type}).to_string(),
            });
            super::changes::append(&tx, &w.now, &w.run.run_id, recovered.as_slice())?;
            super::changes::append(&tx, &w.now, &w.run.run_id, w.changes)?;
            for p in w.prices {
                prices::apply(&tx, w.provider, p, &w.now, &w.run.run_id)?;
            }
            for id in w.removed {
                models::mark_removed(&tx, w.provider, id, &w.now)?;
            }
            models::fill_digests(&tx, w.provider)?;
            tx.execute(
                "INSERT INTO sync_state (provider, last_success_at, cached_until, last_attempt_at, statistics) \
                 VALUES (?1, ?2, ?3, ?2, ?4) \
                 ON CONFLICT (provider) DO UPDATE SET last_success_at = excluded.last_success_at, \
                   cached_until = excluded.cached_until, last_attempt_at = excluded.last_attempt_at, \
                   statistics = excluded.statistics",
                params![
                    w.provider.as_str(),
                    format_time(&w.now),
                    format_time(&w.cached_until),
                    w.statistics.to_string(),
                ],
            )?;
            insert_run(&tx, w.run)?;
            let completed = RunEvent {
                kind: EventKind::SyncCompleted,
                summary: completed_summary(w, was_failing.as_deref()),
                provider: w.provider.as_str(),
            };
            events::derive(
                &tx,
                &w.now,
                &w.run.run_id,
                w.provider.as_str(),
                after,
                Some(&completed),
            )?;
            tx.commit()
        })();
        result.map_err(|e| self.classify(e))
    }

    /// Records a provider's failure as its last failure and in the run history. Its models are
    /// not touched.
    pub fn record_failure(
        &mut self,
        run: &SyncRun,
        error: &ProviderError,
    ) -> Result<(), StoreError> {
        let result = (|| -> sql::Result<()> {
            let tx = self.conn.transaction_with_behavior(sql::Begin::Immediate)?;
            let after = events::last_change(&tx)?;
            // Logged when it starts failing, not again at every failing run.
            if failing(&tx, &run.provider)?.is_none() {
                let entry = ChangeEntry {
                    kind: ChangeKind::SyncFailed,
                    provider: Some(run.provider.to_string()),
                    model: None,
                    details: serde_json::json!({
                        "error": error.message, "error_type": error.error_type.as_str()
                    })
                    .to_string(),
                };
                super::changes::append(&tx, &run.finished_at, &run.run_id, &[entry])?;
            }
            tx.execute(
                "INSERT INTO sync_state (provider, last_attempt_at, last_failure_at, last_error, last_error_type) \
                 VALUES (?1, ?2, ?2, ?3, ?4) \
                 ON CONFLICT (provider) DO UPDATE SET last_attempt_at = excluded.last_attempt_at, \
                   last_failure_at = excluded.last_failure_at, last_error = excluded.last_error, \
                   last_error_type = excluded.last_error_type",
                params![
                    run.provider.as_str(),
                    format_time(&run.finished_at),
                    error.message,
                    error.error_type.as_str(),
                ],
            )?;
            insert_run(&tx, run)?;
            let failed = RunEvent {
                kind: EventKind::SyncFailed,
                summary: format!(
                    "{}: sync failed ({}): {}",
                    run.provider,
                    error.error_type.as_str(),
                    error.message
                ),
                provider: run.provider.as_str(),
            };
            events::derive(
                &tx,
                &run.finished_at,
                &run.run_id,
                run.provider.as_str(),
                after,
                Some(&failed),
            )?;
            tx.commit()
        })();
        result.map_err(|e| self.classify(e))
    }
}

/// `openai: sync completed; 2 added, 1 updated, 0 removed, 39 unchanged`.
fn completed_summary(w: &SyncWrite<'_>, recovered_from: Option<&str>) -> String {
    let c = w.run.counts.unwrap_or_default();
    let mut s = format!(
        "{}: sync completed; {} added, {} updated, {} removed, {} unchanged",
        w.provider, c.added, c.updated, c.removed, c.unchanged
    );
    if let Some(error_type) = recovered_from {
        s.push_str("; recovered after ");
        s.push_str(if error_type.is_empty() {
            "a failure"
        } else {
            error_type
        });
    }
    s
}

/// The error type of a provider whose latest recorded run failed; `None` while it is healthy
/// or was never tried. Read from the runs in the order they were recorded, not from their
/// times: a failure and a recovery within one second are still told apart.
fn failing(tx: &sql::Tx<'_>, provider: &ProviderId) -> sql::Result<Option<String>> {
    tx.query_row(
        "SELECT status, error_type FROM sync_runs WHERE provider = ?1 ORDER BY id DESC LIMIT 1",
        [provider.as_str()],
        |r| Ok((r.get::<String>(0)?, r.get::<Option<String>>(1)?)),
    )
    .optional()
    .map(|row| match row {
        Some((status, error_type)) if status == "error" => Some(error_type.unwrap_or_default()),
        _ => None,
    })
}

fn insert_run(tx: &sql::Tx<'_>, run: &SyncRun) -> sql::Result<()> {
    let counts = run.counts.unwrap_or_default();
    let has_counts = run.counts.is_some();
    let n = |v: usize| has_counts.then_some(v as i64);
    tx.prepare_cached(
        "INSERT INTO sync_runs (run_id, provider, started_at, finished_at, status, added, updated, \
         removed, unchanged, duration_ms, error, error_type) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        run.run_id,
        run.provider.as_str(),
        format_time(&run.started_at),
        format_time(&run.finished_at),
        if run.error.is_some() {
            "error"
        } else {
            "success"
        },
        n(counts.added),
        n(counts.updated),
        n(counts.removed),
        n(counts.unchanged),
        run.duration_ms as i64,
        run.error.as_ref().map(|e| e.message.as_str()),
        run.error.as_ref().map(|e| e.error_type.as_str()),
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests;

//! The change log: appended to in the transaction that applies each change (so the log and
//! the catalog never disagree), read by `aisync changes`, pruned by cleanup's retention.

use super::sql::{self, Optional, Tx};
use chrono::{DateTime, Utc};

use super::{Store, StoreError};
use crate::model::{ChangeEntry, ChangeKind, LoggedChange, format_time, parse_time};

/// Appends `entries` as one run's, at `at`, in order.
pub(super) fn append(
    tx: &Tx<'_>,
    at: &DateTime<Utc>,
    run_id: &str,
    entries: &[ChangeEntry],
) -> sql::Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO changes (at, run_id, kind, provider, model, details) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let at = format_time(at);
    for e in entries {
        insert.execute(rusqlite::params![
            at,
            run_id,
            e.kind.as_str(),
            e.provider,
            e.model,
            e.details
        ])?;
    }
    Ok(())
}

/// Appends each of `entries` unless the log already says just that of its provider and model
/// since it last accepted a change of theirs (a change held run after run is one entry until
/// it is accepted).
pub(super) fn append_new(
    tx: &Tx<'_>,
    at: &DateTime<Utc>,
    run_id: &str,
    entries: &[ChangeEntry],
) -> sql::Result<()> {
    for e in entries {
        let said: Option<i64> = tx
            .prepare_cached(
                "SELECT seq FROM changes WHERE kind = ?1 AND provider IS NOT DISTINCT FROM ?2 AND model IS NOT DISTINCT FROM ?3 \
                 AND details = ?4 AND seq > coalesce((SELECT max(seq) FROM changes \
                 WHERE kind = 'change.accepted' AND provider IS NOT DISTINCT FROM ?2 AND model IS NOT DISTINCT FROM ?3), 0) LIMIT 1",
            )?
            .query_row(
                rusqlite::params![e.kind.as_str(), e.provider, e.model, e.details],
                |r| r.get(0),
            )
            .optional()?;
        if said.is_none() {
            append(tx, at, run_id, std::slice::from_ref(e))?;
        }
    }
    Ok(())
}

impl Store {
    /// Logs changes a run held (it applies nothing): in a transaction of their own, each
    /// only once while it stays held, with the events they make and `closing` (the run's
    /// `sync.completed`, which applied nothing).
    pub fn log_held(
        &mut self,
        at: DateTime<Utc>,
        run_id: &str,
        entries: &[ChangeEntry],
        closing: Option<&super::RunEvent<'_>>,
    ) -> Result<(), StoreError> {
        let result = (|| -> sql::Result<()> {
            let tx = self.conn.transaction_with_behavior(sql::Begin::Immediate)?;
            let after = super::events::last_change(&tx)?;
            append_new(&tx, &at, run_id, entries)?;
            if let Some(provider) = closing
                .map(|c| c.provider)
                .or_else(|| entries.first().and_then(|e| e.provider.as_deref()))
            {
                super::events::derive(&tx, &at, run_id, provider, after, closing)?;
            }
            tx.commit()
        })();
        result.map_err(|e| self.classify(e))
    }
}

/// Which entries a read takes.
#[derive(Debug, Clone, Default)]
pub struct ChangeFilter {
    /// Only entries after this sequence number.
    pub after_seq: Option<i64>,
    /// Only entries up to this sequence number (an event's last).
    pub until_seq: Option<i64>,
    /// Only the entries of this run.
    pub run_id: Option<String>,
    /// Only entries at or after this time.
    pub since: Option<DateTime<Utc>>,
    pub providers: Vec<String>,
    pub kinds: Vec<ChangeKind>,
    pub model: Option<String>,
    /// The latest N of those (still oldest first).
    pub limit: Option<usize>,
}

impl Store {
    /// The entries `filter` takes, oldest first.
    pub fn changes(&self, filter: &ChangeFilter) -> Result<Vec<LoggedChange>, StoreError> {
        let mut sql = String::from(
            "SELECT seq, at, run_id, kind, provider, model, details FROM changes WHERE 1 = 1",
        );
        // Typed as the columns are: PostgreSQL does not compare a number with text.
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let mut arg = |sql: &mut String, clause: &str, value: rusqlite::types::Value| {
            args.push(value);
            sql.push_str(&clause.replace('?', &(String::from("?") + &args.len().to_string())));
        };
        if let Some(seq) = filter.after_seq {
            arg(&mut sql, " AND seq > ?", seq.into());
        }
        if let Some(seq) = filter.until_seq {
            arg(&mut sql, " AND seq <= ?", seq.into());
        }
        if let Some(r) = &filter.run_id {
            arg(&mut sql, " AND run_id = ?", r.clone().into());
        }
        if let Some(t) = &filter.since {
            arg(&mut sql, " AND at >= ?", format_time(t).into());
        }
        if let Some(m) = &filter.model {
            arg(&mut sql, " AND model = ?", m.clone().into());
        }
        for (list, column) in [
            (filter.providers.clone(), "provider"),
            (
                filter.kinds.iter().map(|k| k.as_str().to_owned()).collect(),
                "kind",
            ),
        ] {
            if list.is_empty() {
                continue;
            }
            sql.push_str(" AND ");
            sql.push_str(column);
            sql.push_str(" IN (");
            for (i, v) in list.into_iter().enumerate() {
                if i > 0 {
                    sql.push_str(", ");
                }
                arg(&mut sql, "?", v.into());
            }
            sql.push(')');
        }
        match filter.limit {
            // The latest N, read newest first and turned back.
            Some(n) => {
                sql.push_str(" ORDER BY seq DESC LIMIT ");
                sql.push_str(&n.to_string());
            }
            None => sql.push_str(" ORDER BY seq"),
        }
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.classify(e))?;
        let args: Vec<&dyn rusqlite::ToSql> = args.iter().map(|a| a as _).collect();
        let rows = stmt
            .query_map(&args[..], |r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<String>(3)?,
                    r.get::<Option<String>>(4)?,
                    r.get::<Option<String>>(5)?,
                    r.get::<String>(6)?,
                ))
            })
            .and_then(Iterator::collect::<sql::Result<Vec<_>>>)
            .map_err(|e| self.classify(e))?;
        let mut out = Vec::with_capacity(rows.len());
        for (seq, at, run_id, kind, provider, model, details) in rows {
            let corrupt = |detail: String| StoreError::Corrupt {
                path: self.path.clone(),
                detail,
            };
            out.push(LoggedChange {
                seq,
                at: parse_time(&at).ok_or_else(|| corrupt(format!("changes.at = {at:?}")))?,
                run_id,
                kind: ChangeKind::parse(&kind)
                    .ok_or_else(|| corrupt(format!("changes.kind = {kind:?}")))?,
                provider,
                model,
                details,
            });
        }
        if filter.limit.is_some() {
            out.reverse();
        }
        Ok(out)
    }

    /// Deletes the entries older than `before` (the log's retention), and the events of that
    /// age derived from them; how many entries.
    pub fn prune_changes(&mut self, before: DateTime<Utc>) -> Result<usize, StoreError> {
        let before = format_time(&before);
        let result = (|| -> sql::Result<usize> {
            let tx = self.conn.transaction()?;
            let n = tx.execute("DELETE FROM changes WHERE at < ?1", [&before])?;
            tx.execute("DELETE FROM events WHERE at < ?1", [&before])?;
            tx.commit()?;
            Ok(n)
        })();
        result.map_err(|e| self.classify(e))
    }
}

#[cfg(test)]
mod tests;

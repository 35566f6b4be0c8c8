//! Events, derived from the change log in the transaction that appends the entries they carry
//! (so an event exists exactly when its changes do), and the notify sinks' delivery cursors.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::sql::{self, Tx};

use super::{ChangeFilter, Store, StoreError};
use crate::model::{ChangeKind, Event, EventKind, SinkCursor, format_time, parse_time};

/// The last change-log sequence number so far: what a transaction appends comes after it.
pub(super) fn last_change(tx: &Tx<'_>) -> sql::Result<i64> {
    tx.query_row("SELECT coalesce(max(seq), 0) FROM changes", [], |r| {
        r.get(0)
    })
}

/// A run's event about one provider that carries no change of its own choosing
/// (`sync.started`, `sync.completed`, `sync.failed`).
pub struct RunEvent<'a> {
    pub kind: EventKind,
    pub summary: String,
    pub provider: &'a str,
}

/// An event in the making: its kind, (change kind, models, entries) counts, and the range of
/// change-log sequence numbers it carries.
type Group = (EventKind, Vec<(ChangeKind, i64, i64)>, i64, i64);

/// Appends the events that the change-log entries after `after` of `provider` in run
/// `run_id` make — `models.updated`, `prices.updated`, `changes.held`, one each at most —
/// then `closing`, which carries the run's own entries of its kind (a recovery, a failure).
pub(super) fn derive(
    tx: &Tx<'_>,
    at: &DateTime<Utc>,
    run_id: &str,
    provider: &str,
    after: i64,
    closing: Option<&RunEvent<'_>>,
) -> sql::Result<()> {
    let mut groups: Vec<Group> = Vec::new();
    let mut closing_range: Option<(i64, i64)> = None;
    {
        let mut stmt = tx.prepare_cached(
            "SELECT kind, count(DISTINCT coalesce(model, '')), count(*), min(seq), max(seq) \
             FROM changes WHERE seq > ?1 AND provider = ?2 AND run_id = ?3 GROUP BY kind",
        )?;
        let rows = stmt.query_map(params![after, provider, run_id], |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<i64>(1)?,
                r.get::<i64>(2)?,
                r.get::<i64>(3)?,
                r.get::<i64>(4)?,
            ))
        })?;
        for row in rows {
            let (kind, models, entries, first, last) = row?;
            let Some(kind) = ChangeKind::parse(&kind) else {
                continue;
            };
            if closing.is_some_and(|c| c.kind.carries().contains(&kind)) {
                closing_range = Some(widen(closing_range, first, last));
                continue;
            }
            let Some(event) = EventKind::carrying(kind) else {
                continue;
            };
            let count = if kind == ChangeKind::ModelUpdated || kind == ChangeKind::PriceChanged {
                (models, entries)
            } else {
                (entries, entries)
            };
            match groups.iter_mut().find(|g| g.0 == event) {
                Some(g) => {
                    g.1.push((kind, count.0, count.1));
                    (g.2, g.3) = widen(Some((g.2, g.3)), first, last);
                }
                None => groups.push((event, vec![(kind, count.0, count.1)], first, last)),
            }
        }
    }
    // In the order the kinds are listed, whatever order SQLite grouped them in.
    groups.sort_by_key(|g| EventKind::ALL.iter().position(|k| *k == g.0));
    for (kind, counts, first, last) in groups {
        let summary = format!("{provider}: {}", summarize(kind, &counts));
        insert(
            tx,
            at,
            run_id,
            kind,
            Some(provider),
            &summary,
            Some((first, last)),
        )?;
    }
    if let Some(c) = closing {
        insert(
            tx,
            at,
            run_id,
            c.kind,
            Some(c.provider),
            &c.summary,
            closing_range,
        )?;
    }
    Ok(())
}

fn widen(range: Option<(i64, i64)>, first: i64, last: i64) -> (i64, i64) {
    range.map_or((first, last), |(a, b)| (a.min(first), b.max(last)))
}

/// `2 models added, 1 updated`, from (change kind, models, entries) counts.
fn summarize(kind: EventKind, counts: &[(ChangeKind, i64, i64)]) -> String {
    let of = |k: ChangeKind| {
        counts
            .iter()
            .find(|c| c.0 == k)
            .map_or((0, 0), |c| (c.1, c.2))
    };
    let plural = |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match kind {
        EventKind::ModelsUpdated => {
            let mut parts = Vec::new();
            for (k, verb) in [
                (ChangeKind::ModelAdded, "added"),
                (ChangeKind::ModelRemoved, "removed"),
                (ChangeKind::ModelRestored, "restored"),
                (ChangeKind::ModelUpdated, "updated"),
            ] {
                let (n, _) = of(k);
                if n > 0 {
                    parts.push(if parts.is_empty() {
                        format!("{} {verb}", plural(n, "model", "models"))
                    } else {
                        format!("{n} {verb}")
                    });
                }
            }
            parts.join(", ")
        }
        EventKind::PricesUpdated => {
            let (models, entries) = of(ChangeKind::PriceChanged);
            format!(
                "{} changed, on {}",
                plural(entries, "price", "prices"),
                plural(models, "model", "models")
            )
        }
        EventKind::ChangesHeld => {
            let (held, _) = of(ChangeKind::ChangeHeld);
            let (accepted, _) = of(ChangeKind::ChangeAccepted);
            let mut parts = Vec::new();
            if held > 0 {
                parts.push(format!(
                    "{} held by a guard (apply with --accept-changes)",
                    plural(held, "change", "changes")
                ));
            }
            if accepted > 0 {
                parts.push(format!(
                    "{} accepted",
                    plural(accepted, "held change", "held changes")
                ));
            }
            parts.join("; ")
        }
        _ => String::new(),
    }
}

fn insert(
    tx: &Tx<'_>,
    at: &DateTime<Utc>,
    run_id: &str,
    kind: EventKind,
    provider: Option<&str>,
    summary: &str,
    range: Option<(i64, i64)>,
) -> sql::Result<()> {
    tx.prepare_cached(
        "INSERT INTO events (at, run_id, kind, provider, summary, first_change, last_change) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        format_time(at),
        run_id,
        kind.as_str(),
        provider,
        summary,
        range.map(|r| r.0),
        range.map(|r| r.1),
    ])?;
    Ok(())
}

/// Cursor columns, in [`CursorRow`]'s order.
const CURSOR_COLUMNS: &str = "sink, delivered_seq, created_at, last_success_at, last_failure_at, \
     last_error, last_error_type, failures";

type CursorRow = (
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

impl Store {
    /// Records that a run is about to fetch `providers`: one `sync.started` each.
    pub fn record_started(
        &mut self,
        at: DateTime<Utc>,
        run_id: &str,
        providers: &[&str],
    ) -> Result<(), StoreError> {
        let result = (|| -> sql::Result<()> {
            let tx = self.conn.transaction_with_behavior(sql::Begin::Immediate)?;
            for p in providers {
                let summary = format!("{p}: sync started");
                insert(
                    &tx,
                    &at,
                    run_id,
                    EventKind::SyncStarted,
                    Some(p),
                    &summary,
                    None,
                )?;
            }
            tx.commit()
        })();
        result.map_err(|e| self.classify(e))
    }

    /// The `seq` of the latest event; 0 before the first.
    pub fn last_event(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT coalesce(max(seq), 0) FROM events", [], |r| r.get(0))
            .map_err(|e| self.classify(e))
    }

    /// Up to `limit` events after `after`, oldest first, each with the change-log entries it
    /// carries.
    pub fn events_after(&self, after: i64, limit: usize) -> Result<Vec<Event>, StoreError> {
        type Row = (
            i64,
            String,
            String,
            String,
            Option<String>,
            String,
            Option<i64>,
            Option<i64>,
        );
        let rows: Vec<Row> = self
            .conn
            .prepare_cached(
                "SELECT seq, at, run_id, kind, provider, summary, first_change, last_change \
                 FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            )
            .and_then(|mut stmt| {
                stmt.query_map(params![after, limit as i64], |r| Row::try_from(r))?
                    .collect()
            })
            .map_err(|e| self.classify(e))?;
        let corrupt = |detail: String| StoreError::Corrupt {
            path: self.path.clone(),
            detail,
        };
        let mut out = Vec::with_capacity(rows.len());
        for (seq, at, run_id, kind, provider, summary, first, last) in rows {
            let kind = EventKind::parse(&kind)
                .ok_or_else(|| corrupt(format!("events.kind = {kind:?}")))?;
            let changes = match (first, last) {
                (Some(first), Some(last)) => self.changes(&ChangeFilter {
                    after_seq: Some(first - 1),
                    until_seq: Some(last),
                    run_id: Some(run_id.clone()),
                    providers: provider.iter().cloned().collect(),
                    kinds: kind.carries().to_vec(),
                    ..ChangeFilter::default()
                })?,
                _ => Vec::new(),
            };
            out.push(Event {
                seq,
                at: parse_time(&at).ok_or_else(|| corrupt(format!("events.at = {at:?}")))?,
                run_id,
                kind,
                provider,
                summary,
                changes,
            });
        }
        Ok(out)
    }

    /// Every sink's cursor, by name.
    pub fn cursors(&self) -> Result<Vec<SinkCursor>, StoreError> {
        let rows: Vec<CursorRow> = self
            .conn
            .prepare(&format!(
                "SELECT {CURSOR_COLUMNS} FROM notify_cursors ORDER BY sink"
            ))
            .and_then(|mut stmt| stmt.query_map((), |r| CursorRow::try_from(r))?.collect())
            .map_err(|e| self.classify(e))?;
        let corrupt = |detail: String| StoreError::Corrupt {
            path: self.path.clone(),
            detail,
        };
        let time = |col: &str, v: Option<String>| {
            v.map(|v| {
                parse_time(&v).ok_or_else(|| corrupt(format!("notify_cursors.{col} = {v:?}")))
            })
            .transpose()
        };
        rows.into_iter()
            .map(
                |(sink, seq, created, success, failure, error, error_type, failures)| {
                    Ok(SinkCursor {
                        sink,
                        delivered_seq: seq,
                        created_at: time("created_at", Some(created))?.unwrap_or_default(),
                        last_success_at: time("last_success_at", success)?,
                        last_failure_at: time("last_failure_at", failure)?,
                        last_error: error,
                        last_error_type: error_type,
                        failures: u32::try_from(failures).unwrap_or(u32::MAX),
                    })
                },
            )
            .collect()
    }

    /// Gives each of `sinks` that has no cursor yet one at the latest event (it starts from
    /// now), or before the first (`backfill`). Sinks that have one keep it.
    pub fn enroll(&mut self, sinks: &[(&str, bool)], at: DateTime<Utc>) -> Result<(), StoreError> {
        let result = (|| -> sql::Result<()> {
            let tx = self.conn.transaction_with_behavior(sql::Begin::Immediate)?;
            for (sink, backfill) in sinks {
                tx.execute(
                    "INSERT INTO notify_cursors (sink, delivered_seq, created_at) \
                     VALUES (?1, CASE WHEN ?2 THEN 0 ELSE (SELECT coalesce(max(seq), 0) FROM events) END, ?3) \
                     ON CONFLICT (sink) DO NOTHING",
                    params![sink, backfill, format_time(&at)],
                )?;
            }
            tx.commit()
        })();
        result.map_err(|e| self.classify(e))
    }

    /// Moves a sink's cursor to `seq` (never back): delivered, or passed over by its filters.
    pub fn advance_cursor(
        &mut self,
        sink: &str,
        seq: i64,
        at: DateTime<Utc>,
        delivered: bool,
    ) -> Result<(), StoreError> {
        let result = if delivered {
            self.conn.execute(
                "UPDATE notify_cursors SET delivered_seq = CASE WHEN delivered_seq > ?2 THEN delivered_seq ELSE ?2 END, \
                 last_success_at = ?3, failures = 0 WHERE sink = ?1",
                params![sink, seq, format_time(&at)],
            )
        } else {
            self.conn.execute(
                "UPDATE notify_cursors SET delivered_seq = CASE WHEN delivered_seq > ?2 THEN delivered_seq ELSE ?2 END WHERE sink = ?1",
                params![sink, seq],
            )
        };
        result.map(drop).map_err(|e| self.classify(e))
    }

    /// Records that a delivery to `sink` failed; its cursor stays where it was.
    pub fn cursor_failed(
        &mut self,
        sink: &str,
        at: DateTime<Utc>,
        error_type: &str,
        error: &str,
    ) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE notify_cursors SET last_failure_at = ?2, last_error = ?3, \
                 last_error_type = ?4, failures = failures + 1 WHERE sink = ?1",
                params![sink, format_time(&at), error, error_type],
            )
            .map(drop)
            .map_err(|e| self.classify(e))
    }

    /// The events after `seq`, counted by kind and provider.
    pub fn event_counts_after(
        &self,
        seq: i64,
    ) -> Result<Vec<(EventKind, Option<String>, usize)>, StoreError> {
        let rows: Vec<(String, Option<String>, i64)> = self
            .conn
            .prepare(
                "SELECT kind, provider, count(*) FROM events WHERE seq > ?1 GROUP BY kind, provider",
            )
            .and_then(|mut stmt| {
                stmt.query_map([seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect()
            })
            .map_err(|e| self.classify(e))?;
        Ok(rows
            .into_iter()
            .filter_map(|(k, p, n)| EventKind::parse(&k).map(|k| (k, p, n as usize)))
            .collect())
    }

    /// How many events there are after `seq`.
    pub fn events_since(&self, seq: i64) -> Result<usize, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM events WHERE seq > ?1", [seq], |r| {
                r.get::<i64>(0)
            })
            .map(|n| n as usize)
            .map_err(|e| self.classify(e))
    }
}

#[cfg(test)]
mod tests;

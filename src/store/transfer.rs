//! The whole store as tables of values, the same on either backend: what `aisync export`
//! reads and `aisync import` loads (the document around them is written in `export.rs`).
//!
//! Every table, every column of the schema both backends share, in key order, and the
//! high-water marks of the sequences whose numbers are never reused (the change log's and the
//! events'), so a store moved to the other backend goes on where this one stopped.

use rusqlite::types::Value;

use super::sql::{self, Begin, Conn};
use super::{Store, StoreError};

/// A table: its name, its columns in order, and the key it is read in.
pub struct TableSpec {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    order: &'static str,
    /// The column numbered by the database (an identity on PostgreSQL), if any.
    numbered: Option<&'static str>,
}

const fn table(
    name: &'static str,
    columns: &'static [&'static str],
    order: &'static str,
    numbered: Option<&'static str>,
) -> TableSpec {
    TableSpec {
        name,
        columns,
        order,
        numbered,
    }
}

/// Every table, parents before the tables that refer to them.
pub const TABLES: &[TableSpec] = &[
    table(
        "models",
        &[
            "provider",
            "id",
            "name",
            "type",
            "status",
            "context_length",
            "max_output",
            "capabilities",
            "input_modalities",
            "output_modalities",
            "owner",
            "created_at",
            "deprecation_date",
            "shutdown_date",
            "replacement",
            "first_seen",
            "last_seen",
            "removed_at",
            "raw",
            "field_sources",
            "release_date",
            "knowledge_cutoff",
            "digest",
        ],
        "provider, id",
        None,
    ),
    table(
        "sync_state",
        &[
            "provider",
            "last_success_at",
            "cached_until",
            "last_attempt_at",
            "last_failure_at",
            "last_error",
            "last_error_type",
            "statistics",
        ],
        "provider",
        None,
    ),
    table(
        "sync_runs",
        &[
            "id",
            "run_id",
            "provider",
            "started_at",
            "finished_at",
            "status",
            "added",
            "updated",
            "removed",
            "unchanged",
            "duration_ms",
            "error",
            "error_type",
        ],
        "id",
        Some("id"),
    ),
    table(
        "prices",
        &[
            "provider",
            "model_id",
            "component",
            "unit",
            "amount",
            "currency",
            "source",
            "observed_at",
        ],
        "provider, model_id, component, source",
        None,
    ),
    table(
        "price_history",
        &[
            "id",
            "provider",
            "model_id",
            "component",
            "unit",
            "amount",
            "currency",
            "source",
            "observed_at",
        ],
        "id",
        Some("id"),
    ),
    table(
        "catalogs",
        &[
            "name",
            "url",
            "format",
            "fetched_at",
            "etag",
            "body",
            "entries",
        ],
        "name",
        None,
    ),
    table(
        "catalog_matches",
        &[
            "provider",
            "model_id",
            "catalog",
            "entry_id",
            "how",
            "matched_at",
        ],
        "provider, model_id, catalog",
        None,
    ),
    table(
        "usage",
        &[
            "id",
            "fingerprint",
            "at",
            "provider",
            "model_id",
            "input_tokens",
            "output_tokens",
            "requests",
            "cost",
            "cost_source",
            "imported_at",
        ],
        "id",
        Some("id"),
    ),
    table("pricing_order", &["position", "catalog"], "position", None),
    table(
        "changes",
        &[
            "seq", "at", "run_id", "kind", "provider", "model", "details",
        ],
        "seq",
        Some("seq"),
    ),
    table(
        "events",
        &[
            "seq",
            "at",
            "run_id",
            "kind",
            "provider",
            "summary",
            "first_change",
            "last_change",
        ],
        "seq",
        Some("seq"),
    ),
    table(
        "notify_cursors",
        &[
            "sink",
            "delivered_seq",
            "created_at",
            "last_success_at",
            "last_failure_at",
            "last_error",
            "last_error_type",
            "failures",
        ],
        "sink",
        None,
    ),
];

/// The tables whose numbers are never reused, even after their rows are deleted.
pub const SEQUENCES: &[&str] = &["changes", "events"];

/// One table's rows, each with a value per column of its [`TableSpec`].
#[derive(Debug, Clone, PartialEq)]
pub struct TableRows {
    pub name: String,
    pub rows: Vec<Vec<Value>>,
}

/// The whole store.
#[derive(Debug, Clone, PartialEq)]
pub struct Dump {
    /// In [`TABLES`]' order.
    pub tables: Vec<TableRows>,
    /// The last number each of [`SEQUENCES`] gave (0: none yet).
    pub sequences: Vec<(String, i64)>,
}

impl Store {
    /// Reads every table whole, in key order, all from one snapshot (a read transaction).
    pub fn dump(&mut self) -> Result<Dump, StoreError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction()
            .map_err(|e| Self::classify_at(&path, e))?;
        let read = || -> sql::Result<Dump> {
            let mut tables = Vec::with_capacity(TABLES.len());
            for t in TABLES {
                let sql = format!(
                    "SELECT {} FROM {} ORDER BY {}",
                    t.columns.join(", "),
                    t.name,
                    t.order
                );
                let mut stmt = tx.prepare(&sql)?;
                let rows = stmt
                    .query_map((), |r| {
                        (0..t.columns.len())
                            .map(|i| r.get_ref(i).map(Value::from))
                            .collect()
                    })?
                    .collect::<sql::Result<Vec<Vec<Value>>>>()?;
                tables.push(TableRows {
                    name: t.name.to_owned(),
                    rows,
                });
            }
            let mut sequences = Vec::new();
            for name in SEQUENCES {
                sequences.push(((*name).to_owned(), last_number(&tx, name)?));
            }
            Ok(Dump { tables, sequences })
        };
        let dump = read();
        drop(tx);
        dump.map_err(|e| Self::classify_at(&path, e))
    }

    /// How many rows the store holds in all, and in which table the first of them are: an
    /// import goes only into an empty store unless told to replace it.
    pub fn first_rows(&self) -> Result<Option<(&'static str, i64)>, StoreError> {
        for t in TABLES {
            let n: i64 = self
                .conn
                .query_row(&format!("SELECT count(*) FROM {}", t.name), (), |r| {
                    r.get(0)
                })
                .map_err(|e| self.classify(e))?;
            if n > 0 {
                return Ok(Some((t.name, n)));
            }
        }
        Ok(None)
    }

    /// Writes `dump` into the store in one transaction, after deleting everything in it when
    /// `replace`: all of it, or (on any error) none.
    pub fn load(&mut self, dump: &Dump, replace: bool) -> Result<(), StoreError> {
        let result = (|| -> sql::Result<()> {
            let tx = self.conn.transaction_with_behavior(Begin::Immediate)?;
            if replace {
                for t in TABLES.iter().rev() {
                    tx.execute(&format!("DELETE FROM {}", t.name), ())?;
                }
            }
            for (spec, table) in TABLES.iter().zip(&dump.tables) {
                let marks = vec!["?"; spec.columns.len()].join(", ");
                let mut insert = tx.prepare(&format!(
                    "INSERT INTO {} ({}) VALUES ({marks})",
                    spec.name,
                    spec.columns.join(", ")
                ))?;
                for row in &table.rows {
                    let values: Vec<&dyn rusqlite::ToSql> =
                        row.iter().map(|v| v as &dyn rusqlite::ToSql).collect();
                    insert.execute(&values[..])?;
                }
            }
            for spec in TABLES {
                if let Some(column) = spec.numbered {
                    let kept = dump
                        .sequences
                        .iter()
                        .find(|(n, _)| n == spec.name)
                        .map_or(0, |s| s.1);
                    continue_numbering(&tx, spec.name, column, kept)?;
                }
            }
            tx.commit()
        })();
        result.map_err(|e| self.classify(e))
    }
}

/// The last number `table`'s sequence gave, deleted rows' included.
fn last_number(conn: &Conn, table: &str) -> sql::Result<i64> {
    use sql::Optional as _;
    if conn.is_postgres() {
        let name: String =
            conn.query_row("SELECT pg_get_serial_sequence(?1, 'seq')", [table], |r| {
                r.get(0)
            })?;
        return conn.query_row(
            &format!("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {name}"),
            (),
            |r| r.get(0),
        );
    }
    Ok(conn
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = ?1",
            [table],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0))
}

/// Makes the next number `table` gives follow both its rows and `kept` (a high-water mark
/// carried over), so none is given twice.
fn continue_numbering(conn: &Conn, table: &str, column: &str, kept: i64) -> sql::Result<()> {
    let highest: i64 = conn.query_row(
        &format!("SELECT COALESCE(MAX({column}), 0) FROM {table}"),
        (),
        |r| r.get(0),
    )?;
    let last = highest.max(kept);
    if conn.is_postgres() {
        conn.query_row(
            "SELECT setval(pg_get_serial_sequence(?1, ?2), ?3, ?4)",
            rusqlite::params![table, column, last.max(1), last > 0],
            |_| Ok(()),
        )?;
    } else if SEQUENCES.contains(&table) {
        conn.execute("DELETE FROM sqlite_sequence WHERE name = ?1", [table])?;
        conn.execute(
            "INSERT INTO sqlite_sequence (name, seq) VALUES (?1, ?2)",
            rusqlite::params![table, last],
        )?;
    }
    Ok(())
}

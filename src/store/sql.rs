//! One connection API over the two backends, so every query is written once.
//!
//! The store's SQL is written in the dialect both SQLite and PostgreSQL speak (`ON CONFLICT`,
//! `COALESCE`, `CAST`), with SQLite's `?N` placeholders; on PostgreSQL they become `$N`
//! ([`super::postgres`]). Values cross as rusqlite's own types (`ToSql`, `FromSql`,
//! `ValueRef`), so a row reads the same way whichever database it came from. What each
//! backend does differently (opening, migrating, locking) lives beside this, not in the
//! queries.

use rusqlite::ToSql;
use rusqlite::types::{FromSql, ValueRef};

use super::postgres::{PgConn, PgRow};

/// A connection to either backend.
pub enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(PgConn),
}

/// A failure of a statement, on either backend.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// The server's words in one line ([`super::postgres::describe`]): no chain of causes.
    #[error("{}", super::postgres::describe(.0))]
    Postgres(postgres::Error),
    /// A query that must return a row returned none.
    #[error("the query returned no rows")]
    NoRows,
    /// A value that cannot cross between Rust and the database (a type neither side knows).
    #[error("{0}")]
    Value(String),
    /// The connection's worker is gone (it panicked, or the server closed the connection).
    #[error("the connection to the database was lost")]
    Closed,
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        Self::Postgres(e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Parameters of a statement: what rusqlite binds, and what PostgreSQL is sent.
pub trait Params: rusqlite::Params {
    /// Each parameter in order.
    fn each(&self, f: &mut dyn FnMut(&dyn ToSql));
}

impl Params for () {
    fn each(&self, _: &mut dyn FnMut(&dyn ToSql)) {}
}

impl Params for &[&dyn ToSql] {
    fn each(&self, f: &mut dyn FnMut(&dyn ToSql)) {
        for p in *self {
            f(*p);
        }
    }
}

impl<T: ToSql, const N: usize> Params for [T; N]
where
    [T; N]: rusqlite::Params,
{
    fn each(&self, f: &mut dyn FnMut(&dyn ToSql)) {
        for p in self {
            f(p);
        }
    }
}

/// Whether a transaction takes the write lock at once (SQLite's `BEGIN IMMEDIATE`: a writer
/// waits for another at the start, never fails mid-way). PostgreSQL locks rows as it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Begin {
    Deferred,
    Immediate,
}

impl Conn {
    /// Which backend this is, for the few places that say so.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Self::Postgres(_))
    }

    /// A statement, prepared once per connection and reused.
    pub fn prepare_cached(&self, sql: &str) -> Result<Stmt<'_>> {
        Ok(match self {
            Self::Sqlite(c) => Stmt::Sqlite(c.prepare_cached(sql)?),
            Self::Postgres(c) => Stmt::Postgres(c, c.prepare(sql, true)?),
        })
    }

    /// A statement run once or a few times (built SQL that would only crowd the cache).
    pub fn prepare(&self, sql: &str) -> Result<Stmt<'_>> {
        Ok(match self {
            Self::Sqlite(c) => Stmt::SqliteOnce(c.prepare(sql)?),
            Self::Postgres(c) => Stmt::Postgres(c, c.prepare(sql, false)?),
        })
    }

    /// Runs statements without parameters, separated by `;`.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Self::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Self::Postgres(c) => c.batch(sql),
        }
    }

    /// Runs one statement; how many rows it changed.
    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    /// The first row of a query, mapped; [`Error::NoRows`] when there is none.
    pub fn query_row<T, P: Params>(
        &self,
        sql: &str,
        params: P,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    /// Starts a transaction, rolled back unless committed. Inside another transaction (a
    /// read-only PostgreSQL store runs in one), it is a savepoint of that one.
    pub fn transaction_with_behavior(&mut self, begin: Begin) -> Result<Tx<'_>> {
        let nested = match self {
            Self::Sqlite(c) => !c.is_autocommit(),
            Self::Postgres(c) => c.in_transaction(),
        };
        let sql = match (nested, begin, self.is_postgres()) {
            (true, _, _) => "SAVEPOINT aisync_tx",
            (false, Begin::Immediate, false) => "BEGIN IMMEDIATE",
            (false, _, _) => "BEGIN",
        };
        self.execute_batch(sql)?;
        Ok(Tx {
            conn: self,
            nested,
            done: false,
        })
    }

    /// A deferred transaction.
    pub fn transaction(&mut self) -> Result<Tx<'_>> {
        self.transaction_with_behavior(Begin::Deferred)
    }
}

/// A transaction: derefs to its connection; rolled back when dropped uncommitted.
pub struct Tx<'c> {
    conn: &'c Conn,
    nested: bool,
    done: bool,
}

impl Tx<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn.execute_batch(if self.nested {
            "RELEASE aisync_tx"
        } else {
            "COMMIT"
        })
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            let sql = if self.nested {
                "ROLLBACK TO aisync_tx; RELEASE aisync_tx"
            } else {
                "ROLLBACK"
            };
            if let Err(e) = self.conn.execute_batch(sql) {
                tracing::debug!(error = %e, "rollback failed");
            }
        }
    }
}

/// A prepared statement.
pub enum Stmt<'c> {
    Sqlite(rusqlite::CachedStatement<'c>),
    SqliteOnce(rusqlite::Statement<'c>),
    Postgres(&'c PgConn, postgres::Statement),
}

impl<'c> Stmt<'c> {
    /// The SQLite statement, or the PostgreSQL session and statement.
    fn backend(
        &mut self,
    ) -> Result<&mut rusqlite::Statement<'c>, (&'c PgConn, &postgres::Statement)> {
        match self {
            Self::Sqlite(s) => Ok(s),
            Self::SqliteOnce(s) => Ok(s),
            Self::Postgres(c, s) => Err((*c, s)),
        }
    }

    /// Runs it; how many rows it changed.
    pub fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        match self.backend() {
            Ok(s) => Ok(s.execute(params)?),
            Err((c, s)) => c.execute(s, &params),
        }
    }

    /// Every row, in order.
    pub fn query<P: Params>(&mut self, params: P) -> Result<Rows<'_>> {
        match self.backend() {
            Ok(s) => Ok(Rows::Sqlite(s.query(params)?)),
            Err((c, s)) => Ok(Rows::Postgres(c.query(s, &params)?.into_iter())),
        }
    }

    /// Every row, mapped as it is read.
    pub fn query_map<T, P: Params, F: FnMut(&Row<'_>) -> Result<T>>(
        &mut self,
        params: P,
        f: F,
    ) -> Result<MappedRows<'_, F>> {
        Ok(MappedRows {
            rows: self.query(params)?,
            f,
        })
    }

    /// The first row, mapped; [`Error::NoRows`] when there is none.
    pub fn query_row<T, P: Params>(
        &mut self,
        params: P,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(r) => f(&r),
            None => Err(Error::NoRows),
        }
    }
}

/// The rows of a query, read one by one.
pub enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres(std::vec::IntoIter<PgRow>),
}

/// Rows mapped by `F` as they are read.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F: FnMut(&Row<'_>) -> Result<T>> Iterator for MappedRows<'_, F> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        match self.rows.next() {
            Ok(Some(r)) => Some((self.f)(&r)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// One row. On PostgreSQL it is owned by the iterator step that gave it.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(PgRow),
}

impl Rows<'_> {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        Ok(match self {
            Self::Sqlite(r) => r.next()?.map(Row::Sqlite),
            Self::Postgres(r) => r.next().map(Row::Postgres),
        })
    }
}

impl Row<'_> {
    /// Column `i` as a `T`, as rusqlite converts it.
    pub fn get<T: FromSql>(&self, i: usize) -> Result<T> {
        match self {
            Self::Sqlite(r) => Ok(r.get(i)?),
            Self::Postgres(r) => {
                let v = r.value(i)?;
                T::column_result(v).map_err(|e| Error::Value(format!("column {i}: {e}")))
            }
        }
    }

    /// Column `i` as it is stored.
    pub fn get_ref(&self, i: usize) -> Result<ValueRef<'_>> {
        match self {
            Self::Sqlite(r) => Ok(r.get_ref(i)?),
            Self::Postgres(r) => r.value(i),
        }
    }
}

/// `Option` for a query that may find no row.
pub trait Optional<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> Optional<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::NoRows | Error::Sqlite(rusqlite::Error::QueryReturnedNoRows)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

impl From<rusqlite::types::FromSqlError> for Error {
    fn from(e: rusqlite::types::FromSqlError) -> Self {
        Self::Value(e.to_string())
    }
}

/// A row read as a tuple of its first columns, as rusqlite reads one.
macro_rules! tuple_from_row {
    ($($name:ident $i:tt),+) => {
        impl<$($name: FromSql),+> TryFrom<&Row<'_>> for ($($name,)+) {
            type Error = Error;
            fn try_from(r: &Row<'_>) -> Result<Self> {
                Ok(($(r.get::<$name>($i)?,)+))
            }
        }
    };
}

tuple_from_row!(A 0, B 1);
tuple_from_row!(A 0, B 1, C 2);
tuple_from_row!(A 0, B 1, C 2, D 3);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

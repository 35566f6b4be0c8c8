//! A PostgreSQL connection the store can use as it uses SQLite: synchronous calls, one at a
//! time, from any thread, a tokio runtime's included.
//!
//! The `postgres` client drives its connection on a runtime of its own, which cannot run
//! inside another (the sync engines call the store from async code). So the client lives on a
//! thread of its own and each call is sent there and waited for: a channel hop beside the
//! round trip to the server. Dropping the connection ends the thread and closes the session,
//! which releases any advisory lock it held.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::mpsc;

use bytes::BytesMut;
use postgres::types::{IsNull, ToSql as PgToSql, Type, to_sql_checked};
use rusqlite::types::{Value, ValueRef};

use super::sql::{Error, Params, Result};
use crate::config::database::PgTarget;

type Job = Box<dyn FnOnce(&mut postgres::Client) + Send>;

/// A session on a PostgreSQL server.
pub struct PgConn {
    jobs: Option<mpsc::Sender<Job>>,
    worker: Option<std::thread::JoinHandle<()>>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    in_transaction: Cell<bool>,
}

impl PgConn {
    /// Connects (TLS as the target's `sslmode` says), waiting for the server's answer.
    pub fn connect(target: &PgTarget) -> Result<Self> {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (ready, answer) = mpsc::sync_channel(1);
        let config = target.config.clone();
        let tls = target.tls.clone();
        let worker = std::thread::Builder::new()
            .name("aisync-postgres".to_owned())
            .spawn(move || {
                let client = match tls {
                    None => config.connect(postgres::NoTls),
                    Some(tls) => config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(
                        (*tls).clone(),
                    )),
                };
                let mut client = match client {
                    Ok(c) => {
                        let _ = ready.send(Ok(()));
                        c
                    }
                    Err(e) => {
                        let _ = ready.send(Err(e));
                        return;
                    }
                };
                for job in inbox {
                    job(&mut client);
                }
            })
            .map_err(|e| Error::Value(format!("cannot start a thread for the connection: {e}")))?;
        // The worker answers before it ends, unless it panicked: then the connection is lost.
        answer.recv().map_err(|_| Error::Closed)??;
        Ok(Self {
            jobs: Some(jobs),
            worker: Some(worker),
            statements: RefCell::default(),
            in_transaction: Cell::new(false),
        })
    }

    /// Runs `f` with the client on its thread and waits for the answer.
    fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut postgres::Client) -> T + Send + 'static,
    ) -> Result<T> {
        let (tx, rx) = mpsc::sync_channel(1);
        let jobs = self.jobs.as_ref().ok_or(Error::Closed)?;
        jobs.send(Box::new(move |client| {
            let _ = tx.send(f(client));
        }))
        .map_err(|_| Error::Closed)?;
        rx.recv().map_err(|_| Error::Closed)
    }

    /// Whether a transaction is open on this session.
    pub fn in_transaction(&self) -> bool {
        self.in_transaction.get()
    }

    /// Runs statements without parameters.
    pub fn batch(&self, sql: &str) -> Result<()> {
        let owned = sql.to_owned();
        self.call(move |c| c.batch_execute(&owned))??;
        let head = sql.trim_start().to_ascii_uppercase();
        if head.starts_with("BEGIN") {
            self.in_transaction.set(true);
        } else if head.starts_with("COMMIT")
            || (head.starts_with("ROLLBACK") && !head.starts_with("ROLLBACK TO"))
        {
            self.in_transaction.set(false);
        }
        Ok(())
    }

    /// The statement for `sql` (SQLite's placeholders): with `cache`, prepared once per
    /// session and kept; without, closed on the server when dropped (built SQL that would only
    /// pile up there).
    pub fn prepare(&self, sql: &str, cache: bool) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let text = translate(sql);
        let statement = self.call(move |c| c.prepare(&text))??;
        if cache {
            self.statements
                .borrow_mut()
                .insert(sql.to_owned(), statement.clone());
        }
        Ok(statement)
    }

    /// Forgets the prepared statements (after the schema changed under them).
    pub fn forget_statements(&self) {
        self.statements.borrow_mut().clear();
    }

    pub fn execute<P: Params>(&self, statement: &postgres::Statement, params: &P) -> Result<usize> {
        let values = values(params)?;
        let statement = statement.clone();
        let n = self.call(move |c| c.execute(&statement, &refs(&values)))??;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    pub fn query<P: Params>(
        &self,
        statement: &postgres::Statement,
        params: &P,
    ) -> Result<Vec<PgRow>> {
        let values = values(params)?;
        let statement = statement.clone();
        let rows = self.call(move |c| c.query(&statement, &refs(&values)))??;
        Ok(rows.into_iter().map(PgRow).collect())
    }
}

impl Drop for PgConn {
    fn drop(&mut self) {
        // Ends the worker's loop; joining it means the session is closed (and its advisory
        // locks released) before whoever dropped this goes on.
        self.jobs.take();
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

/// SQLite's placeholders (`?N`, `?`) as PostgreSQL's (`$N`), outside quotes; SQLite's
/// `INDEXED BY name` (a planner hint PostgreSQL has no use for) dropped.
pub fn translate(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut quote = None;
    let mut next = 0;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                out.push(c);
            }
            (None, '\'' | '"') => {
                quote = Some(c);
                out.push(c);
            }
            (None, '?') => {
                let mut digits = String::new();
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    digits.push(d);
                }
                if digits.is_empty() {
                    next += 1;
                    digits = next.to_string();
                } else {
                    next = next.max(digits.parse().unwrap_or(0));
                }
                out.push('$');
                out.push_str(&digits);
            }
            (_, c) => out.push(c),
        }
    }
    match out.find(" INDEXED BY ") {
        Some(at) => {
            let rest = &out[at + " INDEXED BY ".len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            format!("{}{}", &out[..at], &rest[end..])
        }
        None => out,
    }
}

/// The parameters as values the worker can own.
fn values<P: Params>(params: &P) -> Result<Vec<PgValue>> {
    let mut out = Vec::new();
    let mut bad = None;
    params.each(&mut |p| match p.to_sql() {
        Ok(rusqlite::types::ToSqlOutput::Borrowed(v)) => out.push(PgValue(v.into())),
        Ok(rusqlite::types::ToSqlOutput::Owned(v)) => out.push(PgValue(v)),
        Ok(_) => bad = Some("a parameter of a kind PostgreSQL is not sent".to_owned()),
        Err(e) => bad = Some(e.to_string()),
    });
    match bad {
        Some(detail) => Err(Error::Value(detail)),
        None => Ok(out),
    }
}

fn refs(values: &[PgValue]) -> Vec<&(dyn PgToSql + Sync)> {
    values.iter().map(|v| v as &(dyn PgToSql + Sync)).collect()
}

/// A value sent as whatever type the server expects for its parameter: the store binds
/// integers, reals and text as it does on SQLite, and the server's column types decide.
#[derive(Debug)]
struct PgValue(Value);

fn is_text(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN
    )
}

impl PgToSql for PgValue {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match &self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                #[allow(clippy::cast_precision_loss, reason = "what the column asks for")]
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                _ if is_text(ty) => i.to_string().as_str().to_sql(ty, out),
                _ => Err(format!("an integer cannot be sent as {ty}").into()),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                _ if is_text(ty) => f.to_string().as_str().to_sql(ty, out),
                _ => Err(format!("a real cannot be sent as {ty}").into()),
            },
            Value::Text(s) => match *ty {
                Type::BYTEA => s.as_bytes().to_sql(ty, out),
                _ if is_text(ty) => s.as_str().to_sql(ty, out),
                _ => Err(format!("text cannot be sent as {ty}").into()),
            },
            Value::Blob(b) => match *ty {
                Type::BYTEA => b.as_slice().to_sql(ty, out),
                _ if is_text(ty) => std::str::from_utf8(b)?.to_sql(ty, out),
                _ => Err(format!("bytes cannot be sent as {ty}").into()),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A row from the server.
pub struct PgRow(postgres::Row);

impl PgRow {
    /// Column `i` as SQLite would hold it: integers, reals, text and bytes.
    pub fn value(&self, i: usize) -> Result<ValueRef<'_>> {
        let r = &self.0;
        let column = r
            .columns()
            .get(i)
            .ok_or_else(|| Error::Value(format!("no column {i}")))?;
        let ty = column.type_();
        Ok(match *ty {
            Type::INT8 => r
                .try_get::<_, Option<i64>>(i)?
                .map_or(ValueRef::Null, ValueRef::Integer),
            Type::INT4 => r
                .try_get::<_, Option<i32>>(i)?
                .map_or(ValueRef::Null, |v| ValueRef::Integer(v.into())),
            Type::INT2 => r
                .try_get::<_, Option<i16>>(i)?
                .map_or(ValueRef::Null, |v| ValueRef::Integer(v.into())),
            Type::BOOL => r
                .try_get::<_, Option<bool>>(i)?
                .map_or(ValueRef::Null, |v| ValueRef::Integer(v.into())),
            Type::FLOAT8 => r
                .try_get::<_, Option<f64>>(i)?
                .map_or(ValueRef::Null, ValueRef::Real),
            Type::FLOAT4 => r
                .try_get::<_, Option<f32>>(i)?
                .map_or(ValueRef::Null, |v| ValueRef::Real(v.into())),
            Type::BYTEA => r
                .try_get::<_, Option<&[u8]>>(i)?
                .map_or(ValueRef::Null, ValueRef::Blob),
            _ if is_text(ty) => r
                .try_get::<_, Option<&str>>(i)?
                .map_or(ValueRef::Null, |s| ValueRef::Text(s.as_bytes())),
            _ => {
                return Err(Error::Value(format!(
                    "column {} has type {ty}, which aisync does not read",
                    column.name()
                )));
            }
        })
    }
}

/// What a PostgreSQL error says, in one line: the server's own message when it sent one.
pub fn describe(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        match db.detail() {
            Some(detail) => format!("{} ({detail})", db.message()),
            None => db.message().to_owned(),
        }
    } else {
        {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                let more = s.to_string();
                if !text.contains(&more) {
                    text = format!("{text}: {more}");
                }
                source = s.source();
            }
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn placeholders_become_numbered_outside_quotes() {
        assert_eq!(
            translate("SELECT ?1, '?2', \"a?\" FROM t WHERE a = ?2 AND b = ?"),
            "SELECT $1, '?2', \"a?\" FROM t WHERE a = $2 AND b = $3"
        );
        assert_eq!(
            translate("SELECT id FROM models INDEXED BY models_undigested WHERE x = ?1"),
            "SELECT id FROM models WHERE x = $1"
        );
    }
}

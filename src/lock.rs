//! The run lock: one writing run per database at a time, across processes. `sync-models`,
//! `sync-pricing`, `models cleanup` and `usage import` all take it.
//!
//! On SQLite, an advisory lock on `<database>.lock`, held for the life of [`RunLock`] and
//! released by the operating system if the process dies, so a crash never leaves a stale lock
//! behind. On PostgreSQL, a session-level `pg_try_advisory_lock` on a connection of its own,
//! released by the server when that session ends, a killed process's included: one run at a
//! time across every server that shares the database. What a command says when another run
//! holds it is [`LockError::Held`], written once here.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::database::{Database, PgTarget};
use crate::store::postgres::PgConn;
use crate::store::sql::Conn;

/// The advisory lock key of the run lock in a PostgreSQL database ("aisync", then 2).
pub const ADVISORY_KEY: i64 = 0x6169_7379_6e63_0002;

/// How often a waiting run tries the lock again.
const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Held while a run writes; dropping it releases the lock.
pub enum RunLock {
    /// Held, never read: dropping it releases the lock.
    File(#[allow(dead_code)] File),
    /// The session holding the advisory lock: closed (and the lock released) when dropped.
    Advisory(#[allow(dead_code)] Conn),
}

impl std::fmt::Debug for RunLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::File(_) => "RunLock::File",
            Self::Advisory(_) => "RunLock::Advisory",
        })
    }
}

/// The run lock cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// The lock file could not be used at all (not merely held by another run).
    #[error("cannot use the run lock {path}: {source}")]
    Unusable {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The PostgreSQL session for the advisory lock could not be had.
    #[error(
        "cannot take the run lock on the PostgreSQL server at {server}: {detail}; check the URL's host, port, database, user and password, and that the server is running"
    )]
    Advisory { server: String, detail: String },
    /// Another run holds the lock, and this command cannot go on without it.
    #[error("{}", held_message(.database, *.wait_flag))]
    Held {
        database: String,
        /// The command has `--wait`, so the message suggests it.
        wait_flag: bool,
    },
}

/// What every command says when another run holds the lock: `sync-models`, `sync-pricing`
/// and `models cleanup` report it and skip their work; `usage import` fails with it.
pub fn held_message(database: &dyn std::fmt::Display, wait_flag: bool) -> String {
    format!(
        "another sync holds the lock on {database}; try again when it is done{}",
        if wait_flag {
            ", or pass --wait SECONDS"
        } else {
            ""
        }
    )
}

/// What the run lock of `db` is, as `config` shows it.
pub fn describe(db: &Database) -> String {
    match db {
        Database::Sqlite(path) => lock_path(path).display().to_string(),
        Database::Postgres(t) => format!("pg_advisory_lock({ADVISORY_KEY}) on {t}"),
    }
}

/// The lock file that guards `database`.
pub fn lock_path(database: &Path) -> PathBuf {
    let mut name = database
        .file_name()
        .map(std::ffi::OsStr::to_os_string)
        .unwrap_or_default();
    name.push(".lock");
    database.with_file_name(name)
}

/// Takes the lock, waiting up to `wait` for another run to finish. `Ok(None)`: still held.
pub fn acquire(db: &Database, wait: Duration) -> Result<Option<RunLock>, LockError> {
    match db {
        Database::Sqlite(path) => acquire_file(path, wait),
        Database::Postgres(target) => acquire_advisory(target, wait),
    }
}

/// `pg_try_advisory_lock` on a session of its own, tried again until `wait` has passed.
fn acquire_advisory(target: &PgTarget, wait: Duration) -> Result<Option<RunLock>, LockError> {
    let failed = |detail: String| LockError::Advisory {
        server: target.server(),
        detail,
    };
    let conn = Conn::Postgres(PgConn::connect(target).map_err(|e| failed(e.to_string()))?);
    let deadline = Instant::now()
        .checked_add(wait)
        .unwrap_or_else(Instant::now);
    loop {
        let got: bool = conn
            .query_row("SELECT pg_try_advisory_lock(?1)", [ADVISORY_KEY], |r| {
                r.get(0)
            })
            .map_err(|e| failed(e.to_string()))?;
        if got {
            tracing::debug!(database = %target, "acquired run lock");
            return Ok(Some(RunLock::Advisory(conn)));
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        std::thread::sleep(POLL_INTERVAL.min(deadline - Instant::now()));
    }
}

fn acquire_file(database: &Path, wait: Duration) -> Result<Option<RunLock>, LockError> {
    let path = lock_path(database);
    let err = |source| LockError::Unusable {
        path: path.clone(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(err)?;
    // `--wait` is bounded (config/bounds.rs); an instant past the clock's end waits not at all.
    let deadline = Instant::now()
        .checked_add(wait)
        .unwrap_or_else(Instant::now);
    loop {
        match file.try_lock() {
            Ok(()) => {
                tracing::debug!(path = %path.display(), "acquired run lock");
                return Ok(Some(RunLock::File(file)));
            }
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(POLL_INTERVAL.min(deadline - Instant::now()));
            }
            Err(TryLockError::WouldBlock) => return Ok(None),
            Err(TryLockError::Error(e)) => return Err(err(e)),
        }
    }
}

/// Takes the lock for a command that cannot skip its work: waits up to `wait` when the command
/// has `--wait` (`Some`), not at all otherwise, then reports who holds it.
pub fn take(database: &Database, wait: Option<Duration>) -> Result<RunLock, LockError> {
    acquire(database, wait.unwrap_or(Duration::ZERO))?.ok_or_else(|| LockError::Held {
        database: database.to_string(),
        wait_flag: wait.is_some(),
    })
}

#[cfg(test)]
mod tests;

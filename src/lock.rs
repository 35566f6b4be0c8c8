//! The run lock: one writing run per database at a time, across processes. `sync-models`,
//! `sync-pricing`, `models cleanup` and `usage import` all take it.
//!
//! An advisory lock on `<database>.lock`, held for the life of [`RunLock`] and released by the
//! operating system if the process dies, so a crash never leaves a stale lock behind. What a
//! command says when another run holds it is [`LockError::Held`], written once here.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often a waiting run tries the lock again.
const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Held while a run writes; dropping it releases the lock.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
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
    /// Another run holds the lock, and this command cannot go on without it.
    #[error("{}", held_message(.database, *.wait_flag))]
    Held {
        database: PathBuf,
        /// The command has `--wait`, so the message suggests it.
        wait_flag: bool,
    },
}

/// What every command says when another run holds the lock: `sync-models`, `sync-pricing`
/// and `models cleanup` report it and skip their work; `usage import` fails with it.
pub fn held_message(database: &Path, wait_flag: bool) -> String {
    format!(
        "another sync holds the lock on {}; try again when it is done{}",
        database.display(),
        if wait_flag {
            ", or pass --wait SECONDS"
        } else {
            ""
        }
    )
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
pub fn acquire(database: &Path, wait: Duration) -> Result<Option<RunLock>, LockError> {
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
                return Ok(Some(RunLock { _file: file }));
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
pub fn take(database: &Path, wait: Option<Duration>) -> Result<RunLock, LockError> {
    acquire(database, wait.unwrap_or(Duration::ZERO))?.ok_or_else(|| LockError::Held {
        database: database.to_owned(),
        wait_flag: wait.is_some(),
    })
}

#[cfg(test)]
mod tests;

//! The run lock: one writing `sync-models` per database at a time, across processes.
//!
//! An advisory lock on `<database>.lock`, held for the life of [`RunLock`] and released by the
//! operating system if the process dies, so a crash never leaves a stale lock behind.

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

/// The lock file could not be used at all (not merely held by another run).
#[derive(Debug, thiserror::Error)]
#[error("cannot use the run lock {path}: {source}")]
pub struct LockError {
    pub path: PathBuf,
    pub source: std::io::Error,
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
    let err = |source| LockError {
        path: path.clone(),
        source,
    };
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(err)?;
    let deadline = Instant::now() + wait;
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

#[cfg(test)]
mod tests;

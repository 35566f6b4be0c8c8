//! The store: the only module that speaks SQL, to SQLite or to PostgreSQL.
//!
//! The queries are written once ([`sql`]); how each backend is opened and migrated differs.
//! On SQLite, `Store::open` creates the folder, sets WAL, foreign keys and a busy timeout, and
//! migrates; `Store::open_read_only` never writes to the file (dry runs): a missing database
//! reads as an empty one, an older schema is migrated in a private in-memory copy, and every
//! read is of one snapshot (a read transaction never committed). On
//! PostgreSQL ([`pg_schema`]), a read-only store works in a transaction that is never
//! committed: read-only when the schema is current, migrated in it when not.

mod catalogs;
mod changes;
mod events;
mod health;
mod metrics;
mod migrations;
mod models;
mod pg_schema;
pub mod postgres;
mod prices;
mod pricing;
mod read;
pub mod sql;
mod sync_state;
pub mod transfer;
mod usage;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::config::database::{Database, PgTarget};
use sql::Conn;

pub use catalogs::CachedCatalog;
pub use changes::ChangeFilter;
pub use events::RunEvent;
pub use migrations::MIGRATIONS;
pub use models::model_digest;
pub use pricing::{
    Backdated, ComponentWrite, LimitWrite, MatchWrite, ModelPrices, PriceWrite, PricingWrite,
};
pub use sync_state::SyncWrite;
pub use usage::UsageRow;

/// How long a write waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A failure of the database. Exit 1.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "cannot create the database folder {path}: {source}; pass --database PATH or set AISYNC_DATABASE to a writable place"
    )]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot open the database {path}: {source}; pass --database PATH or set AISYNC_DATABASE to a writable place"
    )]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{path} is not an aisync database ({source}); move it aside or pass --database PATH")]
    NotADatabase {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "the database {path} has schema version {found}, newer than this aisync knows ({supported}); upgrade aisync"
    )]
    NewerSchema {
        path: PathBuf,
        found: usize,
        supported: usize,
    },
    #[error("the database {path} is locked by another process (waited {} s); try again when it is done", BUSY_TIMEOUT.as_secs())]
    Busy { path: PathBuf },
    #[error("database error in {path}: {source}")]
    Query { path: PathBuf, source: sql::Error },
    /// A PostgreSQL server that cannot be reached, or that refuses the credentials.
    #[error(
        "cannot connect to the PostgreSQL server at {server}: {detail}; check the URL's host, port, database, user and password, and that the server is running"
    )]
    Connect { server: String, detail: String },
    #[error("the database {path} holds a value it cannot read: {detail}")]
    Corrupt { path: PathBuf, detail: String },
}

/// An open catalog database.
pub struct Store {
    conn: Conn,
    /// What messages call it: the SQLite file, or the PostgreSQL URL without its password.
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store and brings its schema up to date.
    pub fn open(db: &Database) -> Result<Self, StoreError> {
        match db {
            Database::Sqlite(path) => Self::open_file(path),
            Database::Postgres(target) => Self::open_postgres(target, false),
        }
    }

    /// Opens the store for reading only; nothing is ever written to it.
    pub fn open_read_only(db: &Database) -> Result<Self, StoreError> {
        match db {
            Database::Sqlite(path) => Self::open_file_read_only(path),
            Database::Postgres(target) => Self::open_postgres(target, true),
        }
    }

    /// Makes ready what the store needs before its run lock is taken: a SQLite file's folder.
    pub fn prepare(db: &Database) -> Result<(), StoreError> {
        match db {
            Database::Sqlite(path) => Self::prepare_file(path),
            Database::Postgres(_) => Ok(()),
        }
    }

    /// The schema version of the store as it is (not migrated); `None` when it has none yet.
    pub fn stored_schema(db: &Database) -> Result<Option<usize>, StoreError> {
        match db {
            Database::Sqlite(path) => Self::stored_file_schema(path),
            Database::Postgres(target) => {
                let store = Self::connect_postgres(target)?;
                let version = pg_schema::version(&store.conn).map_err(|e| store.classify(e))?;
                Ok((version > 0).then_some(version))
            }
        }
    }

    /// The schema version this aisync writes to the store's backend.
    pub fn latest_schema_of(db: &Database) -> usize {
        match db {
            Database::Sqlite(_) => MIGRATIONS.len(),
            Database::Postgres(_) => pg_schema::MIGRATIONS.len(),
        }
    }

    fn connect_postgres(target: &PgTarget) -> Result<Self, StoreError> {
        let conn = postgres::PgConn::connect(target).map_err(|e| StoreError::Connect {
            server: target.server(),
            detail: e.to_string(),
        })?;
        let store = Self {
            conn: Conn::Postgres(conn),
            path: PathBuf::from(target.to_string()),
        };
        // A write waits for another's row locks as long as SQLite waits for its file lock,
        // then fails as `Busy` rather than hanging a cron job.
        store
            .conn
            .execute_batch(&format!("SET lock_timeout = '{}s'", BUSY_TIMEOUT.as_secs()))
            .map_err(|e| store.classify(e))?;
        Ok(store)
    }

    fn open_postgres(target: &PgTarget, read_only: bool) -> Result<Self, StoreError> {
        let store = Self::connect_postgres(target)?;
        let newer = |found| StoreError::NewerSchema {
            path: store.path.clone(),
            found,
            supported: pg_schema::MIGRATIONS.len(),
        };
        let found = if read_only {
            pg_schema::open_read_only(&store.conn)
        } else {
            pg_schema::migrate(&store.conn)
        }
        .map_err(|e| store.classify(e))?;
        match found {
            Some(found) => Err(newer(found)),
            None => Ok(store),
        }
    }

    /// Creates the folder the database at `path` lives in (and its run lock beside it).
    fn prepare_file(path: &Path) -> Result<(), StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.to_owned(),
                source,
            })?;
        }
        Ok(())
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    fn open_file(path: &Path) -> Result<Self, StoreError> {
        Self::prepare_file(path)?;
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_owned(),
            source,
        })?;
        let store = Self {
            conn: Conn::Sqlite(conn),
            path: path.to_owned(),
        };
        store.configure()?;
        store.enable_wal()?;
        // A writer's cache holds a provider's whole transaction (so it never spills to the WAL
        // mid-way); with WAL, NORMAL syncs at checkpoints, not at every commit, and a crash
        // still leaves every committed transaction or none.
        store
            .sqlite()
            .execute_batch("PRAGMA cache_size = -32768; PRAGMA synchronous = NORMAL;")
            .map_err(|e| store.classify(e.into()))?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens the database for reading only; nothing is ever written to `path`.
    fn open_file_read_only(path: &Path) -> Result<Self, StoreError> {
        if !path.exists() {
            let mut store = Self::open_in_memory()?;
            path.clone_into(&mut store.path);
            return Ok(store);
        }
        let (mut store, version) = match Self::connect_read_only(path, false) {
            // A WAL database in a folder (or on a file system) this user cannot write: SQLite
            // cannot make its shared-memory file, so read it as an immutable file instead.
            Err(StoreError::Open { source, .. })
                if matches!(
                    source.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
                ) =>
            {
                tracing::debug!(path = %path.display(), "read-only folder: opening the database immutable");
                Self::connect_read_only(path, true)?
            }
            other => other?,
        };
        if version < MIGRATIONS.len() {
            // An older schema: migrate a private copy, leaving the file as it is.
            let mut copy = Connection::open_in_memory().map_err(|e| store.classify(e.into()))?;
            rusqlite::backup::Backup::new(store.sqlite(), &mut copy)
                .and_then(|b| b.run_to_completion(256, Duration::ZERO, None))
                .map_err(|e| store.classify(e.into()))?;
            store.conn = Conn::Sqlite(copy);
            store.configure()?;
            store.migrate()?;
        }
        // One snapshot for the store's life, as on PostgreSQL: a read that takes models and
        // prices in two statements sees each provider's apply wholly or not at all.
        store
            .sqlite()
            .execute_batch("BEGIN")
            .map_err(|e| store.classify(e.into()))?;
        Ok(store)
    }

    /// A read-only connection that has answered a first query (its schema version, returned
    /// with it); `immutable`: one that never looks for other writers (no shared memory, no
    /// locks), for a file nobody may change.
    fn connect_read_only(path: &Path, immutable: bool) -> Result<(Self, usize), StoreError> {
        let open_error = |source| StoreError::Open {
            path: path.to_owned(),
            source,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = if immutable {
            let text = path.to_string_lossy();
            let escaped = text
                .replace('%', "%25")
                .replace('?', "%3f")
                .replace('#', "%23");
            Connection::open_with_flags(
                format!("file:{escaped}?immutable=1"),
                flags | OpenFlags::SQLITE_OPEN_URI,
            )
        } else {
            Connection::open_with_flags(path, flags)
        }
        .map_err(open_error)?;
        let store = Self {
            conn: Conn::Sqlite(conn),
            path: path.to_owned(),
        };
        // Nothing is written through this connection, so foreign keys need not be enforced.
        store
            .sqlite()
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| store.classify(e.into()))?;
        // Opening is lazy: the first read is where a missing shared-memory file shows.
        let version = store.schema_version()?;
        Ok((store, version))
    }

    /// A fresh, migrated database in memory (tests, and dry runs on a missing file).
    pub fn open_in_memory() -> Result<Self, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: path.clone(),
            source,
        })?;
        let store = Self {
            conn: Conn::Sqlite(conn),
            path,
        };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// The SQLite connection of a store opened on a file or in memory.
    fn sqlite(&self) -> &Connection {
        match &self.conn {
            Conn::Sqlite(c) => c,
            Conn::Postgres(_) => unreachable!("a SQLite-only step on a PostgreSQL store"),
        }
    }

    fn configure(&self) -> Result<(), StoreError> {
        let classify = |e: rusqlite::Error| self.classify(e.into());
        self.sqlite().busy_timeout(BUSY_TIMEOUT).map_err(classify)?;
        self.sqlite()
            .pragma_update(None, "foreign_keys", "on")
            .map_err(classify)?;
        Ok(())
    }

    /// Puts the database in WAL mode, once. Switching takes an exclusive lock for which
    /// SQLite does not wait: when another process is opening the same new database, it is
    /// retried for as long as the busy timeout allows.
    fn enable_wal(&self) -> Result<(), StoreError> {
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        loop {
            let mode = self
                .sqlite()
                .pragma_query_value(None, "journal_mode", |r| r.get::<_, String>(0))
                .and_then(|mode| {
                    if mode.eq_ignore_ascii_case("wal") {
                        Ok(mode)
                    } else {
                        self.sqlite()
                            .pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))
                    }
                });
            match mode {
                Ok(_) => return Ok(()),
                Err(e)
                    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                        && std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => return Err(self.classify(e.into())),
            }
        }
    }

    /// The schema version this aisync writes to a SQLite file.
    pub fn latest_schema() -> usize {
        MIGRATIONS.len()
    }

    /// The schema version of the file at `path` as it is (not migrated); `None` when there is
    /// no file yet.
    fn stored_file_schema(path: &Path) -> Result<Option<usize>, StoreError> {
        if !path.exists() {
            return Ok(None);
        }
        let (_, version) = match Self::connect_read_only(path, false) {
            Err(StoreError::Open { .. }) => Self::connect_read_only(path, true)?,
            other => other?,
        };
        Ok(Some(version))
    }

    /// The schema version the database is at.
    pub fn schema_version(&self) -> Result<usize, StoreError> {
        if self.conn.is_postgres() {
            return pg_schema::version(&self.conn).map_err(|e| self.classify(e));
        }
        let v: i64 = self
            .sqlite()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.classify(e.into()))?;
        Ok(usize::try_from(v).unwrap_or(0))
    }

    /// Runs every migration the database has not run yet, all in one exclusive transaction
    /// that reads the version again inside it: when several processes open a new database at
    /// once, one migrates and the others find it done (cargo's own SQLite store does the same).
    fn migrate(&self) -> Result<(), StoreError> {
        let newer = |found| StoreError::NewerSchema {
            path: self.path.clone(),
            found,
            supported: MIGRATIONS.len(),
        };
        let current = self.schema_version()?;
        if current > MIGRATIONS.len() {
            return Err(newer(current));
        }
        if current == MIGRATIONS.len() {
            return Ok(());
        }
        let conn = self.sqlite();
        let run = || -> rusqlite::Result<Option<usize>> {
            conn.execute_batch("BEGIN EXCLUSIVE")?;
            let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
            let current = usize::try_from(current).unwrap_or(0);
            if current > MIGRATIONS.len() {
                conn.execute_batch("ROLLBACK")?;
                return Ok(Some(current));
            }
            for (index, sql) in MIGRATIONS.iter().enumerate().skip(current) {
                conn.execute_batch(sql)?;
                conn.pragma_update(None, "user_version", (index + 1) as i64)?;
                tracing::debug!(version = index + 1, "migrated database schema");
            }
            conn.execute_batch("COMMIT")?;
            Ok(None)
        };
        match run() {
            Ok(None) => Ok(()),
            Ok(Some(found)) => Err(newer(found)),
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                Err(self.classify(e.into()))
            }
        }
    }

    /// Turns a database error into the store error a person can act on.
    fn classify(&self, e: sql::Error) -> StoreError {
        Self::classify_at(&self.path, e)
    }

    /// [`Self::classify`], for a store `path` names, while its connection is borrowed.
    fn classify_at(path: &Path, e: sql::Error) -> StoreError {
        use rusqlite::ErrorCode;
        let e = match e {
            sql::Error::Sqlite(e) => e,
            sql::Error::Postgres(p)
                if p.code() == Some(&::postgres::error::SqlState::LOCK_NOT_AVAILABLE) =>
            {
                return StoreError::Busy {
                    path: path.to_owned(),
                };
            }
            e => {
                return StoreError::Query {
                    path: path.to_owned(),
                    source: e,
                };
            }
        };
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase {
                path: path.to_owned(),
                source: e,
            },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy {
                path: path.to_owned(),
            },
            Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => {
                StoreError::Open {
                    path: path.to_owned(),
                    source: e,
                }
            }
            _ => StoreError::Query {
                path: path.to_owned(),
                source: e.into(),
            },
        }
    }
}

#[cfg(test)]
mod tests;

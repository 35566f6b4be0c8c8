//! The harness: runs the real `aisync` binary in a clean environment (empty env, a temporary
//! HOME and XDG folders, the clock pinned) and captures exit code, stdout and stderr.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The instant every test starts at, unless it moves the clock.
pub const T0: &str = "2026-11-23T10:30:00Z";

/// One isolated home for the binary: its own HOME, XDG folders and database.
///
/// With `AISYNC_TEST_POSTGRES` set (a server's URL, as `scripts/with-postgres` gives it), the
/// database is a PostgreSQL database of its own, created for the test and dropped after it:
/// the same tests, run against the other backend. A test that names a file with `--database`
/// still tests SQLite.
pub struct TestEnv {
    pub dir: tempfile::TempDir,
    vars: Vec<(String, String)>,
    pg: Option<PgDatabase>,
}

/// The run lock's advisory lock key on PostgreSQL (`lock::ADVISORY_KEY`).
pub const RUN_LOCK_KEY: i64 = 0x6169_7379_6e63_0002;

/// The run lock, held by the test as another aisync would hold it.
pub enum HeldLock {
    File(#[allow(dead_code)] std::fs::File),
    Session(
        std::sync::mpsc::Sender<()>,
        Option<std::thread::JoinHandle<()>>,
    ),
}

impl Drop for HeldLock {
    fn drop(&mut self) {
        if let Self::Session(release, thread) = self {
            let _ = release.send(());
            if let Some(t) = thread.take() {
                let _ = t.join();
            }
        }
    }
}

/// The PostgreSQL server the suite runs against, if any; with `AISYNC_TEST_REQUIRE_POSTGRES`
/// set, a missing one fails the test rather than skipping what needs it.
pub fn pg_server() -> Option<String> {
    let url = std::env::var("AISYNC_TEST_POSTGRES").ok();
    assert!(
        url.is_some() || std::env::var_os("AISYNC_TEST_REQUIRE_POSTGRES").is_none(),
        "AISYNC_TEST_REQUIRE_POSTGRES is set but AISYNC_TEST_POSTGRES names no server"
    );
    url
}

/// A database created for one test on the server of `AISYNC_TEST_POSTGRES`.
pub struct PgDatabase {
    pub admin: String,
    pub name: String,
    pub url: String,
}

impl PgDatabase {
    pub fn create() -> Option<Self> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let admin = pg_server()?;
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("aisync_test_{}_{n}", std::process::id());
        let (base, query) = admin.split_once('?').unwrap_or((&admin, ""));
        let server = base.rsplit_once('/').map_or(base, |(s, _)| s);
        let url = format!("{server}/{name}?{query}");
        let db = Self { admin, name, url };
        db.admin_sql(&format!("CREATE DATABASE {}", db.name));
        Some(db)
    }

    fn admin_sql(&self, sql: &str) {
        pg_call(&self.admin, |c| c.batch_execute(sql)).expect("run SQL on the test server");
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let _ = pg_call(&self.admin, |c| c.batch_execute(&sql));
    }
}

/// Runs `f` with a client of `url`, on a thread of its own (the client runs a runtime of its
/// own, which cannot start inside a test's).
pub fn pg_call<T: Send>(
    url: &str,
    f: impl FnOnce(&mut postgres::Client) -> Result<T, postgres::Error> + Send,
) -> Result<T, postgres::Error> {
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut client = postgres::Client::connect(url, postgres::NoTls)?;
            f(&mut client)
        })
        .join()
        .expect("the PostgreSQL client thread")
    })
}

/// The database a run wrote, opened for checks the CLI does not show: the test's own
/// PostgreSQL database, or the SQLite file.
pub enum Db {
    Sqlite(rusqlite::Connection),
    Postgres(String),
}

/// What one run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code().expect("aisync was killed by a signal"),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    /// stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\n--- stderr\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// Asserts the exit code, showing everything printed when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts no panic and no Rust backtrace reached the user.
    #[track_caller]
    pub fn no_panic(&self) -> &Self {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "{}",
            self.stderr
        );
        self
    }
}

impl TestEnv {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().to_owned();
        for sub in ["home", "config", "data", "work"] {
            std::fs::create_dir_all(root.join(sub)).expect("create test dirs");
        }
        let path = |s: &str| root.join(s).display().to_string();
        let vars = vec![
            ("HOME".to_owned(), path("home")),
            ("XDG_CONFIG_HOME".to_owned(), path("config")),
            ("XDG_DATA_HOME".to_owned(), path("data")),
            ("AISYNC_NOW".to_owned(), T0.to_owned()),
            ("PATH".to_owned(), std::env::var("PATH").unwrap_or_default()),
        ];
        let mut env = Self {
            dir,
            vars,
            pg: None,
        };
        if let Some(pg) = PgDatabase::create() {
            env.set("AISYNC_DATABASE", &pg.url);
            env.pg = Some(pg);
        }
        env
    }

    /// A home whose store is always the SQLite file: for a test of what only SQLite has
    /// (its file, its triggers), run the same way in either suite.
    pub fn sqlite() -> Self {
        let mut env = Self::new();
        env.unset("AISYNC_DATABASE");
        env.pg = None;
        env
    }

    /// Holds the run lock of this test's store, as another aisync would, until dropped: the
    /// lock file's lock, or the advisory lock in a session of its own.
    pub fn hold_lock(&self) -> HeldLock {
        match &self.pg {
            None => {
                let path = self.path("data/aisync/aisync.db.lock");
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(path)
                    .unwrap();
                file.try_lock().unwrap();
                HeldLock::File(file)
            }
            Some(pg) => {
                let url = pg.url.clone();
                let (taken, release) = (
                    std::sync::mpsc::sync_channel(0),
                    std::sync::mpsc::channel::<()>(),
                );
                let (taken_tx, taken_rx) = taken;
                let (release_tx, release_rx) = release;
                let thread = std::thread::spawn(move || {
                    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
                    c.execute("SELECT pg_advisory_lock($1)", &[&RUN_LOCK_KEY])
                        .unwrap();
                    taken_tx.send(()).unwrap();
                    let _ = release_rx.recv();
                });
                taken_rx.recv().unwrap();
                HeldLock::Session(release_tx, Some(thread))
            }
        }
    }

    /// Whether some process holds this test's run lock, seen from outside as another would.
    pub fn lock_held(&self) -> bool {
        match &self.pg {
            None => std::fs::OpenOptions::new()
                .write(true)
                .open(self.path("data/aisync/aisync.db.lock"))
                .is_ok_and(|f| f.try_lock().is_err()),
            Some(pg) => {
                let sql = "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database \
                     WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database() \
                     AND (l.classid::bigint << 32 | l.objid::bigint) = $1";
                pg_call(&pg.url, |c| c.query_one(sql, &[&RUN_LOCK_KEY]))
                    .map(|r| r.get::<_, i64>(0) > 0)
                    .unwrap()
            }
        }
    }

    /// Waits until some process holds the run lock (a run has started its write).
    pub fn wait_for_lock(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !self.lock_held() {
            assert!(std::time::Instant::now() < deadline, "no run took the lock");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Everything the store holds, as text: the SQLite file and its WAL, or every row of
    /// every table of the PostgreSQL database. For "nothing secret is stored".
    pub fn stored_text(&self) -> String {
        match &self.pg {
            None => {
                let mut bytes = std::fs::read(self.default_db()).unwrap();
                bytes.extend(
                    std::fs::read(self.default_db().with_extension("db-wal")).unwrap_or_default(),
                );
                String::from_utf8_lossy(&bytes).into_owned()
            }
            Some(pg) => pg_call(&pg.url, |c| {
                let tables: Vec<String> = c
                    .query(
                        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'",
                        &[],
                    )?
                    .iter()
                    .map(|r| r.get(0))
                    .collect();
                let mut text = String::new();
                for t in tables {
                    for row in c.query(&format!("SELECT CAST(t.* AS TEXT) FROM {t} t"), &[])? {
                        text.push_str(row.get::<_, &str>(0));
                        text.push('\n');
                    }
                }
                Ok(text)
            })
            .unwrap(),
        }
    }

    /// How messages name this test's store: the file, or the URL without its password.
    pub fn shown_db(&self) -> String {
        match &self.pg {
            None => self.default_db().display().to_string(),
            Some(pg) => format!(
                "postgres://aisync@{}/{}",
                pg.url.split('@').nth(1).unwrap().split('/').next().unwrap(),
                pg.name
            ),
        }
    }

    /// Whether this test's store is PostgreSQL.
    pub fn on_postgres(&self) -> bool {
        self.pg.is_some()
    }

    /// This test's PostgreSQL database, if the suite runs against one.
    pub fn pg(&self) -> Option<&PgDatabase> {
        self.pg.as_ref()
    }

    /// The store this test's runs use by default, opened for checks.
    pub fn db(&self) -> Db {
        match &self.pg {
            Some(pg) => Db::Postgres(pg.url.clone()),
            None => open_db(&self.default_db()),
        }
    }

    /// Sets a variable for every later run.
    pub fn set(&mut self, key: &str, value: &str) -> &mut Self {
        self.vars.retain(|(k, _)| k != key);
        self.vars.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Unsets a variable for every later run.
    pub fn unset(&mut self, key: &str) -> &mut Self {
        self.vars.retain(|(k, _)| k != key);
        self
    }

    /// The database the binary uses by default here.
    pub fn default_db(&self) -> PathBuf {
        self.dir.path().join("data/aisync/aisync.db")
    }

    /// The working directory of every run (where a `.env` would be read).
    pub fn work_dir(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    /// A path inside the test's folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).expect("write test file");
        p
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_aisync"));
        cmd.args(args)
            .env_clear()
            .envs(self.vars.iter().map(|(k, v)| (k, v)))
            .current_dir(self.work_dir())
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `aisync ARGS` to completion.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().expect("run aisync"))
    }

    /// Runs with one extra variable for this run only.
    pub fn run_with(&self, vars: &[(&str, &str)], args: &[&str]) -> Run {
        let mut cmd = self.command(args);
        cmd.envs(vars.iter().copied());
        Run::from(cmd.output().expect("run aisync"))
    }

    /// Runs `aisync ARGS` on a pseudo-terminal (util-linux `script`), typing `input`: for the
    /// prompts that only a terminal gets.
    pub fn run_on_tty(&self, args: &[&str], input: &str) -> Run {
        use std::io::Write as _;
        let line = std::iter::once(env!("CARGO_BIN_EXE_aisync"))
            .chain(args.iter().copied())
            .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
            .collect::<Vec<_>>()
            .join(" ");
        let mut cmd = Command::new("script");
        cmd.args(["-qec", &line, "/dev/null"])
            .env_clear()
            .envs(self.vars.iter().map(|(k, v)| (k, v)))
            .current_dir(self.work_dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("run util-linux script");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("type the answer");
        Run::from(child.wait_with_output().expect("wait for script"))
    }

    /// Runs `WRAPPER… aisync ARGS` (a program that runs aisync differently, such as `setpriv`).
    pub fn run_wrapped(&self, wrapper: &[&str], args: &[&str]) -> Run {
        let mut cmd = Command::new(wrapper[0]);
        cmd.args(&wrapper[1..])
            .arg(env!("CARGO_BIN_EXE_aisync"))
            .args(args)
            .env_clear()
            .envs(self.vars.iter().map(|(k, v)| (k, v)))
            .current_dir(self.work_dir())
            .stdin(Stdio::null());
        Run::from(cmd.output().expect("run the wrapper"))
    }

    /// Starts `aisync ARGS` in the background.
    pub fn spawn_with(&self, vars: &[(&str, &str)], args: &[&str]) -> Child {
        let mut cmd = self.command(args);
        cmd.envs(vars.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd.spawn().expect("spawn aisync")
    }
}

/// Waits for a spawned run and captures it.
pub fn finish(child: Child) -> Run {
    Run::from(child.wait_with_output().expect("wait for aisync"))
}

/// Opens the database a run wrote, for checks the CLI does not show.
pub fn open_db(path: &Path) -> Db {
    Db::Sqlite(
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open the database"),
    )
}

/// Rows of a one-column query (the same SQL on either backend).
pub fn column<T: rusqlite::types::FromSql>(db: &Db, sql: &str) -> Vec<T> {
    match db {
        Db::Sqlite(db) => {
            let mut stmt = db.prepare(sql).expect("prepare");
            stmt.query_map([], |r| r.get(0))
                .expect("query")
                .collect::<Result<_, _>>()
                .expect("rows")
        }
        Db::Postgres(url) => {
            let values = pg_call(url, |c| {
                let rows = c.query(sql, &[])?;
                Ok(rows.iter().map(pg_value).collect::<Vec<_>>())
            })
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
            values
                .iter()
                .map(|v| T::column_result(v.into()).expect("a value of the type asked for"))
                .collect()
        }
    }
}

/// Runs one statement that changes the store under aisync (a test's sabotage).
pub fn execute(db: &Db, sql: &str) {
    match db {
        Db::Sqlite(_) => unreachable!("a read-only connection: use rusqlite::Connection::open"),
        Db::Postgres(url) => {
            pg_call(url, |c| c.batch_execute(sql)).unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    }
}

/// The first column of a PostgreSQL row as SQLite would hold it.
fn pg_value(row: &postgres::Row) -> rusqlite::types::Value {
    use postgres::types::Type;
    use rusqlite::types::Value;
    let ty = row.columns()[0].type_().clone();
    let opt = |v: Option<Value>| v.unwrap_or(Value::Null);
    match ty {
        Type::INT8 => opt(row.get::<_, Option<i64>>(0).map(Value::Integer)),
        Type::INT4 => opt(row
            .get::<_, Option<i32>>(0)
            .map(|v| Value::Integer(v.into()))),
        Type::BOOL => opt(row
            .get::<_, Option<bool>>(0)
            .map(|v| Value::Integer(v.into()))),
        Type::FLOAT8 => opt(row.get::<_, Option<f64>>(0).map(Value::Real)),
        Type::BYTEA => opt(row.get::<_, Option<Vec<u8>>>(0).map(Value::Blob)),
        _ => opt(row.get::<_, Option<String>>(0).map(Value::Text)),
    }
}

/// `sync-models -p mock --force` at `now`, the mock's list served from `list` (the built-in
/// one when `None`), with more variables; never a panic.
pub fn sync_mock(
    env: &TestEnv,
    now: &str,
    list: Option<&serde_json::Value>,
    vars: &[(&str, &str)],
) -> Run {
    let file = list.map(|l| env.write("list.json", &l.to_string()));
    let mut all: Vec<(&str, &str)> = vec![("AISYNC_NOW", now)];
    if let Some(f) = &file {
        all.push(("AI_MOCK_MODELS_FILE", f.to_str().unwrap()));
    }
    all.extend_from_slice(vars);
    let run = env.run_with(&all, &["sync-models", "-p", "mock", "--force"]);
    run.no_panic();
    run
}

/// Every sample of a Prometheus text, read by a real parser, as (name, labels, value); a
/// histogram's value is its count (the `+Inf` bucket).
pub fn samples(text: &str) -> Vec<(String, std::collections::BTreeMap<String, String>, f64)> {
    let lines = text.lines().map(|l| Ok(l.to_owned()));
    let scrape = prometheus_parse::Scrape::parse(lines).expect("Prometheus text");
    scrape
        .samples
        .into_iter()
        .map(|s| {
            let value = match s.value {
                prometheus_parse::Value::Counter(v)
                | prometheus_parse::Value::Gauge(v)
                | prometheus_parse::Value::Untyped(v) => v,
                prometheus_parse::Value::Histogram(h) => {
                    h.iter().map(|b| b.count).fold(0.0, f64::max)
                }
                prometheus_parse::Value::Summary(_) => f64::NAN,
            };
            let labels = s
                .labels
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            (s.metric, labels, value)
        })
        .collect()
}

/// The value of the sample `name` with these labels (among others); a panic naming it when
/// there is none.
pub fn value(
    all: &[(String, std::collections::BTreeMap<String, String>, f64)],
    name: &str,
    labels: &[(&str, &str)],
) -> f64 {
    all.iter()
        .find(|(n, l, _)| {
            n == name
                && labels
                    .iter()
                    .all(|(k, v)| l.get(*k).map(String::as_str) == Some(*v))
        })
        .unwrap_or_else(|| panic!("{name} {labels:?} in {all:?}"))
        .2
}

//! The harness: runs the real `aisync` binary in a clean environment (empty env, a temporary
//! HOME and XDG folders, the clock pinned) and captures exit code, stdout and stderr.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The instant every test starts at, unless it moves the clock.
pub const T0: &str = "2026-11-23T10:30:00Z";

/// One isolated home for the binary: its own HOME, XDG folders and database.
pub struct TestEnv {
    pub dir: tempfile::TempDir,
    vars: Vec<(String, String)>,
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
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
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
        Self { dir, vars }
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
pub fn open_db(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the database")
}

/// Rows of a one-column query.
pub fn column<T: rusqlite::types::FromSql>(db: &rusqlite::Connection, sql: &str) -> Vec<T> {
    let mut stmt = db.prepare(sql).expect("prepare");
    stmt.query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
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

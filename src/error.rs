//! The top-level error, and the one place where exit codes are decided (SPEC §5).

use std::process::ExitCode;

use crate::config::ConfigError;
use crate::lock::LockError;
use crate::output::Printer;
use crate::store::StoreError;
use crate::sync::SyncError;
use crate::sync::discovery::DiscoveryError;

/// Exit codes, the same for every command.
pub mod code {
    pub const SUCCESS: u8 = 0;
    pub const FAILURE: u8 = 1;
    pub const PARTIAL: u8 = 2;
    pub const CHANGES_PENDING: u8 = 3;
    pub const USAGE: u8 = 64;
    pub const CONFIG: u8 = 78;
}

/// Anything that stops a command before it has a result to report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line could not be parsed (or asked for help or the version).
    #[error(transparent)]
    Cli(#[from] clap::Error),
    #[error(transparent)]
    Usage(#[from] DiscoveryError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Http(#[from] crate::http::ClientError),
    #[error(transparent)]
    Pricing(#[from] crate::pricing::PricingError),
    #[error("--format {format} does not apply to `{command}` (it takes {supported})")]
    FormatNotSupported {
        format: &'static str,
        command: &'static str,
        supported: &'static str,
    },
    #[error(transparent)]
    UnknownProvider(#[from] crate::providers::UnknownProvider),
    #[error(transparent)]
    Find(#[from] crate::query::FindError),
    #[error(transparent)]
    Cleanup(#[from] crate::query::CleanupError),
    #[error(transparent)]
    UsageFile(#[from] crate::usage::UsageError),
    #[error(transparent)]
    Cost(CostError),
    #[error(transparent)]
    Forget(crate::commands::catalogs::ForgetError),
    #[error(transparent)]
    Since(crate::commands::changes::BadSince),
    #[error(transparent)]
    UnknownSink(crate::commands::notify::UnknownSink),
    #[error(transparent)]
    Serve(#[from] crate::serve::ServeError),
    #[error("cannot write {path}: {source}")]
    WriteFile {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read {path}: {source}")]
    ReadFile {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    #[error("cannot write output: {0}")]
    Output(std::io::Error),
    #[error(transparent)]
    Document(#[from] crate::export::DocumentError),
    /// `aisync import` into a store that holds something, without `--replace`.
    #[error(
        "{database} is not empty (its {table} table holds {rows} rows): import into an empty store, or pass --replace to replace everything in it"
    )]
    NotEmpty {
        database: String,
        table: &'static str,
        rows: i64,
    },
}

impl From<SyncError> for Error {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::Discovery(e) => Self::Usage(e),
            SyncError::Store(e) => Self::Store(e),
            SyncError::Lock(e) => Self::Lock(e),
            SyncError::Http(e) => Self::Http(e),
        }
    }
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Cli(e) if !e.use_stderr() => code::SUCCESS,
            Self::Cli(_)
            | Self::Usage(_)
            | Self::FormatNotSupported { .. }
            | Self::Find(crate::query::FindError::Pick(crate::query::PickError::Ambiguous {
                ..
            }))
            | Self::Cleanup(_)
            | Self::Cost(_)
            | Self::Since(_)
            | Self::UnknownSink(_)
            | Self::Forget(
                crate::commands::catalogs::ForgetError::Bundled
                | crate::commands::catalogs::ForgetError::Unknown { .. },
            )
            | Self::UnknownProvider(_)
            | Self::Pricing(crate::pricing::PricingError::UnknownProvider(_)) => code::USAGE,
            Self::Config(_) | Self::Serve(crate::serve::ServeError::NeedsToken(_)) => code::CONFIG,
            Self::Store(_)
            | Self::Lock(_)
            | Self::Http(_)
            | Self::Pricing(_)
            | Self::Find(_)
            | Self::Forget(crate::commands::catalogs::ForgetError::Locked(_))
            | Self::UsageFile(_)
            | Self::ReadFile { .. }
            | Self::WriteFile { .. }
            | Self::Runtime(_)
            | Self::Serve(crate::serve::ServeError::Bind { .. })
            | Self::Output(_)
            | Self::Document(_)
            | Self::NotEmpty { .. } => code::FAILURE,
        }
    }
}

/// A `cost` request that cannot be priced as asked.
#[derive(Debug, thiserror::Error)]
pub enum CostError {
    #[error(transparent)]
    NothingAsked(#[from] crate::commands::cost::NothingAsked),
    #[error(transparent)]
    Usage(#[from] crate::pricing::cost::UsageError),
}

/// How a command that ran ended: what its exit code says (SPEC §5). Each engine's report
/// decides it; [`outcome_code`] turns it into the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunOutcome {
    /// Every selected provider succeeded or was skipped as fresh or locked.
    Success,
    /// Nothing succeeded: all failed, or no provider was available.
    Failure,
    /// Some failed, others succeeded.
    Partial,
    /// A dry run with `--exit-code` found changes.
    ChangesPending,
}

/// The exit code of a command's outcome.
pub fn outcome_code(outcome: RunOutcome) -> u8 {
    match outcome {
        RunOutcome::Success => code::SUCCESS,
        RunOutcome::Failure => code::FAILURE,
        RunOutcome::Partial => code::PARTIAL,
        RunOutcome::ChangesPending => code::CHANGES_PENDING,
    }
}

/// Reports an error, if any, and turns the result into the process's exit code.
pub fn finish(printer: Printer, result: Result<RunOutcome, Error>) -> ExitCode {
    match result {
        Ok(outcome) => ExitCode::from(outcome_code(outcome)),
        Err(Error::Cli(e)) => {
            let code = Error::Cli(e).exit_code();
            ExitCode::from(code)
        }
        Err(e) => {
            printer.error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

/// Replaces Rust's panic message with one line for people: what went wrong inside aisync,
/// where, and that it is a bug to report. Whatever text it quotes is made safe to print.
pub fn report_panics() {
    std::panic::set_hook(Box::new(|info| {
        use std::io::Write as _;
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".to_owned());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "error: internal error{at}: {}; this is a bug in aisync, please report it",
            crate::output::sanitize(&what)
        );
    }));
}

/// Prints clap's own message (help, version, or a usage error) and gives its exit code.
pub fn report_cli(e: clap::Error) -> ExitCode {
    let _ = e.print();
    ExitCode::from(Error::Cli(e).exit_code())
}

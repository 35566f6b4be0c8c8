//! `aisync sync-models`: sync each provider's list of models into the catalog.

use std::time::Duration;

use super::Context;
use crate::error::Error;
use crate::error::RunOutcome;
use crate::output::sync_report::{self, Detail};
use crate::output::{Format, json};
use crate::sync::{self, SyncOptions};

const EXAMPLES: &str = "\
Examples:
  aisync sync-models --provider mock               The built-in demo provider, offline
  aisync sync-models -p openai,gemini --force      Refresh two providers even if fresh
  aisync sync-models --dry-run --exit-code         CI: exit 3 if a real run would change anything
  aisync sync-models -q                            For cron: silent unless something fails
  AISYNC_NOW=2026-11-24T00:00:00Z aisync sync-models   Pin the clock (tests, demos)";

/// The arguments of `sync-models`; its description is on `Command::SyncModels`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct SyncModelsArgs {
    /// Sync only these providers: repeat the flag or separate names with commas
    #[arg(short, long = "provider", value_name = "NAME")]
    pub providers: Vec<crate::cli::ProviderNames>,
    /// Sync even providers that were synced less than the sync interval ago
    #[arg(long)]
    pub force: bool,
    /// Fetch and compare exactly as a real run, but write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run: exit 3 when a real run would change anything
    #[arg(long, requires = "dry_run")]
    pub exit_code: bool,
    /// Apply a list the removal guard held (one that would mark more than max_removed_share
    /// of a provider's models removed, an empty list included)
    #[arg(long)]
    pub accept_changes: bool,
    /// Give up on a provider request after this many seconds [default: AI_SYNC_TIMEOUT, else 30]
    #[arg(long, value_name = "SECONDS", value_parser = crate::config::bounds::timeout_flag)]
    pub timeout: Option<u64>,
    /// If another sync is running on this database, wait up to this many seconds for it
    /// instead of skipping every provider as `locked`
    #[arg(long, value_name = "SECONDS", default_value_t = 0, value_parser = crate::config::bounds::wait_flag)]
    pub wait: u64,
    /// After the run, write the metrics (Prometheus text, as `aisync serve` gives them) to
    /// this file for node_exporter's textfile collector, atomically
    #[arg(long, value_name = "PATH")]
    pub metrics_file: Option<std::path::PathBuf>,
}

pub fn run(ctx: &Context, args: &SyncModelsArgs) -> Result<RunOutcome, Error> {
    let opts = SyncOptions {
        requested: crate::cli::provider_names(&args.providers),
        force: args.force,
        dry_run: args.dry_run,
        accept_changes: args.accept_changes,
        wait: Duration::from_secs(args.wait),
        progress: std::io::IsTerminal::is_terminal(&std::io::stderr())
            && !ctx.quiet
            && ctx.verbose == 0
            && ctx.format != crate::output::Format::Json,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    let report = runtime.block_on(sync::run(&ctx.config, &opts))?;
    let outcome = report.outcome(args.exit_code);
    if let Some(path) = &args.metrics_file {
        super::metrics_file::write(&ctx.config.database, path)?;
    }

    let text = match ctx.format {
        Format::Json | Format::Csv | Format::Jsonl => json::sync_report(&report),
        Format::Table if ctx.quiet => String::new(),
        Format::Table => sync_report::render(
            &report,
            outcome,
            Detail {
                verbose: ctx.verbose > 0,
            },
            ctx.printer.palette,
            ctx.config.now,
        ),
    };
    // Failures and held lists are heard on stderr in every mode, -q and JSON included;
    // stdout stays the report.
    ctx.printer
        .err(&sync_report::problems(&report, ctx.printer.stderr_palette));
    ctx.printer.out(&text).map_err(Error::Output)?;
    Ok(outcome)
}

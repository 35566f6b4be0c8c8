//! `aisync sync-pricing`: refresh the catalogs that are due and apply exact prices, with
//! their source and history, to the synced models.

use std::time::Duration;

use super::Context;
use crate::error::Error;
use crate::error::RunOutcome;
use crate::output::{Format, pricing};
use crate::pricing::PricingOptions;

const EXAMPLES: &str = "\
Examples:
  aisync sync-pricing                                  Prices for every synced provider
  aisync sync-pricing -p openai -v                     One provider, every model listed
  aisync sync-pricing --catalog ./litellm.json         Add a catalog for this run (file or URL)
  aisync sync-pricing --dry-run --exit-code            CI: exit 3 if a real run would change prices
  aisync sync-pricing --accept-changes                 Apply changes held as implausible";

/// The arguments of `sync-pricing`; its description is on `Command::SyncPricing`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct SyncPricingArgs {
    /// Price only these providers: repeat the flag or separate names with commas
    #[arg(short, long = "provider", value_name = "NAME")]
    pub providers: Vec<crate::cli::ProviderNames>,
    /// Refetch every remote catalog, even one fetched less than AI_PRICING_INTERVAL_HOURS ago
    #[arg(long)]
    pub force: bool,
    /// Fetch catalogs and compute prices exactly as a real run, but write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run: exit 3 when a real run would change any price
    #[arg(long, requires = "dry_run")]
    pub exit_code: bool,
    /// Another catalog for this run, after the config file's: a URL or a file (models.dev
    /// api.json, LiteLLM price map or OpenRouter models list; the format is detected)
    #[arg(long = "catalog", value_name = "URL|FILE")]
    pub catalogs: Vec<String>,
    /// Apply changes held as implausible (a price moving more than 10× or to zero, a context
    /// window shrinking by more than half)
    #[arg(long)]
    pub accept_changes: bool,
    /// Give up on a catalog request after this many seconds [default: AI_SYNC_TIMEOUT, else 30]
    #[arg(long, value_name = "SECONDS", value_parser = crate::config::bounds::timeout_flag)]
    pub timeout: Option<u64>,
    /// If a sync is running on this database, wait up to this many seconds for it
    #[arg(long, value_name = "SECONDS", default_value_t = 0, value_parser = crate::config::bounds::wait_flag)]
    pub wait: u64,
    /// After the run, write the metrics (Prometheus text, as `aisync serve` gives them) to
    /// this file for node_exporter's textfile collector, atomically
    #[arg(long, value_name = "PATH")]
    pub metrics_file: Option<std::path::PathBuf>,
}

pub fn run(ctx: &Context, args: &SyncPricingArgs) -> Result<RunOutcome, Error> {
    let opts = PricingOptions {
        requested: crate::cli::provider_names(&args.providers),
        force: args.force,
        dry_run: args.dry_run,
        accept_changes: args.accept_changes,
        extra_catalogs: args.catalogs.clone(),
        wait: Duration::from_secs(args.wait),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    let report = runtime.block_on(crate::pricing::run(&ctx.config, &opts))?;
    let outcome = report.outcome(args.exit_code);
    if let Some(path) = &args.metrics_file {
        super::metrics_file::write(&ctx.config.database, path)?;
    }
    // A failed catalog or a held change is heard on stderr in every mode; stdout stays the
    // report (for cron, with -q, that is all there is).
    ctx.printer
        .err(&pricing::problems(&report, ctx.printer.stderr_palette));
    let text = match ctx.format {
        Format::Json | Format::Csv | Format::Jsonl => pricing::json(&report),
        Format::Table if ctx.quiet => String::new(),
        Format::Table => pricing::render(
            &report,
            outcome,
            ctx.verbose > 0,
            ctx.printer.palette,
            ctx.config.now,
        ),
    };
    ctx.printer.out(&text).map_err(Error::Output)?;
    Ok(outcome)
}

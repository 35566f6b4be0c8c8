//! `aisync models cleanup`: delete models their provider no longer lists and no sync has seen
//! since a cut-off, with their prices and history. Asks first on a terminal.

use std::io::{BufRead, IsTerminal};
use std::time::Duration;

use super::Context;
use crate::config::Config;
use crate::error::Error;
use crate::error::RunOutcome;
use crate::lock;
use crate::output::Format;
use crate::output::cleanup::{self as render, Ending};
use crate::providers::check_names;
use crate::query::{self, CleanupError, DEFAULT_CLEANUP_AGE};
use crate::store::Store;

const EXAMPLES: &str = "\
Examples:
  aisync models cleanup --dry-run                 List what would be deleted
  aisync models cleanup --older-than 30d --force  Removed models unseen for 30 days, no prompt
  aisync models cleanup -p openai --older-than 2026-08-01";

/// The arguments of `models cleanup`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct CleanupArgs {
    /// List exactly what a real cleanup would delete, and delete nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Delete removed models no sync has seen since this date (2026-08-01) or for this long
    /// (90d, 12w, 48h) [default: 90d]
    #[arg(long, value_name = "DATE|DURATION")]
    pub older_than: Option<String>,
    /// Only these providers: repeat the flag or separate names with commas
    #[arg(short, long = "provider", value_name = "NAME")]
    pub providers: Vec<crate::cli::ProviderNames>,
    /// Delete without asking (needed when stdin is not a terminal)
    #[arg(long)]
    pub force: bool,
    /// If a sync is running on this database, wait up to this many seconds for it instead of
    /// doing nothing
    #[arg(long, value_name = "SECONDS", default_value_t = 0, value_parser = crate::config::bounds::wait_flag)]
    pub wait: u64,
}

pub fn run(ctx: &Context, args: &CleanupArgs) -> Result<RunOutcome, Error> {
    let now = ctx.config.now;
    let cutoff = match &args.older_than {
        Some(text) => query::parse_cutoff(text, now).map_err(CleanupError::BadCutoff)?,
        None => now - DEFAULT_CLEANUP_AGE,
    };
    let providers = crate::cli::provider_names(&args.providers);
    let json = ctx.format == Format::Json;
    let show = |selection: &[crate::model::StoredModel], ending: Ending<'_>| {
        let text = if json {
            render::json(selection, ending, cutoff)
        } else {
            render::text(selection, ending, cutoff)
        };
        ctx.printer.out(&text).map_err(Error::Output)
    };
    if args.dry_run {
        let store = Store::open_read_only(&ctx.config.database)?;
        check_names(&providers, &query::known_providers(&store, &ctx.config)?)?;
        let selection = query::cleanup_selection(&store.all_models()?, &providers, cutoff);
        show(&selection, Ending::Done { dry_run: true })?;
        return Ok(RunOutcome::Success);
    }
    Store::prepare(&ctx.config.database)?;
    let Some(_lock) = lock::acquire(&ctx.config.database, Duration::from_secs(args.wait))? else {
        show(&[], Ending::Locked(&ctx.config.database.to_string()))?;
        return Ok(RunOutcome::Success);
    };
    let mut store = Store::open(&ctx.config.database)?;
    check_names(&providers, &query::known_providers(&store, &ctx.config)?)?;
    let selection = query::cleanup_selection(&store.all_models()?, &providers, cutoff);
    if !selection.is_empty() && !args.force {
        let stdin = std::io::stdin();
        if !stdin.is_terminal() {
            return Err(CleanupError::NeedsForce {
                count: selection.len(),
            }
            .into());
        }
        ctx.printer.err(&render::text(
            &selection,
            Ending::Done { dry_run: true },
            cutoff,
        ));
        ctx.printer.err(&if selection.len() == 1 {
            "Delete this model with its prices and history? [y/N] ".to_owned()
        } else {
            format!(
                "Delete these {} models with their prices and history? [y/N] ",
                selection.len()
            )
        });
        let mut answer = String::new();
        let _ = stdin.lock().read_line(&mut answer);
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            show(&selection, Ending::Declined)?;
            return Ok(RunOutcome::Success);
        }
    }
    let pruned = delete(&mut store, &ctx.config, &selection)?;
    show(&selection, Ending::Done { dry_run: false })?;
    if pruned > 0 && !json {
        ctx.printer
            .out(&format!(
                "Pruned {} older than {} ([changes] retention_days).\n",
                crate::output::pricing::count(pruned, "change-log entry", "change-log entries"),
                crate::output::pricing::count(
                    ctx.config.changes_retention.num_days() as usize,
                    "day",
                    "days"
                )
            ))
            .map_err(Error::Output)?;
    }
    Ok(RunOutcome::Success)
}

/// Deletes the models selected, with their prices and history, and prunes the change log past
/// its retention; under the run lock, which the caller holds. The number of entries pruned.
pub fn delete(
    store: &mut Store,
    config: &Config,
    selection: &[crate::model::StoredModel],
) -> Result<usize, Error> {
    let keys: Vec<_> = selection
        .iter()
        .map(|s| (s.provider.clone(), s.model.id.clone()))
        .collect();
    store.delete_models(&keys)?;
    // The log keeps the entries of the models deleted (it is history), for its own retention.
    let pruned = store.prune_changes(config.now - config.changes_retention)?;
    tracing::info!(
        operation = "cleanup",
        deleted = keys.len(),
        changes_pruned = pruned,
        "cleaned up"
    );
    Ok(pruned)
}

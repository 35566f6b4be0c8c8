//! `aisync models cleanup`: delete models that are removed, past their shutdown date, or
//! unseen since a cut-off, with their prices and history. Asks first on a terminal.

use std::io::{BufRead, IsTerminal};

use super::Context;
use crate::error::Error;
use crate::error::RunOutcome;
use crate::lock;
use crate::output::Format;
use crate::output::cleanup as render;
use crate::query::{self, CleanupError, DEFAULT_CLEANUP_AGE};
use crate::store::Store;

const EXAMPLES: &str = "\
Examples:
  aisync models cleanup --dry-run                 List what would be deleted
  aisync models cleanup --older-than 30d --force  Also drop models unseen for 30 days, no prompt
  aisync models cleanup -p openai --older-than 2026-08-01";

/// The arguments of `models cleanup`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct CleanupArgs {
    /// List exactly what a real cleanup would delete, and delete nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Also delete models no sync has seen since this date (2026-08-01) or for this long
    /// (90d, 12w, 48h) [default: 90d]
    #[arg(long, value_name = "DATE|DURATION")]
    pub older_than: Option<String>,
    /// Only these providers: repeat the flag or separate names with commas
    #[arg(short, long = "provider", value_name = "NAME")]
    pub providers: Vec<crate::cli::ProviderNames>,
    /// Delete without asking (needed when stdin is not a terminal)
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Context, args: &CleanupArgs) -> Result<RunOutcome, Error> {
    let now = ctx.config.now;
    let cutoff = match &args.older_than {
        Some(text) => query::parse_cutoff(text, now).map_err(CleanupError::BadCutoff)?,
        None => now - DEFAULT_CLEANUP_AGE,
    };
    let providers = crate::cli::provider_names(&args.providers);
    let json = ctx.format == Format::Json;
    if args.dry_run {
        let store = Store::open_read_only(&ctx.config.database)?;
        let selection = query::cleanup_selection(&store.all_models()?, &providers, cutoff, now);
        let text = if json {
            render::json(&selection, true, cutoff)
        } else {
            render::text(&selection, true, cutoff)
        };
        ctx.printer.out(&text).map_err(Error::Output)?;
        return Ok(RunOutcome::Success);
    }
    let mut store = Store::open(&ctx.config.database)?;
    let _lock = lock::take(&ctx.config.database, None)?;
    let selection = query::cleanup_selection(&store.all_models()?, &providers, cutoff, now);
    if !selection.is_empty() && !args.force {
        let stdin = std::io::stdin();
        if !stdin.is_terminal() {
            return Err(CleanupError::NeedsForce {
                count: selection.len(),
            }
            .into());
        }
        ctx.printer.err(&render::text(&selection, true, cutoff));
        ctx.printer.err(&format!(
            "Delete these {} models with their prices and history? [y/N] ",
            selection.len()
        ));
        let mut answer = String::new();
        let _ = stdin.lock().read_line(&mut answer);
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            return Err(CleanupError::Declined.into());
        }
    }
    let keys: Vec<_> = selection
        .iter()
        .map(|(s, _)| (s.provider.clone(), s.model.id.clone()))
        .collect();
    store.delete_models(&keys)?;
    tracing::info!(operation = "cleanup", deleted = keys.len(), "cleaned up");
    let text = if json {
        render::json(&selection, false, cutoff)
    } else {
        render::text(&selection, false, cutoff)
    };
    ctx.printer.out(&text).map_err(Error::Output)?;
    Ok(RunOutcome::Success)
}

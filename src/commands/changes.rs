//! `aisync changes`: what runs changed, from the change log, oldest first. No network.

use super::Context;
use crate::config::Config;
use crate::error::{Error, RunOutcome};
use crate::model::{ChangeKind, LoggedChange, parse_time};
use crate::output::{Format, changes as render};
use crate::providers::check_names;
use crate::query;
use crate::store::{ChangeFilter, Store};

const EXAMPLES: &str = "\
Examples:
  aisync changes                               Everything the log holds, oldest first, by run
  aisync changes --since 7d                    This week
  aisync changes --since 1042 --format jsonl   The entries after sequence number 1042, for a script
  aisync changes -p openai --kind price.changed --limit 20
  aisync changes --model gpt-4o --since 2026-11-01";

/// The arguments of `changes`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct ChangesArgs {
    /// Only entries since then: a duration back from now (7d, 12h, 2w), a time (RFC 3339 or a
    /// date), or a sequence number (the entries after it)
    #[arg(long, value_name = "DURATION|TIME|SEQ")]
    pub since: Option<String>,
    /// Only these providers: repeat the flag or separate names with commas
    #[arg(short = 'p', long = "provider", value_name = "NAME")]
    pub providers: Vec<crate::cli::ProviderNames>,
    /// Only entries of this kind (repeatable): model.added, model.removed, model.restored,
    /// model.updated, price.changed, change.held, change.accepted, sync.failed,
    /// sync.recovered, catalog.refreshed
    #[arg(long = "kind", value_name = "KIND", value_parser = parse_kind)]
    pub kinds: Vec<ChangeKind>,
    /// Only entries about this model id
    #[arg(long, value_name = "ID")]
    pub model: Option<String>,
    /// The latest N entries (still shown oldest first)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

fn parse_kind(s: &str) -> Result<ChangeKind, String> {
    ChangeKind::parse(s.trim()).ok_or_else(|| {
        let all: Vec<&str> = ChangeKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("expected one of: {}", all.join(", "))
    })
}

/// A `--since` that names no time or entry.
#[derive(Debug, thiserror::Error)]
#[error(
    "--since {0:?} is neither a sequence number (1042), a duration (7d, 12h, 2w) nor a time (2026-11-01, 2026-11-01T10:00:00Z)"
)]
pub struct BadSince(pub String);

pub fn run(ctx: &Context, args: &ChangesArgs) -> Result<RunOutcome, Error> {
    let entries = select(&ctx.config, args)?;
    match ctx.format {
        Format::Json => ctx.printer.out(&render::json(&entries)),
        Format::Jsonl => ctx.printer.out(&render::jsonl(&entries)),
        _ => ctx.printer.out(&render::text(&entries, ctx.config.columns)),
    }
    .map_err(Error::Output)?;
    Ok(RunOutcome::Success)
}

/// The entries the arguments select, oldest first: what `changes` prints, and what `serve`'s
/// `/v1/changes` answers.
pub fn select(config: &Config, args: &ChangesArgs) -> Result<Vec<LoggedChange>, Error> {
    let mut filter = ChangeFilter {
        providers: crate::cli::provider_names(&args.providers),
        kinds: args.kinds.clone(),
        model: args.model.clone(),
        limit: args.limit,
        ..ChangeFilter::default()
    };
    if let Some(since) = &args.since {
        let t = since.trim();
        if let Ok(seq) = t.parse::<i64>() {
            filter.after_seq = Some(seq);
        } else if let Some(at) = parse_time(t) {
            filter.since = Some(at);
        } else {
            filter.since = Some(
                query::parse_cutoff(t, config.now)
                    .map_err(|_| Error::Since(BadSince(t.to_owned())))?,
            );
        }
    }
    let store = Store::open_read_only(&config.database)?;
    check_names(&filter.providers, &query::known_providers(&store, config)?)?;
    Ok(store.changes(&filter)?)
}

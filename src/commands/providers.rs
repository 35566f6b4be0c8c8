//! `aisync providers`: every provider aisync knows, with its settings and health.

use super::Context;
use crate::error::{Error, RunOutcome};
use crate::output::{Format, providers as render};
use crate::query;
use crate::store::Store;

const EXAMPLES: &str = "\
Examples:
  aisync providers                  Which providers have keys, when each last synced, how often it fails
  aisync providers --format json";

/// The arguments of `providers`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct ProvidersArgs {}

pub fn run(ctx: &Context, _args: &ProvidersArgs) -> Result<RunOutcome, Error> {
    let store = Store::open_read_only(&ctx.config.database)?;
    let views = query::provider_views(&store, &ctx.config)?;
    let text = match ctx.format {
        Format::Json => render::json(&views),
        _ => render::text(&views, ctx.config.columns, ctx.config.now, ctx.verbose > 0),
    };
    ctx.printer.out(&text).map_err(Error::Output)?;
    Ok(RunOutcome::Success)
}

//! `aisync providers`: every provider aisync knows, with its settings and health.

use super::Context;
use crate::error::Error;
use crate::error::RunOutcome;
use crate::model::ModelStatus;
use crate::output::{Format, providers as render};
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
    let mut rows = Vec::new();
    for p in &ctx.config.providers {
        if p.kind == crate::providers::Kind::Mock && ctx.config.is_production() {
            continue;
        }
        let models = store
            .provider_models(&p.id)?
            .iter()
            .filter(|m| m.model.status != ModelStatus::Removed)
            .count();
        rows.push(render::Row {
            provider: p,
            state: store.sync_state(&p.id)?,
            health: store.run_health(&p.id)?,
            models,
        });
    }
    let text = match ctx.format {
        Format::Json => render::json(&rows),
        _ => render::text(&rows, ctx.config.columns, ctx.config.now),
    };
    ctx.printer.out(&text).map_err(Error::Output)?;
    Ok(RunOutcome::Success)
}

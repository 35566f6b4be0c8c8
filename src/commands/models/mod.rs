//! `aisync models`: read the catalog (list, info) and prune it (cleanup). None of these
//! touches the network.

pub mod cleanup;
pub mod info;
pub mod list;

use super::Context;
use crate::error::Error;
use crate::error::RunOutcome;

/// List, inspect and prune the synced models.
#[derive(Debug, clap::Args)]
pub struct ModelsArgs {
    #[command(subcommand)]
    pub command: ModelsCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ModelsCommand {
    /// List synced models, filtered and sorted, as a table, JSON or CSV
    List(list::ListArgs),
    /// Everything known about one model: facts, capabilities, prices, usage, lifecycle
    Info(info::InfoArgs),
    /// Delete models their provider stopped listing long ago (removed, and unseen for 90 days
    /// by default), with their prices and history
    Cleanup(cleanup::CleanupArgs),
}

pub fn run(ctx: &Context, args: &ModelsArgs) -> Result<RunOutcome, Error> {
    match &args.command {
        ModelsCommand::List(a) => list::run(ctx, a),
        ModelsCommand::Info(a) => info::run(ctx, a),
        ModelsCommand::Cleanup(a) => cleanup::run(ctx, a),
    }
}

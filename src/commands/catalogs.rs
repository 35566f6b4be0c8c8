//! `aisync catalogs [list]` and `aisync catalogs forget NAME`: the catalogs prices come from,
//! and dropping a cached copy. No network.

use std::time::Duration;

use super::Context;
use crate::error::{Error, RunOutcome};
use crate::lock;
use crate::output::{Format, catalogs as render};
use crate::pricing::catalogs;
use crate::store::Store;

const EXAMPLES: &str = "\
Examples:
  aisync catalogs                     Which catalogs prices come from, how fresh each is
  aisync catalogs --format json
  aisync catalogs forget litellm      Drop a cached copy (the next sync-pricing refetches it)";

/// The arguments of `catalogs`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct CatalogsArgs {
    #[command(subcommand)]
    pub command: Option<CatalogsCommand>,
}

#[derive(Debug, clap::Subcommand)]
pub enum CatalogsCommand {
    /// The catalogs in use, in precedence order, then other cached copies (the default)
    List,
    /// Drop the cached copy of a catalog: a configured one is fetched again by the next
    /// sync-pricing; one cached by an earlier --catalog is gone
    Forget {
        /// The catalog's name, as `aisync catalogs` shows it
        name: String,
        /// If a sync is running on this database, wait up to this many seconds for it
        #[arg(long, value_name = "SECONDS", default_value_t = 0, value_parser = crate::config::bounds::wait_flag)]
        wait: u64,
    },
}

/// A catalog `forget` cannot drop.
#[derive(Debug, thiserror::Error)]
pub enum ForgetError {
    #[error("the bundled snapshot is compiled into aisync: there is no cached copy to forget")]
    Bundled,
    #[error("no cached catalog {name:?} (cached: {cached})")]
    Unknown { name: String, cached: String },
    #[error("another run holds the lock on {0}; try again, or pass --wait SECONDS")]
    Locked(String),
}

pub fn run(ctx: &Context, args: &CatalogsArgs) -> Result<RunOutcome, Error> {
    match &args.command {
        None | Some(CatalogsCommand::List) => {
            let store = Store::open_read_only(&ctx.config.database)?;
            let views = catalogs::views(&store, &ctx.config)?;
            let text = match ctx.format {
                Format::Json => render::json(&views),
                _ => render::text(&views, ctx.config.columns, ctx.config.now),
            };
            ctx.printer.out(&text).map_err(Error::Output)?;
        }
        Some(CatalogsCommand::Forget { name, wait }) => {
            if name == crate::catalog::bundled::NAME {
                return Err(Error::Forget(ForgetError::Bundled));
            }
            Store::prepare(&ctx.config.database)?;
            let Some(_lock) = lock::acquire(&ctx.config.database, Duration::from_secs(*wait))?
            else {
                return Err(Error::Forget(ForgetError::Locked(
                    ctx.config.database.to_string(),
                )));
            };
            let mut store = Store::open(&ctx.config.database)?;
            let found = catalogs::views(&store, &ctx.config)?
                .into_iter()
                .find(|v| &v.name == name && v.fetched_at.is_some());
            let Some(cached) = found else {
                let names: Vec<String> = store
                    .cached_catalogs()?
                    .into_iter()
                    .map(|(n, _, _)| n)
                    .collect();
                return Err(Error::Forget(ForgetError::Unknown {
                    name: name.clone(),
                    cached: if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    },
                }));
            };
            store.forget_catalog(name)?;
            tracing::info!(operation = "forget", catalog = %name, "forgot a cached catalog");
            let text = match ctx.format {
                Format::Json => render::forgot_json(&cached),
                _ => render::forgot_text(&cached, ctx.config.now),
            };
            ctx.printer.out(&text).map_err(Error::Output)?;
        }
    }
    Ok(RunOutcome::Success)
}

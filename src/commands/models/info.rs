//! `aisync models info MODEL [PROVIDER]`: everything known about one model.

use chrono::TimeDelta;

use super::Context;
use crate::error::Error;
use crate::error::RunOutcome;
use crate::output::Format;
use crate::output::models::{self, Info};
use crate::pricing::catalogs;
use crate::providers::check_names;
use crate::query;
use crate::store::Store;

const EXAMPLES: &str = "\
Examples:
  aisync models info gpt-4o                    One model (its provider is found)
  aisync models info gpt-4o openai --history   With every recorded price change
  aisync models info gpt-4o --format json";

/// How far back the usage statistics reach.
const USAGE_DAYS: i64 = 30;

/// The arguments of `models info`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct InfoArgs {
    /// The model's id, as its provider lists it
    pub model: String,
    /// The provider, when the id is listed by more than one
    pub provider: Option<String>,
    /// Show the model's price history
    #[arg(long)]
    pub history: bool,
}

pub fn run(ctx: &Context, args: &InfoArgs) -> Result<RunOutcome, Error> {
    let store = Store::open_read_only(&ctx.config.database)?;
    let order = catalogs::order(&store, &ctx.config.catalogs)?;
    // Provider names are lowercase everywhere, as --provider reads them.
    let provider = args
        .provider
        .as_ref()
        .map(|p| p.trim().to_ascii_lowercase());
    if let Some(p) = &provider {
        check_names(
            std::slice::from_ref(p),
            &query::known_providers(&store, &ctx.config)?,
        )?;
    }
    let found = query::find(&store, &order, &args.model, provider.as_deref())?;
    let view = &found;
    let history = if args.history {
        Some(store.price_history(view.provider(), view.id())?)
    } else {
        None
    };
    let since = ctx.config.now - TimeDelta::days(USAGE_DAYS);
    let usage = store.usage_since(view.provider(), view.id(), since)?;
    let info = Info {
        view,
        history: history.as_deref(),
        usage: &usage,
        usage_days: USAGE_DAYS,
        now: ctx.config.now,
        width: ctx.config.columns,
    };
    let text = match ctx.format {
        Format::Json => models::info_json(&info),
        _ => models::info_text(&info),
    };
    ctx.printer.out(&text).map_err(Error::Output)?;
    Ok(RunOutcome::Success)
}

//! `aisync models info MODEL [PROVIDER]`: everything known about one model.

use chrono::TimeDelta;

use super::Context;
use crate::config::Config;
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
    let text = answer(&ctx.config, args, ctx.format == Format::Json)?;
    ctx.printer.out(&text).map_err(Error::Output)?;
    Ok(RunOutcome::Success)
}

/// Everything known about the model, as `models info` prints it: JSON when `json`, else the
/// text. `serve`'s `/v1/models/{provider}/{id}` answers with the same JSON.
pub fn answer(config: &Config, args: &InfoArgs, json: bool) -> Result<String, Error> {
    let store = Store::open_read_only(&config.database)?;
    let order = catalogs::order(&store, &config.catalogs)?;
    // Provider names are lowercase everywhere, as --provider reads them.
    let provider = args
        .provider
        .as_ref()
        .map(|p| p.trim().to_ascii_lowercase());
    if let Some(p) = &provider {
        check_names(
            std::slice::from_ref(p),
            &query::known_providers(&store, config)?,
        )?;
    }
    let view = &query::find(&store, &order, &args.model, provider.as_deref())?;
    let history = if args.history {
        Some(store.price_history(view.provider(), view.id())?)
    } else {
        None
    };
    let since = config.now - TimeDelta::days(USAGE_DAYS);
    let usage = store.usage_since(view.provider(), view.id(), since)?;
    let info = Info {
        view,
        history: history.as_deref(),
        usage: &usage,
        usage_days: USAGE_DAYS,
        now: config.now,
        width: config.columns,
    };
    Ok(if json {
        models::info_json(&info)
    } else {
        models::info_text(&info)
    })
}

//! `aisync models list`: the synced models, filtered and sorted, as a table, JSON or CSV.

use super::Context;
use crate::config::Config;
use crate::error::Error;
use crate::error::RunOutcome;
use crate::model::{Capability, ModelType};
use crate::output::{Format, models};
use crate::pricing::catalogs;
use crate::providers::check_names;
use crate::query::{self, Filter, SortKey};
use crate::store::Store;

const EXAMPLES: &str = "\
Examples:
  aisync models list                                     Every synced model
  aisync models list -p openai --type chat --active      OpenAI's active chat models
  aisync models list --capability vision --capability function_calling
  aisync models list --search claude --sort price --reverse --limit 5
  aisync models list --type chat --max-price 1 --sort price    Chat models at most $1 per 1M (blended)
  aisync models list --format csv > models.csv           For a spreadsheet
  aisync models list --format json | jq '.[].id'         For scripts";

/// The arguments of `models list`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct ListArgs {
    /// Only these providers: repeat the flag or separate names with commas
    #[arg(short, long = "provider", value_name = "NAME")]
    pub providers: Vec<crate::cli::ProviderNames>,
    /// Only models of this type
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_type)]
    pub model_type: Option<ModelType>,
    /// Only active models (not deprecated, not removed)
    #[arg(long)]
    pub active: bool,
    /// Only models with this capability (repeatable: all must hold), e.g. vision,
    /// function_calling, json_mode, reasoning, audio_input
    #[arg(long = "capability", value_name = "CAPABILITY", value_parser = parse_capability)]
    pub capabilities: Vec<Capability>,
    /// Only models whose id or name contains this text (any case)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Sort by this key; models without a value come last
    #[arg(long, value_enum, default_value_t = SortKey::Provider)]
    pub sort: SortKey,
    /// Reverse the sort order
    #[arg(long)]
    pub reverse: bool,
    /// Show at most this many models
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Only models whose blended token price (the --sort price blend: (3 × input + output) / 4,
    /// in USD per 1M tokens) is at most this
    #[arg(long, value_name = "USD", value_parser = parse_usd)]
    pub max_price: Option<crate::model::Decimal>,
}

fn parse_usd(s: &str) -> Result<crate::model::Decimal, String> {
    s.trim()
        .trim_start_matches('$')
        .parse::<crate::model::Decimal>()
        .ok()
        .filter(|d| !d.is_sign_negative())
        .ok_or_else(|| format!("{s:?} is not an amount in USD per 1M tokens (2.5)"))
}

pub(crate) fn parse_type(s: &str) -> Result<ModelType, String> {
    ModelType::parse(&s.to_ascii_lowercase()).ok_or_else(|| {
        let all: Vec<&str> = ModelType::ALL.iter().map(|t| t.as_str()).collect();
        format!("expected one of: {}", all.join(", "))
    })
}

pub(crate) fn parse_capability(s: &str) -> Result<Capability, String> {
    serde_json::from_value(serde_json::Value::String(s.to_ascii_lowercase().replace('-', "_"))).map_err(|_| {
        "expected one of: chat, completion, function_calling, json_mode, structured_output, vision, \
         audio_input, audio_output, reasoning, streaming, embedding, image_generation, \
         video_generation, moderation"
            .to_owned()
    })
}

pub fn run(ctx: &Context, args: &ListArgs) -> Result<RunOutcome, Error> {
    let views = select(&ctx.config, args)?;
    match ctx.format {
        Format::Json => ctx.printer.out_with(|w| models::write_list_json(w, &views)),
        Format::Csv => ctx.printer.out_with(|w| models::write_list_csv(w, &views)),
        Format::Table | Format::Jsonl => ctx
            .printer
            .out(&models::list_table(&views, ctx.config.columns)),
    }
    .map_err(Error::Output)?;
    Ok(RunOutcome::Success)
}

/// The models the arguments select, in their order: what `models list` prints, and what
/// `serve`'s `/v1/models` answers.
pub fn select(config: &Config, args: &ListArgs) -> Result<Vec<query::ModelView>, Error> {
    let store = Store::open_read_only(&config.database)?;
    let order = catalogs::order(&store, &config.catalogs)?;
    let providers = crate::cli::provider_names(&args.providers);
    check_names(&providers, &query::known_providers(&store, config)?)?;
    let filter = Filter {
        providers,
        model_type: args.model_type,
        active: args.active,
        capabilities: args.capabilities.clone(),
        search: args.search.clone(),
        max_price: args.max_price,
    };
    let mut views: Vec<_> = query::load(&store, &order)?
        .into_iter()
        .filter(|v| filter.keep(v))
        .collect();
    query::sort(&mut views, args.sort, args.reverse);
    if let Some(n) = args.limit {
        views.truncate(n);
    }
    Ok(views)
}

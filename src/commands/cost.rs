//! `aisync cost [MODEL [PROVIDER]]`: what a request costs at the price in force (now or at
//! `--at`), exactly; with no model, every model ranked by that cost. The rules of a quote are
//! `pricing::cost`'s; this file finds the prices and hands the result to `output::cost`.

use chrono::{DateTime, NaiveDate, Utc};

use super::Context;
use crate::catalog::{Catalog, matching};
use crate::config::Config;
use crate::error::Error;
use crate::error::RunOutcome;
use crate::model::{
    Capability, Decimal, ModelStatus, ModelType, ProviderId, ServiceTier, SourcedPrices, parse_time,
};
use crate::output::Format;
use crate::output::cost::{self as out, Compared, Costed};
use crate::pricing::catalogs;
use crate::pricing::cost::{Usage, quote};
use crate::pricing::plan::{effective_prices, prices_at};
use crate::providers::check_names;
use crate::query::{self, Filter, FindError, PickError};
use crate::store::Store;

const EXAMPLES: &str = "\
Examples:
  aisync cost gpt-4o --input 12000 --output 800           One request, at today's price
  aisync cost claude-sonnet-4-5 --input 250000 --cache-read 200000 --output 2000
                                                          Above 200k input: the long-context price
  aisync cost gpt-4o --input 1000000 --output 100000 --tier batch
  aisync cost gpt-4o --input 5000 --output 500 --requests 10000 --at 2026-06-01
  aisync cost new-model openai --input 1000 --output 100  A catalog entry no sync has listed yet
  aisync cost --input 10000 --output 1000 --type chat --limit 10
                                                          The cheapest chat models for that request";

/// The arguments of `cost`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct CostArgs {
    /// The model, as `models info` finds it; leave it out to compare every model
    pub model: Option<String>,
    /// The provider, when the id is listed by more than one, or to price a catalog entry no
    /// sync has listed yet
    pub provider: Option<String>,
    /// Total input tokens of one request: cache reads, cache writes and input audio included
    #[arg(
        long,
        value_name = "N",
        default_value_t = 0,
        help_heading = "What one request uses"
    )]
    pub input: u64,
    /// Output tokens of one request, output audio included
    #[arg(
        help_heading = "What one request uses",
        long,
        value_name = "N",
        default_value_t = 0
    )]
    pub output: u64,
    /// Input tokens read from the cache (a part of --input)
    #[arg(
        help_heading = "What one request uses",
        long,
        value_name = "N",
        default_value_t = 0
    )]
    pub cache_read: u64,
    /// Input tokens written to a 5-minute cache (a part of --input)
    #[arg(
        help_heading = "What one request uses",
        long,
        value_name = "N",
        default_value_t = 0
    )]
    pub cache_write: u64,
    /// Input tokens written to a 1-hour cache (a part of --input)
    #[arg(
        help_heading = "What one request uses",
        long = "cache-write-1h",
        value_name = "N",
        default_value_t = 0
    )]
    pub cache_write_1h: u64,
    /// Audio input tokens (a part of --input)
    #[arg(
        help_heading = "What one request uses",
        long,
        value_name = "N",
        default_value_t = 0
    )]
    pub input_audio: u64,
    /// Audio output tokens (a part of --output)
    #[arg(
        help_heading = "What one request uses",
        long,
        value_name = "N",
        default_value_t = 0
    )]
    pub output_audio: u64,
    /// Images: generated ones for a model that prices them, else input images
    #[arg(
        help_heading = "What one request uses",
        long,
        value_name = "N",
        default_value_t = 0
    )]
    pub images: u64,
    /// Seconds of audio or video (a video model's output, else the input)
    #[arg(help_heading = "What one request uses", long, value_name = "N", default_value_t = Decimal::ZERO, value_parser = parse_seconds)]
    pub seconds: Decimal,
    /// Characters (text to speech)
    #[arg(
        help_heading = "What one request uses",
        long,
        value_name = "N",
        default_value_t = 0
    )]
    pub characters: u64,
    /// How many such requests [default: 1]
    #[arg(help_heading = "What one request uses", long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub requests: Option<u64>,
    /// The service tier to price at
    #[arg(help_heading = "Which price", long, value_name = "TIER", default_value = "standard", value_parser = parse_tier)]
    pub tier: ServiceTier,
    /// Price at the price in force then (RFC 3339, or a date: its start, UTC)
    #[arg(help_heading = "Which price", long, value_name = "TIME", value_parser = parse_at)]
    pub at: Option<DateTime<Utc>>,
    /// Compare: only these providers (repeat the flag or separate names with commas)
    #[arg(
        help_heading = "Compare (without MODEL)",
        short = 'p',
        long = "provider",
        value_name = "NAME"
    )]
    pub providers: Vec<crate::cli::ProviderNames>,
    /// Compare: only models of this type
    #[arg(help_heading = "Compare (without MODEL)", long = "type", value_name = "TYPE", value_parser = super::models::list::parse_type)]
    pub model_type: Option<ModelType>,
    /// Compare: only models with this capability (repeatable: all must hold)
    #[arg(help_heading = "Compare (without MODEL)", long = "capability", value_name = "CAPABILITY", value_parser = super::models::list::parse_capability)]
    pub capabilities: Vec<Capability>,
    /// Compare: show at most this many priced models
    #[arg(help_heading = "Compare (without MODEL)", long, value_name = "N")]
    pub limit: Option<usize>,
}

fn parse_seconds(s: &str) -> Result<Decimal, String> {
    s.trim()
        .parse::<Decimal>()
        .ok()
        .filter(|d| !d.is_sign_negative())
        .ok_or_else(|| format!("{s:?} is not a number of seconds (8, 2.5)"))
}

fn parse_tier(s: &str) -> Result<ServiceTier, String> {
    ServiceTier::parse(&s.trim().to_ascii_lowercase())
        .ok_or_else(|| "expected one of: standard, batch, flex, priority".to_owned())
}

fn parse_at(s: &str) -> Result<DateTime<Utc>, String> {
    let t = s.trim();
    if let Some(at) = parse_time(t) {
        return Ok(at);
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
        .ok_or_else(|| {
            format!(
                "{t:?} is neither an RFC 3339 time (2026-06-01T12:00:00Z) nor a date (2026-06-01)"
            )
        })
}

impl CostArgs {
    fn usage(&self) -> Usage {
        Usage {
            input: self.input,
            output: self.output,
            cache_read: self.cache_read,
            cache_write: self.cache_write,
            cache_write_1h: self.cache_write_1h,
            input_audio: self.input_audio,
            output_audio: self.output_audio,
            images: self.images,
            seconds: self.seconds,
            characters: self.characters,
            requests: self.requests.unwrap_or(1),
            of_requests: 1,
        }
    }

    /// Whether the request says what it uses: a cost of nothing is no answer.
    fn says_something(&self) -> bool {
        let u = self.usage();
        [u.input, u.output, u.images, u.characters]
            .iter()
            .any(|n| *n > 0)
            || !u.seconds.is_zero()
            || self.requests.is_some()
    }
}

/// A request that says nothing it uses.
#[derive(Debug, thiserror::Error)]
#[error(
    "say what the request uses: --input N and --output N (tokens), or --images, --seconds, \
     --characters, --requests; see `aisync cost --help`"
)]
pub struct NothingAsked;

pub fn run(ctx: &Context, args: &CostArgs) -> Result<RunOutcome, Error> {
    let text = answer(&ctx.config, args, ctx.format == Format::Json)?;
    ctx.printer.out(&text).map_err(Error::Output)?;
    Ok(RunOutcome::Success)
}

/// The quote, or the ranking, as `cost` prints it: JSON when `json`, else the table. `serve`'s
/// `/v1/cost` answers with the same JSON.
pub fn answer(config: &Config, args: &CostArgs, json: bool) -> Result<String, Error> {
    if !args.says_something() {
        return Err(Error::Cost(NothingAsked.into()));
    }
    let usage = args.usage();
    // Parts larger than the whole are a usage error, whatever the model.
    usage.check().map_err(|e| Error::Cost(e.into()))?;
    let store = Store::open_read_only(&config.database)?;
    let order = catalogs::order(&store, &config.catalogs)?;
    let at = args.at.unwrap_or(config.now);
    Ok(if let Some(model) = &args.model {
        let costed = one(config, &store, &order, args, model, &usage, at)?;
        if json {
            out::json(&costed)
        } else {
            out::text(&costed, config.columns)
        }
    } else {
        let compared = compare(config, &store, &order, args, &usage, at)?;
        if json {
            out::compare_json(&compared)
        } else {
            out::compare_text(&compared, config.columns)
        }
    })
}

/// Where the prices of a time come from: the store, and the catalogs that date their prices.
struct Then<'a> {
    store: &'a Store,
    order: &'a [String],
    /// Cached catalogs with dated prices, read only when a past time is asked for.
    dated: Vec<Catalog>,
    now: DateTime<Utc>,
}

impl<'a> Then<'a> {
    fn new(
        config: &Config,
        store: &'a Store,
        order: &'a [String],
        at: DateTime<Utc>,
    ) -> Result<Self, Error> {
        let dated = if at < config.now {
            catalogs::load(store, &config.catalogs)?
                .into_iter()
                .filter(Catalog::is_dated)
                .collect()
        } else {
            Vec::new()
        };
        Ok(Self {
            store,
            order,
            dated,
            now: config.now,
        })
    }

    /// The prices of a stored model in force at `at`: today's as stored; for a time in the
    /// past, every source's as replayed from the model's history, with a dated catalog's
    /// prices taken from its own dates (its undated ones before its first dated one).
    fn in_force(
        &self,
        provider: &ProviderId,
        id: &str,
        current: Option<SourcedPrices>,
        at: DateTime<Utc>,
    ) -> Result<Option<SourcedPrices>, Error> {
        if at >= self.now {
            return Ok(current);
        }
        let history = self.store.price_history(provider, id)?;
        let mut groups = prices_at(&history, at);
        for c in &self.dated {
            let Some((entry, _)) = matching::find(c, provider.as_str(), id) else {
                continue;
            };
            groups.retain(|g| g.source != c.source);
            let prices = entry.prices_as_of(at);
            if !prices.is_empty() {
                let since = entry
                    .dated
                    .iter()
                    .rev()
                    .find(|d| d.from <= at)
                    .map_or(at, |d| d.from);
                groups.push(SourcedPrices {
                    source: c.source.clone(),
                    prices: prices.to_vec(),
                    observed_at: since,
                    filled: Vec::new(),
                });
            }
        }
        Ok(effective_prices(&groups, self.order))
    }
}

fn one(
    config: &Config,
    store: &Store,
    order: &[String],
    args: &CostArgs,
    model: &str,
    usage: &Usage,
    at: DateTime<Utc>,
) -> Result<Costed, Error> {
    let provider = args
        .provider
        .as_ref()
        .map(|p| p.trim().to_ascii_lowercase());
    let err = match query::find(store, order, model, provider.as_deref()) {
        Ok(view) => {
            let then = Then::new(config, store, order, at)?;
            let pricing = then.in_force(view.provider(), view.id(), view.pricing.clone(), at)?;
            let (provider, id) = (view.provider().to_string(), view.id().to_owned());
            return costed(provider, id, pricing, None, usage, args.tier, at);
        }
        Err(e) => e,
    };
    if let (FindError::Pick(PickError::Unknown { .. }), Some(p)) = (&err, &provider) {
        // Not synced: an entry of a catalog, in precedence order, for planning.
        for c in catalogs::load(store, &config.catalogs)? {
            let Some((entry, _)) = matching::find(&c, p, model) else {
                continue;
            };
            let observed_at = store
                .cached_catalog(&c.name)?
                .map_or(config.now, |cached| cached.fetched_at);
            let prices = entry.prices_as_of(at);
            let pricing = (!prices.is_empty()).then(|| SourcedPrices {
                source: c.source.clone(),
                prices: prices.to_vec(),
                observed_at,
                filled: Vec::new(),
            });
            let id = entry.id.clone();
            return costed(
                p.clone(),
                id,
                pricing,
                Some(c.name.clone()),
                usage,
                args.tier,
                at,
            );
        }
    }
    if let Some(p) = &provider {
        check_names(
            std::slice::from_ref(p),
            &query::known_providers(store, config)?,
        )?;
    }
    Err(err.into())
}

fn costed(
    provider: String,
    model: String,
    pricing: Option<SourcedPrices>,
    catalog_only: Option<String>,
    usage: &Usage,
    tier: ServiceTier,
    at: DateTime<Utc>,
) -> Result<Costed, Error> {
    let prices = pricing.as_ref().map_or(&[][..], |p| p.prices.as_slice());
    let quote = quote(prices, usage, tier).map_err(|e| Error::Cost(e.into()))?;
    Ok(Costed {
        provider,
        model,
        at,
        catalog_only,
        pricing,
        quote,
    })
}

fn compare(
    config: &Config,
    store: &Store,
    order: &[String],
    args: &CostArgs,
    usage: &Usage,
    at: DateTime<Utc>,
) -> Result<Compared, Error> {
    let providers = crate::cli::provider_names(&args.providers);
    check_names(&providers, &query::known_providers(store, config)?)?;
    let filter = Filter {
        providers,
        model_type: args.model_type,
        active: false,
        capabilities: args.capabilities.clone(),
        search: None,
        max_price: None,
    };
    let then = Then::new(config, store, order, at)?;
    let mut priced = Vec::new();
    let mut unpriced = Vec::new();
    for view in query::load(store, order)? {
        // A model its provider no longer lists cannot be called: it is no choice.
        if view.stored.model.status == ModelStatus::Removed || !filter.keep(&view) {
            continue;
        }
        let pricing = then.in_force(view.provider(), view.id(), view.pricing.clone(), at)?;
        let c = costed(
            view.provider().to_string(),
            view.id().to_owned(),
            pricing,
            None,
            usage,
            args.tier,
            at,
        )?;
        if c.quote.total.is_some() {
            priced.push(c);
        } else {
            unpriced.push(c);
        }
    }
    priced.sort_by(|a, b| {
        a.quote
            .total
            .cmp(&b.quote.total)
            .then_with(|| (&a.provider, &a.model).cmp(&(&b.provider, &b.model)))
    });
    if let Some(n) = args.limit {
        priced.truncate(n);
    }
    Ok(Compared {
        at,
        tier: args.tier,
        priced,
        unpriced,
    })
}

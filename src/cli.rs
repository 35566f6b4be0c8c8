//! The command line: global options and the subcommands, each of whose arguments live in its
//! own file under `commands/`. The `///` docs here are the `--help` text.

use std::path::PathBuf;
use std::str::FromStr;

use clap::{Parser, Subcommand, ValueEnum};

use crate::commands::models::ModelsArgs;
use crate::commands::providers::ProvidersArgs;
use crate::commands::sync_models::SyncModelsArgs;
use crate::commands::sync_pricing::SyncPricingArgs;
use crate::commands::usage::UsageArgs;
use crate::output::Format;

const EXAMPLES: &str = "\
Examples:
  aisync sync-models --provider mock         Sync the built-in demo provider (offline)
  aisync sync-models                         Sync every provider that has an API key
  aisync sync-models --dry-run --exit-code   CI check: exit 3 when the catalog would change
  aisync sync-pricing                        Apply exact prices from the catalogs
  aisync models list --capability vision     What the catalog holds
  aisync models info gpt-4o --history        One model, with its price history
  aisync providers                           Keys, last syncs and failure rates
  aisync serve                               Sync on schedule; health, metrics, catalog over HTTP
  aisync cost gpt-4o --input 12000 --output 800
                                             What one request costs, exactly

Exit codes: 0 success · 1 failure · 2 partial success · 3 changes pending · 64 usage · 78 config";

/// A local, queryable catalog of the AI models every provider offers.
///
/// aisync syncs each provider's list of models (what your keys can call) into a local SQLite
/// database, and reports what was added, changed and removed.
#[derive(Debug, Parser)]
#[command(
    name = "aisync",
    version,
    propagate_version = true,
    arg_required_else_help = true
)]
#[command(after_help = EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes: shown under their own heading in every command's --help,
/// after the command's own options.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Read settings from this TOML file [default: $AISYNC_CONFIG, else ~/.config/aisync/config.toml]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// The catalog: a SQLite file, or a PostgreSQL URL a fleet shares
    /// (postgres://USER:PASSWORD@HOST:5432/DB?sslmode=verify-full) [default: $AISYNC_DATABASE,
    /// else ~/.local/share/aisync/aisync.db]
    #[arg(long, global = true, value_name = "PATH|URL")]
    pub database: Option<PathBuf>,
    /// Output format: table (the default) for people, json for scripts, csv for `models list`,
    /// jsonl for `changes`
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,
    /// Say more: -v adds per-model changes and statistics to the output and info logs;
    /// -vv debug logs; -vvv trace logs (logs go to stderr)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,
    /// Say nothing on success; failures still go to stderr (for cron)
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// When to colour output (NO_COLOR is honoured with `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sync each provider's list of models into the catalog
    ///
    /// A provider takes part when it has credentials (or is named with --provider). One synced
    /// less than the sync interval ago (AI_SYNC_INTERVAL_HOURS, default 12) is skipped as
    /// `cache_valid` unless --force. Models a provider no longer lists are marked removed, never
    /// deleted. Each provider's sync is all or nothing, and one provider's failure never touches
    /// another's data.
    SyncModels(SyncModelsArgs),
    /// Refresh model catalogs and apply exact prices to the synced models
    ///
    /// Prices come from, highest first: an [[overrides]] entry in the config file, the
    /// provider's own API, remote catalogs ([[catalogs]] in the config file, then --catalog),
    /// and the snapshot compiled into aisync. A remote catalog is refetched when older than
    /// AI_PRICING_INTERVAL_HOURS (default 168) or with --force; one that is unreachable falls
    /// back to its cached copy. Every price keeps its source and a history of its changes.
    SyncPricing(SyncPricingArgs),
    /// List, inspect and prune the synced models (no network)
    Models(ModelsArgs),
    /// Every provider aisync knows: enabled, credentials, base URL, last sync, health
    Providers(ProvidersArgs),
    /// Import usage records, for the statistics of `models info`
    Usage(UsageArgs),
    /// What a request costs, exactly: one model, or every model ranked (no network)
    ///
    /// --input is the request's total input tokens, cache reads and writes included. Above a
    /// model's long-context threshold (its own: 200k, 128k, 272k …) every component is priced
    /// at its long-context price; --tier prices at batch, flex or priority prices; --at at the
    /// price in force then. A component asked for that no source prices makes the total
    /// unknown, never $0.
    Cost(crate::commands::cost::CostArgs),
    /// The catalogs prices come from, and how fresh each is (no network)
    ///
    /// Each catalog in precedence order, with its location, when it was fetched, its ETag, its
    /// entries and its freshness; cached copies no run uses are marked not in use. `catalogs
    /// forget NAME` drops a cached copy.
    Catalogs(crate::commands::catalogs::CatalogsArgs),
    /// What changed, from the change log, oldest first (no network)
    ///
    /// Every change a run applied: models added, removed, restored and updated, price changes,
    /// held and accepted changes, failures and recoveries, refreshed catalogs.
    Changes(crate::commands::changes::ChangesArgs),
    /// Where each [[notify]] sink stands; test one, or deliver every backlog now
    ///
    /// Every sync-models and sync-pricing run turns what it changed into events (sync.started,
    /// sync.completed, sync.failed, models.updated, prices.updated, changes.held) and
    /// delivers them, in order, to the sinks of the config file: webhooks (signed when given a
    /// secret), commands and JSONL files. Each sink keeps a cursor in the database, so an
    /// outage loses nothing and a delivery that succeeded is never repeated.
    Notify(crate::commands::notify::NotifyArgs),
    /// The effective configuration and where each value came from, and where files are
    ///
    /// `config show` lists every setting with its source (flag, env, .env, file:line, default);
    /// `config path` the config file, the database, its lock file and .env. Keys are shown only
    /// as present or absent.
    Config(crate::commands::configuration::ConfigArgs),
    /// Check what a first run needs, one line each with the fix for what fails
    ///
    /// The config parses, the database can be written, its schema, which providers have keys,
    /// and whether each provider that takes part answers at its base URL within --timeout (this
    /// one contacts the network; --offline skips it). Exit 0 when every check passes, 1
    /// otherwise.
    Doctor(crate::commands::doctor::DoctorArgs),
    /// Run the schedule and answer HTTP: health, metrics and the catalog, until SIGTERM
    ///
    /// Syncs models as providers fall due (AI_SYNC_INTERVAL_HOURS, failing ones again after a
    /// backoff), pricing every AI_PRICING_INTERVAL_HOURS, and cleanup when [serve] cleanup =
    /// true; each run takes the run lock, so a cron job on the same database takes turns with
    /// it. Answers on 127.0.0.1:8787: /healthz, /readyz, /metrics (Prometheus), /v1/models
    /// (the `models list` JSON, its filters as query parameters; ?format=openai for OpenAI
    /// clients), /v1/models/{provider}/{id}, /v1/changes, /v1/cost and /openapi.json. With
    /// AISYNC_SERVE_TOKEN set, every endpoint but /healthz asks for `Authorization: Bearer`.
    Serve(crate::commands::serve::ServeArgs),
    /// Write the whole catalog as one JSON document with a checksum (stdout, or --output)
    ///
    /// Models, prices and their history, sync state and runs, cached catalogs, usage, the
    /// change log, events and notify cursors: what `aisync import` loads into another store,
    /// SQLite or PostgreSQL, or on a host without network.
    Export(crate::commands::transfer::ExportArgs),
    /// Load a document `aisync export` wrote into an empty store (or --replace its content)
    ///
    /// All or nothing, in one transaction; the checksum, the version and every table are
    /// checked first.
    Import(crate::commands::transfer::ImportArgs),
    /// Print the shell completion script for bash, zsh, fish, powershell or elvish
    ///
    /// Reads no configuration and no database. See --help for where each shell looks.
    Completions(crate::commands::completions::CompletionsArgs),
    /// Print aisync's man page, or write one for every command into a folder
    ///
    /// Reads no configuration and no database.
    Man(crate::commands::man::ManArgs),
}

/// One `--provider` value: names separated by commas, trimmed and lowercased, empty ones
/// dropped (`-p "openai, Gemini"` is `openai` and `gemini`). clap parses every `--provider`
/// flag into these through [`FromStr`]; the flag repeats, and [`provider_names`] joins every
/// occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderNames(Vec<String>);

impl FromStr for ProviderNames {
    /// Any text is a list of names: whether each names a provider is for the command to say,
    /// with the names it knows.
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self(
            value
                .split(',')
                .map(|n| n.trim().to_ascii_lowercase())
                .filter(|n| !n.is_empty())
                .collect(),
        ))
    }
}

/// Every name given with `--provider`, in the order given, once each; empty means all.
pub fn provider_names(values: &[ProviderNames]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in values.iter().flat_map(|v| &v.0) {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

/// The command line of this process: through a tree of the one subcommand it names when that
/// is enough (`narrow.rs`), else through the whole tree, whose errors and help it reports.
pub fn parse() -> Result<Cli, clap::Error> {
    use clap::{CommandFactory as _, FromArgMatches as _};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(cli) = narrow::parse(&args) {
        return Ok(cli);
    }
    // `--version` says what this build is made of; `-V` stays one line.
    let command = Cli::command().long_version(&*Box::leak(long_version().into_boxed_str()));
    command
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
}

/// What `aisync --version` prints: the version, then what the build is made of.
pub fn long_version() -> String {
    let env = if cfg!(target_env = "gnu") {
        "-gnu"
    } else if cfg!(target_env = "musl") {
        "-musl"
    } else {
        ""
    };
    format!(
        "{}\ntarget: {}-{}{env}\nsqlite: {} (bundled)\ntls: rustls; the system's certificates (SSL_CERT_FILE, SSL_CERT_DIR) and the web's roots\nhttp: gzip; HTTPS_PROXY, HTTP_PROXY, NO_PROXY\nschema: {}",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::ARCH,
        std::env::consts::OS,
        rusqlite::version(),
        crate::store::Store::latest_schema(),
    )
}

mod narrow;

#[cfg(test)]
mod tests;

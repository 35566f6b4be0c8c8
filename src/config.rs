//! Configuration, resolved once: command-line flag > environment > config file > default.
//!
//! The result is a plain [`Config`] that commands receive by reference; nothing below this
//! module reads the environment or the config file. `config/aisync.toml` in the repository
//! documents every key with its built-in default, and a test keeps the two equal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Deserializer, Serialize};

pub mod bounds;
pub mod database;
pub mod dirs;
pub mod notify;
pub mod serve;
pub mod sources;

use crate::env::{self, Env};
use crate::model::{ProviderId, parse_time};
use crate::providers::{self, Auth, Credentials, Kind};
use crate::secret::Secret;
use bounds::Bounds;
use sources::{Origin, Setting};

/// Everything a command needs to know about its settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// The config file that was read, if any.
    pub file: Option<PathBuf>,
    pub database: database::Database,
    /// A provider synced less than this long ago is skipped as fresh.
    pub sync_interval: TimeDelta,
    /// `cached_until` = last sync + this.
    pub cache_ttl: TimeDelta,
    /// Bounds each provider request.
    pub timeout: Duration,
    /// Attempts in all for a transient failure.
    pub retry_attempts: u32,
    pub auto_sync: bool,
    pub pricing_interval: TimeDelta,
    /// How long the change log keeps an entry (`[changes] retention_days`, default a year).
    pub changes_retention: TimeDelta,
    /// How many providers are fetched at once.
    pub concurrency: usize,
    /// The removal guard: a list that would mark more than this share of a provider's models
    /// removed is held, not applied.
    pub max_removed_share: bounds::Share,
    /// `production` turns the mock provider off.
    pub environment: String,
    /// The clock, read once: every timestamp of a run is this instant.
    pub now: DateTime<Utc>,
    /// `AISYNC_NOW` set `now`.
    pub now_pinned: bool,
    /// Every provider aisync could sync, known ones first, then custom ones by name.
    pub providers: Vec<ProviderConfig>,
    pub mock: MockSettings,
    /// Log lines as JSON objects (`AISYNC_LOG_FORMAT=json`).
    pub log_json: bool,
    /// Tests only: retry delays are logged, not slept.
    pub skip_retry_sleep: bool,
    /// Remote catalogs from the config file, highest precedence first.
    pub catalogs: Vec<CatalogSettings>,
    /// Local price overrides from the config file.
    pub overrides: Vec<PriceOverride>,
    /// `COLUMNS`: the width tables fit when the terminal cannot be asked.
    pub columns: Option<u16>,
    /// Where events are delivered (`[[notify]]`), in the file's order.
    pub notify: Vec<notify::Sink>,
    /// How `serve` runs (`[serve]`, `AISYNC_SERVE_TOKEN`).
    pub serve: serve::ServeSettings,
    /// Every setting with its value and where it came from (`config show`).
    pub settings: Vec<Setting>,
    /// The config file named, or where it is looked for by default (`config path`).
    pub file_looked_at: Option<PathBuf>,
}

impl Config {
    pub fn is_production(&self) -> bool {
        self.environment.eq_ignore_ascii_case("production")
    }

    /// Logs the resolved settings at debug level (`-vv`), so a user can see which file and
    /// which values a run used. Never logs a secret: none is held here.
    pub fn log_resolved(&self) {
        tracing::debug!(
            file = ?self.file,
            database = %self.database,
            environment = %self.environment,
            sync_interval_hours = self.sync_interval.num_hours(),
            cache_ttl_hours = self.cache_ttl.num_hours(),
            timeout_s = self.timeout.as_secs(),
            retry_attempts = self.retry_attempts,
            auto_sync = self.auto_sync,
            pricing_interval_hours = self.pricing_interval.num_hours(),
            concurrency = self.concurrency,
            now = %self.now,
            "configuration resolved"
        );
    }
}

/// A provider's settings from the config file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderSettings {
    /// `false` turns the provider off; `true` makes it take part (mock included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// `openai-compatible` for a custom provider; known providers leave it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Overrides the provider's default base URL (below its env var).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// The env var that holds the key, instead of the provider's usual one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key_env: Option<String>,
    /// Extra request headers (custom providers, gateways).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
}

/// A provider as a run sees it: resolved from the built-in table, the env and the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderConfig {
    pub id: ProviderId,
    pub kind: Kind,
    pub base_url: String,
    pub api_key: Option<Secret>,
    /// Where a key is looked for, for the `no_credentials` hint (`OPENAI_API_KEY`).
    pub key_env: Option<String>,
    /// `enabled` from the config file.
    pub enabled: Option<bool>,
    /// Takes part without a key: keyless kinds whose variable is set, custom providers
    /// without `api_key_env`.
    pub keyless_ready: bool,
    /// Whether it has the key it needs (`providers::Credentials`, decided once here).
    pub credentials: Credentials,
    /// Extra headers: OpenAI's organisation and project, a custom provider's headers.
    pub headers: Vec<(String, String)>,
    /// Where `base_url` came from.
    pub base_url_origin: Origin,
    /// Where the key came from, when one was found.
    pub key_origin: Option<Origin>,
}

impl ProviderConfig {
    /// Whether the provider can take part when not named: a key, or no key needed.
    pub fn has_credentials(&self) -> bool {
        self.api_key.is_some() || self.keyless_ready
    }
}

/// How the mock provider behaves, for demos and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockSettings {
    pub valid_credentials: bool,
    pub fail: Option<MockFailure>,
    pub latency: Duration,
    pub models_file: Option<PathBuf>,
    /// `AI_MOCK_PRICE`: one price of one model, changed (model, component key, USD).
    pub price: Option<(String, String, crate::model::Decimal)>,
}

/// A failure the mock provider can be told to produce (`AI_MOCK_FAIL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MockFailure {
    Timeout,
    ServerError,
    RateLimited,
}

impl MockFailure {
    const ALL: [Self; 3] = [Self::Timeout, Self::ServerError, Self::RateLimited];

    /// As `AI_MOCK_FAIL` names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Timeout => "timeout",
            Self::ServerError => "server_error",
            Self::RateLimited => "rate_limited",
        }
    }
}

/// Values given on the command line, which beat everything else.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub database: Option<PathBuf>,
    pub timeout_seconds: Option<u64>,
}

/// A configuration that cannot be used. Always exit 78.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "config file {path} does not exist (named by {named_by}); create it or point {named_by} elsewhere"
    )]
    NotFound {
        path: PathBuf,
        named_by: &'static str,
    },
    /// A setting that parses but cannot be used as written.
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{var}={value:?} is not valid: expected {expected}")]
    InvalidEnv {
        var: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("cannot read .env file {0}")]
    Dotenv(#[from] env::DotenvError),
    #[error(
        "cannot find a place for the database: HOME and XDG_DATA_HOME are unset and this account has no home folder; pass --database PATH or set AISYNC_DATABASE"
    )]
    NoHome,
    /// The location is a URL of no store aisync has: opening it as a file would make a file
    /// named after the URL, password and all. The URL is never repeated: it may carry a
    /// password.
    #[error(
        "{named_by} is a {scheme}:// URL, but aisync stores its catalog in a SQLite file or a PostgreSQL database: give a file path or a postgres:// URL"
    )]
    DatabaseUrl {
        scheme: String,
        named_by: &'static str,
    },
    /// A PostgreSQL URL that cannot be used; `detail` never holds the password.
    #[error(
        "{named_by} is not a usable PostgreSQL URL: {detail}; see `aisync --help` for its form, e.g. postgres://USER:PASSWORD@HOST:5432/DBNAME?sslmode=require"
    )]
    PostgresUrl {
        detail: String,
        named_by: &'static str,
    },
}

/// The config file's shape. Every key is optional; missing keys take the built-in default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FileConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<PathBuf>,
    pub environment: String,
    pub sync: SyncSection,
    pub pricing: PricingSection,
    pub changes: ChangesSection,
    pub serve: serve::ServeSection,
    #[serde(
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "known_providers"
    )]
    pub providers: BTreeMap<String, ProviderSettings>,
    /// Remote catalogs, highest precedence first.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "unique_catalogs"
    )]
    pub catalogs: Vec<CatalogSettings>,
    /// Local prices that beat every other source.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<PriceOverride>,
    /// Sinks that events are delivered to.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "notify::checked"
    )]
    pub notify: Vec<notify::NotifySettings>,
}

/// `[[catalogs]]`: a remote catalog to fetch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogSettings {
    /// What prices and fields from it are recorded under; defaults to the format's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// An `http(s)://` URL or a local file path.
    pub url: String,
    pub format: crate::model::CatalogFormat,
}

impl CatalogSettings {
    pub fn name(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| self.format.default_name().to_owned())
    }
}

/// `[[overrides]]`: prices for one model, in USD per 1M tokens, written as strings or
/// integers so that they stay exact (`input = "2.5"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceOverride {
    pub provider: String,
    pub model: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<ExactPrice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<ExactPrice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cached_input: Option<ExactPrice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_write: Option<ExactPrice>,
}

/// A price read exactly from a config file: a string (`"0.15"`) or an integer, never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExactPrice(pub crate::model::Decimal);

impl Serialize for ExactPrice {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for ExactPrice {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = ExactPrice;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a price as a string, such as \"2.5\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ExactPrice, E> {
                crate::model::Decimal::from_str_exact(v.trim())
                    .ok()
                    .filter(|d| !d.is_sign_negative())
                    .map(ExactPrice)
                    .ok_or_else(|| {
                        E::custom(format!("{v:?} is not a price (write it like \"2.5\")"))
                    })
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<ExactPrice, E> {
                u64::try_from(v)
                    .map(|v| ExactPrice(crate::model::Decimal::from(v)))
                    .map_err(|_| E::custom("a price cannot be negative"))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<ExactPrice, E> {
                Err(E::custom(format!(
                    "write prices as strings so that they stay exact: \"{v}\", not {v}"
                )))
            }
        }
        d.deserialize_any(Visitor)
    }
}

fn unique_catalogs<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<CatalogSettings>, D::Error> {
    use serde::de::Error as _;
    let list = Vec::<CatalogSettings>::deserialize(d)?;
    let mut seen = std::collections::BTreeSet::new();
    for c in &list {
        let name = c.name();
        if name == crate::model::BUNDLED_CATALOG || !seen.insert(name.clone()) {
            return Err(D::Error::custom(format!(
                "catalog name \"{name}\" is used twice or reserved; give each [[catalogs]] a distinct name"
            )));
        }
        if providers::known(&name).is_some() {
            return Err(D::Error::custom(format!(
                "catalog name \"{name}\" is a provider's id, and its prices would read as that \
                 provider's own; name it apart (e.g. name = \"{name}-catalog\")"
            )));
        }
    }
    Ok(list)
}

/// `[sync]`: when and how providers are synced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SyncSection {
    #[serde(deserialize_with = "bounds::hours")]
    pub interval_hours: u32,
    #[serde(deserialize_with = "bounds::hours")]
    pub cache_ttl_hours: u32,
    #[serde(deserialize_with = "bounds::timeout_seconds")]
    pub timeout_seconds: u64,
    #[serde(deserialize_with = "bounds::retry_attempts")]
    pub retry_attempts: u64,
    pub auto_sync: bool,
    #[serde(deserialize_with = "bounds::concurrency")]
    pub concurrency: u64,
    /// A list that would mark more than this share of a provider's models removed is held.
    pub max_removed_share: bounds::Share,
}

/// `[changes]`: how long the change log keeps its entries (`models cleanup` prunes older
/// ones).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChangesSection {
    #[serde(deserialize_with = "bounds::retention_days")]
    pub retention_days: u32,
}

impl Default for ChangesSection {
    fn default() -> Self {
        Self {
            retention_days: 365,
        }
    }
}

/// `[pricing]`: when price catalogs are refreshed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PricingSection {
    #[serde(deserialize_with = "bounds::hours")]
    pub interval_hours: u32,
}

impl Default for FileConfig {
    fn default() -> Self {
        Self {
            database: None,
            environment: "local".to_owned(),
            sync: SyncSection::default(),
            pricing: PricingSection::default(),
            changes: ChangesSection::default(),
            serve: serve::ServeSection::default(),
            providers: BTreeMap::new(),
            catalogs: Vec::new(),
            overrides: Vec::new(),
            notify: Vec::new(),
        }
    }
}

/// How many providers a sync fetches at once unless told: every built-in provider, and a few
/// configured ones besides, so a run takes as long as its slowest provider.
pub const DEFAULT_CONCURRENCY: u64 = 16;

impl Default for SyncSection {
    fn default() -> Self {
        Self {
            interval_hours: 12,
            cache_ttl_hours: 24,
            timeout_seconds: 30,
            retry_attempts: 3,
            auto_sync: true,
            concurrency: DEFAULT_CONCURRENCY,
            max_removed_share: bounds::Share(crate::model::Decimal::new(5, 1)),
        }
    }
}

impl Default for PricingSection {
    fn default() -> Self {
        Self {
            interval_hours: 168,
        }
    }
}

/// Checks `[providers.NAME]` tables: a known name, or a custom one with `kind =
/// "openai-compatible"` and a `base_url`.
fn known_providers<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, ProviderSettings>, D::Error> {
    use serde::de::Error as _;
    let map = BTreeMap::<String, ProviderSettings>::deserialize(d)?;
    for (name, settings) in &map {
        let known = providers::known(name);
        match (known, settings.kind.as_deref()) {
            (Some(_), None) => {}
            (Some(_), Some(kind)) => {
                return Err(D::Error::custom(format!(
                    "provider \"{name}\" is built in; remove `kind = \"{kind}\"` (kind is for custom providers)"
                )));
            }
            (None, Some(Kind::OPENAI_COMPATIBLE)) => {
                let valid_name = !name.is_empty()
                    && name.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
                    });
                if !valid_name {
                    return Err(D::Error::custom(format!(
                        "custom provider name \"{name}\" must be lowercase letters, digits, - or _"
                    )));
                }
                if settings.base_url.is_none() {
                    return Err(D::Error::custom(format!(
                        "custom provider \"{name}\" needs base_url = \"https://…/v1\""
                    )));
                }
            }
            (None, Some(kind)) => {
                return Err(D::Error::custom(format!(
                    "unknown provider kind \"{kind}\" for \"{name}\" (expected \"{}\")",
                    Kind::OPENAI_COMPATIBLE
                )));
            }
            (None, None) => {
                return Err(D::Error::custom(format!(
                    "unknown provider \"{name}\" (expected one of: {}; or set kind = \"{}\" for a custom provider)",
                    providers::known_ids().join(", "),
                    Kind::OPENAI_COMPATIBLE
                )));
            }
        }
        if let Some(url) = &settings.base_url
            && reqwest::Url::parse(url).is_err()
        {
            return Err(D::Error::custom(format!(
                "provider \"{name}\": base_url \"{url}\" is not a URL"
            )));
        }
    }
    Ok(map)
}

/// Resolves every provider: built-in table < config file < environment.
fn resolve_providers(
    file: &BTreeMap<String, ProviderSettings>,
    env: &Env,
    keys: &sources::FileKeys,
) -> Result<Vec<ProviderConfig>, ConfigError> {
    let mut out = Vec::new();
    for known in providers::KNOWN {
        let settings = file.get(known.id).cloned().unwrap_or_default();
        let key_envs: Vec<String> = match (&settings.api_key_env, known.auth) {
            (Some(var), _) => vec![var.clone()],
            (None, Auth::Key(vars)) => vars.iter().map(|v| (*v).to_owned()).collect(),
            (None, Auth::Optional(vars)) => vars
                .iter()
                .filter(|v| v.ends_with("_API_KEY"))
                .map(|v| (*v).to_owned())
                .collect(),
            (None, Auth::None) => vec![],
        };
        let found = key_envs.iter().find_map(|v| Some((v, env.get(v)?)));
        let api_key = found.map(|(_, k)| Secret::new(k));
        let key_origin = found.map(|(var, _)| Origin::env(env, var));
        let credentials = Credentials::decide(api_key.is_some(), known.auth.needs_key());
        let keyless_ready = match known.auth {
            Auth::Optional(vars) => vars.iter().any(|v| env.get(v).is_some()),
            Auth::Key(_) | Auth::None => false,
        };
        let from_env = known
            .base_url_env
            .and_then(|var| Some((var, env.get(var)?)));
        if let Some((var, url)) = from_env {
            check_url(var, url)?;
        }
        let (base_url, base_url_origin) = match (from_env, &settings.base_url) {
            (Some((var, url)), _) => (url.to_owned(), Origin::env(env, var)),
            (None, Some(url)) => (
                url.clone(),
                keys.origin(&format!("providers.{}.base_url", known.id)),
            ),
            (None, None) => (known.default_base_url.to_owned(), Origin::Default),
        };
        let mut headers: Vec<(String, String)> = settings.headers.into_iter().collect();
        if known.kind == Kind::OpenAi {
            for (var, header) in [
                (env::OPENAI_ORG_ID, "OpenAI-Organization"),
                (env::OPENAI_PROJECT_ID, "OpenAI-Project"),
            ] {
                if let Some(v) = env.get(var) {
                    headers.push((header.to_owned(), v.to_owned()));
                }
            }
        }
        out.push(ProviderConfig {
            id: ProviderId::new(known.id),
            kind: known.kind,
            base_url,
            api_key,
            key_env: key_envs.first().cloned(),
            enabled: settings.enabled,
            keyless_ready,
            credentials,
            headers,
            base_url_origin,
            key_origin,
        });
    }
    for (name, settings) in file.iter().filter(|(n, _)| providers::known(n).is_none()) {
        let found = settings
            .api_key_env
            .as_deref()
            .and_then(|v| Some((v, env.get(v)?)));
        let api_key = found.map(|(_, k)| Secret::new(k));
        let credentials = Credentials::decide(api_key.is_some(), settings.api_key_env.is_some());
        out.push(ProviderConfig {
            id: ProviderId::new(name.clone()),
            kind: Kind::OpenAiCompatible,
            base_url: settings.base_url.clone().unwrap_or_default(),
            api_key,
            key_env: settings.api_key_env.clone(),
            enabled: settings.enabled,
            keyless_ready: settings.api_key_env.is_none(),
            credentials,
            headers: settings.headers.clone().into_iter().collect(),
            base_url_origin: keys.origin(&format!("providers.{name}.base_url")),
            key_origin: found.map(|(var, _)| Origin::env(env, var)),
        });
    }
    Ok(out)
}

/// The scheme of a database location written as a URL (`postgres://…`), if it is one. A
/// Windows path (`C:\\…`) has no `://`.
fn url_scheme(path: &Path) -> Option<String> {
    let text = path.to_str()?;
    let (scheme, _) = text.split_once("://")?;
    let valid = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// A base URL from the environment must be a URL.
fn check_url(var: &'static str, url: &str) -> Result<(), ConfigError> {
    match reqwest::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(()),
        _ => Err(ConfigError::InvalidEnv {
            var,
            value: url.to_owned(),
            expected: "an http:// or https:// URL",
        }),
    }
}

impl FileConfig {
    /// Parses a config file's text; errors carry the file, line and column.
    #[cfg(test)]
    pub fn parse(path: &Path, text: &str) -> Result<Self, ConfigError> {
        Self::parse_with_keys(path, text).map(|(file, _)| file)
    }

    /// The same, with the keys the file sets and their lines, from the one parse of the text.
    pub fn parse_with_keys(
        path: &Path,
        text: &str,
    ) -> Result<(Self, sources::FileKeys), ConfigError> {
        let error = |e: toml::de::Error| {
            let offset = e.span().map_or(0, |s| s.start);
            let (line, column) = line_column(text, offset);
            ConfigError::Parse {
                path: path.to_owned(),
                line,
                column,
                message: e.message().trim().to_owned(),
            }
        };
        let root = toml::de::DeTable::parse(text).map_err(error)?;
        let keys = sources::FileKeys::of(root.get_ref(), text);
        let file = Self::deserialize(toml::de::Deserializer::from(root)).map_err(error)?;
        Ok((file, keys))
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// A numeric variable, in its bounds; `None` when unset.
fn env_number(env: &Env, var: &'static str, bounds: Bounds) -> Result<Option<u64>, ConfigError> {
    let Some(raw) = env.get(var) else {
        return Ok(None);
    };
    bounds
        .parse(raw)
        .map(Some)
        .map_err(|expected| ConfigError::InvalidEnv {
            var,
            value: raw.to_owned(),
            expected,
        })
}

fn env_bool(env: &Env, var: &'static str) -> Result<Option<bool>, ConfigError> {
    let Some(raw) = env.get(var) else {
        return Ok(None);
    };
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(Some(true)),
        "0" | "false" | "no" | "off" => Ok(Some(false)),
        _ => Err(ConfigError::InvalidEnv {
            var,
            value: raw.to_owned(),
            expected: "true or false",
        }),
    }
}

/// Finds and reads the config file: `--config`, else `AISYNC_CONFIG`, else the XDG default
/// when it exists.
/// The file read (if any), its settings, the keys it sets, and where it is looked for.
struct Loaded {
    path: Option<PathBuf>,
    file: FileConfig,
    keys: sources::FileKeys,
    /// The file named, or the default location (which may not exist).
    looked_at: Option<PathBuf>,
}

fn load_file(overrides: &Overrides, env: &Env) -> Result<Loaded, ConfigError> {
    let named = overrides
        .config
        .clone()
        .map(|p| (p, "--config"))
        .or_else(|| {
            env.get(env::AISYNC_CONFIG)
                .map(|p| (PathBuf::from(p), "AISYNC_CONFIG"))
        });
    let path = if let Some((path, named_by)) = named {
        if !path.exists() {
            return Err(ConfigError::NotFound { path, named_by });
        }
        path
    } else {
        let default = dirs::config_base(env).map(|base| base.join("aisync").join("config.toml"));
        match default {
            Some(p) if p.is_file() => p,
            other => {
                return Ok(Loaded {
                    path: None,
                    file: FileConfig::default(),
                    keys: sources::FileKeys::default(),
                    looked_at: other,
                });
            }
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
        path: path.clone(),
        source,
    })?;
    let (file, keys) = FileConfig::parse_with_keys(&path, &text)?;
    Ok(Loaded {
        path: Some(path.clone()),
        file,
        keys,
        looked_at: Some(path),
    })
}

/// The mock provider's behaviour, from its `AI_MOCK_*` variables.
fn mock_settings(env: &Env) -> Result<MockSettings, ConfigError> {
    let fail = match env.get(env::AI_MOCK_FAIL).map(str::trim) {
        None => None,
        Some(name) => Some(
            MockFailure::ALL
                .into_iter()
                .find(|f| f.as_str() == name)
                .ok_or_else(|| ConfigError::InvalidEnv {
                    var: env::AI_MOCK_FAIL,
                    value: name.to_owned(),
                    expected: "timeout, server_error or rate_limited",
                })?,
        ),
    };
    Ok(MockSettings {
        valid_credentials: env_bool(env, env::AI_MOCK_VALID_CREDENTIALS)?.unwrap_or(true),
        fail,
        latency: Duration::from_millis(
            env_number(env, env::AI_MOCK_LATENCY_MS, bounds::LATENCY_MS)?.unwrap_or(0),
        ),
        models_file: env.get(env::AI_MOCK_MODELS_FILE).map(PathBuf::from),
        price: match env.get(env::AI_MOCK_PRICE).map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(mock_price(text).ok_or_else(|| ConfigError::InvalidEnv {
                var: env::AI_MOCK_PRICE,
                value: text.to_owned(),
                expected: "MODEL:COMPONENT=USD, e.g. mock-chat-large:input=3",
            })?),
        },
    })
}

/// `mock-chat-large:input=3` as (model, component, USD); `None` when it is not that shape or
/// the amount is no exact non-negative decimal.
fn mock_price(text: &str) -> Option<(String, String, crate::model::Decimal)> {
    let (model, rest) = text.split_once(':')?;
    let (component, usd) = rest.rsplit_once('=')?;
    let usd: crate::model::Decimal = usd.trim().parse().ok()?;
    let (model, component) = (model.trim(), component.trim());
    (!model.is_empty() && !component.is_empty() && !usd.is_sign_negative())
        .then(|| (model.to_owned(), component.to_owned(), usd))
}

/// Where the database lives: `--database`, else `AISYNC_DATABASE`, else the config file, else
/// the XDG data folder. A `postgres://` URL names a PostgreSQL database; another URL is refused.
fn database_location(
    overrides: &Overrides,
    env: &Env,
    file: &FileConfig,
    keys: &sources::FileKeys,
) -> Result<(database::Database, Origin), ConfigError> {
    let named = overrides
        .database
        .clone()
        .map(|p| (p, "--database"))
        .or_else(|| {
            env.get(env::AISYNC_DATABASE)
                .map(|p| (PathBuf::from(p), env::AISYNC_DATABASE))
        })
        .or_else(|| {
            file.database
                .clone()
                .map(|p| (p, "the config file's `database`"))
        });
    let origin = match named.as_ref().map(|(_, by)| *by) {
        Some("--database") => Origin::Flag("--database"),
        Some(env::AISYNC_DATABASE) => Origin::env(env, env::AISYNC_DATABASE),
        Some(_) => keys.origin("database"),
        None => Origin::Default,
    };
    if let Some((path, named_by)) = &named
        && let Some(scheme) = url_scheme(path)
    {
        if scheme != "postgres" && scheme != "postgresql" {
            return Err(ConfigError::DatabaseUrl { scheme, named_by });
        }
        let url = path.to_str().unwrap_or_default();
        return database::PgTarget::parse(url)
            .map(|t| (database::Database::Postgres(Box::new(t)), origin))
            .map_err(|detail| ConfigError::PostgresUrl { detail, named_by });
    }
    let path = match named.map(|(p, _)| p) {
        Some(p) => p,
        None => dirs::data_base(env)
            .ok_or(ConfigError::NoHome)?
            .join("aisync")
            .join("aisync.db"),
    };
    Ok((database::Database::Sqlite(path), origin))
}

/// Records each setting as `resolve` decides it: its value and where it came from.
struct Layers<'a> {
    env: &'a Env,
    keys: &'a sources::FileKeys,
    shown: Vec<Setting>,
}

impl Layers<'_> {
    fn push(&mut self, name: &str, value: serde_json::Value, origin: Origin) {
        self.shown.push(Setting {
            name: name.to_owned(),
            value,
            origin,
        });
    }

    /// A number: `flag`, else `var` (in its bounds), else the file's value or the default.
    fn number(
        &mut self,
        key: &str,
        flag: Option<(&'static str, u64)>,
        var: &'static str,
        bounds: Bounds,
        file: u64,
    ) -> Result<u64, ConfigError> {
        let from_env = env_number(self.env, var, bounds)?.map(|v| (var, v));
        let (value, origin) = sources::layered(flag, from_env, file, key, self.keys, self.env);
        self.push(key, serde_json::json!(value), origin);
        Ok(value)
    }

    fn boolean(&mut self, key: &str, var: &'static str, file: bool) -> Result<bool, ConfigError> {
        let from_env = env_bool(self.env, var)?.map(|v| (var, v));
        let (value, origin) = sources::layered(None, from_env, file, key, self.keys, self.env);
        self.push(key, serde_json::json!(value), origin);
        Ok(value)
    }
}

/// The `[sync]` and `[pricing]` settings, as a run uses them.
struct Timing {
    interval: u64,
    ttl: u64,
    timeout: u64,
    retry_attempts: u64,
    auto_sync: bool,
    concurrency: u64,
    max_removed_share: bounds::Share,
    pricing: u64,
}

/// Decides the `[sync]`, `[pricing]` and `[changes]` settings, each recorded with its source.
fn timing(
    layers: &mut Layers<'_>,
    overrides: &Overrides,
    file: &FileConfig,
) -> Result<Timing, ConfigError> {
    // Every number is in its bounds (config/bounds.rs) by here, so none overflows later.
    let interval = layers.number(
        "sync.interval_hours",
        None,
        env::AI_SYNC_INTERVAL_HOURS,
        bounds::HOURS,
        file.sync.interval_hours.into(),
    )?;
    let ttl = layers.number(
        "sync.cache_ttl_hours",
        None,
        env::AI_MODEL_CACHE_TTL_HOURS,
        bounds::HOURS,
        file.sync.cache_ttl_hours.into(),
    )?;
    let timeout = layers.number(
        "sync.timeout_seconds",
        overrides.timeout_seconds.map(|t| ("--timeout", t)),
        env::AI_SYNC_TIMEOUT,
        bounds::TIMEOUT_SECONDS,
        file.sync.timeout_seconds,
    )?;
    let retry_attempts = layers.number(
        "sync.retry_attempts",
        None,
        env::AI_SYNC_RETRY_ATTEMPTS,
        bounds::RETRY_ATTEMPTS,
        file.sync.retry_attempts,
    )?;
    let auto_sync = layers.boolean(
        "sync.auto_sync",
        env::AI_AUTO_SYNC_MODELS,
        file.sync.auto_sync,
    )?;
    let concurrency = layers.number(
        "sync.concurrency",
        None,
        env::AISYNC_CONCURRENCY,
        bounds::CONCURRENCY,
        file.sync.concurrency,
    )?;
    let share_env = layers
        .env
        .get(env::AISYNC_MAX_REMOVED_SHARE)
        .map(|raw| {
            bounds::Share::parse(raw).ok_or_else(|| ConfigError::InvalidEnv {
                var: env::AISYNC_MAX_REMOVED_SHARE,
                value: raw.to_owned(),
                expected: bounds::SHARE_EXPECTED,
            })
        })
        .transpose()?
        .map(|v| (env::AISYNC_MAX_REMOVED_SHARE, v));
    let (max_removed_share, origin) = sources::layered(
        None,
        share_env,
        file.sync.max_removed_share,
        "sync.max_removed_share",
        layers.keys,
        layers.env,
    );
    layers.push(
        "sync.max_removed_share",
        serde_json::json!(max_removed_share.percent()),
        origin,
    );
    let pricing = layers.number(
        "pricing.interval_hours",
        None,
        env::AI_PRICING_INTERVAL_HOURS,
        bounds::HOURS,
        file.pricing.interval_hours.into(),
    )?;
    layers.push(
        "changes.retention_days",
        serde_json::json!(file.changes.retention_days),
        layers.keys.origin("changes.retention_days"),
    );
    Ok(Timing {
        interval,
        ttl,
        timeout,
        retry_attempts,
        auto_sync,
        concurrency,
        max_removed_share,
        pricing,
    })
}

/// `[serve]` and `AISYNC_SERVE_TOKEN`, each recorded with its source; the token only as set or
/// not.
fn serve_settings(
    layers: &mut Layers<'_>,
    file: &FileConfig,
) -> Result<serve::ServeSettings, ConfigError> {
    let raw = layers.env.get(env::AISYNC_SERVE_TOKEN);
    let token = serve::token(raw).map_err(|expected| ConfigError::InvalidEnv {
        var: env::AISYNC_SERVE_TOKEN,
        value: "(redacted)".to_owned(),
        expected,
    })?;
    let s = &file.serve;
    for (key, value) in [
        ("serve.cleanup", serde_json::json!(s.cleanup)),
        (
            "serve.cleanup_interval_hours",
            serde_json::json!(s.cleanup_interval_hours),
        ),
        (
            "serve.cleanup_older_than_days",
            serde_json::json!(s.cleanup_older_than_days),
        ),
        (
            "serve.max_connections",
            serde_json::json!(s.max_connections),
        ),
        (
            "serve.client_timeout_seconds",
            serde_json::json!(s.client_timeout_seconds),
        ),
    ] {
        let origin = layers.keys.origin(key);
        layers.push(key, value, origin);
    }
    let origin = if raw.is_some() {
        Origin::env(layers.env, env::AISYNC_SERVE_TOKEN)
    } else {
        Origin::Default
    };
    layers.push(
        "serve.token",
        serde_json::json!(if raw.is_some() { "set" } else { "not set" }),
        origin,
    );
    let clock_rate = env_number(layers.env, env::AISYNC_TEST_CLOCK_RATE, bounds::CLOCK_RATE)?;
    let mut settings = serve::ServeSettings::new(s, token);
    settings.clock_rate = clock_rate.unwrap_or(1) as u32;
    Ok(settings)
}

/// `production` turns the mock off: `AISYNC_ENV`, else Laravel's `APP_ENV`, else the file.
fn environment(layers: &mut Layers<'_>, file: &FileConfig) -> String {
    let env_var = [env::AISYNC_ENV, env::APP_ENV]
        .into_iter()
        .find_map(|var| Some((var, layers.env.get(var)?.to_owned())));
    let (environment, origin) = sources::layered(
        None,
        env_var,
        file.environment.clone(),
        "environment",
        layers.keys,
        layers.env,
    );
    layers.push("environment", serde_json::json!(environment), origin);
    environment
}

/// Resolves the whole configuration from the command line, the environment and the file.
pub fn resolve(overrides: &Overrides, env: &Env) -> Result<Config, ConfigError> {
    let Loaded {
        path: file_path,
        file,
        keys,
        looked_at,
    } = load_file(overrides, env)?;
    let mut layers = Layers {
        env,
        keys: &keys,
        shown: Vec::new(),
    };

    let (database, origin) = database_location(overrides, env, &file, &keys)?;
    layers.push("database", serde_json::json!(database.to_string()), origin);

    let Timing {
        interval,
        ttl,
        timeout,
        retry_attempts,
        auto_sync,
        concurrency,
        max_removed_share,
        pricing,
    } = timing(&mut layers, overrides, &file)?;
    let environment = environment(&mut layers, &file);

    let now = match env.get(env::AISYNC_NOW) {
        None => Utc::now(),
        Some(raw) => parse_time(raw.trim()).ok_or_else(|| ConfigError::InvalidEnv {
            var: env::AISYNC_NOW,
            value: raw.to_owned(),
            expected: "an RFC 3339 time such as 2026-11-23T10:30:00Z",
        })?,
    };

    let mock = mock_settings(env)?;

    let log_json = match env.get(env::AISYNC_LOG_FORMAT).map(str::trim) {
        None | Some("text") => false,
        Some("json") => true,
        Some(other) => {
            return Err(ConfigError::InvalidEnv {
                var: env::AISYNC_LOG_FORMAT,
                value: other.to_owned(),
                expected: "text or json",
            });
        }
    };

    let providers = resolve_providers(&file.providers, env, &keys)?;
    let notify = notify::resolve(
        &file.notify,
        env,
        file_path.as_deref().and_then(Path::parent),
        &|p| providers.iter().any(|c| c.id.as_str() == p),
    )
    .map_err(|message| ConfigError::Invalid {
        path: file_path.clone().unwrap_or_default(),
        message,
    })?;
    let serve = serve_settings(&mut layers, &file)?;
    let mut shown = layers.shown;
    sources::lists(&mut shown, &file, &keys);
    sources::providers(&mut shown, &providers, &keys);

    Ok(Config {
        file: file_path,
        database,
        sync_interval: TimeDelta::hours(interval as i64),
        cache_ttl: TimeDelta::hours(ttl as i64),
        timeout: Duration::from_secs(timeout),
        retry_attempts: retry_attempts as u32,
        auto_sync,
        pricing_interval: TimeDelta::hours(pricing as i64),
        changes_retention: TimeDelta::days(i64::from(file.changes.retention_days)),
        concurrency: concurrency as usize,
        max_removed_share,
        environment,
        now,
        now_pinned: env.get(env::AISYNC_NOW).is_some(),
        providers,
        notify,
        serve,
        settings: shown,
        file_looked_at: looked_at,
        catalogs: file.catalogs.clone(),
        overrides: file.overrides.clone(),
        columns: env
            .get(env::COLUMNS)
            .and_then(|c| c.trim().parse().ok())
            .filter(|c| *c > 0),
        mock,
        log_json,
        skip_retry_sleep: env_bool(env, env::AISYNC_TEST_SKIP_RETRY_SLEEP)?.unwrap_or(false),
    })
}

#[cfg(test)]
mod tests;

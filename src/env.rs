//! Every environment variable aisync reads, named once, and the snapshot they are read from.
//!
//! The process environment is read once at start-up, merged with a `.env` file in the working
//! directory (which never overrides a variable already set), and handed to configuration. No
//! other module reads `std::env`.

use std::collections::HashMap;
use std::path::Path;

/// Path of the config file (else `$XDG_CONFIG_HOME/aisync/config.toml`).
pub const AISYNC_CONFIG: &str = "AISYNC_CONFIG";
/// Path of the SQLite database.
pub const AISYNC_DATABASE: &str = "AISYNC_DATABASE";
/// `production` turns the mock provider off.
pub const AISYNC_ENV: &str = "AISYNC_ENV";
/// Laravel's name for the environment, read when `AISYNC_ENV` is unset.
pub const APP_ENV: &str = "APP_ENV";
/// Pins the clock (RFC 3339), for tests and reproducible demos.
pub const AISYNC_NOW: &str = "AISYNC_NOW";
/// `json` writes log lines as JSON objects.
pub const AISYNC_LOG_FORMAT: &str = "AISYNC_LOG_FORMAT";
/// How many providers are fetched at once.
pub const AISYNC_CONCURRENCY: &str = "AISYNC_CONCURRENCY";
/// The removal guard: the largest share of a provider's models one list may mark removed.
pub const AISYNC_MAX_REMOVED_SHARE: &str = "AISYNC_MAX_REMOVED_SHARE";
/// Hours after a successful sync during which a provider is skipped as fresh.
pub const AI_SYNC_INTERVAL_HOURS: &str = "AI_SYNC_INTERVAL_HOURS";
/// Hours a synced list is cached for (`cached_until`).
pub const AI_MODEL_CACHE_TTL_HOURS: &str = "AI_MODEL_CACHE_TTL_HOURS";
/// Request timeout in seconds.
pub const AI_SYNC_TIMEOUT: &str = "AI_SYNC_TIMEOUT";
/// Attempts in all for a transient failure.
pub const AI_SYNC_RETRY_ATTEMPTS: &str = "AI_SYNC_RETRY_ATTEMPTS";
/// Whether the long-running mode syncs by itself.
pub const AI_AUTO_SYNC_MODELS: &str = "AI_AUTO_SYNC_MODELS";
/// Hours between refreshes of remote price catalogs.
pub const AI_PRICING_INTERVAL_HOURS: &str = "AI_PRICING_INTERVAL_HOURS";
/// `false` makes the mock provider answer as if the key were wrong.
pub const AI_MOCK_VALID_CREDENTIALS: &str = "AI_MOCK_VALID_CREDENTIALS";
/// `timeout`, `server_error` or `rate_limited`: the mock provider fails that way.
pub const AI_MOCK_FAIL: &str = "AI_MOCK_FAIL";
/// Milliseconds the mock provider takes to answer.
pub const AI_MOCK_LATENCY_MS: &str = "AI_MOCK_LATENCY_MS";
/// A JSON file the mock provider serves instead of its built-in list.
pub const AI_MOCK_MODELS_FILE: &str = "AI_MOCK_MODELS_FILE";
/// `MODEL:COMPONENT=USD`: the mock provider lists that one price changed (per 1M tokens for a
/// token price), so history and "was" can be seen offline.
pub const AI_MOCK_PRICE: &str = "AI_MOCK_PRICE";
/// The bearer token `aisync serve` asks of every request but `/healthz`; needed to listen
/// anywhere but loopback.
pub const AISYNC_SERVE_TOKEN: &str = "AISYNC_SERVE_TOKEN";
/// Tests only: `serve`'s clock runs this many times faster than the wall clock (from
/// `AISYNC_NOW`, or from now), so a schedule of hours passes in seconds.
pub const AISYNC_TEST_CLOCK_RATE: &str = "AISYNC_TEST_CLOCK_RATE";
/// Tests only: retries compute and log their delays but do not sleep them.
pub const AISYNC_TEST_SKIP_RETRY_SLEEP: &str = "AISYNC_TEST_SKIP_RETRY_SLEEP";
/// The terminal width tables fit, where the terminal cannot be asked (pipes, CI).
pub const COLUMNS: &str = "COLUMNS";
/// Any value turns colour off (<https://no-color.org>).
pub const NO_COLOR: &str = "NO_COLOR";
/// Base of the default config path.
pub const XDG_CONFIG_HOME: &str = "XDG_CONFIG_HOME";
/// Base of the default database path.
pub const XDG_DATA_HOME: &str = "XDG_DATA_HOME";
/// The fallback base of both.
pub const HOME: &str = "HOME";

// --- Providers (SPEC §2): their keys and base URLs, as the table in `providers.rs` uses them.

/// OpenAI's key.
pub const OPENAI_API_KEY: &str = "OPENAI_API_KEY";
/// OpenAI's base URL.
pub const OPENAI_BASE_URL: &str = "OPENAI_BASE_URL";
/// Sent to OpenAI as `OpenAI-Organization`.
pub const OPENAI_ORG_ID: &str = "OPENAI_ORG_ID";
/// Sent to OpenAI as `OpenAI-Project`.
pub const OPENAI_PROJECT_ID: &str = "OPENAI_PROJECT_ID";
/// Gemini's key.
pub const GEMINI_API_KEY: &str = "GEMINI_API_KEY";
/// Gemini's key, when `GEMINI_API_KEY` is unset.
pub const GOOGLE_API_KEY: &str = "GOOGLE_API_KEY";
/// Gemini's base URL.
pub const GEMINI_BASE_URL: &str = "GEMINI_BASE_URL";
/// xAI's key.
pub const XAI_API_KEY: &str = "XAI_API_KEY";
/// xAI's base URL.
pub const XAI_BASE_URL: &str = "XAI_BASE_URL";
/// Anthropic's key.
pub const ANTHROPIC_API_KEY: &str = "ANTHROPIC_API_KEY";
/// Anthropic's base URL (without `/v1`).
pub const ANTHROPIC_BASE_URL: &str = "ANTHROPIC_BASE_URL";
/// Mistral's key.
pub const MISTRAL_API_KEY: &str = "MISTRAL_API_KEY";
/// Mistral's base URL.
pub const MISTRAL_BASE_URL: &str = "MISTRAL_BASE_URL";
/// OpenRouter's key (optional; set, it makes OpenRouter take part).
pub const OPENROUTER_API_KEY: &str = "OPENROUTER_API_KEY";
/// OpenRouter's base URL (set, it makes OpenRouter take part).
pub const OPENROUTER_BASE_URL: &str = "OPENROUTER_BASE_URL";
/// Ollama's address (set, it makes Ollama take part).
pub const OLLAMA_HOST: &str = "OLLAMA_HOST";
/// Groq's key.
pub const GROQ_API_KEY: &str = "GROQ_API_KEY";
/// Groq's base URL.
pub const GROQ_BASE_URL: &str = "GROQ_BASE_URL";
/// DeepSeek's key.
pub const DEEPSEEK_API_KEY: &str = "DEEPSEEK_API_KEY";
/// DeepSeek's base URL.
pub const DEEPSEEK_BASE_URL: &str = "DEEPSEEK_BASE_URL";
/// Together's key.
pub const TOGETHER_API_KEY: &str = "TOGETHER_API_KEY";
/// Together's base URL.
pub const TOGETHER_BASE_URL: &str = "TOGETHER_BASE_URL";

/// Every variable above, for `.env.example` and its test.
#[cfg(test)]
pub const ALL: &[&str] = &[
    AISYNC_CONFIG,
    AISYNC_DATABASE,
    AISYNC_ENV,
    APP_ENV,
    AISYNC_NOW,
    AISYNC_LOG_FORMAT,
    AISYNC_CONCURRENCY,
    AISYNC_MAX_REMOVED_SHARE,
    AI_SYNC_INTERVAL_HOURS,
    AI_MODEL_CACHE_TTL_HOURS,
    AI_SYNC_TIMEOUT,
    AI_SYNC_RETRY_ATTEMPTS,
    AI_AUTO_SYNC_MODELS,
    AI_PRICING_INTERVAL_HOURS,
    AI_MOCK_VALID_CREDENTIALS,
    AI_MOCK_FAIL,
    AI_MOCK_LATENCY_MS,
    AI_MOCK_MODELS_FILE,
    AI_MOCK_PRICE,
    AISYNC_SERVE_TOKEN,
    AISYNC_TEST_CLOCK_RATE,
    AISYNC_TEST_SKIP_RETRY_SLEEP,
    COLUMNS,
    NO_COLOR,
    XDG_CONFIG_HOME,
    XDG_DATA_HOME,
    HOME,
    OPENAI_API_KEY,
    OPENAI_BASE_URL,
    OPENAI_ORG_ID,
    OPENAI_PROJECT_ID,
    GEMINI_API_KEY,
    GOOGLE_API_KEY,
    GEMINI_BASE_URL,
    XAI_API_KEY,
    XAI_BASE_URL,
    ANTHROPIC_API_KEY,
    ANTHROPIC_BASE_URL,
    MISTRAL_API_KEY,
    MISTRAL_BASE_URL,
    OPENROUTER_API_KEY,
    OPENROUTER_BASE_URL,
    OLLAMA_HOST,
    GROQ_API_KEY,
    GROQ_BASE_URL,
    DEEPSEEK_API_KEY,
    DEEPSEEK_BASE_URL,
    TOGETHER_API_KEY,
    TOGETHER_BASE_URL,
];

/// A read-only snapshot of the environment. Empty values count as unset.
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: HashMap<String, String>,
    /// The names read from `.env` (set nowhere else).
    dotenv: std::collections::HashSet<String>,
}

/// What is wrong with a `.env` file, by line number. The bad line itself is never repeated:
/// it may hold a key.
fn dotenv_error(path: &Path, text: &str, e: dotenvy::Error) -> DotenvError {
    let path_text = path.display().to_string();
    let dotenvy::Error::LineParse(rest, _) = e else {
        return DotenvError {
            path: path_text,
            message: e.to_string(),
        };
    };
    // dotenvy hands back the text from the bad line on: where it starts is the line number.
    let start = rest.lines().next().unwrap_or_default();
    let line = text
        .find(&rest)
        .or_else(|| text.find(start))
        .map_or(0, |at| text[..at].matches('\n').count() + 1);
    let name = start
        .split_once('=')
        .map(|(k, _)| k.trim().trim_start_matches("export ").trim())
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    let message = match name {
        Some(name) => format!(
            "line {line}: cannot read the value of {name} (expected NAME=VALUE, with any quote closed); the value is not shown"
        ),
        None => format!("line {line}: cannot read this line (expected NAME=VALUE)"),
    };
    DotenvError {
        path: path_text,
        message,
    }
}

/// A `.env` file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct DotenvError {
    pub path: String,
    pub message: String,
}

impl Env {
    /// The process environment, with `.env` from `dir` filled in beneath it.
    pub fn load(dir: &Path) -> Result<Self, DotenvError> {
        let mut vars: HashMap<String, String> = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect();
        let mut dotenv = std::collections::HashSet::new();
        let path = dir.join(".env");
        if path.is_file() {
            let text = std::fs::read_to_string(&path).map_err(|e| DotenvError {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
            for item in dotenvy::from_read_iter(text.as_bytes()) {
                let (key, value) = item.map_err(|e| dotenv_error(&path, &text, e))?;
                if let std::collections::hash_map::Entry::Vacant(slot) = vars.entry(key.clone()) {
                    slot.insert(value);
                    dotenv.insert(key);
                }
            }
        }
        Ok(Self { vars, dotenv })
    }

    /// A snapshot made of exactly these pairs (tests).
    #[cfg(test)]
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            dotenv: std::collections::HashSet::new(),
        }
    }

    /// Whether the variable's value was read from `.env`.
    pub fn is_from_dotenv(&self, name: &str) -> bool {
        self.dotenv.contains(name)
    }

    /// Whether the variable is set at all, even to an empty value.
    pub fn is_set(&self, name: &str) -> bool {
        self.vars.contains_key(name)
    }

    /// The variable's value, or `None` when unset or empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests;

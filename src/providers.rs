//! The providers aisync knows (SPEC §2): their ids, the kind of API each speaks, the
//! environment variables that carry their keys and base URLs (named in `env.rs`), the names
//! model catalogs know them by, and whether each has the key it needs.
//!
//! The order of [`KNOWN`] is the order every run reports providers in; custom providers from
//! the config file follow, by name.

use crate::env;
use crate::model::ProviderId;

/// Which wire protocol a provider speaks, and so which driver serves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    OpenAi,
    Gemini,
    Xai,
    Anthropic,
    Mistral,
    OpenRouter,
    Ollama,
    Groq,
    DeepSeek,
    Together,
    /// Any endpoint that answers `GET {base}/models` like OpenAI (custom providers).
    OpenAiCompatible,
    Mock,
}

impl Kind {
    /// The name a config file uses for a custom provider's kind.
    pub const OPENAI_COMPATIBLE: &'static str = "openai-compatible";
}

/// How a provider gets its credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Needs a key from these env vars, the first one set winning.
    Key(&'static [&'static str]),
    /// Works without a key (a key, if set, is sent); takes part when enabled, named with
    /// `--provider`, or when one of these variables is set.
    Optional(&'static [&'static str]),
    /// Never needs one.
    None,
}

impl Auth {
    /// Whether the provider refuses to be called without a key.
    pub fn needs_key(self) -> bool {
        matches!(self, Self::Key(_))
    }
}

/// What a provider has of the credentials it needs. Decided here, once, when the configuration
/// is resolved: `aisync providers` shows it and discovery reads it, neither re-derives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credentials {
    /// A key was found.
    Present,
    /// No key was found, and none is needed.
    NotNeeded,
    /// No key was found, and the provider needs one.
    Missing,
}

impl Credentials {
    /// `has_key`: a key was found; `needs_key`: the provider refuses calls without one.
    pub fn decide(has_key: bool, needs_key: bool) -> Self {
        match (has_key, needs_key) {
            (true, _) => Self::Present,
            (false, false) => Self::NotNeeded,
            (false, true) => Self::Missing,
        }
    }

    /// As `aisync providers` shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Present => "yes",
            Self::NotNeeded => "not needed",
            Self::Missing => "no",
        }
    }
}

/// A provider aisync has a driver for.
#[derive(Debug, Clone, Copy)]
pub struct Known {
    pub id: &'static str,
    pub kind: Kind,
    pub auth: Auth,
    /// The env var that overrides the base URL, and the default.
    pub base_url_env: Option<&'static str>,
    pub default_base_url: &'static str,
    /// The names model catalogs give it, OpenRouter's author name first: models.dev's
    /// `google`, LiteLLM's `together_ai`, OpenRouter's `x-ai` and `mistralai`.
    pub catalog_names: &'static [&'static str],
}

/// Every known provider, in report order.
pub const KNOWN: &[Known] = &[
    Known {
        id: "openai",
        kind: Kind::OpenAi,
        auth: Auth::Key(&[env::OPENAI_API_KEY]),
        base_url_env: Some(env::OPENAI_BASE_URL),
        default_base_url: "https://api.openai.com/v1",
        // LiteLLM files OpenAI's completion models (babbage-002, davinci-002,
        // gpt-3.5-turbo-instruct) under `text-completion-openai`: the same API and key.
        catalog_names: &["openai", "text-completion-openai"],
    },
    Known {
        id: "gemini",
        kind: Kind::Gemini,
        auth: Auth::Key(&[env::GEMINI_API_KEY, env::GOOGLE_API_KEY]),
        base_url_env: Some(env::GEMINI_BASE_URL),
        default_base_url: "https://generativelanguage.googleapis.com/v1beta",
        catalog_names: &["google", "gemini"],
    },
    Known {
        id: "xai",
        kind: Kind::Xai,
        auth: Auth::Key(&[env::XAI_API_KEY]),
        base_url_env: Some(env::XAI_BASE_URL),
        default_base_url: "https://api.x.ai/v1",
        catalog_names: &["x-ai", "xai"],
    },
    Known {
        id: "anthropic",
        kind: Kind::Anthropic,
        auth: Auth::Key(&[env::ANTHROPIC_API_KEY]),
        base_url_env: Some(env::ANTHROPIC_BASE_URL),
        default_base_url: "https://api.anthropic.com",
        catalog_names: &["anthropic"],
    },
    Known {
        id: "mistral",
        kind: Kind::Mistral,
        auth: Auth::Key(&[env::MISTRAL_API_KEY]),
        base_url_env: Some(env::MISTRAL_BASE_URL),
        default_base_url: "https://api.mistral.ai/v1",
        catalog_names: &["mistralai", "mistral"],
    },
    Known {
        id: "openrouter",
        kind: Kind::OpenRouter,
        auth: Auth::Optional(&[env::OPENROUTER_API_KEY, env::OPENROUTER_BASE_URL]),
        base_url_env: Some(env::OPENROUTER_BASE_URL),
        default_base_url: "https://openrouter.ai/api/v1",
        catalog_names: &["openrouter"],
    },
    Known {
        id: "ollama",
        kind: Kind::Ollama,
        auth: Auth::Optional(&[env::OLLAMA_HOST]),
        base_url_env: Some(env::OLLAMA_HOST),
        default_base_url: "http://127.0.0.1:11434",
        catalog_names: &["ollama"],
    },
    Known {
        id: "groq",
        kind: Kind::Groq,
        auth: Auth::Key(&[env::GROQ_API_KEY]),
        base_url_env: Some(env::GROQ_BASE_URL),
        default_base_url: "https://api.groq.com/openai/v1",
        catalog_names: &["groq"],
    },
    Known {
        id: "deepseek",
        kind: Kind::DeepSeek,
        auth: Auth::Key(&[env::DEEPSEEK_API_KEY]),
        base_url_env: Some(env::DEEPSEEK_BASE_URL),
        default_base_url: "https://api.deepseek.com",
        catalog_names: &["deepseek"],
    },
    Known {
        id: "together",
        kind: Kind::Together,
        auth: Auth::Key(&[env::TOGETHER_API_KEY]),
        base_url_env: Some(env::TOGETHER_BASE_URL),
        default_base_url: "https://api.together.xyz/v1",
        catalog_names: &["together", "together_ai"],
    },
    Known {
        id: "mock",
        kind: Kind::Mock,
        auth: Auth::None,
        base_url_env: None,
        default_base_url: "",
        catalog_names: &[],
    },
];

/// The known provider with this id.
pub fn known(id: &str) -> Option<&'static Known> {
    KNOWN.iter().find(|k| k.id == id)
}

/// The ids of every known provider, for error messages.
pub fn known_ids() -> Vec<&'static str> {
    KNOWN.iter().map(|k| k.id).collect()
}

/// The provider a catalog's provider name means (`google` → `gemini`); `None`: one aisync
/// does not sync.
pub fn from_catalog_name(name: &str) -> Option<&'static str> {
    KNOWN
        .iter()
        .find(|k| k.catalog_names.contains(&name))
        .map(|k| k.id)
}

/// The author OpenRouter files a provider's models under (`xai` → `x-ai`); a provider it has
/// no name for is filed under its own id.
pub fn openrouter_author(id: &str) -> &str {
    known(id)
        .and_then(|k| k.catalog_names.first().copied())
        .unwrap_or(id)
}

/// A provider name that names no provider aisync knows: what every command that takes
/// `--provider` says, listing the ones it knows. Exit 64: a cron job with a typo must not
/// quietly do nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown provider \"{name}\" (known providers: {known})")]
pub struct UnknownProvider {
    pub name: String,
    pub known: String,
}

/// Every provider a command can name: the configured ones and any the store still holds
/// models of (a custom provider since removed from the config file), in report order.
pub fn all_known(configured: &[ProviderId], stored: &[ProviderId]) -> Vec<ProviderId> {
    in_report_order(configured.iter().chain(stored).cloned().collect())
}

/// Checks each requested name against `known`; the first one not there is the error.
pub fn check_names(requested: &[String], known: &[ProviderId]) -> Result<(), UnknownProvider> {
    match requested
        .iter()
        .find(|name| !known.iter().any(|k| k.as_str() == name.as_str()))
    {
        None => Ok(()),
        Some(name) => Err(UnknownProvider {
            name: name.clone(),
            known: known
                .iter()
                .map(ProviderId::as_str)
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// Provider ids in report order: known providers as [`KNOWN`] lists them, then custom ones by
/// name; each once.
pub fn in_report_order(mut ids: Vec<ProviderId>) -> Vec<ProviderId> {
    let rank = |p: &ProviderId| {
        KNOWN
            .iter()
            .position(|k| k.id == p.as_str())
            .unwrap_or(usize::MAX)
    };
    ids.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests;

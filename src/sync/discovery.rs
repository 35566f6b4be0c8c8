//! Which providers take part in a run (SPEC §2), in the stable order runs report them.

use crate::config::Config;
use crate::model::ProviderId;
use crate::providers::Kind;

/// Why a provider does not take part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// Synced less than the sync interval ago.
    CacheValid,
    /// No key in its env var or config.
    NoCredentials,
    /// Another run holds the lock.
    Locked,
    /// `enabled = false` in the config file.
    Disabled,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CacheValid => "cache_valid",
            Self::NoCredentials => "no_credentials",
            Self::Locked => "locked",
            Self::Disabled => "disabled",
        }
    }
}

/// A provider considered for a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Candidate {
    Takes(ProviderId),
    Skipped(ProviderId, SkipReason),
}

/// `--provider` named something that cannot be synced. Exit 64.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DiscoveryError {
    #[error("unknown provider \"{name}\" (known providers: {known})")]
    UnknownProvider { name: String, known: String },
    #[error(
        "the mock provider is not available in production (AISYNC_ENV or APP_ENV is \"production\"); name a real provider"
    )]
    MockInProduction,
}

/// Splits `--provider` values (repeatable, comma-separated) into names, in order, once each.
pub fn requested_names(values: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in values
        .iter()
        .flat_map(|v| v.split(','))
        .map(|n| n.trim().to_ascii_lowercase())
    {
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The providers of this run: those named (or, with none named, every configured one), each
/// taking part or skipped with its reason, in config order.
pub fn discover(config: &Config, requested: &[String]) -> Result<Vec<Candidate>, DiscoveryError> {
    for name in requested {
        if !config.providers.iter().any(|p| p.id.as_str() == name) {
            return Err(DiscoveryError::UnknownProvider {
                name: name.clone(),
                known: config
                    .providers
                    .iter()
                    .map(|p| p.id.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        if name == "mock" && config.is_production() {
            return Err(DiscoveryError::MockInProduction);
        }
    }
    let named = |id: &str| requested.iter().any(|n| n == id);
    let mut out = Vec::new();
    for p in &config.providers {
        let id = p.id.as_str();
        if !requested.is_empty() && !named(id) {
            continue;
        }
        let provider = p.id.clone();
        let candidate = match p.kind {
            // The demo provider is opt-in: named, or enabled in the config, never in production.
            Kind::Mock => {
                if config.is_production() || (!named(id) && p.enabled != Some(true)) {
                    continue;
                }
                if p.enabled == Some(false) {
                    Candidate::Skipped(provider, SkipReason::Disabled)
                } else {
                    Candidate::Takes(provider)
                }
            }
            _ if p.enabled == Some(false) => Candidate::Skipped(provider, SkipReason::Disabled),
            _ if p.has_credentials() => Candidate::Takes(provider),
            // A provider that needs no key takes part when asked for, by name or in the file.
            Kind::Ollama | Kind::OpenRouter if named(id) || p.enabled == Some(true) => {
                Candidate::Takes(provider)
            }
            _ => Candidate::Skipped(provider, SkipReason::NoCredentials),
        };
        out.push(candidate);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Overrides, resolve};
    use crate::env::Env;

    fn config(pairs: &[(&str, &str)]) -> Config {
        let mut all = vec![("HOME", "/h")];
        all.extend_from_slice(pairs);
        resolve(&Overrides::default(), &Env::from_pairs(all)).unwrap()
    }

    #[test]
    fn provider_values_split_on_commas_and_repeat() {
        let v = vec![
            "mock, openai".to_owned(),
            "MOCK".to_owned(),
            "gemini".to_owned(),
        ];
        assert_eq!(requested_names(&v), ["mock", "openai", "gemini"]);
    }

    fn set_enabled(c: &mut Config, id: &str, enabled: Option<bool>) {
        c.providers
            .iter_mut()
            .find(|p| p.id.as_str() == id)
            .unwrap()
            .enabled = enabled;
    }

    fn taking_part(c: &Config, requested: &[&str]) -> Vec<String> {
        let requested: Vec<String> = requested.iter().map(|s| (*s).to_owned()).collect();
        discover(c, &requested)
            .unwrap()
            .into_iter()
            .filter_map(|c| match c {
                Candidate::Takes(p) => Some(p.to_string()),
                Candidate::Skipped(..) => None,
            })
            .collect()
    }

    #[test]
    fn mock_takes_part_only_when_named_or_enabled() {
        let mut c = config(&[]);
        assert_eq!(taking_part(&c, &[]), Vec::<String>::new());
        assert_eq!(taking_part(&c, &["mock"]), ["mock"]);
        set_enabled(&mut c, "mock", Some(true));
        assert_eq!(taking_part(&c, &[]), ["mock"]);
        set_enabled(&mut c, "mock", Some(false));
        assert_eq!(
            discover(&c, &["mock".into()]).unwrap(),
            [Candidate::Skipped(
                ProviderId::new("mock"),
                SkipReason::Disabled
            )]
        );
    }

    #[test]
    fn mock_is_refused_in_production() {
        let mut c = config(&[("APP_ENV", "production")]);
        assert_eq!(
            discover(&c, &["mock".into()]),
            Err(DiscoveryError::MockInProduction)
        );
        set_enabled(&mut c, "mock", Some(true));
        assert_eq!(
            taking_part(&c, &[]),
            Vec::<String>::new(),
            "enabled mock stays out in production"
        );
    }

    #[test]
    fn keys_decide_who_takes_part_and_the_rest_are_skipped_in_order() {
        let c = config(&[
            ("OPENAI_API_KEY", "k1"),
            ("GOOGLE_API_KEY", "k2"),
            ("TOGETHER_API_KEY", "k3"),
        ]);
        assert_eq!(taking_part(&c, &[]), ["openai", "gemini", "together"]);
        let all = discover(&c, &[]).unwrap();
        assert_eq!(all.len(), 10, "every real provider is reported: {all:?}");
        assert_eq!(
            all[2],
            Candidate::Skipped(ProviderId::new("xai"), SkipReason::NoCredentials)
        );
        assert_eq!(
            taking_part(&c, &["anthropic", "openai"]),
            ["openai"],
            "named without a key: skipped, in config order"
        );
    }

    #[test]
    fn keyless_providers_take_part_when_named_enabled_or_configured() {
        let mut c = config(&[]);
        assert_eq!(
            taking_part(&c, &["ollama", "openrouter"]),
            ["openrouter", "ollama"]
        );
        set_enabled(&mut c, "openrouter", Some(true));
        assert_eq!(taking_part(&c, &[]), ["openrouter"]);
        let c = config(&[("OLLAMA_HOST", "http://127.0.0.1:1")]);
        assert_eq!(taking_part(&c, &[]), ["ollama"]);
        let mut c = config(&[("OPENAI_API_KEY", "k")]);
        set_enabled(&mut c, "openai", Some(false));
        assert_eq!(
            discover(&c, &["openai".into()]).unwrap(),
            [Candidate::Skipped(
                ProviderId::new("openai"),
                SkipReason::Disabled
            )]
        );
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let err = discover(&config(&[]), &["opneai".into()]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown provider \"opneai\" (known providers: openai, gemini, xai, anthropic, mistral, openrouter, ollama, groq, deepseek, together, mock)"
        );
    }
}

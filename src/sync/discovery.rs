//! Which providers take part in a run (SPEC §2), in the stable order runs report them.

use crate::config::{Config, KNOWN_PROVIDERS};
use crate::model::ProviderId;

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
    #[error("unknown provider \"{name}\" (known providers: {})", KNOWN_PROVIDERS.join(", "))]
    UnknownProvider { name: String },
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

/// The providers of this run: those named (or, with none named, every known one), each
/// taking part or skipped with its reason.
pub fn discover(config: &Config, requested: &[String]) -> Result<Vec<Candidate>, DiscoveryError> {
    for name in requested {
        if !KNOWN_PROVIDERS.contains(&name.as_str()) {
            return Err(DiscoveryError::UnknownProvider { name: name.clone() });
        }
        if name == "mock" && config.is_production() {
            return Err(DiscoveryError::MockInProduction);
        }
    }
    let named = |id: &str| requested.iter().any(|n| n == id);
    let mut out = Vec::new();
    for &id in KNOWN_PROVIDERS {
        if !requested.is_empty() && !named(id) {
            continue;
        }
        let enabled = config.providers.get(id).and_then(|p| p.enabled);
        let provider = ProviderId::new(id);
        let candidate = match id {
            // The demo provider is opt-in: named, or enabled in the config, never in production.
            "mock" => {
                if config.is_production() || (!named(id) && enabled != Some(true)) {
                    continue;
                }
                if enabled == Some(false) {
                    Candidate::Skipped(provider, SkipReason::Disabled)
                } else {
                    Candidate::Takes(provider)
                }
            }
            _ if enabled == Some(false) => Candidate::Skipped(provider, SkipReason::Disabled),
            _ => Candidate::Skipped(provider, SkipReason::NoCredentials),
        };
        out.push(candidate);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Overrides, ProviderSettings, resolve};
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

    #[test]
    fn mock_takes_part_only_when_named_or_enabled() {
        let c = config(&[]);
        assert_eq!(discover(&c, &[]).unwrap(), []);
        assert_eq!(
            discover(&c, &["mock".into()]).unwrap(),
            [Candidate::Takes(ProviderId::new("mock"))]
        );
        let mut enabled = c.clone();
        enabled.providers.insert(
            "mock".into(),
            ProviderSettings {
                enabled: Some(true),
            },
        );
        assert_eq!(
            discover(&enabled, &[]).unwrap(),
            [Candidate::Takes(ProviderId::new("mock"))]
        );
        let mut disabled = c;
        disabled.providers.insert(
            "mock".into(),
            ProviderSettings {
                enabled: Some(false),
            },
        );
        assert_eq!(
            discover(&disabled, &["mock".into()]).unwrap(),
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
        c.providers.insert(
            "mock".into(),
            ProviderSettings {
                enabled: Some(true),
            },
        );
        assert_eq!(
            discover(&c, &[]).unwrap(),
            [],
            "enabled mock is still left out in production"
        );
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let err = discover(&config(&[]), &["opneai".into()]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown provider \"opneai\" (known providers: mock)"
        );
    }
}

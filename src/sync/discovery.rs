//! Which providers take part in a run (SPEC §2), in the stable order runs report them.

use crate::config::Config;
use crate::model::ProviderId;
use crate::providers::{Credentials, Kind, UnknownProvider, check_names};

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
    #[error(transparent)]
    UnknownProvider(#[from] UnknownProvider),
    #[error(
        "the mock provider is not available in production (AISYNC_ENV or APP_ENV is \"production\"); name a real provider"
    )]
    MockInProduction,
}

/// The providers of this run: those named (or, with none named, every configured one), each
/// taking part or skipped with its reason, in config order.
pub fn discover(config: &Config, requested: &[String]) -> Result<Vec<Candidate>, DiscoveryError> {
    let configured: Vec<ProviderId> = config.providers.iter().map(|p| p.id.clone()).collect();
    check_names(requested, &configured)?;
    for name in requested {
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
            _ if p.credentials == Credentials::NotNeeded
                && (named(id) || p.enabled == Some(true)) =>
            {
                Candidate::Takes(provider)
            }
            _ => Candidate::Skipped(provider, SkipReason::NoCredentials),
        };
        out.push(candidate);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;

//! Which catalog entry describes a synced model: exact, then a short list of documented
//! normalisations, in this order. Never a fuzzy guess: a model no rule matches stays
//! unmatched (and unpriced). Each match says how it was made. Pure.
//!
//! 1. `exact`: the same provider and id.
//! 2. `models_prefix`: Gemini's `models/gemini-2.5-pro` is `gemini-2.5-pro`.
//! 3. `dated_snapshot`: `gpt-4.1-2025-04-14` or `claude-3-haiku-20240307` is the undated id.
//! 4. `latest_alias`: `codestral-latest` is `codestral`.
//! 5. `free_variant`: OpenRouter's `author/slug:free` is `author/slug`.
//! 6. `openrouter_slug`: OpenRouter's `anthropic/claude-opus-5` is Anthropic's
//!    `claude-opus-5`, and the other way round.

use super::{Catalog, Entry};
use crate::providers::{from_catalog_name, openrouter_author};

/// How a match was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    Exact,
    ModelsPrefix,
    DatedSnapshot,
    LatestAlias,
    FreeVariant,
    OpenRouterSlug,
}

impl How {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::ModelsPrefix => "models_prefix",
            Self::DatedSnapshot => "dated_snapshot",
            Self::LatestAlias => "latest_alias",
            Self::FreeVariant => "free_variant",
            Self::OpenRouterSlug => "openrouter_slug",
        }
    }
}

/// `id` without a dated snapshot suffix (`-2025-04-14`, `-20240307`), if it has one. The
/// suffix is ASCII, so an id whose last bytes are part of a wider character has none.
pub fn undated(id: &str) -> Option<&str> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // The split at `len - n`, where that is a character boundary.
    let split = |n: usize| {
        let at = id.len().checked_sub(n).filter(|&at| at > 0)?;
        Some((id.get(..at)?, id.get(at..)?))
    };
    if let Some((head, tail)) = split(11) {
        let parts: Vec<&str> = tail.splitn(4, '-').collect();
        if parts.len() == 4
            && parts[0].is_empty()
            && parts[1].len() == 4
            && parts[2].len() == 2
            && parts[3].len() == 2
            && parts[1..].iter().all(|p| digits(p))
        {
            return Some(head);
        }
    }
    if let Some((head, tail)) = split(9)
        && let Some(date) = tail.strip_prefix('-')
        && date.len() == 8
        && digits(date)
        && date.starts_with("20")
    {
        return Some(head);
    }
    None
}

/// The entry of `catalog` that describes `provider`'s model `id`, and how it matched.
pub fn find<'a>(catalog: &'a Catalog, provider: &str, id: &str) -> Option<(&'a Entry, How)> {
    if let Some(e) = catalog.get(provider, id) {
        return Some((e, How::Exact));
    }
    if let Some(e) = id
        .strip_prefix("models/")
        .and_then(|rest| catalog.get(provider, rest))
    {
        return Some((e, How::ModelsPrefix));
    }
    if let Some(e) = undated(id).and_then(|base| catalog.get(provider, base)) {
        return Some((e, How::DatedSnapshot));
    }
    if let Some(e) = id
        .strip_suffix("-latest")
        .and_then(|base| catalog.get(provider, base))
    {
        return Some((e, How::LatestAlias));
    }
    if let Some(e) = id
        .strip_suffix(":free")
        .and_then(|base| catalog.get(provider, base))
    {
        return Some((e, How::FreeVariant));
    }
    if provider == "openrouter" {
        let base = id.strip_suffix(":free").unwrap_or(id);
        let (author, slug) = base.split_once('/')?;
        let owner = from_catalog_name(author)?;
        return catalog.get(owner, slug).map(|e| (e, How::OpenRouterSlug));
    }
    let slug = format!("{}/{id}", openrouter_author(provider));
    catalog
        .get("openrouter", &slug)
        .map(|e| (e, How::OpenRouterSlug))
}

#[cfg(test)]
mod tests;

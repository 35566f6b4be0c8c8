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
//!
//! Ids a provider says are one model (Mistral's `aliases`) are matched as one ([`alias_order`]):
//! every member takes what the first member in that order matched (`alias`), so
//! `mistral-medium`, `mistral-medium-3` and `mistral-medium-latest` carry one price.
//!
//! A catalog whose entries carry rules of their own (genai-prices' `match` clauses:
//! `equals`, `starts_with`, `ends_with`, `contains`, `regex`, `or`, `and`) is matched by
//! those rules alone, in the catalog's order, first on the id and then on it without
//! Gemini's `models/` prefix (`match_clause`): its authors' documented rules, not ours.

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
    MatchClause,
    /// Through another id of the same model, as the provider lists its aliases.
    Alias,
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
            Self::MatchClause => "match_clause",
            Self::Alias => "alias",
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

/// The order an alias group is matched in: its `-latest` member first (catalogs move that
/// pointer with each release), then dated snapshots, newest first, then the rest by id.
pub fn alias_order(members: &mut [&str]) {
    let group = |id: &str| {
        if id.ends_with("-latest") {
            0
        } else if undated(id).is_some() {
            1
        } else {
            2
        }
    };
    members.sort_by(|a, b| {
        group(a)
            .cmp(&group(b))
            .then_with(|| match (undated(a), undated(b)) {
                // Newest snapshot first: the date suffixes, descending.
                (Some(x), Some(y)) => b[y.len()..].cmp(&a[x.len()..]),
                _ => a.cmp(b),
            })
    });
}

/// The entry of `catalog` for a model listed under `id` whose provider names these other ids
/// for it too (`members`, in [`alias_order`], `id` among them): the first member's match, as
/// `alias` when it is not `id`'s own.
pub fn find_for_group<'a>(
    catalog: &'a Catalog,
    provider: &str,
    id: &str,
    members: &[&str],
) -> Option<(&'a Entry, How)> {
    if members.len() < 2 {
        return find(catalog, provider, id);
    }
    members.iter().find_map(|m| {
        find(catalog, provider, m).map(|(e, how)| (e, if *m == id { how } else { How::Alias }))
    })
}

/// A catalog's own rule for the ids an entry describes.
#[derive(Debug, Clone)]
pub enum Rule {
    Equals(String),
    StartsWith(String),
    EndsWith(String),
    Contains(String),
    /// The pattern as written, and compiled.
    Regex(String, regex_lite::Regex),
    Or(Vec<Rule>),
    And(Vec<Rule>),
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Equals(a), Self::Equals(b))
            | (Self::StartsWith(a), Self::StartsWith(b))
            | (Self::EndsWith(a), Self::EndsWith(b))
            | (Self::Contains(a), Self::Contains(b))
            | (Self::Regex(a, _), Self::Regex(b, _)) => a == b,
            (Self::Or(a), Self::Or(b)) | (Self::And(a), Self::And(b)) => a == b,
            _ => false,
        }
    }
}

impl Rule {
    /// Whether the rule takes `id`. Comparisons are exact (case included), as written.
    pub fn matches(&self, id: &str) -> bool {
        match self {
            Self::Equals(s) => id == s,
            Self::StartsWith(s) => id.starts_with(s.as_str()),
            Self::EndsWith(s) => id.ends_with(s.as_str()),
            Self::Contains(s) => id.contains(s.as_str()),
            Self::Regex(_, r) => r.is_match(id),
            Self::Or(rules) => rules.iter().any(|r| r.matches(id)),
            Self::And(rules) => rules.iter().all(|r| r.matches(id)),
        }
    }
}

/// The entry of `catalog` that describes `provider`'s model `id`, and how it matched.
pub fn find<'a>(catalog: &'a Catalog, provider: &str, id: &str) -> Option<(&'a Entry, How)> {
    if catalog.has_rules(provider) {
        let bare = id.strip_prefix("models/");
        return catalog
            .by_rule(provider, id)
            .or_else(|| bare.and_then(|b| catalog.by_rule(provider, b)))
            .map(|e| (e, How::MatchClause));
    }
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

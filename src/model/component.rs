//! What a price component is. A component is a **base** — what is counted and charged for
//! (`input` tokens, `cache_write_1h` tokens, `output_audio` tokens, an `image`, a `second` of
//! video …), each base with one unit and one side of the bill — under a **service tier**
//! (standard, batch, flex, priority), optionally as a **long-context tier**: the price of the
//! whole request once its input exceeds a threshold that is the model's own (200k, 128k, 272k
//! …).
//!
//! A component is stored, compared and kept in history as one key: the base, then `@tier`
//! unless standard, then `>N` for a long-context tier (`input`, `input@batch`, `input>200000`,
//! `output@priority>272000`). Rows written before tiers existed are standard base keys, so
//! nothing stored changes meaning.

use super::PriceUnit;

/// A price list's level of service: the same tokens cost less in a batch and more at priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ServiceTier {
    #[default]
    Standard,
    Batch,
    Flex,
    Priority,
}

impl ServiceTier {
    pub const ALL: [Self; 4] = [Self::Standard, Self::Batch, Self::Flex, Self::Priority];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Batch => "batch",
            Self::Flex => "flex",
            Self::Priority => "priority",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Which part of a request's cost a component adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// What is sent: prompt tokens, cached reads and writes, input audio and images, pages.
    Input,
    /// What comes back: completion and reasoning tokens, output audio, generated images, video.
    Output,
    /// Charged per request or per search, whatever is sent.
    Request,
}

/// One base component: its name, its unit and its side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Base {
    pub name: &'static str,
    pub unit: PriceUnit,
    pub side: Side,
    /// What it charges for, as the README's table says it.
    pub what: &'static str,
}

const fn base(name: &'static str, unit: PriceUnit, side: Side, what: &'static str) -> Base {
    Base {
        name,
        unit,
        side,
        what,
    }
}

/// Every base component aisync keeps, in reading order. Token prices are per 1M tokens.
pub const BASES: [Base; 30] = [
    base(
        "input",
        PriceUnit::MillionTokens,
        Side::Input,
        "uncached input tokens",
    ),
    base(
        "output",
        PriceUnit::MillionTokens,
        Side::Output,
        "output tokens",
    ),
    base(
        "cached_input",
        PriceUnit::MillionTokens,
        Side::Input,
        "cache reads",
    ),
    base(
        "cache_write",
        PriceUnit::MillionTokens,
        Side::Input,
        "cache writes, 5-minute",
    ),
    base(
        "cache_write_1h",
        PriceUnit::MillionTokens,
        Side::Input,
        "cache writes, 1-hour",
    ),
    base(
        "reasoning",
        PriceUnit::MillionTokens,
        Side::Output,
        "reasoning tokens, where priced apart",
    ),
    base(
        "input_audio",
        PriceUnit::MillionTokens,
        Side::Input,
        "audio input tokens",
    ),
    base(
        "cached_input_audio",
        PriceUnit::MillionTokens,
        Side::Input,
        "cached audio input tokens",
    ),
    base(
        "cache_write_audio",
        PriceUnit::MillionTokens,
        Side::Input,
        "audio cache writes",
    ),
    base(
        "output_audio",
        PriceUnit::MillionTokens,
        Side::Output,
        "audio output tokens",
    ),
    base(
        "input_image",
        PriceUnit::MillionTokens,
        Side::Input,
        "image input tokens",
    ),
    base(
        "cached_input_image",
        PriceUnit::MillionTokens,
        Side::Input,
        "cached image input tokens",
    ),
    base(
        "input_video",
        PriceUnit::MillionTokens,
        Side::Input,
        "video input tokens",
    ),
    base(
        "output_image",
        PriceUnit::MillionTokens,
        Side::Output,
        "image output tokens",
    ),
    base(
        "output_video",
        PriceUnit::MillionTokens,
        Side::Output,
        "video output tokens",
    ),
    base(
        "citation",
        PriceUnit::MillionTokens,
        Side::Input,
        "citation tokens",
    ),
    base("image", PriceUnit::Image, Side::Input, "an input image"),
    base(
        "image_output",
        PriceUnit::Image,
        Side::Output,
        "a generated image",
    ),
    base(
        "input_second",
        PriceUnit::Second,
        Side::Input,
        "a second of input audio or video",
    ),
    base(
        "input_audio_second",
        PriceUnit::Second,
        Side::Input,
        "a second of input audio",
    ),
    base(
        "input_video_second",
        PriceUnit::Second,
        Side::Input,
        "a second of input video",
    ),
    base(
        "output_second",
        PriceUnit::Second,
        Side::Output,
        "a second of output audio",
    ),
    base(
        "output_video_second",
        PriceUnit::Second,
        Side::Output,
        "a second of generated video",
    ),
    base(
        "input_character",
        PriceUnit::Character,
        Side::Input,
        "an input character",
    ),
    base(
        "output_character",
        PriceUnit::Character,
        Side::Output,
        "an output character",
    ),
    base(
        "input_pixel",
        PriceUnit::Pixel,
        Side::Input,
        "an input pixel",
    ),
    base(
        "output_pixel",
        PriceUnit::Pixel,
        Side::Output,
        "a generated pixel",
    ),
    base(
        "page",
        PriceUnit::Page,
        Side::Input,
        "a page read (OCR, document parsing)",
    ),
    base(
        "annotation_page",
        PriceUnit::Page,
        Side::Input,
        "a page annotated (OCR)",
    ),
    base("request", PriceUnit::Request, Side::Request, "a request"),
];

/// Searches, priced per search: a web search, or one at a search-context size.
pub const SEARCHES: [Base; 4] = [
    base(
        "search",
        PriceUnit::Search,
        Side::Request,
        "a search or query",
    ),
    base(
        "search_low",
        PriceUnit::Search,
        Side::Request,
        "a web search, low context",
    ),
    base(
        "search_medium",
        PriceUnit::Search,
        Side::Request,
        "a web search, medium context",
    ),
    base(
        "search_high",
        PriceUnit::Search,
        Side::Request,
        "a web search, high context",
    ),
];

/// The base named `name`, if aisync knows it.
pub fn base_named(name: &str) -> Option<&'static Base> {
    BASES.iter().chain(&SEARCHES).find(|b| b.name == name)
}

/// A component, read from its key (borrowed from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Component<'a> {
    pub base: &'a str,
    pub tier: ServiceTier,
    /// A long-context tier: the price applies to the whole request once its input tokens are
    /// more than this. `None` for the base price.
    pub above: Option<u64>,
}

impl<'a> Component<'a> {
    /// Reads a key. A key that names no tier or threshold (every key written before tiers
    /// existed, and any a source made up) is a standard base of that name.
    pub fn parse(key: &'a str) -> Self {
        let (rest, above) = match key.rsplit_once('>') {
            Some((rest, n)) => match n.parse::<u64>() {
                Ok(n) => (rest, Some(n)),
                Err(_) => (key, None),
            },
            None => (key, None),
        };
        let (base, tier) = match rest.rsplit_once('@') {
            Some((base, t)) => match ServiceTier::parse(t) {
                Some(t) => (base, t),
                None => (rest, ServiceTier::Standard),
            },
            None => (rest, ServiceTier::Standard),
        };
        if above.is_some() && rest.len() + 1 + digits(above) != key.len() {
            return Self::plain(key);
        }
        Self { base, tier, above }
    }

    fn plain(key: &'a str) -> Self {
        Self {
            base: key,
            tier: ServiceTier::Standard,
            above: None,
        }
    }

    /// Whether this is a base price: standard tier, no threshold.
    pub fn is_base(&self) -> bool {
        self.tier == ServiceTier::Standard && self.above.is_none()
    }

    /// The side of the bill, from the base (an unknown base counts as input).
    pub fn side(&self) -> Side {
        base_named(self.base).map_or(Side::Input, |b| b.side)
    }

    /// The unit of its price, from the base (an unknown base is priced per 1M tokens).
    pub fn unit(&self) -> PriceUnit {
        base_named(self.base).map_or(PriceUnit::MillionTokens, |b| b.unit)
    }
}

fn digits(n: Option<u64>) -> usize {
    n.map_or(0, |n| n.to_string().len())
}

/// The key of a component: `input`, `input@batch`, `input>200000`, `output@priority>272000`.
pub fn key(base: &str, tier: ServiceTier, above: Option<u64>) -> String {
    let mut out = base.to_owned();
    if tier != ServiceTier::Standard {
        out.push('@');
        out.push_str(tier.as_str());
    }
    if let Some(n) = above {
        out.push('>');
        out.push_str(&n.to_string());
    }
    out
}

#[cfg(test)]
mod tests;

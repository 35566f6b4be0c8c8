//! What a request costs at a price, exactly ([`quote`]: the calculator behind `aisync cost`
//! and `usage import`), what a request cost on average, and the cost tier a model's price
//! puts it in. Pure.
//!
//! The rules of a quote:
//! - `input` is the request's **total** input tokens, cache reads, cache writes and input audio
//!   included (OpenAI's usage convention, and genai-prices'); uncached text input is the rest.
//!   `output` likewise includes output audio.
//! - A long-context tier is chosen from the total input: each component is priced at the
//!   highest threshold of its own that the input is **above** (exactly at a threshold stays
//!   below it), or at its base price.
//! - A service tier other than standard prices every component at that tier; a component the
//!   tier has no price for is unpriced, never priced at another tier.
//! - A component asked for (a quantity above zero) that no price covers is named in
//!   `unpriced`, and makes its side's cost and the total unknown: never a silent $0.
//! - `requests` repeats the one request described: tiers are per request, and a per-request
//!   price is added once per request. A usage record is the other way round — totals over
//!   `of_requests` requests ([`Usage::totals`]): its tier is chosen from the average input of
//!   one of them, and a per-request price counts each.

use crate::model::{
    Component, Decimal, Price, PriceUnit, ServiceTier, Side, SourcedPrices, UsageSummary,
    component_key,
};

/// What one request used (see the module's rules), and how many such requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    pub input: u64,
    pub output: u64,
    pub cache_read: u64,
    pub cache_write: u64,
    pub cache_write_1h: u64,
    pub input_audio: u64,
    pub output_audio: u64,
    pub images: u64,
    pub seconds: Decimal,
    pub characters: u64,
    pub requests: u64,
    /// How many requests the quantities are the totals of (1: they are one request's).
    pub of_requests: u64,
}

impl Default for Usage {
    fn default() -> Self {
        Self {
            input: 0,
            output: 0,
            cache_read: 0,
            cache_write: 0,
            cache_write_1h: 0,
            input_audio: 0,
            output_audio: 0,
            images: 0,
            seconds: Decimal::ZERO,
            characters: 0,
            requests: 1,
            of_requests: 1,
        }
    }
}

/// Usage that cannot be one request's: its parts exceed its total.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsageError {
    #[error(
        "cache reads, cache writes and input audio ({parts} tokens) exceed the total input \
         ({input}): --input counts every input token, those included"
    )]
    InputParts { parts: u128, input: u64 },
    #[error(
        "output audio ({parts} tokens) exceeds the total output ({output}): --output counts \
         every output token, audio included"
    )]
    OutputParts { parts: u64, output: u64 },
}

impl Usage {
    /// Whether this can be one request's usage: its parts fit in its totals.
    pub fn check(&self) -> Result<(), UsageError> {
        self.parts(&|_| false).map(|_| ())
    }

    /// Totals over `n` requests (a usage record's): priced once, with the long-context tier of
    /// their average input and each request's per-request price.
    pub fn totals(self, n: u64) -> Self {
        Self {
            requests: 1,
            of_requests: n.max(1),
            ..self
        }
    }

    /// The input that chooses a long-context tier: one request's.
    fn tier_input(&self) -> u64 {
        self.input / self.of_requests.max(1)
    }

    /// The quantity of each base component asked for, in the order of a quote's lines: token
    /// counts, then per-unit quantities. Per-image, per-second and per-character prices take
    /// the model's own kind: a generated image if it prices one, else an input image; a video
    /// model's output seconds, else input seconds; input characters, else output ones.
    fn parts(
        &self,
        has: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<(&'static str, Decimal)>, UsageError> {
        // Summed wide: four counts near u64::MAX are a usage error, never an overflow.
        let in_parts = [
            self.cache_read,
            self.cache_write,
            self.cache_write_1h,
            self.input_audio,
        ]
        .into_iter()
        .map(u128::from)
        .sum::<u128>();
        let uncached = u128::from(self.input)
            .checked_sub(in_parts)
            .and_then(|n| u64::try_from(n).ok())
            .ok_or(UsageError::InputParts {
                parts: in_parts,
                input: self.input,
            })?;
        let text_out =
            self.output
                .checked_sub(self.output_audio)
                .ok_or(UsageError::OutputParts {
                    parts: self.output_audio,
                    output: self.output,
                })?;
        // The first kind the model prices; a model pricing none is unpriced for the plainest.
        let first = |names: &[&'static str], plainest: &'static str| {
            names.iter().copied().find(|n| has(n)).unwrap_or(plainest)
        };
        let mut out: Vec<(&'static str, Decimal)> = vec![
            ("input", uncached.into()),
            ("cached_input", self.cache_read.into()),
            ("cache_write", self.cache_write.into()),
            ("cache_write_1h", self.cache_write_1h.into()),
            ("input_audio", self.input_audio.into()),
            ("output", text_out.into()),
            ("output_audio", self.output_audio.into()),
            (
                first(&["image_output", "image"], "image"),
                self.images.into(),
            ),
            (
                first(
                    &[
                        "output_video_second",
                        "input_second",
                        "input_audio_second",
                        "input_video_second",
                        "output_second",
                    ],
                    "input_second",
                ),
                self.seconds,
            ),
            (
                first(&["input_character", "output_character"], "input_character"),
                self.characters.into(),
            ),
        ];
        if has("request") {
            out.push(("request", Decimal::from(self.of_requests.max(1))));
        }
        out.retain(|(_, q)| !q.is_zero());
        Ok(out)
    }
}

/// One priced component of a quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The key of the price used (`input`, `input@batch`, `output>200000`).
    pub component: String,
    pub side: Side,
    /// How many units, over every request.
    pub quantity: Decimal,
    pub unit: PriceUnit,
    /// The price per unit as stored (per 1M for tokens).
    pub price: Decimal,
    pub cost: Decimal,
}

/// What a request costs at one price list.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub tier: ServiceTier,
    pub lines: Vec<Line>,
    /// Base components asked for that no price covers, at this tier and input size.
    pub unpriced: Vec<String>,
    /// Every input-side component (uncached input, cache reads and writes, input audio and
    /// images, pages), or `None` when one of them is unpriced.
    pub input_cost: Option<Decimal>,
    /// Every output-side one (and per-request prices).
    pub output_cost: Option<Decimal>,
    pub total: Option<Decimal>,
}

/// The price of `base` for a request of `input` tokens at `tier`: the one at the highest
/// threshold the input is above, else the base price of the tier.
pub fn price_for<'a>(
    prices: &'a [Price],
    base: &str,
    tier: ServiceTier,
    input: u64,
) -> Option<&'a Price> {
    prices
        .iter()
        .filter(|p| {
            let c = Component::parse(&p.component);
            c.base == base && c.tier == tier && c.above.is_none_or(|t| input > t)
        })
        .max_by_key(|p| Component::parse(&p.component).above)
}

/// What the request described by `usage` costs at `prices`, exactly (see the module's rules).
pub fn quote(prices: &[Price], usage: &Usage, tier: ServiceTier) -> Result<Quote, UsageError> {
    let has = |base: &str| {
        prices.iter().any(|p| {
            let c = Component::parse(&p.component);
            c.base == base && c.tier == tier
        })
    };
    let requests = Decimal::from(usage.requests);
    let mut lines = Vec::new();
    let mut unpriced = Vec::new();
    let (mut input_ok, mut output_ok) = (true, true);
    for (base, per_request) in usage.parts(&has)? {
        let side = Component::parse(base).side();
        let line = price_for(prices, base, tier, usage.tier_input()).and_then(|p| {
            let quantity = per_request.checked_mul(requests)?;
            let per_unit = match p.unit {
                PriceUnit::MillionTokens => p.usd / Decimal::from(1_000_000),
                _ => p.usd,
            };
            let cost = quantity.checked_mul(per_unit)?.normalize();
            Some(Line {
                component: p.component.clone(),
                side,
                quantity,
                unit: p.unit,
                price: p.usd,
                cost,
            })
        });
        if let Some(line) = line {
            lines.push(line);
        } else {
            unpriced.push(component_key(base, tier, None));
            match side {
                Side::Input => input_ok = false,
                Side::Output | Side::Request => output_ok = false,
            }
        }
    }
    let sum = |f: &dyn Fn(&Line) -> bool| {
        lines
            .iter()
            .filter(|l| f(l))
            .try_fold(Decimal::ZERO, |acc, l| acc.checked_add(l.cost))
            .map(|d| d.normalize())
    };
    let input_cost = sum(&|l| l.side == Side::Input).filter(|_| input_ok);
    let output_cost = sum(&|l| l.side != Side::Input).filter(|_| output_ok);
    let total = input_cost
        .zip(output_cost)
        .and_then(|(a, b)| a.checked_add(b))
        .map(|d| d.normalize());
    Ok(Quote {
        tier,
        lines,
        unpriced,
        input_cost,
        output_cost,
        total,
    })
}

/// At or above this output price per 1M tokens, a model is High.
pub const HIGH_COST_USD_PER_1M: i64 = 10;
/// At or above this, Medium; below, Low.
pub const MEDIUM_COST_USD_PER_1M: i64 = 1;

/// A token price component in USD per 1M tokens.
pub fn token_price(pricing: Option<&SourcedPrices>, component: &str) -> Option<Decimal> {
    pricing.and_then(|p| {
        p.prices
            .iter()
            .find(|x| x.component == component && x.unit == PriceUnit::MillionTokens)
            .map(|x| x.usd)
    })
}

/// What a usage record cost at `prices`: its totals over `requests` requests, cache parts and
/// service tier as it gives them; `None` when a component it used is unpriced.
pub fn record_cost(
    prices: Option<&SourcedPrices>,
    usage: Usage,
    requests: u64,
    tier: ServiceTier,
) -> Option<Decimal> {
    quote(&prices?.prices, &usage.totals(requests), tier)
        .ok()?
        .total
}

/// Weights of `--sort price`'s blend: three input tokens to one output token, the mix of a
/// typical chat request (and the blend public price indexes quote).
pub const BLEND_INPUT_WEIGHT: i64 = 3;
pub const BLEND_OUTPUT_WEIGHT: i64 = 1;

/// A model's blended token price in USD per 1M tokens, what `models list --sort price` and
/// `--max-price` go by: (3 × input + 1 × output) / 4 with both, the one there is with only
/// input (embeddings) or only output; `None` without a standard token price (priced per
/// image or second only, or unpriced).
pub fn blended(pricing: Option<&SourcedPrices>) -> Option<Decimal> {
    let input = token_price(pricing, "input");
    let output = token_price(pricing, "output");
    match (input, output) {
        (Some(i), Some(o)) => {
            let weighted = i
                .checked_mul(Decimal::from(BLEND_INPUT_WEIGHT))?
                .checked_add(o.checked_mul(Decimal::from(BLEND_OUTPUT_WEIGHT))?)?;
            Some((weighted / Decimal::from(BLEND_INPUT_WEIGHT + BLEND_OUTPUT_WEIGHT)).normalize())
        }
        (one, other) => one.or(other),
    }
}

/// The average cost of one request over `usage`, to six places; `None` while any record's cost
/// is unknown (an average of the known ones would understate it) or there were no requests.
pub fn average_per_request(usage: &UsageSummary) -> Option<Decimal> {
    (usage.unknown_cost == 0 && usage.requests > 0)
        .then(|| (usage.cost / Decimal::from(usage.requests)).round_dp(6))
}

/// The cost tier of a model, from its output price per 1M tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostTier {
    High,
    Medium,
    Low,
    Unpriced,
}

impl CostTier {
    /// The tier of a model whose price in force is `pricing`.
    pub fn of(pricing: Option<&SourcedPrices>) -> Self {
        // A model priced only per image or per request still has a price: its input price
        // stands in, and with no token price at all it counts as Low.
        let Some(p) = pricing else {
            return Self::Unpriced;
        };
        let price = token_price(pricing, "output").or_else(|| token_price(pricing, "input"));
        match price {
            Some(usd) if usd >= Decimal::from(HIGH_COST_USD_PER_1M) => Self::High,
            Some(usd) if usd >= Decimal::from(MEDIUM_COST_USD_PER_1M) => Self::Medium,
            _ if p.prices.is_empty() => Self::Unpriced,
            _ => Self::Low,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::High => "High",
            Self::Medium => "Medium",
            Self::Low => "Low",
            Self::Unpriced => "unpriced",
        }
    }
}

#[cfg(test)]
mod tests;

//! What tokens cost at a price, exactly, what a request cost on average, and the cost tier a
//! model's price puts it in. Pure.

use crate::model::{Decimal, PriceUnit, SourcedPrices, UsageSummary};

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

/// The cost of `input` and `output` tokens at `prices` (the price in force), exactly; `None`
/// when a component with tokens has no price.
pub fn cost(prices: Option<&SourcedPrices>, input: u64, output: u64) -> Option<Decimal> {
    prices?;
    let per_token = |component: &str, tokens: u64| -> Option<Decimal> {
        if tokens == 0 {
            return Some(Decimal::ZERO);
        }
        let usd = token_price(prices, component)?;
        usd.checked_mul(Decimal::from(tokens))
            .map(|c| c / Decimal::from(1_000_000))
    };
    // A cost too large to represent exactly is unknown, never wrapped or rounded.
    per_token("input", input)?
        .checked_add(per_token("output", output)?)
        .map(|c| c.normalize())
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

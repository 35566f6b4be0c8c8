//! Unit tests of `pricing::cost`.

use super::*;
use crate::model::{FieldSource, Price, parse_time};

/// A price in force with only an output price per 1M tokens.
fn output(usd: &str) -> SourcedPrices {
    SourcedPrices {
        source: FieldSource::Provider,
        prices: vec![Price::new(
            "output",
            PriceUnit::MillionTokens,
            Decimal::from_str_exact(usd).unwrap(),
        )],
        observed_at: parse_time("2026-11-01T00:00:00Z").unwrap(),
    }
}

#[test]
fn cost_is_exact_and_unknown_without_a_price() {
    let at = parse_time("2026-11-01T00:00:00Z").unwrap();
    let d = |s: &str| Decimal::from_str_exact(s).unwrap();
    let prices = SourcedPrices {
        source: FieldSource::Catalog("bundled".into()),
        prices: vec![
            Price::new("input", PriceUnit::MillionTokens, d("2.5")),
            Price::new("output", PriceUnit::MillionTokens, d("10")),
        ],
        observed_at: at,
    };
    assert_eq!(
        cost(Some(&prices), 1000, 500).unwrap().to_string(),
        "0.0075"
    );
    assert_eq!(cost(None, 1000, 500), None);
    let input_only = SourcedPrices {
        prices: vec![prices.prices[0].clone()],
        ..prices
    };
    assert_eq!(
        cost(Some(&input_only), 1000, 500),
        None,
        "output tokens with no output price"
    );
    assert_eq!(
        cost(Some(&input_only), 1000, 0).unwrap().to_string(),
        "0.0025"
    );
}

#[test]
fn cost_tiers_follow_the_documented_thresholds() {
    assert_eq!(CostTier::of(Some(&output("10"))), CostTier::High);
    assert_eq!(CostTier::of(Some(&output("9.99"))), CostTier::Medium);
    assert_eq!(CostTier::of(Some(&output("1"))), CostTier::Medium);
    assert_eq!(CostTier::of(Some(&output("0.6"))), CostTier::Low);
    assert_eq!(
        CostTier::of(Some(&output("0"))),
        CostTier::Low,
        "free is a price"
    );
    assert_eq!(CostTier::of(None), CostTier::Unpriced);
}

#[test]
fn the_average_request_cost_is_given_only_when_every_cost_is_known() {
    let usage = UsageSummary {
        records: 2,
        requests: 3,
        input_tokens: 20_000,
        output_tokens: 4_000,
        cost: Decimal::from_str_exact("0.1").unwrap(),
        unknown_cost: 0,
    };
    assert_eq!(
        average_per_request(&usage).unwrap().to_string(),
        "0.033333",
        "to six places"
    );
    let partly = UsageSummary {
        unknown_cost: 1,
        ..usage.clone()
    };
    assert_eq!(average_per_request(&partly), None);
    assert_eq!(average_per_request(&UsageSummary::default()), None);
}

#[test]
fn a_cost_beyond_the_decimal_type_is_unknown() {
    let huge = SourcedPrices {
        source: FieldSource::Provider,
        prices: vec![
            Price::new("input", PriceUnit::MillionTokens, Decimal::MAX),
            Price::new("output", PriceUnit::MillionTokens, Decimal::MAX),
        ],
        observed_at: parse_time("2026-11-01T00:00:00Z").unwrap(),
    };
    assert_eq!(cost(Some(&huge), u64::MAX, u64::MAX), None);
    assert_eq!(cost(Some(&huge), 1, 0).map(|_| ()), Some(()));
}

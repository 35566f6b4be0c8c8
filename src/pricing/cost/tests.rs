//! Unit tests of `pricing::cost`.

use super::*;
use crate::model::{FieldSource, Price, parse_time};

/// What `input` and `output` tokens of one standard request cost at `prices`.
fn cost(prices: Option<&SourcedPrices>, input: u64, output: u64) -> Option<Decimal> {
    let usage = Usage {
        input,
        output,
        ..Usage::default()
    };
    record_cost(prices, usage, 1, ServiceTier::Standard)
}

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
        filled: Vec::new(),
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
        filled: Vec::new(),
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
        filled: Vec::new(),
    };
    assert_eq!(cost(Some(&huge), u64::MAX, u64::MAX), None);
    assert_eq!(cost(Some(&huge), 1, 0).map(|_| ()), Some(()));
}

/// Prices from `component=usd` pairs; units from each base.
fn list(pairs: &[(&str, &str)]) -> Vec<Price> {
    pairs
        .iter()
        .map(|(k, v)| Price::in_its_unit(k, Decimal::from_str_exact(v).unwrap()))
        .collect()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

/// claude-sonnet-4-5 as LiteLLM's fixture prices it.
fn sonnet() -> Vec<Price> {
    list(&[
        ("input", "3"),
        ("output", "15"),
        ("cached_input", "0.3"),
        ("cache_write", "3.75"),
        ("cache_write_1h", "6"),
        ("input>200000", "6"),
        ("output>200000", "22.5"),
        ("cached_input>200000", "0.6"),
        ("cache_write>200000", "7.5"),
        ("cache_write_1h>200000", "12"),
    ])
}

#[test]
fn cached_reads_and_both_cache_writes_are_parts_of_the_input_each_at_its_price() {
    let usage = Usage {
        input: 100_000,
        cache_read: 20_000,
        cache_write: 10_000,
        cache_write_1h: 5_000,
        output: 2_000,
        ..Usage::default()
    };
    let q = quote(&sonnet(), &usage, ServiceTier::Standard).unwrap();
    let lines: Vec<String> = q
        .lines
        .iter()
        .map(|l| format!("{} {} {}", l.component, l.quantity, l.cost))
        .collect();
    // 65,000 uncached × $3/M = 0.195; 20,000 × 0.3 = 0.006; 10,000 × 3.75 = 0.0375;
    // 5,000 × 6 = 0.03; 2,000 × 15 = 0.03.
    assert_eq!(
        lines,
        [
            "input 65000 0.195",
            "cached_input 20000 0.006",
            "cache_write 10000 0.0375",
            "cache_write_1h 5000 0.03",
            "output 2000 0.03",
        ]
    );
    assert_eq!(q.input_cost, Some(d("0.2685")));
    assert_eq!(q.output_cost, Some(d("0.03")));
    assert_eq!(q.total, Some(d("0.2985")));
    assert!(q.unpriced.is_empty());
}

#[test]
fn a_long_context_tier_prices_the_whole_request_above_its_threshold_not_at_it() {
    let at = |input: u64| {
        let usage = Usage {
            input,
            output: 1_000,
            ..Usage::default()
        };
        quote(&sonnet(), &usage, ServiceTier::Standard).unwrap()
    };
    // Exactly at 200,000: base prices. 200,000 × 3 + 1,000 × 15 = 0.6 + 0.015.
    assert_eq!(at(200_000).total, Some(d("0.615")));
    assert_eq!(at(199_999).total, Some(d("0.614997")));
    // One token above: every component at its tier. 200,001 × 6 + 1,000 × 22.5.
    let above = at(200_001);
    assert_eq!(above.total, Some(d("1.222506")));
    assert_eq!(above.lines[0].component, "input>200000");
    assert_eq!(above.lines[1].component, "output>200000");
    // Several thresholds: the highest one the input is above, per component.
    let qwen = list(&[
        ("input", "0.03"),
        ("input>32000", "0.1"),
        ("input>256000", "0.2"),
        ("output", "0.13"),
        ("output>32000", "0.4"),
    ]);
    let usage = Usage {
        input: 300_000,
        output: 10_000,
        ..Usage::default()
    };
    let q = quote(&qwen, &usage, ServiceTier::Standard).unwrap();
    // 300,000 × 0.2 = 0.06; output has no 256k tier: its 32k one, 10,000 × 0.4 = 0.004.
    assert_eq!(q.total, Some(d("0.064")));
}

#[test]
fn a_service_tier_prices_at_that_tier_and_names_what_it_does_not_price() {
    let gpt = list(&[
        ("input", "5"),
        ("output", "30"),
        ("cached_input", "0.5"),
        ("input@batch", "2.5"),
        ("output@batch", "15"),
    ]);
    let usage = Usage {
        input: 10_000,
        output: 1_000,
        ..Usage::default()
    };
    let q = quote(&gpt, &usage, ServiceTier::Batch).unwrap();
    // 10,000 × 2.5 + 1,000 × 15 = 0.025 + 0.015.
    assert_eq!(q.total, Some(d("0.04")));
    let cached = Usage {
        cache_read: 4_000,
        ..usage.clone()
    };
    let q = quote(&gpt, &cached, ServiceTier::Batch).unwrap();
    assert_eq!(q.unpriced, ["cached_input@batch"]);
    assert_eq!(
        q.input_cost, None,
        "never priced at the standard tier instead"
    );
    assert_eq!(q.total, None);
    assert_eq!(q.output_cost, Some(d("0.015")));
    let flex = quote(&gpt, &usage, ServiceTier::Flex).unwrap();
    assert_eq!(flex.unpriced, ["input@flex", "output@flex"]);
}

#[test]
fn requests_repeat_the_request_and_per_unit_prices_keep_their_units() {
    let usage = Usage {
        input: 1_000,
        output: 1_000,
        requests: 3,
        ..Usage::default()
    };
    let q = quote(
        &list(&[("input", "2.5"), ("output", "10")]),
        &usage,
        ServiceTier::Standard,
    )
    .unwrap();
    // (1,000 × 2.5 + 1,000 × 10) / 1M × 3 requests.
    assert_eq!(q.total, Some(d("0.0375")));
    let sora = list(&[("output_video_second", "0.1")]);
    let video = Usage {
        seconds: d("8"),
        ..Usage::default()
    };
    assert_eq!(
        quote(&sora, &video, ServiceTier::Standard)
            .unwrap()
            .output_cost,
        Some(d("0.8"))
    );
    let tts = list(&[("input_character", "0.000015")]);
    let speech = Usage {
        characters: 1_000,
        ..Usage::default()
    };
    assert_eq!(
        quote(&tts, &speech, ServiceTier::Standard).unwrap().total,
        Some(d("0.015"))
    );
    let online = list(&[("input", "1"), ("output", "1"), ("request", "0.005")]);
    let q = quote(&online, &usage, ServiceTier::Standard).unwrap();
    // 3 × (0.001 + 0.001 + 0.005).
    assert_eq!(q.total, Some(d("0.021")));
    let image = quote(
        &list(&[("input", "1"), ("output", "1")]),
        &Usage {
            images: 2,
            ..Usage::default()
        },
        ServiceTier::Standard,
    )
    .unwrap();
    assert_eq!(
        image.unpriced,
        ["image"],
        "an image asked for and unpriced is named"
    );
    assert_eq!(image.total, None);
}

#[test]
fn parts_larger_than_the_total_are_refused() {
    let usage = Usage {
        input: 1_000,
        cache_read: 800,
        cache_write: 300,
        ..Usage::default()
    };
    assert_eq!(
        quote(&sonnet(), &usage, ServiceTier::Standard),
        Err(UsageError::InputParts {
            parts: 1_100,
            input: 1_000
        })
    );
    // Counts near the type's limit are refused the same way, never an overflow.
    let huge = Usage {
        input: u64::MAX,
        cache_read: u64::MAX,
        cache_write: u64::MAX,
        ..Usage::default()
    };
    assert_eq!(
        huge.check(),
        Err(UsageError::InputParts {
            parts: 2 * u128::from(u64::MAX),
            input: u64::MAX
        })
    );
    let all = Usage {
        input: u64::MAX,
        cache_read: u64::MAX,
        ..Usage::default()
    };
    assert_eq!(all.check(), Ok(()), "every input token read from the cache");
}

#[test]
fn a_usage_record_is_priced_as_its_requests_with_the_tier_of_their_average() {
    // 10 requests of 30,000 input tokens each: 300,000 in total, yet none above 200,000.
    let usage = Usage {
        input: 300_000,
        output: 10_000,
        cache_read: 100_000,
        ..Usage::default()
    };
    let at = |n: u64| {
        record_cost(
            Some(&in_force(sonnet())),
            usage.clone(),
            n,
            ServiceTier::Standard,
        )
    };
    // Base prices: 200,000 × 3 + 100,000 × 0.3 + 10,000 × 15 = 0.6 + 0.03 + 0.15.
    assert_eq!(at(10), Some(d("0.78")));
    // As one request of 300,000 it is above the threshold: 200,000 × 6 + 100,000 × 0.6 +
    // 10,000 × 22.5.
    assert_eq!(at(1), Some(d("1.485")));
    // A per-request price counts each request of the record.
    let online = in_force(list(&[
        ("input", "1"),
        ("output", "1"),
        ("request", "0.005"),
    ]));
    let small = Usage {
        input: 1_000,
        output: 1_000,
        ..Usage::default()
    };
    assert_eq!(
        record_cost(Some(&online), small, 4, ServiceTier::Standard),
        Some(d("0.022"))
    );
}

fn in_force(prices: Vec<Price>) -> SourcedPrices {
    SourcedPrices {
        source: FieldSource::Provider,
        prices,
        observed_at: parse_time("2026-11-01T00:00:00Z").unwrap(),
        filled: Vec::new(),
    }
}

//! Unit tests of `output::pricing`.

use super::*;

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

#[test]
fn money_is_exact_per_1k() {
    let p = Price::new("input", PriceUnit::MillionTokens, d("2.5"));
    assert_eq!(money(&p), "$0.0025 per 1K tokens");
    let p = Price::new("input", PriceUnit::MillionTokens, d("10"));
    assert_eq!(money(&p), "$0.01 per 1K tokens");
    let p = Price::new("image", PriceUnit::Image, d("0.04"));
    assert_eq!(money(&p), "$0.04 per image");
    assert_eq!(thousands(2982), "2,982");
    assert_eq!(thousands(1_234_567), "1,234,567");
    assert_eq!(thousands(12), "12");
}

#[test]
fn json_numbers_are_written_digit_for_digit() {
    let at = crate::model::parse_time("2026-11-23T10:30:00Z").unwrap();
    let e = Effective {
        source: FieldSource::Provider,
        prices: vec![
            Price::new("input", PriceUnit::MillionTokens, d("0.0208333333333333")),
            Price::new("image", PriceUnit::Image, d("0.003613")),
        ],
        observed_at: at,
        filled: Vec::new(),
    };
    let row = pricing_row(Some(&e), &ProviderId::new("openrouter")).unwrap();
    let text = serde_json::to_string(&row).unwrap();
    assert_eq!(
        text,
        r#"{"currency":"USD","unit":"1M tokens","input":0.0208333333333333,"output":null,"cached_input":null,"cache_write":null,"cache_write_1h":null,"other":[{"component":"image","unit":"image","price":0.003613}],"tiers":[],"source":"openrouter","component_sources":{},"observed_at":"2026-11-23T10:30:00Z"}"#
    );
    assert!(pricing_row(None, &ProviderId::new("x")).is_none());
}

#[test]
fn tiers_are_listed_apart_with_their_service_tier_and_threshold() {
    let at = crate::model::parse_time("2026-11-23T10:30:00Z").unwrap();
    let e = Effective {
        source: FieldSource::Catalog("litellm".into()),
        prices: vec![
            Price::new("output>200000", PriceUnit::MillionTokens, d("22.5")),
            Price::new("input", PriceUnit::MillionTokens, d("3")),
            Price::new("input@batch", PriceUnit::MillionTokens, d("1.5")),
            Price::new("cache_write_1h", PriceUnit::MillionTokens, d("6")),
            Price::new("input>200000", PriceUnit::MillionTokens, d("6")),
        ],
        observed_at: at,
        filled: Vec::new(),
    };
    let row = pricing_row(Some(&e), &ProviderId::new("anthropic")).unwrap();
    let v: serde_json::Value = serde_json::to_value(&row).unwrap();
    assert_eq!(v["cache_write_1h"], serde_json::json!(6));
    assert_eq!(v["other"], serde_json::json!([]));
    assert_eq!(
        v["tiers"],
        serde_json::json!([
            {"component": "input", "unit": "1M tokens", "price": 6, "service_tier": "standard", "above_input_tokens": 200_000},
            {"component": "output", "unit": "1M tokens", "price": 22.5, "service_tier": "standard", "above_input_tokens": 200_000},
            {"component": "input", "unit": "1M tokens", "price": 1.5, "service_tier": "batch", "above_input_tokens": null},
        ])
    );
    assert_eq!(
        label("output@priority>272000"),
        "Output (priority, above 272,000)"
    );
    assert_eq!(label("cache_write_1h"), "Cache write 1h");
}

#[test]
fn an_update_says_what_the_price_was() {
    let at = crate::model::parse_time("2026-11-23T10:30:00Z").unwrap();
    let eff = |usd: &str, source: FieldSource| Effective {
        source,
        prices: vec![
            Price::new("input", PriceUnit::MillionTokens, d(usd)),
            Price::new("output", PriceUnit::MillionTokens, d("30")),
        ],
        observed_at: at,
        filled: Vec::new(),
    };
    let m = ModelPricing {
        id: "gpt-4-turbo".into(),
        status: PriceStatus::Updated,
        before: Some(eff("15", FieldSource::Catalog("bundled".into()))),
        after: Some(eff("10", FieldSource::Catalog("litellm".into()))),
        held: vec![],
        matches: vec![],
    };
    assert_eq!(
        change_line(&m),
        "Input $0.01 per 1K tokens (was $0.015) · Output $0.03 per 1K tokens"
    );
}

//! Unit tests of `model`.

use super::*;

#[test]
fn precedence_is_override_provider_remote_bundled() {
    let at = parse_time("2026-11-23T10:30:00Z").unwrap();
    let d = |s: &str| Decimal::from_str_exact(s).unwrap();
    let group = |source: FieldSource, usd: &str| SourcedPrices {
        source,
        prices: vec![Price::new("input", PriceUnit::MillionTokens, d(usd))],
        observed_at: at,
    };
    let order = ["litellm".to_owned(), "bundled".to_owned()];
    let mut groups = vec![
        group(FieldSource::Catalog("bundled".into()), "4"),
        group(FieldSource::Catalog("litellm".into()), "3"),
        group(FieldSource::Catalog("forgotten".into()), "9"),
    ];
    assert_eq!(
        effective_prices(&groups, &order).unwrap().source,
        FieldSource::Catalog("litellm".into())
    );
    groups.push(group(FieldSource::Provider, "2"));
    assert_eq!(
        effective_prices(&groups, &order).unwrap().source,
        FieldSource::Provider
    );
    groups.push(group(FieldSource::Override, "1"));
    let e = effective_prices(&groups, &order).unwrap();
    assert_eq!(
        (e.source, e.prices[0].usd.to_string()),
        (FieldSource::Override, "1".to_owned())
    );
    assert_eq!(
        effective_prices(&[], &order),
        None,
        "unpriced is None, never $0"
    );
}

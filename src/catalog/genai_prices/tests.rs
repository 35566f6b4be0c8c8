//! Unit tests of `catalog::genai_prices`.

use super::*;
use crate::catalog::{Catalog, detect_format, fixture, matching};
use crate::model::{CatalogFormat, parse_time};

fn catalog() -> Catalog {
    Catalog::new(
        "genai-prices",
        parse(&fixture("genai-prices/data.json")).unwrap(),
    )
}

/// `component=usd`, sorted.
fn keys(prices: &[Price]) -> Vec<String> {
    let mut out: Vec<String> = prices
        .iter()
        .map(|p| format!("{}={}", p.component, p.usd))
        .collect();
    out.sort();
    out
}

fn found<'a>(c: &'a Catalog, provider: &str, id: &str) -> Option<&'a str> {
    matching::find(c, provider, id).map(|(e, how)| {
        assert_eq!(how, matching::How::MatchClause);
        e.id.as_str()
    })
}

#[test]
fn the_fixture_parses_every_model_with_its_rule() {
    let c = catalog();
    assert_eq!(
        c.len(),
        1466,
        "every model of the 36 providers, none left out"
    );
    assert!(c.entries.iter().all(|e| e.rule.is_some()));
    assert_eq!(
        detect_format(&fixture("genai-prices/data.json")),
        Some(CatalogFormat::GenaiPrices)
    );
    assert!(c.get("xai", "grok-3").is_some(), "x-ai is aisync's xai");
    assert!(
        c.get("gemini", "gemini-2.5-pro").is_some(),
        "google is aisync's gemini"
    );
}

#[test]
fn every_price_key_of_the_fixture_is_kept() {
    let top: Vec<serde_json::Value> =
        serde_json::from_slice(&fixture("genai-prices/data.json")).unwrap();
    let mut unknown = std::collections::BTreeSet::new();
    for p in &top {
        for m in p["models"].as_array().unwrap() {
            let lists: Vec<&serde_json::Value> = match &m["prices"] {
                serde_json::Value::Array(a) => a.iter().map(|c| &c["prices"]).collect(),
                one => vec![one],
            };
            for prices in lists {
                for k in prices.as_object().unwrap().keys() {
                    if !KEYS.iter().any(|(key, _, _)| key == k) {
                        unknown.insert(k.clone());
                    }
                }
            }
        }
    }
    assert_eq!(unknown, std::collections::BTreeSet::<String>::new());
}

#[test]
fn match_clauses_are_the_catalogs_own_rules() {
    let c = catalog();
    assert_eq!(
        found(&c, "openai", "gpt-4o-2024-08-06"),
        Some("gpt-4o"),
        "an `or` of `equals`"
    );
    assert_eq!(found(&c, "openai", "gpt-4o"), Some("gpt-4o"));
    assert_eq!(
        found(&c, "openai", "gpt-5.6-luna-2026-01-15"),
        Some("gpt-5.6-luna"),
        "a regex"
    );
    assert_eq!(
        found(&c, "openai", "gpt-5.6-luna-preview"),
        None,
        "nothing a rule does not say"
    );
    assert_eq!(
        found(&c, "gemini", "models/gemini-2.5-pro"),
        Some("gemini-2.5-pro")
    );
    let rule = |v: serde_json::Value| rule(&v).unwrap();
    let r = rule(
        serde_json::json!({"and": [{"starts_with": "claude"}, {"contains": "haiku"}, {"ends_with": "-latest"}]}),
    );
    assert!(r.matches("claude-3-5-haiku-latest"));
    assert!(!r.matches("claude-3-5-sonnet-latest"));
    assert!(
        !r.matches("Claude-3-5-haiku-latest"),
        "exact, case included"
    );
    assert_eq!(super::rule(&serde_json::json!({"fuzzy": "gpt"})), None);
    assert_eq!(
        super::rule(&serde_json::json!({"regex": "(unclosed"})),
        None
    );
}

#[test]
fn dated_prices_are_in_force_from_their_date_and_the_undated_one_before() {
    let c = catalog();
    let o3 = c.get("openai", "o3").unwrap();
    assert_eq!(
        keys(&o3.model.prices),
        ["cached_input=0.5", "input=10", "output=40"]
    );
    assert_eq!(o3.dated.len(), 1);
    let at = |t: &str| keys(o3.prices_as_of(parse_time(t).unwrap()));
    assert_eq!(
        at("2025-06-09T23:59:59Z"),
        ["cached_input=0.5", "input=10", "output=40"]
    );
    assert_eq!(
        at("2025-06-10T00:00:00Z"),
        ["cached_input=0.5", "input=2", "output=8"]
    );
    // A price by time of day is no price of a request: DeepSeek's off-peak one is left out.
    let chat = c.get("deepseek", "deepseek-chat").unwrap();
    assert!(chat.dated.is_empty());
    assert_eq!(
        keys(&chat.model.prices),
        ["cached_input=0.035", "input=0.135", "output=0.55"]
    );
}

#[test]
fn tiered_and_per_thousand_prices_are_tiers_and_prices_of_one() {
    let c = catalog();
    assert_eq!(
        keys(&c.get("anthropic", "claude-opus-4-6").unwrap().model.prices),
        [
            "cache_write=6.25",
            "cache_write>200000=12.5",
            "cache_write_1h=10",
            "cache_write_1h>200000=20",
            "cached_input=0.5",
            "cached_input>200000=1",
            "input=5",
            "input>200000=10",
            "output=25",
            "output>200000=37.5",
            "search=0.01",
        ]
    );
    let sonar = keys(&c.get("perplexity", "sonar").unwrap().model.prices);
    assert!(
        sonar.contains(&"request=0.012".to_owned()),
        "12 per 1,000 requests: {sonar:?}"
    );
    let haiku = keys(
        &c.get("anthropic", "claude-3-5-haiku-latest")
            .unwrap()
            .model
            .prices,
    );
    assert!(haiku.contains(&"search=0.01".to_owned()), "{haiku:?}");
    assert!(
        haiku.contains(&"cache_write_1h=1.6".to_owned()),
        "{haiku:?}"
    );
}

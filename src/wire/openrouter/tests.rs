//! Unit tests of `wire::openrouter`.

use super::*;
use crate::drivers::fixture;

fn price(m: &Model, c: &str) -> Option<String> {
    m.prices
        .iter()
        .find(|p| p.component == c)
        .map(|p| p.usd.to_string())
}

#[test]
fn every_capture_and_page_parses() {
    let new = parse(&fixture("openrouter/models_list_2026-08_subset.json")).unwrap();
    assert_eq!((new.models.len(), new.next), (18, None));
    let old = parse(&fixture("openrouter/models_list_2025-05_subset.json")).unwrap();
    assert_eq!(old.models.len(), 13);
    let p1 = parse(&fixture("openrouter/models_list_paged_p1_offset0.json")).unwrap();
    assert_eq!(p1.next.as_deref(), Some("/api/v1/models?offset=9&limit=9"));
    let p2 = parse(&fixture("openrouter/models_list_paged_p2_offset9.json")).unwrap();
    assert_eq!((p1.models.len() + p2.models.len(), p2.next), (18, None));
}

#[test]
fn prices_are_exact_per_million_tokens() {
    let page = parse(&fixture("openrouter/models_list_2026-08_subset.json")).unwrap();
    let get = |id: &str| page.models.iter().find(|m| m.id == id).unwrap();
    let opus = get("anthropic/claude-opus-5");
    assert_eq!(price(opus, "input").as_deref(), Some("5"));
    assert_eq!(price(opus, "output").as_deref(), Some("25"));
    assert_eq!(price(opus, "cache_write").as_deref(), Some("6.25"));
    assert_eq!(price(opus, "search").as_deref(), Some("0.01"));
    let flash = get("google/gemini-3.7-flash");
    assert_eq!(price(flash, "input").as_deref(), Some("0.375"));
    assert_eq!(
        price(flash, "cache_write").as_deref(),
        Some("0.0208333333333333")
    );
    let exact = prices(&serde_json::json!({"prompt": "0.0000025", "completion": "0.00001"}));
    assert_eq!(
        exact[0].usd.to_string(),
        "2.5",
        "\"0.0000025\" per token is exactly 2.5 per 1M"
    );
    assert_eq!(exact[1].usd.to_string(), "10");
    let free = get("dots-studio/dots-3-note-preview:free");
    assert_eq!(
        price(free, "input").as_deref(),
        Some("0"),
        "free is a real price"
    );
    assert!(
        get("openrouter/auto-beta").prices.is_empty(),
        "-1 means varies"
    );
    let glm = get("z-ai/glm-5v-turbo");
    assert_eq!(glm.status, ModelStatus::Deprecated);
    assert_eq!(glm.shutdown_date.unwrap().to_string(), "2098-12-31");
    assert_eq!(opus.owner.as_deref(), Some("anthropic"));
}

#[test]
fn prices_out_of_range_are_left_out_not_a_crash() {
    let got = prices(&serde_json::json!({
        "prompt": "79228162514264337593543950335",
        "completion": "7.9e28",
        "image": "79228162514264337593543950335",
        "request": "-5"
    }));
    let names: Vec<&str> = got.iter().map(|p| p.component.as_str()).collect();
    assert_eq!(
        names,
        ["image"],
        "per-unit prices need no conversion; the rest cannot be"
    );
}

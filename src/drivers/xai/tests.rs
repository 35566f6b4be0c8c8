//! Unit tests of `drivers::xai`.

use super::*;
use crate::drivers::fixture;

fn price(m: &Model, component: &str) -> String {
    m.prices
        .iter()
        .find(|p| p.component == component)
        .unwrap()
        .usd
        .to_string()
}

#[test]
fn every_capture_parses() {
    for (path, n) in [
        ("xai/language_models_2025-04.json", 0),
        ("xai/language_models_2025_openapi_example.json", 0),
        ("xai/language_models_2026_docs_example.json", 0),
    ] {
        let models = parse_typed(&fixture(path), ModelType::Chat).unwrap();
        assert!(models.len() > n, "{path}");
        assert!(models.iter().all(|m| m.model_type == ModelType::Chat));
    }
    let img = parse_typed(
        &fixture("xai/image_generation_models_2025-04.json"),
        ModelType::Image,
    )
    .unwrap();
    assert_eq!(img[0].id, "grok-2-image-1212");
    assert!(
        img[0].prices.is_empty(),
        "image_price's unit is ambiguous, so not stored"
    );
    let vid = parse_typed(
        &fixture("xai/video_generation_models_2026_docs_example.json"),
        ModelType::Video,
    )
    .unwrap();
    assert_eq!(vid[0].output_modalities, ["video"]);
    assert_eq!(
        parse_models(&fixture("xai/models_list_2025-04.json"))
            .unwrap()
            .len(),
        9
    );
    let new = parse_models(&fixture("xai/models_list_2026_docs_example.json")).unwrap();
    assert_eq!(
        new.iter()
            .find(|m| m.id == "grok-420-reasoning")
            .unwrap()
            .context_length,
        Some(256_000)
    );
    assert_eq!(
        new.iter()
            .find(|m| m.id == "grok-imagine-image")
            .unwrap()
            .model_type,
        ModelType::Image
    );
}

#[test]
fn cents_per_100m_tokens_become_exact_usd_per_1m() {
    let models = parse_typed(
        &fixture("xai/language_models_2025_openapi_example.json"),
        ModelType::Chat,
    )
    .unwrap();
    let grok3 = models.iter().find(|m| m.id == "grok-3").unwrap();
    assert_eq!(price(grok3, "input"), "3");
    assert_eq!(price(grok3, "output"), "15");
    assert_eq!(price(grok3, "cached_input"), "0.75");
    assert_eq!(price(grok3, "search"), "0.025");
    let mini = models.iter().find(|m| m.id == "grok-3-mini").unwrap();
    assert_eq!(price(mini, "input"), "0.3");
    assert_eq!(price(mini, "cached_input"), "0.075");
    assert!(mini.capabilities.contains(&Capability::Reasoning));
    let long = parse_models(&fixture("xai/models_list_2026_docs_example.json")).unwrap();
    let latest = long.iter().find(|m| m.id == "latest").unwrap();
    assert_eq!(
        price(latest, "input"),
        "1.25",
        "12500 cents per 100M tokens is exactly 1.25 per 1M"
    );
    let r = long.iter().find(|m| m.id == "grok-420-reasoning").unwrap();
    assert_eq!(
        price(r, "input>128000"),
        "4",
        "the long-context price applies above the model's own threshold"
    );
    assert_eq!(price(r, "output>128000"), "16");
    assert!(
        !r.prices
            .iter()
            .any(|p| p.component.contains("long_context")),
        "{:?}",
        r.prices
    );
    // `latest` gives zero long-context prices and a zero threshold: no tier at all.
    assert!(!latest.prices.iter().any(|p| p.component.contains('>')));
    let no_threshold = prices(&serde_json::json!({
        "prompt_text_token_price": 20000, "completion_text_token_price": 80000,
        "prompt_text_token_price_long_context": 40000
    }));
    assert_eq!(
        no_threshold.len(),
        2,
        "a long-context price without a threshold is left out"
    );
}

#[test]
fn models_list_fills_context_and_adds_what_only_it_lists() {
    let mut models = parse_typed(
        &fixture("xai/language_models_2026_docs_example.json"),
        ModelType::Chat,
    )
    .unwrap();
    let n = models.len();
    merge(
        &mut models,
        parse_models(&fixture("xai/models_list_2026_docs_example.json")).unwrap(),
    );
    let latest = models.iter().find(|m| m.id == "latest").unwrap();
    assert_eq!(latest.context_length, Some(131_072));
    assert!(models.len() >= n);
    assert!(
        models
            .iter()
            .any(|m| m.id == "grok-imagine-image" && m.model_type == ModelType::Image)
    );
}

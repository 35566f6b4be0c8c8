//! Unit tests of `catalog::litellm`.

use super::*;
use crate::catalog::{Catalog, fixture};

#[test]
fn both_snapshots_parse_without_reserved_keys() {
    let new = parse(&fixture("litellm/model_prices_and_context_window.json")).unwrap();
    assert_eq!(new.len(), 2982);
    assert!(!new.iter().any(|e| RESERVED.contains(&e.id.as_str())));
    let old = parse(&fixture(
        "litellm/model_prices_and_context_window.2026-06-24.json",
    ))
    .unwrap();
    assert_eq!(old.len(), 2900);
    let c = Catalog::new("litellm", new);
    let gpt4o = &c.get("openai", "gpt-4o").unwrap().model;
    let input = gpt4o
        .prices
        .iter()
        .find(|p| p.component == "input")
        .unwrap();
    assert_eq!(
        input.usd.to_string(),
        "2.5",
        "2.5e-06 per token is exactly 2.5 per 1M"
    );
    let pro = &c.get("gemini", "gemini-2.5-pro").unwrap().model;
    assert_eq!(pro.context_length, Some(1_048_576));
    assert!(c.get("sambanova", "gpt-oss-120b").is_some());
}

#[test]
fn the_two_dated_snapshots_are_an_exact_change_set() {
    let old = Catalog::new(
        "litellm",
        parse(&fixture(
            "litellm/model_prices_and_context_window.2026-06-24.json",
        ))
        .unwrap(),
    );
    let new = Catalog::new(
        "litellm",
        parse(&fixture("litellm/model_prices_and_context_window.json")).unwrap(),
    );
    let changes = crate::catalog::changes(&old, &new);
    let lines: Vec<String> = changes
        .iter()
        .map(|c| {
            format!(
                "{}/{} {}: {} -> {}",
                c.provider, c.id, c.field, c.old, c.new
            )
        })
        .collect();
    let expected = [
        "fireworks_ai/accounts/fireworks/models/glm-5p2 cached_input: 0.26 -> 0.14",
        "fireworks_ai/glm-5p2 cached_input: 0.26 -> 0.14",
        "mistral/mistral-medium-latest context_length: 131072 -> 262144",
        "mistral/mistral-medium-latest input: 0.4 -> 1.5",
        "mistral/mistral-medium-latest max_output: 131072 -> 262144",
        "mistral/mistral-medium-latest output: 2 -> 7.5",
        "openai/gpt-5-pro context_length: 128000 -> 400000",
        "openai/gpt-5-pro max_output: 272000 -> 128000",
        "openai/gpt-5-pro-2025-10-06 context_length: 128000 -> 400000",
        "openai/gpt-5-pro-2025-10-06 max_output: 272000 -> 128000",
        "openai/gpt-5.4-mini context_length: 272000 -> 1050000",
        "openai/gpt-5.4-mini-2026-03-17 context_length: 272000 -> 1050000",
        "openai/gpt-5.4-nano context_length: 272000 -> 1050000",
        "openai/gpt-5.4-nano-2026-03-17 context_length: 272000 -> 1050000",
        "sambanova/DeepSeek-V3.1 context_length: 32768 -> 131072",
        "sambanova/DeepSeek-V3.1 max_output: 32768 -> 131072",
        "sambanova/MiniMax-M2.7 context_length: 204800 -> 196608",
        "sambanova/MiniMax-M2.7 input: 0.3 -> 0.6",
        "sambanova/MiniMax-M2.7 output: 1.2 -> 2.4",
        "sambanova/gpt-oss-120b input: 3 -> 0.22",
        "sambanova/gpt-oss-120b output: 4.5 -> 0.59",
    ];
    assert_eq!(lines, expected);
    let price_changes: Vec<&str> = changes
        .iter()
        .filter(|c| matches!(c.field.as_str(), "input" | "output"))
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(price_changes.len(), 6, "3 models, input and output each");
}

#[test]
fn prices_out_of_range_are_left_out_not_a_crash() {
    let body = br#"{
        "huge": {"litellm_provider": "openai", "mode": "chat",
                 "input_cost_per_token": 7.9e28, "output_cost_per_token": "79228162514264337593543950335",
                 "cache_read_input_token_cost": -0.000001, "input_cost_per_image": 1e40},
        "fine": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-06}
    }"#;
    let entries = parse(body).unwrap();
    let prices = |id: &str| -> Vec<String> {
        entries
            .iter()
            .find(|e| e.id == id)
            .unwrap()
            .model
            .prices
            .iter()
            .map(|p| format!("{}={}", p.component, p.usd))
            .collect()
    };
    assert_eq!(prices("huge"), Vec::<String>::new());
    assert_eq!(prices("fine"), ["input=2.5"]);
}

//! Unit tests of `catalog::bundled`.

use super::*;
use crate::model::Capability;

#[test]
fn the_snapshot_parses_and_states_its_source() {
    let c = catalog();
    assert!(c.len() > 450, "{}", c.len());
    assert_eq!(date(), "2026-07-02");
    let meta: serde_json::Value = serde_json::from_str(SNAPSHOT).unwrap();
    assert_eq!(meta["_snapshot"]["source"], "models.dev");
    assert!(
        meta["_snapshot"]["licence"]
            .as_str()
            .unwrap()
            .starts_with("MIT")
    );
    let gpt4o = &c.get("openai", "gpt-4o").unwrap().model;
    assert_eq!(gpt4o.context_length, Some(128_000));
    assert!(gpt4o.capabilities.contains(&Capability::Vision));
    let input = gpt4o
        .prices
        .iter()
        .find(|p| p.component == "input")
        .unwrap();
    assert_eq!(input.usd.to_string(), "2.5");
    let pro = &c.get("gemini", "gemini-2.5-pro").unwrap().model;
    assert_eq!(
        pro.context_length,
        Some(1_048_576),
        "google is gemini, base_model resolved"
    );
    assert!(c.get("openrouter", "anthropic/claude-sonnet-4.5").is_some());
}

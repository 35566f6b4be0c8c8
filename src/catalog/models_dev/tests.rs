//! Unit tests of `catalogels_dev`.

use super::*;

#[test]
fn api_json_shape_parses_with_exact_costs() {
    let body = br#"{"openai":{"id":"openai","models":{"gpt-4o":{"id":"gpt-4o","name":"GPT-4o",
        "tool_call":true,"cost":{"input":2.50,"output":10,"cache_read":1.25},
        "limit":{"context":128000,"output":16384},
        "modalities":{"input":["text","image"],"output":["text"]}}}},
        "somebody-else":{"models":{"x":{}}}}"#;
    let entries = parse(body).unwrap();
    assert_eq!(
        entries.len(),
        2,
        "other providers are kept under their own names"
    );
    assert_eq!(entries[1].provider, "somebody-else");
    let m = &entries[0].model;
    assert_eq!(
        (m.context_length, m.max_output),
        (Some(128_000), Some(16384))
    );
    assert!(m.capabilities.contains(&Capability::Vision));
    assert!(m.capabilities.contains(&Capability::FunctionCalling));
    let p: Vec<String> = m
        .prices
        .iter()
        .map(|p| format!("{}={}", p.component, p.usd))
        .collect();
    assert_eq!(p, ["input=2.5", "output=10", "cached_input=1.25"]);
}

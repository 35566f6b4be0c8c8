//! Unit tests of `drivers::groq`.

use super::*;
use crate::drivers::fixture;

#[test]
fn both_captures_parse() {
    let new = parse(&fixture("groq/models_list_2026-08.json")).unwrap();
    assert_eq!(new.len(), 13);
    let old = parse(&fixture("groq/models_list_2025-12.json")).unwrap();
    assert_eq!(old.len(), 20);
    let llama = old.iter().find(|m| m.id == "llama-3.1-8b-instant").unwrap();
    assert_eq!(
        (llama.context_length, llama.max_output),
        (Some(131_072), Some(131_072))
    );
}

#[test]
fn prices_types_and_features() {
    let models = parse(&fixture("groq/models_list_2026-08.json")).unwrap();
    let get = |id: &str| models.iter().find(|m| m.id == id).unwrap();
    let oss = get("openai/gpt-oss-120b");
    let p = |m: &Model, c: &str| {
        m.prices
            .iter()
            .find(|p| p.component == c)
            .map(|p| p.usd.to_string())
    };
    assert_eq!(p(oss, "input").as_deref(), Some("0.15"));
    assert_eq!(p(oss, "output").as_deref(), Some("0.6"));
    assert_eq!(p(oss, "cached_input").as_deref(), Some("0.075"));
    assert!(p(oss, "image").is_none(), "a zero image price means none");
    assert!(oss.capabilities.contains(&Capability::FunctionCalling));
    assert!(oss.capabilities.contains(&Capability::Reasoning));
    assert_eq!(get("whisper-large-v3").model_type, ModelType::Audio);
    assert_eq!(
        get("canopylabs/orpheus-v1-english").model_type,
        ModelType::Audio
    );
    assert_eq!(
        get("meta-llama/llama-prompt-guard-2-22m").model_type,
        ModelType::Moderation
    );
}

#[test]
fn inactive_models_are_deprecated() {
    let body = br#"{"data":[{"id":"old","active":false,"context_window":8192}]}"#;
    assert_eq!(parse(body).unwrap()[0].status, ModelStatus::Deprecated);
}

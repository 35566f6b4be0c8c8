//! Unit tests of `drivers::together`.

use super::*;
use crate::drivers::fixture;

#[test]
fn the_bare_array_parses_with_exact_prices() {
    let models = parse(&fixture("together/models_list_2026-08_subset.json")).unwrap();
    assert_eq!(models.len(), 16);
    let get = |id: &str| models.iter().find(|m| m.id == id).unwrap();
    let p = |m: &Model, c: &str| {
        m.prices
            .iter()
            .find(|p| p.component == c)
            .map(|p| p.usd.to_string())
    };
    let kimi = get("moonshotai/Kimi-K3");
    assert_eq!(p(kimi, "input").as_deref(), Some("3"));
    assert_eq!(p(kimi, "cached_input").as_deref(), Some("0.3"));
    assert_eq!(kimi.name.as_deref(), Some("Kimi K3"));
    assert_eq!(kimi.owner.as_deref(), Some("Moonshot AI"));
    let llama = get("meta-llama/Llama-3.3-70B-Instruct-Turbo");
    assert_eq!(
        p(llama, "input").as_deref(),
        Some("1.0399999999999998"),
        "as the provider wrote it"
    );
    assert!(get("facebook/cwm").prices.is_empty());
    assert_eq!(
        get("deepseek-ai/DeepSeek-R1-Distill-Llama-70B").max_output,
        Some(32768)
    );
    assert_eq!(
        get("Salesforce/Llama-Rank-V1").model_type,
        ModelType::Rerank
    );
    assert_eq!(get("openai/whisper-large-v3").model_type, ModelType::Audio);
    assert_eq!(
        get("google/veo-3.0-fast-audio").model_type,
        ModelType::Video
    );
    assert!(get("HappyHorse/HappyHorse-1.0-T2V").owner.is_none());
    assert_eq!(
        parse(br#"{"data":[{"id":"a","type":"chat"}]}"#)
            .unwrap()
            .len(),
        1
    );
}

//! Unit tests of `drivers::ollama`.

use super::*;
use crate::drivers::fixture;

#[test]
fn tags_in_both_shapes_parse() {
    let docs = parse_tags(&fixture("ollama/tags_docs_example.json")).unwrap();
    assert_eq!(docs.len(), 2);
    assert!(
        docs.iter().all(|m| m.context_length.is_none()),
        "the docs' tags give none"
    );
    let new = parse_tags(&fixture(
        "ollama/tags_2026_with_capabilities_synthetic.json",
    ))
    .unwrap();
    let qwen = new.iter().find(|m| m.id == "qwen3.5:9b").unwrap();
    assert_eq!(qwen.context_length, Some(262_144));
    assert!(qwen.capabilities.contains(&Capability::Vision));
    assert!(qwen.capabilities.contains(&Capability::FunctionCalling));
    let embed = new
        .iter()
        .find(|m| m.id == "nomic-embed-text:latest")
        .unwrap();
    assert_eq!(embed.model_type, ModelType::Embedding);
    assert!(
        parse_tags(&fixture("ollama/tags_empty.json"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn show_gives_the_context_length() {
    let mut m = parse_tags(&fixture("ollama/tags_docs_example.json"))
        .unwrap()
        .remove(0);
    let show: Value =
        serde_json::from_slice(&fixture("ollama/show_qwen3-2to16_trimmed.json")).unwrap();
    apply_show(&mut m, &show);
    assert_eq!(m.context_length, Some(40960));
    assert!(m.capabilities.contains(&Capability::FunctionCalling));
    let llava: Value =
        serde_json::from_slice(&fixture("ollama/show_llava_docs_example.json")).unwrap();
    apply_show(&mut m, &llava);
    assert_eq!(m.context_length, Some(8192));
}

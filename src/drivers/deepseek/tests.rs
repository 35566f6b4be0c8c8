//! Unit tests of `drivers::deepseek`.

use super::*;
use crate::drivers::fixture;
use crate::model::ModelType;

#[test]
fn every_shape_parses() {
    let new = parse(&fixture("deepseek/models_list_2026-08.json")).unwrap();
    assert_eq!(
        new.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        ["deepseek-v4-flash", "deepseek-v4-pro"]
    );
    assert!(
        new.iter()
            .all(|m| m.model_type == ModelType::Chat && m.context_length.is_none())
    );
    let docs = parse(&fixture("deepseek/models_list_2025_docs_example.json")).unwrap();
    assert!(
        docs[1].capabilities.contains(&Capability::Reasoning),
        "deepseek-reasoner"
    );
    let rich = parse(&fixture("deepseek/models_list_rich_docs_example.json")).unwrap();
    assert_eq!(
        (rich[0].context_length, rich[0].max_output),
        (Some(1_048_576), Some(393_216))
    );
    assert_eq!(rich[0].name.as_deref(), Some("DeepSeek-V4.1-Flash"));
}

//! Unit tests of `drivers::mistral`.

use super::*;
use crate::drivers::fixture;

#[test]
fn both_captures_keep_every_listed_id() {
    let new = parse(&fixture("mistral/models_list_2026-08.json")).unwrap();
    assert_eq!(new.len(), 55);
    let old = parse(&fixture("mistral/models_list_2025-12.json")).unwrap();
    assert_eq!(old.len(), 63);
    let ids: BTreeSet<&str> = new.iter().map(|m| m.id.as_str()).collect();
    assert!(ids.contains("mistral-large-latest") && ids.contains("mistral-large-2512"));
}

#[test]
fn deprecation_replacement_and_types() {
    let models = parse(&fixture("mistral/models_list_2026-08.json")).unwrap();
    let get = |id: &str| models.iter().find(|m| m.id == id).unwrap();
    let old = get("mistral-medium-2505");
    assert_eq!(old.status, ModelStatus::Deprecated);
    assert_eq!(old.deprecation_date.unwrap().to_string(), "2026-08-31");
    assert_eq!(old.replacement.as_deref(), Some("mistral-medium-3-5"));
    assert_eq!(old.context_length, Some(131_072));
    assert!(old.capabilities.contains(&Capability::Vision));
    assert_eq!(get("mistral-embed").model_type, ModelType::Embedding);
    assert_eq!(get("mistral-large-latest").model_type, ModelType::Chat);
    assert_eq!(
        get("mistral-moderation-2603").model_type,
        ModelType::Moderation
    );
}

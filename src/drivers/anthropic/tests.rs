//! Unit tests of `drivers::anthropic`.

use super::*;
use crate::drivers::fixture;

#[test]
fn both_shapes_and_every_page_parse() {
    let new = parse(&fixture("anthropic/models_list_2026-08_limit1000.json")).unwrap();
    assert_eq!(new.models.len(), 10);
    assert_eq!(new.next_after, None);
    let opus = &new.models[0];
    assert_eq!(
        (opus.id.as_str(), opus.context_length, opus.max_output),
        ("claude-opus-5", Some(1_000_000), Some(128_000))
    );
    assert!(opus.capabilities.contains(&Capability::Vision));
    assert!(opus.capabilities.contains(&Capability::Reasoning));
    let old = parse(&fixture("anthropic/models_list_2025-12_limit1000.json")).unwrap();
    assert!(!old.models.is_empty());
    assert!(old.models.iter().all(|m| m.context_length.is_none()));
    let p1 = parse(&fixture("anthropic/models_list_paged_p1_limit4.json")).unwrap();
    assert_eq!(p1.next_after.as_deref(), Some("claude-opus-4-1-20250805"));
    let p3 = parse(&fixture(
        "anthropic/models_list_paged_p3_limit4_after_id.json",
    ))
    .unwrap();
    assert_eq!(p3.next_after, None);
    let empty = parse(&fixture("anthropic/models_list_empty.json")).unwrap();
    assert!(empty.models.is_empty() && empty.next_after.is_none());
}

//! Unit tests of `drivers::gemini`.

use super::*;
use crate::drivers::fixture;

#[test]
fn every_capture_parses() {
    for (path, n, next) in [
        ("gemini/models_list_2026-08_pageSize1000.json", 50, None),
        ("gemini/models_list_2026-05_pageSize1000.json", 54, None),
        ("gemini/models_list_2025-12_trimmed.json", 9, None),
        (
            "gemini/models_list_paged_p1_pageSize20.json",
            20,
            Some("SYNTHETIC-OPAQUE-TOKEN-page2"),
        ),
        (
            "gemini/models_list_paged_p2_pageSize20.json",
            20,
            Some("SYNTHETIC-OPAQUE-TOKEN-page3"),
        ),
        ("gemini/models_list_paged_p3_pageSize20.json", 10, None),
    ] {
        let page = parse(&fixture(path)).unwrap();
        assert_eq!(page.models.len(), n, "{path}");
        assert_eq!(page.next.as_deref(), next, "{path}");
    }
    assert!(parse(b"{}").unwrap().models.is_empty());
}

#[test]
fn ids_limits_and_types() {
    let page = parse(&fixture("gemini/models_list_2026-08_pageSize1000.json")).unwrap();
    let get = |id: &str| page.models.iter().find(|m| m.id == id).unwrap();
    let pro = get("gemini-2.5-pro");
    assert_eq!(pro.name.as_deref(), Some("Gemini 2.5 Pro"));
    assert_eq!(pro.context_length, Some(1_048_576));
    assert_eq!(pro.max_output, Some(65536));
    assert_eq!(pro.model_type, ModelType::Chat);
    assert!(pro.capabilities.contains(&Capability::Reasoning));
    assert_eq!(get("gemini-embedding-001").model_type, ModelType::Embedding);
    assert_eq!(
        get("gemini-2.5-flash-preview-tts").model_type,
        ModelType::Audio
    );
    assert_eq!(get("gemini-2.5-flash-image").model_type, ModelType::Image);
    assert_eq!(get("veo-3.1-generate-preview").model_type, ModelType::Video);
    assert_eq!(
        get("gemini-3.1-flash-live-preview").model_type,
        ModelType::Realtime
    );
    assert_eq!(get("aqa").model_type, ModelType::Other);
    assert!(page.models.iter().all(|m| !m.id.starts_with("models/")));
}

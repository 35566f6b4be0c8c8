//! Unit tests of `drivers::openai`.

use super::*;
use crate::drivers::fixture;
use crate::model::{FieldSource, ModelType};

#[test]
fn both_captures_parse_every_model() {
    let new = parse(&fixture("openai/models_list_2026-08.json")).unwrap();
    assert_eq!(new.len(), 130);
    let old = parse(&fixture("openai/models_list_2025-08.json")).unwrap();
    assert_eq!(old.len(), 85);
    assert!(
        old.iter()
            .all(|m| m.status == ModelStatus::Active && m.shutdown_date.is_none())
    );
}

#[test]
fn shutdown_dates_deprecate_and_nothing_is_guessed() {
    let models = parse(&fixture("openai/models_list_2026-08.json")).unwrap();
    let gpt4 = models.iter().find(|m| m.id == "gpt-4-0613").unwrap();
    assert_eq!(gpt4.status, ModelStatus::Deprecated);
    assert_eq!(gpt4.shutdown_date.unwrap().to_string(), "2026-10-23");
    assert_eq!(gpt4.owner.as_deref(), Some("openai"));
    assert!(
        models
            .iter()
            .all(|m| m.context_length.is_none() && m.max_output.is_none())
    );
    let tts = models.iter().find(|m| m.id == "gpt-4o-mini-tts").unwrap();
    assert_eq!(tts.model_type, ModelType::Audio);
    assert_eq!(tts.sources.get("type"), Some(&FieldSource::Inferred));
    assert_eq!(tts.sources.get("owner"), Some(&FieldSource::Provider));
    let active = models
        .iter()
        .filter(|m| m.status == ModelStatus::Active)
        .count();
    assert_eq!(
        active, 75,
        "the 2026 capture gives 55 models a shutdown date"
    );
}

#[test]
fn unknown_fields_and_nulls_are_tolerated() {
    let body =
        br#"{"object":"list","data":[{"id":"x","created":null,"owned_by":null,"new":{"a":1}}]}"#;
    let models = parse(body).unwrap();
    assert_eq!(models.len(), 1);
    let no_id = br#"{"object":"list","data":[{"id":"x"},{"no_id":true}]}"#;
    assert_eq!(
        parse(no_id).unwrap_err().message,
        "the models response has 1 entry that is not a model (at index 1, of 2 in all)",
        "an object without an id is not a model, and is never skipped quietly"
    );
    assert!(parse(b"{\"object\":\"list\"}").is_err());
    assert!(parse(b"{\"data\":[{\"id\":\"x\"}").is_err());
}

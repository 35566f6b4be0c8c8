//! Unit tests of `sync::diff`.

use super::*;
use crate::model::{ModelType, ProviderId};
use serde_json::json;

fn model(id: &str, ctx: Option<u64>) -> Model {
    let mut m = Model::new(id, "{}".to_owned());
    m.model_type = ModelType::Chat;
    m.context_length = ctx;
    m
}

fn stored(m: Model) -> StoredModel {
    let t = crate::model::parse_time("2026-11-01T00:00:00Z").unwrap();
    StoredModel {
        provider: ProviderId::new("p"),
        model: m,
        first_seen: t,
        last_seen: t,
        removed_at: None,
    }
}

#[test]
fn first_sync_adds_everything() {
    let d = diff(&[], vec![model("b", None), model("a", None)]);
    assert_eq!(d.added, ["a", "b"]);
    assert!(d.updated.is_empty() && d.removed.is_empty());
    assert_eq!(d.unchanged, 0);
}

#[test]
fn added_updated_removed_unchanged() {
    let old = [
        stored(model("same", Some(1))),
        stored(model("grows", Some(8192))),
        stored(model("gone", None)),
    ];
    let d = diff(
        &old,
        vec![
            model("same", Some(1)),
            model("grows", Some(128_000)),
            model("new", None),
        ],
    );
    assert_eq!(d.added, ["new"]);
    assert_eq!(d.removed, ["gone"]);
    assert_eq!(d.unchanged, 1);
    assert_eq!(
        d.updated,
        [(
            "grows".to_owned(),
            vec![FieldChange {
                field: "context_length",
                old: json!(8192),
                new: json!(128_000)
            }]
        )]
    );
}

#[test]
fn identical_lists_change_nothing() {
    let old = [stored(model("a", Some(1)))];
    let d = diff(&old, vec![model("a", Some(1))]);
    assert!(d.added.is_empty() && d.updated.is_empty() && d.removed.is_empty());
    assert_eq!(d.unchanged, 1);
}

#[test]
fn raw_json_alone_is_not_a_change() {
    let old = [stored(model("a", Some(1)))];
    let mut fresh = model("a", Some(1));
    fresh.raw = json!({"id": "a", "new_field": true}).to_string();
    let d = diff(&old, vec![fresh]);
    assert!(d.updated.is_empty() && d.unchanged == 1);
}

#[test]
fn removed_models_are_not_removed_twice_and_come_back_as_updates() {
    let mut gone = model("back", None);
    gone.status = ModelStatus::Removed;
    let mut also_gone = model("still-gone", None);
    also_gone.status = ModelStatus::Removed;
    let d = diff(
        &[stored(gone), stored(also_gone)],
        vec![model("back", None)],
    );
    assert!(d.removed.is_empty());
    assert_eq!(d.updated.len(), 1);
    assert_eq!(
        d.updated[0].1,
        [FieldChange {
            field: "status",
            old: json!("removed"),
            new: json!("active")
        }]
    );
}

#[test]
fn duplicate_ids_keep_the_first() {
    let d = diff(&[], vec![model("a", Some(1)), model("a", Some(2))]);
    assert_eq!(d.added, ["a"]);
    assert_eq!(d.listed.len(), 1);
    assert_eq!(d.listed[0].context_length, Some(1));
}

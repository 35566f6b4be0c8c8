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

/// The two steps of a sync's comparison, with `stored` in memory in place of the store.
fn diff_against(stored: &[StoredModel], fetched: Vec<Model>) -> Diff {
    let digests_of = StoredDigests {
        rows: stored
            .iter()
            .map(|s| {
                let digest = crate::store::model_digest(&s.model);
                let row = crate::model::RowDigest {
                    digest,
                    status: s.model.status,
                };
                (s.model.id.clone(), row)
            })
            .collect(),
        prices: stored
            .iter()
            .filter(|s| !s.model.prices.is_empty())
            .map(|s| (s.model.id.clone(), s.model.prices.clone()))
            .collect(),
    };
    let listed = dedupe(fetched);
    let digests: Vec<u64> = listed.iter().map(crate::store::model_digest).collect();
    let ids = differing(&digests_of, &listed, &digests);
    let old: Vec<StoredModel> = stored
        .iter()
        .filter(|s| ids.contains(&s.model.id))
        .cloned()
        .collect();
    diff(&digests_of, &old, listed, &digests)
}

#[test]
fn first_sync_adds_everything() {
    let d = diff_against(&[], vec![model("b", None), model("a", None)]);
    assert_eq!(d.writes, [0, 1]);
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
    let d = diff_against(
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
    let d = diff_against(&old, vec![model("a", Some(1))]);
    assert!(d.added.is_empty() && d.updated.is_empty() && d.removed.is_empty());
    assert_eq!(d.unchanged, 1);
}

#[test]
fn raw_json_alone_is_not_a_change_but_is_written() {
    let old = [stored(model("a", Some(1)))];
    let mut fresh = model("a", Some(1));
    fresh.raw = json!({"id": "a", "new_field": true}).to_string();
    let d = diff_against(&old, vec![fresh]);
    assert!(d.updated.is_empty() && d.unchanged == 1);
    assert_eq!(d.writes, [0], "the new raw JSON is kept");
}

#[test]
fn only_what_differs_from_its_row_is_written() {
    let old = [
        stored(model("same", Some(1))),
        stored(model("grows", Some(1))),
    ];
    let d = diff_against(
        &old,
        vec![
            model("same", Some(1)),
            model("grows", Some(2)),
            model("new", None),
        ],
    );
    assert_eq!(d.writes, [1, 2]);
    assert_eq!(d.unchanged, 1);
}

#[test]
fn only_stored_rows_that_differ_are_read_in_full() {
    let stored_digests = StoredDigests {
        rows: [("same", Some(1)), ("grows", Some(1))]
            .into_iter()
            .map(|(id, ctx)| {
                let row = crate::model::RowDigest {
                    digest: crate::store::model_digest(&model(id, ctx)),
                    status: ModelStatus::Active,
                };
                (id.to_owned(), row)
            })
            .collect(),
        ..StoredDigests::default()
    };
    let listed = [
        model("same", Some(1)),
        model("grows", Some(2)),
        model("new", None),
    ];
    let digests: Vec<u64> = listed.iter().map(crate::store::model_digest).collect();
    assert_eq!(differing(&stored_digests, &listed, &digests), ["grows"]);
}

#[test]
fn a_price_the_list_gives_is_compared_though_the_row_is_the_same() {
    use crate::model::{Decimal, Price, PriceUnit};
    let mut priced = model("a", Some(1));
    priced.prices = vec![Price::new(
        "input",
        PriceUnit::MillionTokens,
        Decimal::from(3),
    )];
    let mut cheaper = priced.clone();
    cheaper.prices = vec![Price::new(
        "input",
        PriceUnit::MillionTokens,
        Decimal::from(2),
    )];
    let d = diff_against(&[stored(priced.clone())], vec![cheaper]);
    assert_eq!(d.updated.len(), 1, "{d:?}");
    assert_eq!(d.updated[0].1[0].field, "pricing");
    assert_eq!(d.writes, [0]);
    let d = diff_against(&[stored(priced.clone())], vec![priced]);
    assert!(d.updated.is_empty() && d.writes.is_empty() && d.unchanged == 1);
}

#[test]
fn removed_models_are_not_removed_twice_and_come_back_as_updates() {
    let mut gone = model("back", None);
    gone.status = ModelStatus::Removed;
    let mut also_gone = model("still-gone", None);
    also_gone.status = ModelStatus::Removed;
    let d = diff_against(
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
    let d = diff_against(&[], vec![model("a", Some(1)), model("a", Some(2))]);
    assert_eq!(d.added, ["a"]);
    assert_eq!(d.listed.len(), 1);
    assert_eq!(d.listed[0].context_length, Some(1));
}

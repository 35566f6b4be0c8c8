//! Unit tests of `store::models`: what a sync writes of a model is what is read back.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::super::tests::{at, listed, pricing, sync, synced, write};
use super::*;

fn full(id: &str) -> Model {
    let mut m = listed(id);
    m.name = Some("Full Model".into());
    m.model_type = ModelType::Chat;
    m.status = ModelStatus::Deprecated;
    m.context_length = Some(128_000);
    m.max_output = Some(16_384);
    m.capabilities = BTreeSet::from([Capability::Chat, Capability::Vision]);
    m.input_modalities = vec!["text".into(), "image".into()];
    m.output_modalities = vec!["text".into()];
    m.owner = Some("acme".into());
    m.created_at = Some(at(1, 0));
    m.deprecation_date = NaiveDate::from_ymd_opt(2026, 12, 1);
    m.shutdown_date = NaiveDate::from_ymd_opt(2027, 1, 1);
    m.replacement = Some("full-2".into());
    m.release_date = NaiveDate::from_ymd_opt(2025, 5, 1);
    m.knowledge_cutoff = Some("2024-09".into());
    m.raw = serde_json::json!({"id": id, "nested": {"n": [1, 2.5, null]}}).to_string();
    m.stamp_sources(&FieldSource::Provider, &["type"]);
    m.sources
        .insert("context_length", FieldSource::Catalog("litellm".into()));
    m
}

#[test]
fn every_field_a_sync_writes_reads_back_the_same() {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("p");
    let models = [full("b-full"), listed("a-bare")];
    sync(&mut store, &p, at(2, 10), &models, &[], &[]);
    let back = store.provider_models(&p).unwrap();
    let ids: Vec<&str> = back.iter().map(|s| s.model.id.as_str()).collect();
    assert_eq!(ids, ["a-bare", "b-full"], "ordered by id");
    // The raw JSON is written for provenance and never read back.
    let unraw = |m: &Model| Model {
        raw: String::new(),
        ..m.clone()
    };
    assert_eq!(back[1].model, unraw(&models[0]));
    assert_eq!(back[0].model, unraw(&models[1]));
    let raw: String = store
        .conn
        .query_row("SELECT raw FROM models WHERE id = 'b-full'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&raw).unwrap(),
        serde_json::from_str::<serde_json::Value>(&models[0].raw).unwrap()
    );
    assert_eq!(
        (back[1].first_seen, back[1].last_seen),
        (at(2, 10), at(2, 10))
    );
    assert_eq!(back[1].removed_at, None);
    assert_eq!(back[1].provider, p);
}

#[test]
fn a_resync_keeps_first_seen_and_moves_last_seen() {
    let (mut store, p) = synced(&["m"]);
    let mut renamed = listed("m");
    renamed.name = Some("New name".into());
    sync(&mut store, &p, at(3, 10), &[renamed.clone()], &[], &[]);
    let back = &store.provider_models(&p).unwrap()[0];
    assert_eq!((back.first_seen, back.last_seen), (at(2, 10), at(3, 10)));
    assert_eq!(back.model.name, renamed.name);
}

#[test]
fn a_removed_model_is_marked_not_deleted_and_comes_back_when_listed() {
    let (mut store, p) = synced(&["a", "b"]);
    sync(&mut store, &p, at(3, 10), &[listed("a")], &["b"], &[]);
    let back = store.provider_models(&p).unwrap();
    assert_eq!(back[1].model.status, ModelStatus::Removed);
    assert_eq!(back[1].removed_at, Some(at(3, 10)));
    assert_eq!(back[1].last_seen, at(2, 10), "not seen since");
    sync(&mut store, &p, at(4, 10), &[listed("a")], &["b"], &[]);
    assert_eq!(
        store.provider_models(&p).unwrap()[1].removed_at,
        Some(at(3, 10)),
        "marking an already removed model again keeps when it went"
    );
    sync(
        &mut store,
        &p,
        at(5, 10),
        &[listed("a"), listed("b")],
        &[],
        &[],
    );
    let back = &store.provider_models(&p).unwrap()[1];
    assert_eq!(
        (back.model.status, back.removed_at),
        (ModelStatus::Active, None)
    );
    assert_eq!(back.first_seen, at(2, 10));
}

#[test]
fn providers_are_kept_apart() {
    let mut store = Store::open_in_memory().unwrap();
    let (p, q) = (ProviderId::new("p"), ProviderId::new("q"));
    sync(&mut store, &p, at(2, 10), &[listed("same-id")], &[], &[]);
    sync(&mut store, &q, at(2, 11), &[listed("same-id")], &[], &[]);
    sync(&mut store, &q, at(3, 11), &[], &["same-id"], &[]);
    assert_eq!(
        store.provider_models(&p).unwrap()[0].model.status,
        ModelStatus::Active
    );
    assert_eq!(
        store.provider_models(&q).unwrap()[0].model.status,
        ModelStatus::Removed
    );
    assert!(
        store
            .provider_models(&ProviderId::new("r"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_value_aisync_did_not_write_is_reported_not_guessed() {
    let (store, p) = synced(&["m"]);
    for (column, value) in [
        ("type", "spaceship"),
        ("capabilities", "[\"teleport\"]"),
        ("first_seen", "yesterday"),
        ("field_sources", "{\"name\":\"rumour\"}"),
    ] {
        let before: String = store
            .conn
            .query_row(&format!("SELECT {column} FROM models"), [], |r| r.get(0))
            .unwrap();
        store
            .conn
            .execute(&format!("UPDATE models SET {column} = ?1"), [value])
            .unwrap();
        let err = store.provider_models(&p).unwrap_err();
        assert!(
            matches!(&err, StoreError::Corrupt { detail, .. } if detail.contains(column)),
            "{column}: {err}"
        );
        store
            .conn
            .execute(&format!("UPDATE models SET {column} = ?1"), [before])
            .unwrap();
    }
    assert_eq!(store.provider_models(&p).unwrap().len(), 1);
}

#[test]
fn a_listing_joins_each_model_with_its_own_prices_of_every_source() {
    let mut store = Store::open_in_memory().unwrap();
    let (p, q) = (ProviderId::new("p"), ProviderId::new("q"));
    let litellm = FieldSource::Catalog("litellm".into());
    // "a-b" sorts between "a" and "b" byte-wise; provider q's "a" after all of p's models.
    let ids = ["a", "a-b", "b", "c"];
    let models: Vec<Model> = ids.iter().map(|id| listed(id)).collect();
    let priced = [
        write("a", litellm.clone(), &[("input", Some("1"))]),
        write("a", FieldSource::Provider, &[("output", Some("2"))]),
        write(
            "c",
            litellm.clone(),
            &[("input", Some("3")), ("output", Some("4"))],
        ),
    ];
    sync(&mut store, &p, at(2, 10), &models, &[], &priced);
    let q_priced = [write("a", litellm.clone(), &[("input", Some("5"))])];
    sync(&mut store, &q, at(2, 11), &[listed("a")], &[], &q_priced);

    let rows = store.listing().unwrap();
    let seen: Vec<(String, String, Vec<String>, usize)> = rows
        .iter()
        .map(|(s, groups)| {
            let amounts = groups
                .iter()
                .flat_map(|g| {
                    g.prices
                        .iter()
                        .map(move |x| format!("{}:{}", g.source, x.usd))
                })
                .collect();
            (
                s.provider.to_string(),
                s.model.id.clone(),
                amounts,
                s.model.prices.len(),
            )
        })
        .collect();
    let row = |p: &str, id: &str, amounts: &[&str], own: usize| {
        (
            p.to_owned(),
            id.to_owned(),
            amounts.iter().map(|a| (*a).to_owned()).collect(),
            own,
        )
    };
    assert_eq!(
        seen,
        [
            row("p", "a", &["catalog:litellm:1", "provider:2"], 1),
            row("p", "a-b", &[], 0),
            row("p", "b", &[], 0),
            row("p", "c", &["catalog:litellm:3", "catalog:litellm:4"], 0),
            row("q", "a", &["catalog:litellm:5"], 0),
        ]
    );
    let found = store.models_with_id("a").unwrap();
    assert_eq!(found.len(), 2, "one per provider");
    assert_eq!(
        found[0].1, rows[0].1,
        "a lookup groups the prices as a listing does"
    );
    assert_eq!(found[0].0.model.prices, rows[0].0.model.prices);
}

#[test]
fn a_providers_listed_count_leaves_out_removed_models_and_other_providers() {
    let (mut store, p) = synced(&["a", "b", "c"]);
    sync(&mut store, &p, at(3, 10), &[listed("a")], &["b", "c"], &[]);
    let q = ProviderId::new("q");
    sync(
        &mut store,
        &q,
        at(3, 11),
        &[listed("x"), listed("y")],
        &[],
        &[],
    );
    assert_eq!(store.listed_count(&p).unwrap(), 1);
    assert_eq!(store.listed_count(&q).unwrap(), 2);
    assert_eq!(store.listed_count(&ProviderId::new("none")).unwrap(), 0);
}

#[test]
fn every_write_leaves_each_row_its_digest_and_a_row_without_one_is_digested_from_content() {
    let (mut store, p) = synced(&["a", "b"]);
    let digests = store.stored_digests(&p).unwrap();
    assert_eq!(digests.rows["a"].digest, model_digest(&listed("a")));
    // The stored digest is what is read: a planted one comes back as it is.
    store
        .conn
        .execute("UPDATE models SET digest = 7 WHERE id = 'a'", [])
        .unwrap();
    assert_eq!(store.stored_digests(&p).unwrap().rows["a"].digest, 7);
    // Removing "b" changes its status without digesting it; the sync's transaction gives it
    // its digest before it commits, so no row is left to digest from content.
    sync(&mut store, &p, at(3, 10), &[listed("a")], &["b"], &[]);
    let undigested = |store: &Store| -> i64 {
        store
            .conn
            .query_row(
                "SELECT count(*) FROM models WHERE digest IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(undigested(&store), 0, "the removed row was digested");
    let mut gone = listed("b");
    gone.status = ModelStatus::Removed;
    let digests = store.stored_digests(&p).unwrap();
    assert_eq!(digests.rows["a"].digest, model_digest(&listed("a")));
    assert_eq!(digests.rows["b"].digest, model_digest(&gone));
    assert_eq!(digests.rows["b"].status, ModelStatus::Removed);
    // A row without a digest (an older aisync's): every row is digested from its content,
    // a planted digest on another row included.
    store
        .conn
        .execute_batch(
            "UPDATE models SET digest = NULL WHERE id = 'a'; \
             UPDATE models SET digest = 7 WHERE id = 'b';",
        )
        .unwrap();
    let digests = store.stored_digests(&p).unwrap();
    assert_eq!(digests.rows["a"].digest, model_digest(&listed("a")));
    assert_eq!(digests.rows["b"].digest, model_digest(&gone));
    // The next write transaction, here one of sync-pricing's, fills the missing one in.
    store.apply_pricing(&pricing(&p, &[], at(4, 10))).unwrap();
    assert_eq!(undigested(&store), 0);
    let filled: i64 = store
        .conn
        .query_row("SELECT digest FROM models WHERE id = 'a'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(filled as u64, model_digest(&listed("a")));
}

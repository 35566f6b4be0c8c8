//! Unit tests of `store::pricing`: every source's prices grouped per model, and one
//! provider's pricing applied at once.

use super::super::tests::{at, listed, pricing, sync, synced, write};
use super::*;
use crate::model::ModelStatus;

fn matched(model: &str, catalog: &str, how: &'static str) -> MatchWrite {
    MatchWrite {
        model_id: model.into(),
        catalog: catalog.into(),
        entry_id: format!("{catalog}/{model}"),
        how,
    }
}

fn matches(store: &Store) -> Vec<(String, String, String)> {
    let mut stmt = store
        .conn
        .prepare("SELECT model_id, catalog, how FROM catalog_matches ORDER BY model_id, catalog")
        .unwrap();
    stmt.query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn prices_are_grouped_by_model_and_source_with_their_latest_observation() {
    let (mut store, p) = synced(&["a", "b"]);
    let litellm = FieldSource::Catalog("litellm".into());
    store
        .apply_pricing(&pricing(
            &p,
            &[
                write(
                    "a",
                    litellm.clone(),
                    &[("input", Some("1")), ("output", Some("2"))],
                ),
                write("a", FieldSource::Override, &[("input", Some("0.5"))]),
            ],
            at(3, 10),
        ))
        .unwrap();
    store
        .apply_pricing(&pricing(
            &p,
            &[write("a", litellm.clone(), &[("output", Some("3"))])],
            at(4, 10),
        ))
        .unwrap();
    let all = store.sourced_prices(&p).unwrap();
    assert_eq!(all.keys().collect::<Vec<_>>(), ["a"], "b has no price");
    let groups = &all["a"];
    let lite = groups.iter().find(|g| g.source == litellm).unwrap();
    let amounts: Vec<String> = lite.prices.iter().map(|x| x.usd.to_string()).collect();
    assert_eq!(amounts, ["1", "3"], "input, then output");
    assert_eq!(lite.observed_at, at(4, 10), "the latest of its components");
    let over = groups
        .iter()
        .find(|g| g.source == FieldSource::Override)
        .unwrap();
    assert_eq!(over.observed_at, at(3, 10));
}

#[test]
fn limits_and_matches_are_applied_and_matches_replaced_per_provider() {
    let mut store = Store::open_in_memory().unwrap();
    let (p, q) = (ProviderId::new("p"), ProviderId::new("q"));
    sync(
        &mut store,
        &p,
        at(2, 10),
        &[listed("a"), listed("b")],
        &[],
        &[],
    );
    sync(&mut store, &q, at(2, 10), &[listed("a")], &[], &[]);
    let mut sources = crate::model::FieldSources::new();
    sources.insert("context_length", FieldSource::Catalog("litellm".into()));
    let limit = LimitWrite {
        model_id: "a".into(),
        context_length: Some(200_000),
        max_output: Some(8_192),
        sources: sources.clone(),
    };
    store
        .apply_pricing(&crate::store::PricingWrite {
            limits: &[limit],
            matches: &[
                matched("a", "litellm", "exact"),
                matched("b", "bundled", "dated_snapshot"),
            ],
            ..pricing(&p, &[], at(3, 10))
        })
        .unwrap();
    store
        .apply_pricing(&crate::store::PricingWrite {
            matches: &[matched("a", "bundled", "exact")],
            ..pricing(&q, &[], at(3, 10))
        })
        .unwrap();
    let a = &store.provider_models(&p).unwrap()[0].model;
    assert_eq!(
        (a.context_length, a.max_output),
        (Some(200_000), Some(8_192))
    );
    assert_eq!(a.sources, sources);
    assert_eq!(a.status, ModelStatus::Active, "nothing else is touched");
    let mut limited = listed("a");
    limited.context_length = Some(200_000);
    limited.max_output = Some(8_192);
    limited.sources = sources.clone();
    assert_eq!(
        store.stored_digests(&p).unwrap().rows["a"].digest,
        crate::store::model_digest(&limited),
        "the row's stored digest is the one of its new content"
    );
    let undigested: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM models WHERE digest IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        undigested, 0,
        "and it is stored, not digested again from content"
    );
    assert_eq!(matches(&store).len(), 3);
    store
        .apply_pricing(&crate::store::PricingWrite {
            matches: &[matched("a", "litellm", "latest_alias")],
            ..pricing(&p, &[], at(4, 10))
        })
        .unwrap();
    assert_eq!(
        matches(&store),
        [
            ("a".into(), "bundled".into(), "exact".into()),
            ("a".into(), "litellm".into(), "latest_alias".into()),
        ],
        "p's matches are replaced; q's stay"
    );
}

#[test]
fn a_failed_apply_writes_nothing() {
    let (mut store, p) = synced(&["a"]);
    let prices = [
        write("a", FieldSource::Override, &[("input", Some("1"))]),
        // No such model: the foreign key refuses it, and the whole provider rolls back.
        write("ghost", FieldSource::Override, &[("input", Some("1"))]),
    ];
    assert!(
        store
            .apply_pricing(&pricing(&p, &prices, at(3, 10)))
            .is_err()
    );
    assert!(store.sourced_prices(&p).unwrap().is_empty());
    assert!(store.price_history(&p, "a").unwrap().is_empty());
}

#[test]
fn providers_with_models_are_listed_once_each() {
    let mut store = Store::open_in_memory().unwrap();
    assert!(store.providers_with_models().unwrap().is_empty());
    for name in ["q", "p"] {
        let id = ProviderId::new(name);
        sync(
            &mut store,
            &id,
            at(2, 10),
            &[listed("a"), listed("b")],
            &[],
            &[],
        );
    }
    assert_eq!(
        store.providers_with_models().unwrap(),
        [ProviderId::new("p"), ProviderId::new("q")]
    );
}

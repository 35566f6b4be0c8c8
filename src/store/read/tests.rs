//! Unit tests of `store::read`: price history, provider health, and cleanup's deletions.

use super::super::tests::{at, listed, pricing, run, sync, write};
use super::*;
use crate::store::UsageRow;

#[test]
fn history_is_oldest_first_per_model_with_gone_values_as_none() {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("p");
    let litellm = FieldSource::Catalog("litellm".into());
    sync(
        &mut store,
        &p,
        at(2, 10),
        &[listed("a"), listed("b")],
        &[],
        &[],
    );
    let steps = [
        (
            at(3, 10),
            write("a", litellm.clone(), &[("input", Some("2"))]),
        ),
        (
            at(4, 10),
            write("b", litellm.clone(), &[("input", Some("9"))]),
        ),
        (at(5, 10), write("a", litellm.clone(), &[("input", None)])),
    ];
    for (when, w) in steps {
        store.apply_pricing(&pricing(&p, &[w], when)).unwrap();
    }
    let h = store.price_history(&p, "a").unwrap();
    assert_eq!(
        h,
        [
            HistoryRow {
                observed_at: at(3, 10),
                component: "input".into(),
                unit: PriceUnit::MillionTokens,
                amount: Some(Decimal::from(2)),
                source: litellm.clone(),
            },
            HistoryRow {
                observed_at: at(5, 10),
                component: "input".into(),
                unit: PriceUnit::MillionTokens,
                amount: None,
                source: litellm,
            },
        ]
    );
    assert!(store.price_history(&p, "nobody").unwrap().is_empty());
    assert!(
        store
            .price_history(&ProviderId::new("q"), "a")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn health_covers_the_last_twenty_runs() {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("p");
    assert_eq!(store.run_health(&p).unwrap(), RunHealth::default());
    // 5 failures, then 20 successes: the failures fall out of the window.
    for hour in 0..5 {
        let r = run(&p, at(1, hour), Some("boom"));
        store.record_failure(&r, r.error.as_ref().unwrap()).unwrap();
    }
    assert_eq!(
        store.run_health(&p).unwrap(),
        RunHealth { runs: 5, failed: 5 }
    );
    for hour in 0..RECENT_RUNS as u32 {
        sync(&mut store, &p, at(2, hour), &[], &[], &[]);
    }
    assert_eq!(
        store.run_health(&p).unwrap(),
        RunHealth {
            runs: RECENT_RUNS,
            failed: 0
        }
    );
    let r = run(&p, at(3, 0), Some("again"));
    store.record_failure(&r, r.error.as_ref().unwrap()).unwrap();
    assert_eq!(store.run_health(&p).unwrap().failed, 1);
}

#[test]
fn deleting_models_takes_their_prices_history_and_matches_but_not_usage() {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("p");
    let prices = [
        write("gone", FieldSource::Provider, &[("input", Some("1"))]),
        write("kept", FieldSource::Provider, &[("input", Some("1"))]),
    ];
    sync(
        &mut store,
        &p,
        at(2, 10),
        &[listed("gone"), listed("kept")],
        &[],
        &prices,
    );
    let matched = crate::store::MatchWrite {
        model_id: "gone".into(),
        catalog: "bundled".into(),
        entry_id: "gone".into(),
        how: "exact",
    };
    store
        .apply_pricing(&crate::store::PricingWrite {
            matches: &[matched],
            ..pricing(&p, &[], at(3, 10))
        })
        .unwrap();
    store
        .import_usage(
            &[UsageRow {
                fingerprint: "f".into(),
                at: at(3, 11),
                provider: "p".into(),
                model: "gone".into(),
                input_tokens: 1,
                output_tokens: 1,
                requests: 1,
                cost: None,
                cost_source: None,
            }],
            at(3, 12),
        )
        .unwrap();
    let gone = (p.clone(), "gone".to_owned());
    let never = (p.clone(), "never-was".to_owned());
    assert_eq!(store.delete_models(&[gone, never]).unwrap(), 1);
    let ids: Vec<String> = store
        .all_models()
        .unwrap()
        .into_iter()
        .map(|s| s.model.id)
        .collect();
    assert_eq!(ids, ["kept"]);
    assert!(store.price_history(&p, "gone").unwrap().is_empty());
    assert!(!store.sourced_prices(&p).unwrap().contains_key("gone"));
    let count = |sql: &str| -> i64 { store.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT COUNT(*) FROM catalog_matches"), 0);
    assert_eq!(count("SELECT COUNT(*) FROM usage"), 1, "usage is history");
    assert_eq!(store.price_history(&p, "kept").unwrap().len(), 1);
}

#[test]
fn all_models_spans_every_provider() {
    let mut store = Store::open_in_memory().unwrap();
    for name in ["q", "p"] {
        sync(
            &mut store,
            &ProviderId::new(name),
            at(2, 10),
            &[listed("m")],
            &[],
            &[],
        );
    }
    let all: Vec<String> = store
        .all_models()
        .unwrap()
        .into_iter()
        .map(|s| s.provider.to_string())
        .collect();
    assert_eq!(all, ["p", "q"]);
}

//! Unit tests of `store::prices`: the planned changes are written exactly, each with its
//! history row, and read back digit for digit.

use super::super::Store;
use super::super::tests::{at, listed, sync, write};
use super::*;

fn history(store: &Store, provider: &ProviderId, id: &str) -> Vec<(String, Option<String>)> {
    store
        .price_history(provider, id)
        .unwrap()
        .into_iter()
        .map(|h| (h.component, h.amount.map(|a| a.to_string())))
        .collect()
}

#[test]
fn provider_prices_are_written_exactly_and_loaded_onto_the_model() {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("p");
    let prices = [write(
        "m",
        FieldSource::Provider,
        &[
            ("input", Some("0.0000025")),
            ("cache_write", Some("0.0208333333333333")),
        ],
    )];
    sync(&mut store, &p, at(2, 10), &[listed("m")], &[], &prices);
    let m = &store.provider_models(&p).unwrap()[0].model;
    let got: Vec<(String, String)> = m
        .prices
        .iter()
        .map(|x| (x.component.clone(), x.usd.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            ("cache_write".to_owned(), "0.0208333333333333".to_owned()),
            ("input".to_owned(), "0.0000025".to_owned())
        ],
        "ordered by component, exact"
    );
    assert_eq!(history(&store, &p, "m").len(), 2);
}

#[test]
fn a_change_updates_the_current_row_and_a_vanished_component_is_deleted_with_a_null_row() {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("p");
    let first = [write(
        "m",
        FieldSource::Provider,
        &[("input", Some("2")), ("output", Some("8"))],
    )];
    sync(&mut store, &p, at(2, 10), &[listed("m")], &[], &first);
    let second = [write(
        "m",
        FieldSource::Provider,
        &[("input", Some("3")), ("output", None)],
    )];
    sync(&mut store, &p, at(3, 10), &[listed("m")], &[], &second);
    let m = &store.provider_models(&p).unwrap()[0].model;
    assert_eq!(m.prices.len(), 1);
    assert_eq!(m.prices[0].usd.to_string(), "3");
    assert_eq!(
        history(&store, &p, "m"),
        [
            ("input".to_owned(), Some("2".to_owned())),
            ("output".to_owned(), Some("8".to_owned())),
            ("input".to_owned(), Some("3".to_owned())),
            ("output".to_owned(), None),
        ]
    );
}

#[test]
fn sources_are_kept_apart_and_only_provider_prices_load_onto_models() {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("p");
    let prices = [
        write("m", FieldSource::Provider, &[("input", Some("1"))]),
        write(
            "m",
            FieldSource::Catalog("litellm".into()),
            &[("input", Some("2"))],
        ),
    ];
    sync(&mut store, &p, at(2, 10), &[listed("m")], &[], &prices);
    let m = &store.provider_models(&p).unwrap()[0].model;
    assert_eq!(m.prices.len(), 1);
    assert_eq!(m.prices[0].usd.to_string(), "1");
    let clear_catalog = [write(
        "m",
        FieldSource::Catalog("litellm".into()),
        &[("input", None)],
    )];
    sync(
        &mut store,
        &p,
        at(3, 10),
        &[listed("m")],
        &[],
        &clear_catalog,
    );
    let all = store.sourced_prices(&p).unwrap();
    assert_eq!(all["m"].len(), 1, "the provider's price stays");
    assert_eq!(all["m"][0].source, FieldSource::Provider);
}

#[test]
fn no_write_means_no_history() {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("p");
    let prices = [write("m", FieldSource::Provider, &[("input", Some("1"))])];
    sync(&mut store, &p, at(2, 10), &[listed("m")], &[], &prices);
    sync(&mut store, &p, at(3, 10), &[listed("m")], &[], &[]);
    assert_eq!(history(&store, &p, "m").len(), 1);
    assert_eq!(store.provider_models(&p).unwrap()[0].model.prices.len(), 1);
}

#[test]
fn an_unreadable_amount_is_reported() {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("p");
    let prices = [write("m", FieldSource::Provider, &[("input", Some("1"))])];
    sync(&mut store, &p, at(2, 10), &[listed("m")], &[], &prices);
    store
        .conn
        .execute("UPDATE prices SET amount = 'a lot'", [])
        .unwrap();
    let err = store.provider_models(&p).unwrap_err();
    assert!(
        matches!(&err, crate::store::StoreError::Corrupt { detail, .. } if detail.contains("m/input")),
        "{err}"
    );
    assert!(store.sourced_prices(&p).is_err());
}

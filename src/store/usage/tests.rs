//! Unit tests of `store::usage`: imports are idempotent, sums are exact.

use super::super::tests::{at, d};
use super::*;

fn row(fingerprint: &str, when: DateTime<Utc>, model: &str, cost: Option<&str>) -> UsageRow {
    UsageRow {
        fingerprint: fingerprint.into(),
        at: when,
        provider: "p".into(),
        model: model.into(),
        input_tokens: 1_000,
        output_tokens: 500,
        requests: 2,
        cost: cost.map(d),
        cost_source: cost.map(|_| "file"),
    }
}

#[test]
fn a_reimport_adds_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let rows = [
        row("a", at(2, 10), "m", Some("0.1")),
        row("b", at(2, 11), "m", None),
    ];
    assert_eq!(store.import_usage(&rows, at(3, 0)).unwrap(), 2);
    assert_eq!(store.import_usage(&rows, at(3, 1)).unwrap(), 0);
    let more = [
        row("b", at(2, 11), "m", None),
        row("c", at(2, 12), "m", None),
    ];
    assert_eq!(store.import_usage(&more, at(3, 2)).unwrap(), 1);
}

#[test]
fn sums_are_exact_per_model_from_a_time_on() {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("p");
    let rows = [
        row("old", at(1, 0), "m", Some("5")),
        row("edge", at(2, 0), "m", Some("0.1")),
        row("in", at(2, 1), "m", Some("0.2")),
        row("unknown", at(2, 2), "m", None),
        row("other", at(2, 3), "other", Some("7")),
    ];
    store.import_usage(&rows, at(3, 0)).unwrap();
    let s = store.usage_since(&p, "m", at(2, 0)).unwrap();
    assert_eq!(
        s,
        UsageSummary {
            records: 3,
            requests: 6,
            input_tokens: 3_000,
            output_tokens: 1_500,
            cost: d("0.3"),
            unknown_cost: 1,
        },
        "from the cut-off on, inclusive; another model apart"
    );
    assert_eq!(s.cost.to_string(), "0.3", "0.1 + 0.2 is exactly 0.3");
    assert_eq!(
        store.usage_since(&p, "nobody", at(1, 0)).unwrap(),
        UsageSummary::default()
    );
}

#[test]
fn an_unreadable_cost_is_reported() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .import_usage(&[row("a", at(2, 10), "m", Some("1"))], at(3, 0))
        .unwrap();
    store
        .conn
        .execute("UPDATE usage SET cost = 'x'", [])
        .unwrap();
    assert!(
        store
            .usage_since(&ProviderId::new("p"), "m", at(1, 0))
            .is_err()
    );
}

//! Unit tests of `store::events`: events are written with the changes they carry, in the
//! same transaction; cursors start where they are told and never move back.

use super::super::tests::{at, entry, listed, run, write};
use super::*;
use crate::model::{ChangeEntry, FieldSource, ProviderId};
use crate::store::SyncWrite;

fn added(model: &str) -> ChangeEntry {
    entry(ChangeKind::ModelAdded, model)
}

/// That they are written in the transaction of their changes, or not at all, is
/// `store::changes::tests`' rollback test.
#[test]
fn an_event_per_kind_carries_its_changes() {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("p");
    let (a, b) = (listed("a"), listed("b"));
    let prices = [write("a", FieldSource::Provider, &[("input", Some("1"))])];
    let w = SyncWrite {
        provider: &p,
        now: at(2, 10),
        listed: &[&a, &b],
        prices: &prices,
        changes: &[added("a"), added("b")],
        removed: &[],
        statistics: serde_json::json!({}),
        cached_until: at(3, 10),
        run: &run(&p, at(2, 10), None),
    };
    store.apply_sync(&w).unwrap();
    let events = store.events_after(0, 100).unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["models.updated", "prices.updated", "sync.completed"]
    );
    assert_eq!(events[0].summary, "p: 2 models added");
    let carried: Vec<(&str, Option<&str>)> = events[0]
        .changes
        .iter()
        .map(|c| (c.kind.as_str(), c.model.as_deref()))
        .collect();
    assert_eq!(
        carried,
        [("model.added", Some("a")), ("model.added", Some("b"))]
    );
    assert_eq!(events[1].summary, "p: 1 price changed, on 1 model");
    assert_eq!(events[1].changes[0].kind, ChangeKind::PriceChanged);
    assert!(events[2].changes.is_empty());
    assert!(events.windows(2).all(|w| w[0].seq < w[1].seq));
    // Paged reads see the same events.
    let second = store.events_after(events[0].seq, 1).unwrap();
    assert_eq!(second, events[1..2]);
}

#[test]
fn a_failure_is_an_event_every_run_and_a_change_once() {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("p");
    let error = crate::model::ProviderError::new(crate::model::ErrorType::ServerError, "slow");
    for hour in [10, 11] {
        store
            .record_failure(&run(&p, at(2, hour), Some("slow")), &error)
            .unwrap();
    }
    let events = store.events_after(0, 100).unwrap();
    let kinds: Vec<(&str, usize)> = events
        .iter()
        .map(|e| (e.kind.as_str(), e.changes.len()))
        .collect();
    assert_eq!(kinds, [("sync.failed", 1), ("sync.failed", 0)]);
    assert_eq!(events[0].summary, "p: sync failed (server_error): slow");

    // A success in the same second as the last failure is still its recovery.
    let m = listed("a");
    store
        .apply_sync(&SyncWrite {
            provider: &p,
            now: at(2, 11),
            listed: &[&m],
            prices: &[],
            changes: &[added("a")],
            removed: &[],
            statistics: serde_json::json!({}),
            cached_until: at(3, 11),
            run: &run(&p, at(2, 11), None),
        })
        .unwrap();
    let last = store.events_after(events[1].seq, 100).unwrap();
    let completed = last.last().unwrap();
    assert_eq!(completed.kind, EventKind::SyncCompleted);
    assert_eq!(completed.changes.len(), 1);
    assert_eq!(completed.changes[0].kind, ChangeKind::SyncRecovered);
    assert!(
        completed.summary.ends_with("recovered after server_error"),
        "{}",
        completed.summary
    );
}

#[test]
fn a_cursor_starts_from_now_or_the_beginning_and_never_moves_back() {
    let mut store = Store::open_in_memory().unwrap();
    store.record_started(at(2, 10), "r1", &["p", "q"]).unwrap();
    store
        .enroll(&[("late", false), ("all", true)], at(2, 11))
        .unwrap();
    // Enrolling again keeps what each has.
    store.enroll(&[("late", true)], at(2, 12)).unwrap();
    let seq_of = |store: &Store, name: &str| {
        store
            .cursors()
            .unwrap()
            .into_iter()
            .find(|c| c.sink == name)
            .unwrap()
    };
    assert_eq!(seq_of(&store, "late").delivered_seq, 2);
    assert_eq!(seq_of(&store, "all").delivered_seq, 0);

    store
        .cursor_failed("all", at(2, 12), "timeout", "slow")
        .unwrap();
    store
        .cursor_failed("all", at(2, 13), "timeout", "slow")
        .unwrap();
    assert_eq!(seq_of(&store, "all").failures, 2);
    store.advance_cursor("all", 2, at(2, 14), true).unwrap();
    store.advance_cursor("all", 1, at(2, 15), false).unwrap();
    let all = seq_of(&store, "all");
    assert_eq!((all.delivered_seq, all.failures), (2, 0));
    assert_eq!(all.last_success_at, Some(at(2, 14)));
    assert_eq!(store.events_since(0).unwrap(), 2);
    let counts = store.event_counts_after(1).unwrap();
    assert_eq!(counts, [(EventKind::SyncStarted, Some("q".to_owned()), 1)]);
}

//! Unit tests of `store::changes`: the log, its events and the catalog are written in one
//! transaction.

use super::super::tests::{at, entry, listed, run, write};
use super::*;
use crate::model::{FieldSource, ProviderId};
use crate::store::SyncWrite;

#[test]
fn a_sync_that_fails_before_it_commits_leaves_neither_the_models_nor_the_log() {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("p");
    // The run's last statement fails, after the models, prices and log entries were written.
    store
        .conn
        .execute_batch(
            "CREATE TRIGGER fail_runs BEFORE INSERT ON sync_runs BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
        )
        .unwrap();
    let m = listed("a");
    let prices = [write("a", FieldSource::Provider, &[("input", Some("1"))])];
    let w = SyncWrite {
        provider: &p,
        now: at(2, 10),
        listed: &[&m],
        prices: &prices,
        changes: &[entry(ChangeKind::ModelAdded, "a")],
        removed: &[],
        statistics: serde_json::json!({}),
        cached_until: at(3, 10),
        run: &run(&p, at(2, 10), None),
    };
    assert!(store.apply_sync(&w).is_err());
    assert_eq!(store.changes(&ChangeFilter::default()).unwrap(), []);
    assert_eq!(
        store.last_event().unwrap(),
        0,
        "no event without its changes"
    );
    assert!(
        store.provider_models(&p).unwrap().is_empty(),
        "nothing half-written"
    );
    // Once it can commit, both land together: the entry and the price's.
    store.conn.execute_batch("DROP TRIGGER fail_runs;").unwrap();
    store.apply_sync(&w).unwrap();
    let kinds: Vec<&str> = store
        .changes(&ChangeFilter::default())
        .unwrap()
        .iter()
        .map(|c| c.kind.as_str())
        .collect();
    assert_eq!(kinds, ["model.added", "price.changed"]);
    assert_eq!(store.provider_models(&p).unwrap().len(), 1);
    assert_eq!(
        store.last_event().unwrap(),
        3,
        "models.updated, prices.updated, sync.completed"
    );
}

#[test]
fn a_held_change_is_logged_once_until_it_is_accepted() {
    let mut store = Store::open_in_memory().unwrap();
    let held = entry(ChangeKind::ChangeHeld, "a");
    for hour in [10, 11] {
        store
            .log_held(at(2, hour), "r", std::slice::from_ref(&held), None)
            .unwrap();
    }
    assert_eq!(store.changes(&ChangeFilter::default()).unwrap().len(), 1);
    let result = (|| -> sql::Result<()> {
        let tx = store.conn.transaction()?;
        append(
            &tx,
            &at(2, 12),
            "r",
            &[entry(ChangeKind::ChangeAccepted, "a")],
        )?;
        tx.commit()
    })();
    result.unwrap();
    // Held again after it was accepted: that is news.
    store
        .log_held(at(2, 13), "r", std::slice::from_ref(&held), None)
        .unwrap();
    let seqs: Vec<i64> = store
        .changes(&ChangeFilter::default())
        .unwrap()
        .iter()
        .map(|c| c.seq)
        .collect();
    assert_eq!(seqs.len(), 3);
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));
}

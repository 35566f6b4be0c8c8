//! Unit tests of `store::sync_state`: what a success and a failure record, and the run history.

use super::super::tests::{at, run, sync, synced};
use super::*;

#[test]
fn a_provider_never_synced_has_no_state() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.sync_state(&ProviderId::new("p")).unwrap(), None);
}

#[test]
fn a_success_records_its_time_cache_and_statistics() {
    let (store, p) = synced(&["a", "b"]);
    let s = store.sync_state(&p).unwrap().unwrap();
    assert_eq!(s.last_success_at, Some(at(2, 10)));
    assert_eq!(s.cached_until, Some(at(3, 10)));
    assert_eq!(s.statistics, Some(serde_json::json!({"total_models": 2})));
    assert_eq!(
        (s.last_failure_at, s.last_error, s.last_error_type),
        (None, None, None)
    );
}

#[test]
fn a_failure_keeps_the_last_success_and_leaves_the_models_alone() {
    let (mut store, p) = synced(&["a"]);
    let failed = run(&p, at(3, 10), Some("server error (HTTP 500)"));
    store
        .record_failure(&failed, failed.error.as_ref().unwrap())
        .unwrap();
    let s = store.sync_state(&p).unwrap().unwrap();
    assert_eq!(s.last_success_at, Some(at(2, 10)));
    assert_eq!(s.cached_until, Some(at(3, 10)));
    assert_eq!(s.last_failure_at, Some(at(3, 10)));
    assert_eq!(s.last_error.as_deref(), Some("server error (HTTP 500)"));
    assert_eq!(s.last_error_type, Some(ErrorType::ServerError));
    assert_eq!(store.provider_models(&p).unwrap().len(), 1);

    // A first-ever failure makes a state with no success.
    let q = ProviderId::new("q");
    let failed = run(&q, at(3, 10), Some("no"));
    store
        .record_failure(&failed, failed.error.as_ref().unwrap())
        .unwrap();
    let s = store.sync_state(&q).unwrap().unwrap();
    assert_eq!((s.last_success_at, s.cached_until), (None, None));
}

#[test]
fn every_run_is_recorded_with_its_counts_or_its_error() {
    let (mut store, p) = synced(&["a"]);
    let failed = run(&p, at(3, 10), Some("boom"));
    store
        .record_failure(&failed, failed.error.as_ref().unwrap())
        .unwrap();
    let rows: Vec<(String, Option<i64>, Option<String>)> = store
        .conn
        .prepare("SELECT status, added, error_type FROM sync_runs ORDER BY id")
        .unwrap()
        .query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            ("success".into(), Some(0), None),
            ("error".into(), None, Some("server_error".into())),
        ]
    );
}

#[test]
fn an_unreadable_state_is_reported() {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("p");
    sync(&mut store, &p, at(2, 10), &[], &[], &[]);
    store
        .conn
        .execute("UPDATE sync_state SET last_error_type = 'gremlins'", [])
        .unwrap();
    let err = store.sync_state(&p).unwrap_err();
    assert!(err.to_string().contains("gremlins"), "{err}");
}

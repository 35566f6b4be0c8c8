//! Unit tests of `store`.

use super::*;

#[test]
fn migrates_to_latest_and_twice_is_a_no_op() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len());
    store.migrate().unwrap();
    assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len());
}

#[test]
fn migrates_from_every_older_version() {
    let dir = tempfile::tempdir().unwrap();
    for start in 0..MIGRATIONS.len() {
        let path = dir.path().join(format!("v{start}.db"));
        {
            let conn = Connection::open(&path).unwrap();
            for (i, sql) in MIGRATIONS.iter().take(start).enumerate() {
                conn.execute_batch(sql).unwrap();
                conn.pragma_update(None, "user_version", (i + 1) as i64)
                    .unwrap();
            }
        }
        let store = Store::open_file(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len());
    }
}

#[test]
fn refuses_a_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let err = Store::open_file(&path).err().unwrap();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 999, .. }),
        "{err}"
    );
}

#[test]
fn read_only_open_of_a_missing_file_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/none.db");
    let store = Store::open_file_read_only(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len());
    assert!(!path.exists());
    assert!(!path.parent().unwrap().exists());
}

#[test]
fn a_database_locked_by_another_process_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let mut store = Store::open_file(&path).unwrap();
    store
        .sqlite()
        .busy_timeout(Duration::from_millis(50))
        .unwrap();
    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let err = store
        .delete_models(&[(crate::model::ProviderId::new("p"), "m".to_owned())])
        .unwrap_err();
    assert!(matches!(err, StoreError::Busy { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "the database {} is locked by another process (waited 10 s); try again when it is done",
            path.display()
        )
    );
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(
        store.delete_models(&[]).unwrap(),
        0,
        "usable again once the lock is gone"
    );
}

#[test]
fn garbage_file_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.db");
    std::fs::write(&path, b"this is not sqlite, not at all, no sir...........").unwrap();
    let err = Store::open_file(&path).err().unwrap();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
}

// --- Helpers for the query modules' tests, all on `Store::open_in_memory()` ---

use chrono::{DateTime, Utc};

use crate::model::{
    ChangeCounts, Decimal, ErrorType, FieldSource, Model, ProviderError, ProviderId, SyncRun,
    parse_time,
};

/// A time of the tests, `2026-11-DDTHH:00:00Z`.
pub(super) fn at(day: u32, hour: u32) -> DateTime<Utc> {
    parse_time(&format!("2026-11-{day:02}T{hour:02}:00:00Z")).unwrap()
}

pub(super) fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

pub(super) fn run(provider: &ProviderId, now: DateTime<Utc>, error: Option<&str>) -> SyncRun {
    SyncRun {
        run_id: format!("run-{}", now.timestamp()),
        provider: provider.clone(),
        started_at: now,
        finished_at: now,
        counts: error.is_none().then_some(ChangeCounts::default()),
        duration_ms: 5,
        error: error.map(|m| ProviderError::new(ErrorType::ServerError, m)),
    }
}

/// Commits a successful sync of `listed`, marking `removed` as gone, with these price writes.
pub(super) fn sync(
    store: &mut Store,
    provider: &ProviderId,
    now: DateTime<Utc>,
    listed: &[Model],
    removed: &[&str],
    prices: &[PriceWrite],
) {
    let removed: Vec<String> = removed.iter().map(|s| (*s).to_owned()).collect();
    store
        .apply_sync(&SyncWrite {
            provider,
            now,
            listed: &listed.iter().collect::<Vec<_>>(),
            prices,
            changes: &[],
            removed: &removed,
            statistics: serde_json::json!({"total_models": listed.len()}),
            cached_until: now + chrono::TimeDelta::hours(24),
            run: &run(provider, now, None),
        })
        .unwrap();
}

/// A model as a provider lists it, its fields stamped as the provider's.
pub(super) fn listed(id: &str) -> Model {
    let mut m = Model::new(id, serde_json::json!({"id": id}).to_string());
    m.stamp_sources(&FieldSource::Provider, &[]);
    m
}

/// A pricing write of `prices` only, at `now`: no limits, matches, log entries or order.
pub(super) fn pricing<'a>(
    provider: &'a ProviderId,
    prices: &'a [PriceWrite],
    now: chrono::DateTime<chrono::Utc>,
) -> crate::store::PricingWrite<'a> {
    crate::store::PricingWrite {
        provider,
        prices,
        limits: &[],
        matches: &[],
        order: &[],
        now,
        run_id: "test-run",
        held: &[],
        accepted: &[],
    }
}

/// One source's change of one component per 1M tokens (`None`: it goes away).
pub(super) fn write(
    model: &str,
    source: FieldSource,
    changes: &[(&str, Option<&str>)],
) -> PriceWrite {
    PriceWrite {
        model_id: model.to_owned(),
        source,
        changes: changes
            .iter()
            .map(|(c, a)| ComponentWrite {
                component: (*c).to_owned(),
                unit: crate::model::PriceUnit::MillionTokens,
                amount: a.map(d),
            })
            .collect(),
        backdated: Vec::new(),
    }
}

/// A store in which provider `p` listed these models, with no prices, at day 2, 10:00.
pub(super) fn synced(ids: &[&str]) -> (Store, ProviderId) {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("p");
    let models: Vec<Model> = ids.iter().map(|id| listed(id)).collect();
    sync(&mut store, &p, at(2, 10), &models, &[], &[]);
    (store, p)
}

#[test]
fn many_processes_opening_a_new_database_at_once_migrate_it_once() {
    let dir = tempfile::tempdir().unwrap();
    // A race is not lost every time: run it on several new files.
    for round in 0..6 {
        let path = dir.path().join(format!("fresh-{round}.db"));
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let path = path.clone();
                std::thread::spawn(move || {
                    Store::open_file(&path).map(|s| s.schema_version().unwrap())
                })
            })
            .collect();
        for h in handles {
            assert_eq!(
                h.join().unwrap().unwrap(),
                MIGRATIONS.len(),
                "round {round}"
            );
        }
    }
}

/// A change-log entry of provider `p` about `model`, with empty details.
pub(super) fn entry(kind: crate::model::ChangeKind, model: &str) -> crate::model::ChangeEntry {
    crate::model::ChangeEntry {
        kind,
        provider: Some("p".into()),
        model: Some(model.into()),
        details: "{}".into(),
    }
}

/// Records a failed run of `provider` at `now` that took `ms`.
fn failed_run(store: &mut Store, provider: &ProviderId, now: DateTime<Utc>, ms: u64) {
    let mut r = run(provider, now, Some("down"));
    r.duration_ms = ms;
    store.record_failure(&r, r.error.as_ref().unwrap()).unwrap();
}

#[test]
fn run_durations_are_counted_into_the_buckets_each_bound_included() {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("openai");
    for (hour, ms) in [(1, 100), (2, 101), (3, 300_000), (4, 300_001)] {
        failed_run(&mut store, &p, at(23, hour), ms);
    }
    let durations = store.figures().unwrap().durations;
    assert_eq!(durations.len(), 1);
    let d = &durations[0];
    assert_eq!(
        (d.provider.as_str(), d.count, d.sum_ms),
        ("openai", 4, 600_202)
    );
    assert_eq!(d.within, [1, 2, 2, 2, 2, 2, 2, 2, 2, 3]);
}

#[test]
fn health_counts_the_failures_since_the_last_success() {
    let mut store = Store::open_in_memory().unwrap();
    let p = ProviderId::new("openai");
    failed_run(&mut store, &p, at(23, 1), 5);
    assert_eq!(store.health().unwrap()[0].failures_since_success, 1);
    sync(&mut store, &p, at(23, 2), &[], &[], &[]);
    let h = &store.health().unwrap()[0];
    assert_eq!(h.failures_since_success, 0);
    assert!(!h.failing());
    assert_eq!(h.last_success, Some(at(23, 2)));
    failed_run(&mut store, &p, at(23, 3), 5);
    failed_run(&mut store, &p, at(23, 4), 5);
    let h = &store.health().unwrap()[0];
    assert_eq!(h.failures_since_success, 2);
    assert_eq!(h.last_failure, Some(at(23, 4)));
    assert_eq!(h.last_error_type, Some(ErrorType::ServerError));
}

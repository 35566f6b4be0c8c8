//! Unit tests of `lock`.

use super::*;

#[test]
fn second_holder_is_refused_until_the_first_lets_go() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    assert_eq!(lock_path(&db), dir.path().join("a.db.lock"));
    let first = acquire(
        &crate::config::database::Database::Sqlite(db.clone()),
        Duration::ZERO,
    )
    .unwrap();
    assert!(first.is_some());
    assert!(
        acquire(
            &crate::config::database::Database::Sqlite(db.clone()),
            Duration::from_millis(150)
        )
        .unwrap()
        .is_none()
    );
    drop(first);
    assert!(
        acquire(
            &crate::config::database::Database::Sqlite(db.clone()),
            Duration::ZERO
        )
        .unwrap()
        .is_some()
    );
}

#[test]
fn a_held_lock_is_one_error_that_suggests_wait_only_where_it_exists() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let _first = take(&crate::config::database::Database::Sqlite(db.clone()), None).unwrap();
    let without = take(&crate::config::database::Database::Sqlite(db.clone()), None).unwrap_err();
    assert_eq!(
        without.to_string(),
        format!(
            "another sync holds the lock on {}; try again when it is done",
            db.display()
        )
    );
    let with = take(
        &crate::config::database::Database::Sqlite(db.clone()),
        Some(Duration::from_millis(50)),
    )
    .unwrap_err();
    assert!(
        with.to_string()
            .ends_with("try again when it is done, or pass --wait SECONDS"),
        "{with}"
    );
}

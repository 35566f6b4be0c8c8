//! Unit tests of `sync::lock`.

use super::*;

#[test]
fn second_holder_is_refused_until_the_first_lets_go() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    assert_eq!(lock_path(&db), dir.path().join("a.db.lock"));
    let first = acquire(&db, Duration::ZERO).unwrap();
    assert!(first.is_some());
    assert!(acquire(&db, Duration::from_millis(150)).unwrap().is_none());
    drop(first);
    assert!(acquire(&db, Duration::ZERO).unwrap().is_some());
}

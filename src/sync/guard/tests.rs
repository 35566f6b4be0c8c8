//! Unit tests of `sync::guard`.

use super::*;
use crate::model::{ModelStatus, RowDigest};

fn stored(n: usize, removed: usize) -> StoredDigests {
    let rows = (0..n + removed)
        .map(|i| {
            let status = if i >= n {
                ModelStatus::Removed
            } else {
                ModelStatus::Active
            };
            (format!("m{i}"), RowDigest { digest: 0, status })
        })
        .collect();
    StoredDigests {
        rows,
        ..StoredDigests::default()
    }
}

#[test]
fn more_than_the_share_is_held_exactly_the_share_is_not() {
    let half = Share::parse("0.5").unwrap();
    assert_eq!(
        removal_hold(&stored(130, 0), 129, half).unwrap().percent(),
        99
    );
    assert!(
        removal_hold(&stored(130, 0), 130, half).is_some(),
        "an empty list"
    );
    assert!(
        removal_hold(&stored(2, 0), 1, half).is_none(),
        "exactly half may go"
    );
    assert!(removal_hold(&stored(3, 0), 2, half).is_some());
    assert!(
        removal_hold(&stored(0, 0), 0, half).is_none(),
        "a first sync removes nothing"
    );
    assert!(removal_hold(&stored(10, 0), 0, half).is_none());
}

#[test]
fn models_already_removed_do_not_count() {
    let half = Share::parse("50%").unwrap();
    // 4 listed, 6 already gone: removing 3 of the 4 is too many.
    let hold = removal_hold(&stored(4, 6), 3, half).unwrap();
    assert_eq!((hold.removing, hold.listed_before), (3, 4));
}

#[test]
fn the_share_is_configurable_to_the_ends() {
    let none = Share::parse("0").unwrap();
    assert!(
        removal_hold(&stored(100, 0), 1, none).is_some(),
        "0: any removal is held"
    );
    let all = Share::parse("100%").unwrap();
    assert!(
        removal_hold(&stored(100, 0), 100, all).is_none(),
        "1: nothing is held"
    );
    for bad in ["1.5", "-0.1", "150%", "half", ""] {
        assert_eq!(Share::parse(bad), None, "{bad}");
    }
}

//! Unit tests of `output::time`.

use super::*;
use chrono::TimeDelta;

#[test]
fn largest_whole_unit() {
    let now = crate::model::parse_time("2026-11-23T12:00:00Z").unwrap();
    let before = |s: i64| ago(now, now - TimeDelta::seconds(s));
    assert_eq!(before(5), "just now");
    assert_eq!(before(60), "1 minute ago");
    assert_eq!(before(7_200), "2 hours ago");
    assert_eq!(before(7_199), "1 hour ago");
    assert_eq!(before(3 * 86_400), "3 days ago");
    assert_eq!(before(-5), "in the future");
}

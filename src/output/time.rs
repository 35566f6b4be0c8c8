//! Times for people: "2 hours ago".

use chrono::{DateTime, Utc};

/// How long before `now` the time `then` was, in the largest whole unit.
pub fn ago(now: DateTime<Utc>, then: DateTime<Utc>) -> String {
    let secs = (now - then).num_seconds();
    if secs < 0 {
        return "in the future".to_owned();
    }
    let (n, unit) = match secs {
        0..60 => return "just now".to_owned(),
        60..3_600 => (secs / 60, "minute"),
        3_600..86_400 => (secs / 3_600, "hour"),
        _ => (secs / 86_400, "day"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
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
}

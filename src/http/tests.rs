//! Unit tests of `http`.

use super::*;

#[test]
fn backoff_doubles_from_one_second_with_jitter_and_a_cap() {
    for (attempt, full) in [
        (1, 1.0),
        (2, 2.0),
        (3, 4.0),
        (5, 16.0),
        (6, 30.0),
        (30, 30.0),
    ] {
        for _ in 0..20 {
            let d = backoff(attempt).as_secs_f64();
            assert!(d >= full * 0.5 && d <= full, "attempt {attempt}: {d}");
        }
    }
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    let now = crate::model::parse_time("2026-11-23T10:30:00Z").unwrap();
    let mut h = HeaderMap::new();
    assert_eq!(retry_after(&h, now), None);
    h.insert(RETRY_AFTER, HeaderValue::from_static("7"));
    assert_eq!(retry_after(&h, now), Some(Duration::from_secs(7)));
    h.insert(
        RETRY_AFTER,
        HeaderValue::from_static("Mon, 23 Nov 2026 10:30:05 GMT"),
    );
    assert_eq!(retry_after(&h, now), Some(Duration::from_secs(5)));
    h.insert(
        RETRY_AFTER,
        HeaderValue::from_static("Mon, 23 Nov 2026 10:00:00 GMT"),
    );
    assert_eq!(
        retry_after(&h, now),
        Some(Duration::ZERO),
        "a past date: retry now"
    );
    h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
    assert_eq!(retry_after(&h, now), None);
}

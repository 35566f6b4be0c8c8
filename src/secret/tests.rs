//! Unit tests of `secret`.

use super::*;

#[test]
fn never_prints_itself() {
    let s = Secret::new("sk-canary-1234");
    assert_eq!(
        format!("{s} {s:?} {:?}", Some(&s)),
        "(redacted) (redacted) Some((redacted))"
    );
    assert_eq!(s.expose(), "sk-canary-1234");
    assert_eq!(s.redact("bad key sk-canary-1234!"), "bad key (redacted)!");
}

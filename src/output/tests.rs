//! Unit tests of `output`.

use super::*;

#[test]
fn sanitize_neutralises_escape_sequences() {
    assert_eq!(sanitize("gpt-4o"), "gpt-4o");
    assert_eq!(
        sanitize("evil\u{1b}[2J\u{7}name"),
        "evil\\u{1b}[2J\\u{7}name"
    );
    assert_eq!(sanitize("a\nb"), "a\\nb");
}

#[test]
fn palette_off_is_plain() {
    let p = Palette { enabled: false };
    assert_eq!(p.good("ok"), "ok");
    assert!(Palette { enabled: true }.good("ok").contains("\u{1b}["));
}

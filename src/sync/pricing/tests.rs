//! Unit tests of `sync::pricing`.

use super::*;

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

#[test]
fn implausible_moves() {
    assert_eq!(implausible(d("2.5"), d("2")), None);
    assert_eq!(
        implausible(d("2.5"), d("25")),
        None,
        "exactly 10× is allowed"
    );
    assert_eq!(
        implausible(d("2.5"), d("25.01")),
        Some("moved more than 10×")
    );
    assert_eq!(implausible(d("2.5"), d("0.2")), Some("moved more than 10×"));
    assert_eq!(implausible(d("2.5"), d("0")), Some("non-zero to zero"));
    assert_eq!(implausible(d("0"), d("3")), None);
}

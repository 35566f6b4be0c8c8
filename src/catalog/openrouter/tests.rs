//! Unit tests of `catalog::openrouter`.

use super::*;
use crate::catalog::fixture;

#[test]
fn both_dated_lists_parse() {
    assert_eq!(
        parse(&fixture("openrouter/models.2026-05-15.json"))
            .unwrap()
            .len(),
        364
    );
    let new = parse(&fixture("openrouter/models.2026-08-01.json")).unwrap();
    assert_eq!(new.len(), 336);
    assert_eq!(new.iter().filter(|e| e.id.ends_with(":free")).count(), 14);
}

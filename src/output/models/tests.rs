//! Unit tests of `outputels`.

use super::*;

#[test]
fn csv_cells_cannot_run_as_formulas() {
    assert_eq!(
        csv_cell("=HYPERLINK(\"http://x\")"),
        "'=HYPERLINK(\"http://x\")"
    );
    assert_eq!(csv_cell("+1"), "'+1");
    assert_eq!(csv_cell("-cmd"), "'-cmd");
    assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(csv_cell("gpt-4o"), "gpt-4o");
    assert_eq!(csv_cell("evil\u{1b}[31m"), "evil\\u{1b}[31m");
}

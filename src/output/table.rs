//! Tables for people: one house style, fitting the terminal (or `COLUMNS`), numbers
//! right-aligned with thousands separators.

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};

use super::pricing::thousands;

/// A table with the house style, fitting `width` columns when given (else the terminal's).
pub fn table(headers: &[&str], width: Option<u16>) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().map(Cell::new).collect::<Vec<_>>());
    if let Some(w) = width {
        t.set_width(w);
    }
    t
}

/// A right-aligned number cell with thousands separators, or `—` when unknown.
pub fn number_cell(n: Option<u64>) -> Cell {
    Cell::new(n.map_or_else(|| "—".to_owned(), |n| thousands(n as usize)))
        .set_alignment(CellAlignment::Right)
}

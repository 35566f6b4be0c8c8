//! Tables for people: one house style, fitting the terminal (or `COLUMNS`), numbers
//! right-aligned with thousands separators, and no word ever broken: a column is at least as
//! wide as its longest word (a model id, a number, `unpriced`), so wrapping happens between
//! words only. Piped, with no `COLUMNS`, nothing wraps.

use std::fmt;
use std::ops::{Deref, DerefMut};

use comfy_table::{
    Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width, presets,
};

use super::pricing::thousands;

/// A table in the house style; shown through [`fmt::Display`].
#[derive(Debug, Clone)]
pub struct House(Table);

/// A table with the house style, fitting `width` columns when given (else the terminal's).
pub fn table(headers: &[&str], width: Option<u16>) -> House {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().map(Cell::new).collect::<Vec<_>>());
    if let Some(w) = width {
        t.set_width(w);
    }
    House(t)
}

impl Deref for House {
    type Target = Table;
    fn deref(&self) -> &Table {
        &self.0
    }
}

impl DerefMut for House {
    fn deref_mut(&mut self) -> &mut Table {
        &mut self.0
    }
}

impl House {
    /// Hides columns, in the order of `droppable`, until the table fits its width with no word
    /// broken; the names of those hidden. Nothing is hidden when the width is unknown (piped).
    pub fn fit_by_hiding(&mut self, droppable: &[usize]) -> Vec<String> {
        let Some(width) = self.0.width() else {
            return Vec::new();
        };
        let widest = widest_words(&self.0);
        let needed = |hidden: &[usize]| -> usize {
            let shown: Vec<usize> = (0..widest.len()).filter(|i| !hidden.contains(i)).collect();
            // Each column: its words, a space each side, and a border; one border more.
            shown
                .iter()
                .map(|&i| usize::from(widest[i]) + 3)
                .sum::<usize>()
                + 1
        };
        let mut hidden: Vec<usize> = Vec::new();
        for &i in droppable {
            if needed(&hidden) <= usize::from(width) {
                break;
            }
            hidden.push(i);
        }
        let headers: Vec<String> = self
            .0
            .header()
            .map(|h| h.cell_iter().map(Cell::content).collect())
            .unwrap_or_default();
        for &i in &hidden {
            if let Some(c) = self.0.column_mut(i) {
                c.set_constraint(ColumnConstraint::Hidden);
            }
        }
        hidden
            .iter()
            .filter_map(|&i| headers.get(i).cloned())
            .collect()
    }
}

impl fmt::Display for House {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = self.0.clone();
        let widest = widest_words(&t);
        for (i, w) in widest.into_iter().enumerate() {
            if let Some(c) = t
                .column_mut(i)
                .filter(|c| c.constraint() != Some(&ColumnConstraint::Hidden))
            {
                // A constraint's width includes the column's padding.
                let w = w.saturating_add(c.padding_width());
                c.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(w)));
            }
        }
        write!(f, "{t}")
    }
}

/// Per column, the width of its longest word, header included.
fn widest_words(t: &Table) -> Vec<u16> {
    let mut widest: Vec<u16> = Vec::new();
    for row in t.header().into_iter().chain(t.row_iter()) {
        for (i, cell) in row.cell_iter().enumerate() {
            let content = cell.content();
            let w = content
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            let w = u16::try_from(w).unwrap_or(u16::MAX);
            if widest.len() <= i {
                widest.resize(i + 1, 0);
            }
            widest[i] = widest[i].max(w);
        }
    }
    widest
}

/// A right-aligned number cell with thousands separators, or `—` when unknown.
pub fn number_cell(n: Option<u64>) -> Cell {
    Cell::new(n.map_or_else(|| "—".to_owned(), |n| thousands(n as usize)))
        .set_alignment(CellAlignment::Right)
}

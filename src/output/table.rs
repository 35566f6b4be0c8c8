//! Tables for people: one house style, fitting the terminal (or `COLUMNS`), numbers
//! right-aligned with thousands separators, and no word ever broken: a column is at least as
//! wide as its longest word (a model id, a number, `unpriced`), so wrapping happens between
//! words only. Piped, with no `COLUMNS`, nothing wraps.

use std::fmt;
use std::ops::{Deref, DerefMut};

use comfy_table::{
    Cell, CellAlignment, ColumnConstraint, ContentArrangement, Row, Table, Width, presets,
};

use super::pricing::thousands;

/// A table in the house style; shown through [`fmt::Display`].
#[derive(Debug, Clone)]
pub struct House(Table);

/// A table with the house style, fitting `width` columns when given (else the terminal's).
pub fn table(headers: &[&str], width: Option<u16>) -> House {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = width {
        t.set_width(w);
    }
    t.set_header(headers.iter().map(Cell::new).collect::<Vec<_>>());
    let mut house = House(t);
    house.widen(&headers.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>());
    house
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
    /// Adds a row, and widens each column's floor to its longest word.
    pub fn add_row<T: Into<Row>>(&mut self, row: T) -> &mut Self {
        let row: Row = row.into();
        let contents: Vec<String> = row.cell_iter().map(Cell::content).collect();
        self.0.add_row(row);
        self.widen(&contents);
        self
    }

    /// Each column at least as wide as the longest word of `contents` it holds; a column
    /// already hidden stays hidden.
    fn widen(&mut self, contents: &[String]) {
        for (i, content) in contents.iter().enumerate() {
            let w = longest_word(content);
            let Some(c) = self.0.column_mut(i) else {
                continue;
            };
            let floor = match c.constraint() {
                Some(ColumnConstraint::Hidden) => continue,
                Some(ColumnConstraint::LowerBoundary(Width::Fixed(f))) => *f,
                _ => 0,
            };
            // A constraint's width includes the column's padding.
            let w = w.saturating_add(c.padding_width());
            if w > floor {
                c.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(w)));
            }
        }
    }

    /// Hides columns, in the order of `droppable`, until the table fits its width with no word
    /// broken; the names of those hidden. Nothing is hidden when the width is unknown (piped).
    pub fn fit_by_hiding(&mut self, droppable: &[usize]) -> Vec<String> {
        let Some(width) = self.0.width() else {
            return Vec::new();
        };
        // Each column's floor: its longest word and its padding.
        let floors: Vec<usize> = self
            .0
            .column_iter()
            .map(|c| match c.constraint() {
                Some(ColumnConstraint::LowerBoundary(Width::Fixed(f))) => usize::from(*f),
                _ => usize::from(c.padding_width()),
            })
            .collect();
        let needed = |hidden: &[usize]| -> usize {
            // Each shown column: its floor and a border; one border more.
            (0..floors.len())
                .filter(|i| !hidden.contains(i))
                .map(|i| floors[i] + 1)
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
        write!(f, "{}", self.0)
    }
}

/// The width of the longest whitespace-separated word of `text`.
fn longest_word(text: &str) -> u16 {
    let w = text
        .split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    u16::try_from(w).unwrap_or(u16::MAX)
}

/// A right-aligned number cell with thousands separators, or `—` when unknown.
pub fn number_cell(n: Option<u64>) -> Cell {
    Cell::new(n.map_or_else(|| "—".to_owned(), |n| thousands(n as usize)))
        .set_alignment(CellAlignment::Right)
}

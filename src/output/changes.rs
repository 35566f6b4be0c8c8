//! `aisync changes` for people (a table per run) and for scripts (a JSON array, or JSON lines).

use std::fmt::Write as _;

use super::sanitize;
use super::table::table;
use crate::model::{LoggedChange, format_time};

/// The entries as one JSON array, with a trailing newline.
pub fn json(entries: &[LoggedChange]) -> String {
    super::json::pretty(&entries)
}

/// One JSON object per line.
pub fn jsonl(entries: &[LoggedChange]) -> String {
    let mut out = String::new();
    for e in entries {
        if let Ok(line) = serde_json::to_string(e) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The entries for people: one table per run, oldest first.
pub fn text(entries: &[LoggedChange], width: Option<u16>) -> String {
    if entries.is_empty() {
        return "No changes recorded. Runs that change the catalog record what they changed.\n"
            .to_owned();
    }
    let mut out = String::new();
    let mut start = 0;
    while start < entries.len() {
        let run = &entries[start].run_id;
        let end = entries[start..]
            .iter()
            .position(|e| &e.run_id != run)
            .map_or(entries.len(), |n| start + n);
        let _ = writeln!(out, "Run {run} at {}", format_time(&entries[start].at));
        let mut t = table(&["Seq", "Kind", "Provider", "Model", "What"], width);
        for e in &entries[start..end] {
            t.add_row(vec![
                e.seq.to_string(),
                e.kind.as_str().to_owned(),
                e.provider.clone().unwrap_or_default(),
                sanitize(e.model.as_deref().unwrap_or_default()),
                sanitize(&e.what()),
            ]);
        }
        let _ = writeln!(out, "{t}\n");
        start = end;
    }
    let _ = writeln!(
        out,
        "{}",
        super::pricing::count(entries.len(), "entry", "entries")
    );
    out
}

//! `aisync changes` for people (a table per run) and for scripts (a JSON array, or JSON lines).

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::sanitize;
use super::table::table;
use crate::model::{LoggedChange, format_time};

#[derive(Serialize)]
struct EntryJson<'a> {
    seq: i64,
    at: String,
    run_id: &'a str,
    kind: &'static str,
    provider: Option<&'a str>,
    model: Option<&'a str>,
    details: Option<Box<RawValue>>,
}

fn entry(e: &LoggedChange) -> EntryJson<'_> {
    EntryJson {
        seq: e.seq,
        at: format_time(&e.at),
        run_id: &e.run_id,
        kind: e.kind.as_str(),
        provider: e.provider.as_deref(),
        model: e.model.as_deref(),
        details: RawValue::from_string(e.details.clone()).ok(),
    }
}

/// The entries as one JSON array, with a trailing newline.
pub fn json(entries: &[LoggedChange]) -> String {
    super::json::pretty(&entries.iter().map(entry).collect::<Vec<_>>())
}

/// One JSON object per line.
pub fn jsonl(entries: &[LoggedChange]) -> String {
    let mut out = String::new();
    for e in entries {
        if let Ok(line) = serde_json::to_string(&entry(e)) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// What an entry says, in a few words: `context_length 8192 → 128000 (catalog:litellm)`.
fn what(e: &LoggedChange) -> String {
    let d: Value = serde_json::from_str(&e.details).unwrap_or(Value::Null);
    let text = |v: &Value| match v {
        Value::Null => "—".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if let Some(field) = d.get("field").and_then(Value::as_str) {
        return format!(
            "{field} {} → {} ({})",
            text(&d["old"]),
            text(&d["new"]),
            text(&d["origin"])
        );
    }
    if let Some(component) = d.get("component").and_then(Value::as_str) {
        return format!(
            "{component} {} → {} per {} ({})",
            text(&d["old"]),
            text(&d["new"]),
            text(&d["unit"]),
            text(&d["source"])
        );
    }
    match d.as_object() {
        Some(o) if !o.is_empty() => o
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{k} {}", text(v)))
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
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
                sanitize(&what(e)),
            ]);
        }
        let _ = writeln!(out, "{t}\n");
        start = end;
    }
    let _ = writeln!(out, "{} entries", super::pricing::thousands(entries.len()));
    out
}

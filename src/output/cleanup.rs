//! `models cleanup`: what is (or would be) deleted, and why — or why nothing was done.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::sanitize;
use crate::model::{StoredModel, format_time};

/// How a cleanup ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending<'a> {
    /// Listed (`--dry-run`) or deleted.
    Done { dry_run: bool },
    /// Another run held the lock on this database: nothing was done.
    Locked(&'a str),
    /// The person at the prompt said no: nothing was deleted.
    Declined,
}

fn line(s: &StoredModel) -> String {
    format!(
        "  - {}/{} (removed {}, last seen {})",
        s.provider,
        sanitize(&s.model.id),
        s.removed_at.as_ref().map(format_time).unwrap_or_default(),
        format_time(&s.last_seen)
    )
}

/// For people: one line per model, then a count; or why nothing was done.
pub fn text(selection: &[StoredModel], ending: Ending<'_>, cutoff: DateTime<Utc>) -> String {
    let mut out = String::new();
    let dry_run = match ending {
        Ending::Locked(db) => {
            let _ = writeln!(
                out,
                "{}",
                super::sync_report::locked_verdict(Some(db), true)
            );
            return out;
        }
        Ending::Declined => {
            let _ = writeln!(out, "Nothing done: cleanup cancelled; nothing was deleted.");
            return out;
        }
        Ending::Done { dry_run } => dry_run,
    };
    if selection.is_empty() {
        let _ = writeln!(
            out,
            "Nothing to clean up: no removed model was last seen before {}.",
            format_time(&cutoff)
        );
        return out;
    }
    for s in selection {
        let _ = writeln!(out, "{}", line(s));
    }
    let verb = if dry_run { "Would delete" } else { "Deleted" };
    let _ = writeln!(
        out,
        "{verb} {} model{} with their prices and history.",
        selection.len(),
        if selection.len() == 1 { "" } else { "s" }
    );
    out
}

#[derive(Serialize)]
struct Doc {
    dry_run: bool,
    /// `"status": "skipped"` with its `reason` when nothing was done.
    #[serde(flatten)]
    nothing_done: super::json::NothingDone,
    cutoff: String,
    deleted: Vec<Row>,
    count: usize,
}

#[derive(Serialize)]
struct Row {
    provider: String,
    id: String,
    /// Always `removed`: nothing else is ever deleted.
    reason: &'static str,
    removed_at: Option<String>,
    last_seen: String,
}

/// For scripts.
pub fn json(selection: &[StoredModel], ending: Ending<'_>, cutoff: DateTime<Utc>) -> String {
    let nothing_done = match ending {
        Ending::Done { .. } => super::json::NothingDone::default(),
        Ending::Locked(db) => super::json::NothingDone::locked(Some(db)),
        Ending::Declined => super::json::NothingDone::declined(),
    };
    let done = matches!(ending, Ending::Done { .. });
    let deleted: Vec<Row> = if done {
        selection
            .iter()
            .map(|s| Row {
                provider: s.provider.to_string(),
                id: s.model.id.clone(),
                reason: "removed",
                removed_at: s.removed_at.as_ref().map(format_time),
                last_seen: format_time(&s.last_seen),
            })
            .collect()
    } else {
        Vec::new()
    };
    let doc = Doc {
        dry_run: matches!(ending, Ending::Done { dry_run: true }),
        nothing_done,
        cutoff: format_time(&cutoff),
        count: deleted.len(),
        deleted,
    };
    super::json::pretty(&doc)
}

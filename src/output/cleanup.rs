//! `models cleanup`: what is (or would be) deleted, and why.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::sanitize;
use crate::model::{StoredModel, format_time};
use crate::query::CleanupReason;

/// For people: one line per model, then a count.
pub fn text(
    selection: &[(StoredModel, CleanupReason)],
    dry_run: bool,
    cutoff: DateTime<Utc>,
) -> String {
    let mut out = String::new();
    if selection.is_empty() {
        let _ = writeln!(
            out,
            "Nothing to clean up: no model is removed, past its shutdown date, or unseen since {}.",
            format_time(&cutoff)
        );
        return out;
    }
    for (s, reason) in selection {
        let why = match reason {
            CleanupReason::Removed => format!(
                "removed {}",
                s.removed_at.as_ref().map(format_time).unwrap_or_default()
            ),
            CleanupReason::PastShutdown => format!(
                "shut down {}",
                s.model
                    .shutdown_date
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            ),
            CleanupReason::NotSeenSince => format!("last seen {}", format_time(&s.last_seen)),
        };
        let _ = writeln!(out, "  - {}/{} ({why})", s.provider, sanitize(&s.model.id));
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
    cutoff: String,
    deleted: Vec<Row>,
    count: usize,
}

#[derive(Serialize)]
struct Row {
    provider: String,
    id: String,
    reason: &'static str,
}

/// For scripts.
pub fn json(
    selection: &[(StoredModel, CleanupReason)],
    dry_run: bool,
    cutoff: DateTime<Utc>,
) -> String {
    let doc = Doc {
        dry_run,
        cutoff: format_time(&cutoff),
        deleted: selection
            .iter()
            .map(|(s, r)| Row {
                provider: s.provider.to_string(),
                id: s.model.id.clone(),
                reason: r.as_str(),
            })
            .collect(),
        count: selection.len(),
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

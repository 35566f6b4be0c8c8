//! The public JSON schema of `sync-models --format json` (SPEC §5). These row structs are the
//! contract: change them on purpose, never as a side effect of an internal type.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::format_time;
use crate::sync::report::{ProviderOutcome, SyncReport, Synced};

#[derive(Serialize)]
struct Document {
    dry_run: bool,
    /// `skipped` when another run held the lock and nothing was done.
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    providers: Vec<ProviderRow>,
    summary: SummaryRow,
}

#[derive(Serialize)]
#[serde(untagged)]
enum ProviderRow {
    Synced(SyncedRow),
    Skipped(SkippedRow),
    Failed(FailedRow),
    Held(HeldRow),
}

/// A list a guard refused to apply: what it would have changed, and why it was held.
#[derive(Serialize)]
struct HeldRow {
    provider: String,
    status: &'static str,
    reason: &'static str,
    message: String,
    /// Models stored as listed before this run, and the largest share a list may remove.
    listed_before: usize,
    max_removed_share: Option<Box<serde_json::value::RawValue>>,
    models_synced: usize,
    added: Vec<String>,
    updated: Vec<UpdatedRow>,
    removed: Vec<String>,
    unchanged: usize,
    last_sync: Option<String>,
    duration_ms: u64,
}

#[derive(Serialize)]
struct SyncedRow {
    provider: String,
    /// `success`, or `dry_run` when nothing was written.
    status: &'static str,
    models_synced: usize,
    added: Vec<String>,
    updated: Vec<UpdatedRow>,
    removed: Vec<String>,
    unchanged: usize,
    statistics: Value,
    cached_until: Option<String>,
    last_sync: Option<String>,
    duration_ms: u64,
    /// In a dry run: synced less than the interval ago, so a real run without `--force`
    /// skips it (it was checked anyway).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    fresh: bool,
}

#[derive(Serialize)]
struct UpdatedRow {
    id: String,
    /// Field name → `[old, new]`.
    changes: Map<String, Value>,
}

#[derive(Serialize)]
struct SkippedRow {
    provider: String,
    status: &'static str,
    reason: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_sync: Option<String>,
}

#[derive(Serialize)]
struct FailedRow {
    provider: String,
    status: &'static str,
    error: String,
    error_type: &'static str,
}

#[derive(Serialize)]
struct SummaryRow {
    providers: usize,
    succeeded: usize,
    skipped: usize,
    failed: usize,
    held: usize,
    models_synced: usize,
}

fn synced_row(provider: String, dry_run: bool, s: &Synced) -> SyncedRow {
    SyncedRow {
        provider,
        status: if dry_run { "dry_run" } else { "success" },
        models_synced: s.models_synced,
        added: s.added.clone(),
        updated: s
            .updated
            .iter()
            .map(|(id, changes)| UpdatedRow {
                id: id.clone(),
                changes: changes
                    .iter()
                    .map(|c| {
                        (
                            c.field.to_owned(),
                            Value::Array(vec![c.old.clone(), c.new.clone()]),
                        )
                    })
                    .collect(),
            })
            .collect(),
        removed: s.removed.clone(),
        unchanged: s.unchanged,
        statistics: s.statistics.clone(),
        cached_until: s.cached_until.as_ref().map(format_time),
        last_sync: s.last_sync.as_ref().map(format_time),
        duration_ms: s.duration_ms,
        fresh: s.fresh,
    }
}

/// The SPEC §5 document for a sync report, pretty-printed, with a trailing newline.
pub fn sync_report(report: &SyncReport) -> String {
    let providers = report
        .providers
        .iter()
        .map(|p| {
            let provider = p.provider.to_string();
            match &p.outcome {
                ProviderOutcome::Synced(s) => {
                    ProviderRow::Synced(synced_row(provider, report.dry_run, s))
                }
                ProviderOutcome::Skipped {
                    reason, last_sync, ..
                } => ProviderRow::Skipped(SkippedRow {
                    provider,
                    status: "skipped",
                    reason: reason.as_str(),
                    last_sync: last_sync.as_ref().map(format_time),
                }),
                ProviderOutcome::Failed { error, .. } => ProviderRow::Failed(FailedRow {
                    provider,
                    status: "error",
                    error: error.message.clone(),
                    error_type: error.error_type.as_str(),
                }),
                ProviderOutcome::Held { synced, hold } => {
                    let would = synced_row(provider.clone(), report.dry_run, synced);
                    ProviderRow::Held(HeldRow {
                        provider,
                        status: "held",
                        reason: "removal_guard",
                        message: super::sync_report::held_message(hold),
                        listed_before: hold.listed_before,
                        max_removed_share: super::exact_number(hold.max_share.0),
                        models_synced: would.models_synced,
                        added: would.added,
                        updated: would.updated,
                        removed: would.removed,
                        unchanged: would.unchanged,
                        last_sync: would.last_sync,
                        duration_ms: would.duration_ms,
                    })
                }
            }
        })
        .collect();
    let s = report.summary();
    let doc = Document {
        dry_run: report.dry_run,
        status: report.locked.as_ref().map(|_| "skipped"),
        reason: report.locked.as_ref().map(|_| "locked"),
        message: report
            .locked
            .as_ref()
            .map(|db| crate::lock::held_message(db, true)),
        providers,
        summary: SummaryRow {
            providers: s.providers,
            succeeded: s.succeeded,
            skipped: s.skipped,
            failed: s.failed,
            held: s.held,
            models_synced: s.models_synced,
        },
    };
    let mut text =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

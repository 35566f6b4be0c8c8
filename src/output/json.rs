//! The one JSON writer every command's `--format json` goes through, and the public schema of
//! `sync-models --format json` (SPEC §5). These row structs are the contract: change them on
//! purpose, never as a side effect of an internal type.
//!
//! serde_json escapes C0 controls but writes DEL, C1 controls (U+0080–U+009F) and bidi
//! controls raw; [`pretty`] escapes those too (`\u009b`), so that no provider text reaches a
//! terminal that `cat`s the document.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::format_time;
use crate::sync::report::{ProviderOutcome, SyncReport, Synced};

/// Escapes, on top of serde_json's own, DEL, the C1 controls and the bidi controls.
struct Escaping(serde_json::ser::PrettyFormatter<'static>);

/// Whether `c` is a character serde_json writes raw that no terminal should receive raw (it
/// escapes the C0 controls itself).
pub fn needs_escape(c: char) -> bool {
    super::is_hostile(c) && !matches!(c, '\u{0}'..='\u{1f}')
}

impl serde_json::ser::Formatter for Escaping {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // Every character to escape starts with one of these bytes: most text has none.
        if !fragment.bytes().any(|b| matches!(b, 0x7f | 0xc2 | 0xe2)) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut rest = fragment;
        while let Some(at) = rest.find(needs_escape) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    // The layout is the pretty formatter's.
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// An array streamed as `--format json` prints it, element by element, without building it:
/// the same bytes as [`pretty`] of the whole array.
pub fn write_pretty_array<T: Serialize>(
    out: &mut impl std::io::Write,
    items: impl Iterator<Item = T>,
) -> std::io::Result<()> {
    use serde::Serializer as _;
    let mut ser = serde_json::Serializer::with_formatter(
        &mut *out,
        Escaping(serde_json::ser::PrettyFormatter::new()),
    );
    ser.collect_seq(items).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// A document as `--format json` prints it: pretty, every control escaped, a trailing newline.
pub fn pretty<T: Serialize>(value: &T) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut out,
        Escaping(serde_json::ser::PrettyFormatter::new()),
    );
    let mut text = match value.serialize(&mut ser) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}"),
    };
    text.push('\n');
    text
}

/// The top-level fields of a run that did nothing, the same in every command's document:
/// `"status": "skipped"`, its `reason` (`locked`, `declined`) and a `message`. Absent when
/// the run did its work.
#[derive(Debug, Default, Serialize)]
pub struct NothingDone {
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

impl NothingDone {
    /// Another run held the lock on `database` (if any did).
    pub fn locked(database: Option<&str>) -> Self {
        database.map_or_else(Self::default, |db| Self {
            status: Some("skipped"),
            reason: Some("locked"),
            message: Some(crate::lock::held_message(&db, true)),
        })
    }

    /// The person at the prompt said no.
    pub fn declined() -> Self {
        Self {
            status: Some("skipped"),
            reason: Some("declined"),
            message: None,
        }
    }
}

#[derive(Serialize)]
struct Document {
    dry_run: bool,
    /// `"status": "skipped"` with its `reason` when nothing was done.
    #[serde(flatten)]
    nothing_done: super::json::NothingDone,
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
    /// Changes the catalogs alone made, apart from the provider's own.
    enriched: Vec<UpdatedRow>,
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

fn updated_rows(updated: &[(String, Vec<crate::model::FieldChange>)]) -> Vec<UpdatedRow> {
    updated
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
        .collect()
}

fn synced_row(provider: String, dry_run: bool, s: &Synced) -> SyncedRow {
    SyncedRow {
        provider,
        status: if dry_run { "dry_run" } else { "success" },
        models_synced: s.models_synced,
        added: s.added.clone(),
        updated: updated_rows(&s.updated),
        removed: s.removed.clone(),
        unchanged: s.unchanged,
        enriched: updated_rows(&s.enriched),
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
        nothing_done: NothingDone::locked(report.locked.as_deref()),
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
    pretty(&doc)
}

//! `sync-models` for people: a header per provider, what was found and changed, and a verdict.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::time::ago;
use super::{Palette, sanitize};
use crate::error::RunOutcome;
use crate::model::FieldChange;
use crate::sync::discovery::SkipReason;
use crate::sync::guard::RemovalHold;
use crate::sync::report::{ProviderOutcome, SyncReport, Synced};

/// How much to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detail {
    /// `-v` and up: per-model change lines, statistics, every skip.
    pub verbose: bool,
}

/// Renders the report for people. `now` is the run's clock, for "2 hours ago".
pub fn render(
    report: &SyncReport,
    outcome: RunOutcome,
    detail: Detail,
    p: Palette,
    now: DateTime<Utc>,
) -> String {
    let mut out = String::new();
    if report.dry_run {
        let _ = writeln!(out, "{}\n", p.warn("DRY RUN - No changes will be made"));
    }
    for entry in &report.providers {
        let quiet_skip = matches!(
            entry.outcome,
            ProviderOutcome::Skipped {
                reason: SkipReason::NoCredentials | SkipReason::Disabled,
                ..
            }
        );
        if quiet_skip && !detail.verbose && !report.named {
            continue;
        }
        let _ = writeln!(out, "{}", p.strong(&entry.provider.to_string()));
        match &entry.outcome {
            ProviderOutcome::Synced(s) => synced(&mut out, s, report.dry_run, detail, p),
            ProviderOutcome::Skipped {
                reason,
                last_sync,
                hint,
            } => {
                let why = match (reason, last_sync) {
                    (SkipReason::CacheValid, Some(t)) => format!(" — last sync {}", ago(now, *t)),
                    (SkipReason::Locked, _) => {
                        " — another sync is running on this database".to_owned()
                    }
                    (SkipReason::NoCredentials, _) => match hint {
                        Some(var) => format!(" — no API key: set {var}"),
                        None => " — no API key is set".to_owned(),
                    },
                    (SkipReason::Disabled, _) => " — enabled = false in the config file".to_owned(),
                    (SkipReason::CacheValid, None) => String::new(),
                };
                let _ = writeln!(
                    out,
                    "  {}",
                    p.warn(&format!("⏭ Skipped ({}){why}", reason.as_str()))
                );
            }
            ProviderOutcome::Failed { error, .. } => {
                let _ = writeln!(
                    out,
                    "  {} {}",
                    p.bad("❌ Synchronization failed:"),
                    sanitize(&format!(
                        "{} ({})",
                        error.message,
                        error.error_type.as_str()
                    ))
                );
            }
            ProviderOutcome::Held { synced: s, hold } => {
                held(&mut out, &entry.provider, s, hold, detail, p);
            }
        }
    }
    if !report.providers.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
    let summary = report.summary();
    let verdict = match outcome {
        RunOutcome::Failure if summary.failed == 0 && summary.held == 0 => p.bad(
            "No provider to sync: set a provider's API key, enable one in the config file, or try `aisync sync-models --provider mock`",
        ),
        RunOutcome::Failure | RunOutcome::Partial if summary.failed > 0 => {
            p.bad("Sync completed with errors!")
        }
        RunOutcome::Failure | RunOutcome::Partial => p.warn(HELD_VERDICT),
        _ if report.locked.is_some() => p.warn(&locked_verdict(report.locked.as_deref(), true)),
        RunOutcome::ChangesPending | RunOutcome::Success
            if report.dry_run && report.has_changes() =>
        {
            p.warn("Dry run completed: a real run would change the catalog")
        }
        RunOutcome::ChangesPending | RunOutcome::Success if report.dry_run => {
            p.good("Dry run completed: nothing would change")
        }
        RunOutcome::ChangesPending => p.warn("Changes pending"),
        RunOutcome::Success => p.good("Sync completed successfully!"),
    };
    let _ = writeln!(out, "{verdict}");
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let _ = writeln!(
        out,
        "Total: {} {} across {}",
        plural(summary.models_synced, "model"),
        if report.dry_run { "checked" } else { "synced" },
        plural(summary.succeeded, "provider"),
    );
    out
}

/// One line on stderr for each provider that failed or was held: what cron and CI hear,
/// whatever the output mode (`error: openai: invalid_credentials: …`).
pub fn problems(report: &SyncReport, p: Palette) -> String {
    let mut out = String::new();
    for entry in &report.providers {
        match &entry.outcome {
            ProviderOutcome::Failed { error, .. } => {
                let _ = writeln!(
                    out,
                    "{} {}: {}: {}",
                    p.bad("error:"),
                    sanitize(entry.provider.as_str()),
                    error.error_type.as_str(),
                    sanitize(&error.message)
                );
            }
            ProviderOutcome::Held { hold, .. } => {
                let _ = writeln!(
                    out,
                    "{} {}: held: {}; --accept-changes applies it",
                    p.warn("warning:"),
                    sanitize(entry.provider.as_str()),
                    held_message(hold)
                );
            }
            ProviderOutcome::Synced(_) | ProviderOutcome::Skipped { .. } => {}
        }
    }
    out
}

/// The verdict of a run in which a guard held something back: the same words in every command.
pub const HELD_VERDICT: &str = "Completed with changes held: nothing of what was held was applied; --accept-changes applies it";

/// The verdict of a run that found the lock held: the same words in every command.
pub fn locked_verdict(database: Option<&str>, wait_flag: bool) -> String {
    let db = database.unwrap_or("this database");
    format!(
        "Nothing done: {}",
        crate::lock::held_message(&db, wait_flag)
    )
}

/// Why a list was held, in one line (the JSON `message`, the stderr warning, the table).
pub fn held_message(h: &RemovalHold) -> String {
    format!(
        "the list would remove {} of {} listed models ({}%), more than max_removed_share ({}) allows; nothing was applied",
        h.removing,
        h.listed_before,
        h.percent(),
        h.max_share.percent()
    )
}

/// How many would-be removals a held list shows without `-v`.
const HELD_SHOWN: usize = 5;

fn held(
    out: &mut String,
    provider: &crate::model::ProviderId,
    s: &Synced,
    hold: &RemovalHold,
    detail: Detail,
    p: Palette,
) {
    let _ = writeln!(
        out,
        "  {}",
        p.good(&format!(
            "✓ Found {}",
            super::pricing::count(s.models_synced, "model", "models")
        ))
    );
    let _ = writeln!(
        out,
        "  {}",
        p.warn(&format!("⚠ Held: {}", held_message(hold)))
    );
    let shown = if detail.verbose {
        s.removed.len()
    } else {
        HELD_SHOWN
    };
    for id in s.removed.iter().take(shown) {
        let _ = writeln!(out, "    {} would remove: {}", p.bad("-"), sanitize(id));
    }
    if s.removed.len() > shown {
        let _ = writeln!(
            out,
            "    … and {} more (-v lists every one)",
            s.removed.len() - shown
        );
    }
    let _ = writeln!(
        out,
        "  If the provider really dropped them: aisync sync-models -p {} --accept-changes",
        sanitize(provider.as_str())
    );
}

fn synced(out: &mut String, s: &Synced, dry_run: bool, detail: Detail, p: Palette) {
    let _ = writeln!(
        out,
        "  {}",
        p.good(&format!(
            "✓ Found {}",
            super::pricing::count(s.models_synced, "model", "models")
        ))
    );
    if dry_run && s.fresh {
        let _ = writeln!(
            out,
            "  {}",
            p.dim("· fresh: a real run would skip it (synced less than the interval ago); checked anyway")
        );
    }
    let (add, update, remove) = if dry_run {
        ("Would add", "Would update", "Would remove")
    } else {
        ("Added", "Updated", "Removed")
    };
    let mut counts = format!(
        "{add} {} · {update} {} · {remove} {} · Unchanged {}",
        s.added.len(),
        s.updated.len(),
        s.removed.len(),
        s.unchanged
    );
    if !s.enriched.is_empty() {
        let _ = write!(counts, " · {} filled in by catalogs", s.enriched.len());
    }
    let _ = writeln!(
        out,
        "  {}",
        if dry_run {
            p.warn(&counts)
        } else {
            p.good(&format!("✓ {counts}"))
        }
    );
    // A dry run always says what it would do; a real run says it with -v.
    if dry_run || detail.verbose {
        let verb = |v: &str| {
            if dry_run {
                format!("would {v}: ")
            } else {
                String::new()
            }
        };
        for id in &s.added {
            let _ = writeln!(out, "    {} {}{}", p.good("+"), verb("add"), sanitize(id));
        }
        for (id, changes) in &s.updated {
            let _ = writeln!(
                out,
                "    {} {}{}",
                p.warn("~"),
                verb("update"),
                sanitize(id)
            );
            for change in changes {
                let _ = writeln!(out, "        {}", change_line(change));
            }
        }
        for id in &s.removed {
            let _ = writeln!(out, "    {} {}{}", p.bad("-"), verb("remove"), sanitize(id));
        }
    }
    // What catalogs alone changed: with -v, apart from the provider's own changes.
    if detail.verbose {
        for (id, changes) in &s.enriched {
            let _ = writeln!(out, "    {} {} (from catalogs)", p.dim("≈"), sanitize(id));
            for change in changes {
                let _ = writeln!(out, "        {}", change_line(change));
            }
        }
    }
    if detail.verbose {
        if let Value::Object(stats) = &s.statistics {
            let line: Vec<String> = stats
                .iter()
                .map(|(k, v)| format!("{k} {}", value_text(v)))
                .collect();
            let _ = writeln!(
                out,
                "  {}",
                p.dim(&format!("Statistics: {}", line.join(" · ")))
            );
        }
        let _ = writeln!(
            out,
            "  {}",
            p.dim(&format!("Duration: {} ms", s.duration_ms))
        );
    }
}

/// `context_length: 8192 → 128000`
pub fn change_line(c: &FieldChange) -> String {
    format!(
        "{}: {} → {}",
        c.field,
        value_text(&c.old),
        value_text(&c.new)
    )
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "none".to_owned(),
        Value::String(s) => sanitize(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(value_text).collect::<Vec<_>>().join(", ")
        ),
        other => sanitize(&other.to_string()),
    }
}

#[cfg(test)]
mod tests;

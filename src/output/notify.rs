//! `aisync notify` for people and for scripts: each sink's standing, a test delivery, a retry.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use super::pricing::thousands;
use super::table::table;
use super::time::ago;
use super::{Palette, sanitize};
use crate::model::{ProviderError, SinkOutcome, SinkStatus, format_time};

fn state(s: &SinkStatus) -> &'static str {
    match &s.cursor {
        None => "new",
        Some(c) if c.failures > 0 => "failing",
        Some(_) => "ok",
    }
}

pub fn status_text(
    sinks: &[SinkStatus],
    latest: i64,
    now: DateTime<Utc>,
    width: Option<u16>,
) -> String {
    if sinks.is_empty() {
        return "No notify sinks are configured. Add a [[notify]] entry (webhook, command or \
                jsonl) to the config file; config/aisync.toml shows one of each.\n"
            .to_owned();
    }
    let mut t = table(
        &[
            "Sink",
            "Type",
            "Target",
            "Delivered",
            "Backlog",
            "Last success",
            "State",
        ],
        width,
    );
    for s in sinks {
        let state = match &s.cursor {
            None => "new: starts at the next run".to_owned(),
            Some(c) if c.failures > 0 => {
                format!(
                    "failing: {}",
                    c.last_error_type.as_deref().unwrap_or("error")
                )
            }
            Some(_) => "ok".to_owned(),
        };
        t.add_row(vec![
            Cell::new(&s.name),
            Cell::new(s.kind),
            Cell::new(sanitize(&s.target)),
            Cell::new(
                s.cursor
                    .as_ref()
                    .map_or(String::new(), |c| c.delivered_seq.to_string()),
            )
            .set_alignment(CellAlignment::Right),
            Cell::new(thousands(s.backlog)).set_alignment(CellAlignment::Right),
            Cell::new(
                s.cursor
                    .as_ref()
                    .and_then(|c| c.last_success_at)
                    .map_or_else(|| "never".to_owned(), |at| ago(now, at)),
            ),
            Cell::new(state),
        ]);
    }
    let mut out = format!("{t}\n");
    for s in sinks {
        if let Some(c) = s.cursor.as_ref().filter(|c| c.failures > 0) {
            let _ = writeln!(
                out,
                "{}: {} failed deliver{} since the last success; last: {}",
                s.name,
                c.failures,
                if c.failures == 1 { "y" } else { "ies" },
                sanitize(c.last_error.as_deref().unwrap_or(""))
            );
        }
    }
    let _ = writeln!(
        out,
        "Latest event: {latest}. Delivered: the last event each sink took; backlog: events \
         after it that it takes, sent by the next run or `aisync notify --retry`."
    );
    out
}

#[derive(Serialize)]
struct StatusJson<'a> {
    latest_seq: i64,
    sinks: Vec<SinkJson<'a>>,
}

#[derive(Serialize)]
struct SinkJson<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    target: String,
    events: &'a [&'static str],
    providers: &'a [String],
    state: &'static str,
    delivered_seq: Option<i64>,
    backlog: usize,
    last_success_at: Option<String>,
    last_failure_at: Option<String>,
    last_error: Option<String>,
    last_error_type: Option<&'a str>,
    failures: u32,
}

pub fn status_json(sinks: &[SinkStatus], latest: i64) -> String {
    let sinks = sinks
        .iter()
        .map(|s| {
            let c = s.cursor.as_ref();
            SinkJson {
                name: &s.name,
                kind: s.kind,
                target: sanitize(&s.target),
                events: &s.events,
                providers: &s.providers,
                state: state(s),
                delivered_seq: c.map(|c| c.delivered_seq),
                backlog: s.backlog,
                last_success_at: c.and_then(|c| c.last_success_at).map(|t| format_time(&t)),
                last_failure_at: c.and_then(|c| c.last_failure_at).map(|t| format_time(&t)),
                last_error: c.and_then(|c| c.last_error.as_deref()).map(sanitize),
                last_error_type: c.and_then(|c| c.last_error_type.as_deref()),
                failures: c.map_or(0, |c| c.failures),
            }
        })
        .collect();
    super::json::pretty(&StatusJson {
        latest_seq: latest,
        sinks,
    })
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    #[serde(rename = "type")]
    error_type: &'static str,
    message: &'a str,
}

fn error_json(e: &ProviderError) -> ErrorJson<'_> {
    ErrorJson {
        error_type: e.error_type.as_str(),
        message: &e.message,
    }
}

pub fn test_text(sink: &str, target: &str, error: Option<&ProviderError>, p: Palette) -> String {
    match error {
        None => format!(
            "{} sent a test event to {sink} ({})\n",
            p.good("✓"),
            sanitize(target)
        ),
        Some(e) => format!(
            "{} the test event to {sink} ({}) failed: {} ({})\n",
            p.bad("✗"),
            sanitize(target),
            sanitize(&e.message),
            e.error_type.as_str()
        ),
    }
}

pub fn test_json(sink: &str, error: Option<&ProviderError>) -> String {
    #[derive(Serialize)]
    struct TestJson<'a> {
        sink: &'a str,
        delivered: bool,
        error: Option<ErrorJson<'a>>,
    }
    super::json::pretty(&TestJson {
        sink,
        delivered: error.is_none(),
        error: error.map(error_json),
    })
}

pub fn retry_text(outcomes: &[SinkOutcome], width: Option<u16>) -> String {
    if outcomes.is_empty() {
        return "No notify sinks are configured: nothing to deliver.\n".to_owned();
    }
    let mut t = table(
        &["Sink", "Delivered", "Passed over", "Backlog", "Result"],
        width,
    );
    for o in outcomes {
        t.add_row(vec![
            Cell::new(&o.sink),
            Cell::new(thousands(o.delivered)).set_alignment(CellAlignment::Right),
            Cell::new(thousands(o.passed)).set_alignment(CellAlignment::Right),
            Cell::new(thousands(o.backlog)).set_alignment(CellAlignment::Right),
            Cell::new(o.error.as_ref().map_or_else(
                || "ok".to_owned(),
                |e| {
                    format!(
                        "failed ({}): {}",
                        e.error_type.as_str(),
                        sanitize(&e.message)
                    )
                },
            )),
        ]);
    }
    format!("{t}\n")
}

pub fn retry_json(outcomes: &[SinkOutcome]) -> String {
    #[derive(Serialize)]
    struct OutcomeJson<'a> {
        sink: &'a str,
        delivered: usize,
        passed: usize,
        backlog: usize,
        error: Option<ErrorJson<'a>>,
    }
    #[derive(Serialize)]
    struct RetryJson<'a> {
        sinks: Vec<OutcomeJson<'a>>,
    }
    super::json::pretty(&RetryJson {
        sinks: outcomes
            .iter()
            .map(|o| OutcomeJson {
                sink: &o.sink,
                delivered: o.delivered,
                passed: o.passed,
                backlog: o.backlog,
                error: o.error.as_ref().map(error_json),
            })
            .collect(),
    })
}

//! `aisync providers`: one row per provider. The key itself is never shown: only whether one
//! is present, and the variable it comes from.

use chrono::{DateTime, Utc};
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use super::pricing::thousands;
use super::sanitize;
use super::table::table;
use super::time::ago;
use crate::model::{Decimal, RECENT_RUNS, RunHealth, format_time};
use crate::providers::Credentials;
use crate::query::ProviderView;

/// The failure rate as an exact decimal to 2 places (`0.25`), `None` with no runs.
fn failure_rate(h: RunHealth) -> Option<Decimal> {
    (h.runs > 0).then(|| {
        (Decimal::from(h.failed) / Decimal::from(h.runs))
            .round_dp(2)
            .normalize()
    })
}

/// The table; too wide for its width, it hides the base URLs, then the cache times, `Enabled`,
/// the last failure and the failure rate, in that order, until it fits (`-v`, `all`, shows
/// every column, as `--format json` always does).
pub fn text(rows: &[ProviderView], width: Option<u16>, now: DateTime<Utc>, all: bool) -> String {
    let mut t = table(
        &[
            "Provider",
            "Enabled",
            "Credentials",
            "Base URL",
            "Last Sync",
            "Cached Until",
            "Last Failure",
            "Models",
            "Failure Rate",
        ],
        width,
    );
    for r in rows {
        let s = r.state.as_ref();
        let last_sync = s
            .and_then(|s| s.last_success_at)
            .map_or_else(|| "never".to_owned(), |t| ago(now, t));
        let cached = s.and_then(|s| s.cached_until).map_or_else(
            || "—".to_owned(),
            |t| t.format("%Y-%m-%d %H:%M").to_string(),
        );
        let failure = s
            .and_then(|s| Some((s.last_failure_at?, s.last_error_type?)))
            .map_or_else(
                || "—".to_owned(),
                |(at, t)| format!("{} ({})", t.as_str(), ago(now, at)),
            );
        let rate = failure_rate(r.health).map_or_else(
            || "—".to_owned(),
            |d| {
                format!(
                    "{}% of {}",
                    (d * Decimal::from(100)).normalize(),
                    r.health.runs
                )
            },
        );
        t.add_row(vec![
            Cell::new(sanitize(r.id.as_str())),
            Cell::new(if r.enabled { "yes" } else { "no" }),
            Cell::new(r.credentials.as_str()),
            Cell::new(sanitize(r.base_url.as_deref().unwrap_or("—"))),
            Cell::new(last_sync),
            Cell::new(cached),
            Cell::new(failure),
            Cell::new(thousands(r.models)).set_alignment(CellAlignment::Right),
            Cell::new(rate).set_alignment(CellAlignment::Right),
        ]);
    }
    let missing: Vec<&str> = rows
        .iter()
        .filter(|r| r.credentials == Credentials::Missing)
        .filter_map(|r| r.key_env.as_deref())
        .collect();
    let hint = if missing.is_empty() {
        String::new()
    } else {
        format!(
            "Without credentials: set {} to sync them.\n",
            missing.join(", ")
        )
    };
    let hidden = if all {
        Vec::new()
    } else {
        t.fit_by_hiding(&[3, 5, 1, 6, 8])
    };
    let hidden = if hidden.is_empty() {
        String::new()
    } else {
        format!(
            "Hidden to fit: {}; -v or --format json shows all.\n",
            hidden.join(", ")
        )
    };
    format!(
        "{t}\nFailure rate: share of the last {RECENT_RUNS} sync runs that failed.\n{hidden}{hint}"
    )
}

#[derive(Serialize)]
struct JsonRow {
    provider: String,
    enabled: bool,
    credentials: bool,
    key_env: Option<String>,
    base_url: Option<String>,
    last_sync: Option<String>,
    cached_until: Option<String>,
    last_failure: Option<Failure>,
    models: usize,
    recent_runs: usize,
    failed_runs: usize,
    failure_rate: Option<Box<serde_json::value::RawValue>>,
}

#[derive(Serialize)]
struct Failure {
    at: String,
    error: String,
    error_type: &'static str,
}

pub fn json(rows: &[ProviderView]) -> String {
    let out: Vec<JsonRow> = rows
        .iter()
        .map(|r| {
            let s = r.state.as_ref();
            JsonRow {
                provider: r.id.to_string(),
                enabled: r.enabled,
                credentials: r.credentials != Credentials::Missing,
                key_env: r.key_env.clone(),
                base_url: r.base_url.clone(),
                last_sync: s.and_then(|s| s.last_success_at).as_ref().map(format_time),
                cached_until: s.and_then(|s| s.cached_until).as_ref().map(format_time),
                last_failure: s.and_then(|s| {
                    Some(Failure {
                        at: format_time(&s.last_failure_at?),
                        error: s.last_error.clone()?,
                        error_type: s.last_error_type?.as_str(),
                    })
                }),
                models: r.models,
                recent_runs: r.health.runs,
                failed_runs: r.health.failed,
                failure_rate: failure_rate(r.health)
                    .and_then(|d| serde_json::value::RawValue::from_string(d.to_string()).ok()),
            }
        })
        .collect();
    super::json::pretty(&out)
}

//! The figures in the Prometheus text exposition format 0.0.4 — what `/metrics` serves and
//! `--metrics-file` writes for node_exporter's textfile collector. Names and units by
//! Prometheus' conventions: seconds, `_total` for counters, `_timestamp_seconds` for times.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::model::{DURATION_BUCKETS_MS, Figures};

/// A label value, escaped as the format asks (`\\`, `\"`, `\n`).
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn head(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// A bucket's bound in milliseconds as its `le` label writes it in seconds: `0.1`, `2.5`, `300`.
fn bound(ms: u64) -> String {
    let exact = format!("{}.{:03}", ms / 1000, ms % 1000);
    exact.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn seconds(t: &DateTime<Utc>) -> String {
    let ms = t.timestamp_millis();
    format!("{}.{:03}", ms.div_euclid(1000), ms.rem_euclid(1000))
}

/// The metrics when the database cannot be read: `aisync_up 0` and the build, nothing else
/// (a scrape that fails would say less: that the process is gone).
pub fn down() -> String {
    let mut out = String::new();
    up_and_build(&mut out, false);
    out
}

fn up_and_build(out: &mut String, up: bool) {
    head(
        out,
        "aisync_up",
        "gauge",
        "1 when aisync could read its database.",
    );
    let _ = writeln!(out, "aisync_up {}", u8::from(up));
    head(
        out,
        "aisync_build_info",
        "gauge",
        "The build: its version and SQLite's.",
    );
    let _ = writeln!(
        out,
        "aisync_build_info{{version=\"{}\",sqlite=\"{}\"}} 1",
        env!("CARGO_PKG_VERSION"),
        rusqlite::version()
    );
}

pub fn text(f: &Figures) -> String {
    let mut out = String::new();
    up_and_build(&mut out, true);
    for (name, help, pick) in [
        (
            "aisync_sync_last_success_timestamp_seconds",
            "When each provider's last successful sync ran (Unix time).",
            0,
        ),
        (
            "aisync_sync_last_attempt_timestamp_seconds",
            "When each provider's last sync was attempted (Unix time).",
            1,
        ),
    ] {
        head(&mut out, name, "gauge", help);
        for p in &f.providers {
            let at = if pick == 0 {
                p.last_success
            } else {
                p.last_attempt
            };
            if let Some(t) = at {
                let _ = writeln!(
                    out,
                    "{name}{{provider=\"{}\"}} {}",
                    label(&p.provider),
                    seconds(&t)
                );
            }
        }
    }
    head(
        &mut out,
        "aisync_sync_runs_total",
        "counter",
        "Sync runs by provider and result.",
    );
    for (p, result, n) in &f.runs {
        let _ = writeln!(
            out,
            "aisync_sync_runs_total{{provider=\"{}\",result=\"{}\"}} {n}",
            label(p),
            label(result)
        );
    }
    head(
        &mut out,
        "aisync_sync_duration_seconds",
        "histogram",
        "How long each provider's sync runs took.",
    );
    for d in &f.durations {
        let p = label(&d.provider);
        for (bound_ms, n) in DURATION_BUCKETS_MS.iter().zip(d.within) {
            let _ = writeln!(
                out,
                "aisync_sync_duration_seconds_bucket{{provider=\"{p}\",le=\"{}\"}} {n}",
                bound(*bound_ms)
            );
        }
        let (count, sum) = (d.count, d.sum_ms);
        let _ = writeln!(
            out,
            "aisync_sync_duration_seconds_bucket{{provider=\"{p}\",le=\"+Inf\"}} {count}"
        );
        let _ = writeln!(
            out,
            "aisync_sync_duration_seconds_sum{{provider=\"{p}\"}} {}.{:03}",
            sum / 1000,
            sum % 1000
        );
        let _ = writeln!(
            out,
            "aisync_sync_duration_seconds_count{{provider=\"{p}\"}} {count}"
        );
    }
    catalog_section(&mut out, f);
    out
}

/// The catalog's side: models by status, those unpriced, catalogs' fetch times, the change log.
fn catalog_section(out: &mut String, f: &Figures) {
    head(
        out,
        "aisync_models",
        "gauge",
        "Models in the catalog by provider and status.",
    );
    for (p, status, n) in &f.models {
        let _ = writeln!(
            out,
            "aisync_models{{provider=\"{}\",status=\"{}\"}} {n}",
            label(p),
            label(status)
        );
    }
    head(
        out,
        "aisync_models_unpriced",
        "gauge",
        "Listed models (not removed) that no source prices.",
    );
    // Every provider with models, at 0 when all are priced.
    let mut providers: Vec<&str> = f.models.iter().map(|(p, _, _)| p.as_str()).collect();
    providers.dedup();
    for p in providers {
        let n = f
            .unpriced
            .iter()
            .find(|(q, _)| q == p)
            .map_or(0, |(_, n)| *n);
        let _ = writeln!(
            out,
            "aisync_models_unpriced{{provider=\"{}\"}} {n}",
            label(p)
        );
    }
    head(
        out,
        "aisync_catalog_fetch_timestamp_seconds",
        "gauge",
        "When each cached catalog was last fetched (Unix time).",
    );
    for (c, at) in &f.catalogs {
        if let Some(t) = at {
            let _ = writeln!(
                out,
                "aisync_catalog_fetch_timestamp_seconds{{catalog=\"{}\"}} {}",
                label(c),
                seconds(t)
            );
        }
    }
    head(
        out,
        "aisync_changes_total",
        "counter",
        "Change-log entries by kind.",
    );
    for (k, n) in &f.changes {
        let _ = writeln!(out, "aisync_changes_total{{kind=\"{}\"}} {n}", label(k));
    }
}

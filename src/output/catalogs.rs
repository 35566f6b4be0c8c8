//! `aisync catalogs` for people and for scripts.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use super::pricing::thousands;
use super::sanitize;
use super::table::table;
use super::time::ago;
use crate::model::format_time;
use crate::pricing::catalogs::CatalogView;

/// The catalogs as a table, with a line on what "in use" means.
pub fn text(views: &[CatalogView], width: Option<u16>, now: DateTime<Utc>) -> String {
    let mut t = table(
        &[
            "Catalog",
            "Format",
            "Location",
            "Fetched",
            "ETag",
            "Entries",
            "Freshness",
        ],
        width,
    );
    for v in views {
        let freshness = match (v.in_use, v.fresh_until, v.fetched_at) {
            (false, _, _) => "not in use".to_owned(),
            (true, None, Some(_)) => "compiled in".to_owned(),
            (true, _, None) => "never fetched".to_owned(),
            (true, Some(until), _) if until > now => format!("fresh until {}", format_time(&until)),
            (true, Some(_), _) => "due: the next sync-pricing refetches it".to_owned(),
        };
        t.add_row(vec![
            Cell::new(&v.name),
            Cell::new(&v.format),
            Cell::new(sanitize(&v.location)),
            Cell::new(v.fetched_at.map(|f| ago(now, f)).unwrap_or_default()),
            Cell::new(v.etag.as_deref().map(sanitize).unwrap_or_default()),
            Cell::new(v.entries.map(thousands).unwrap_or_default())
                .set_alignment(CellAlignment::Right),
            Cell::new(freshness),
        ]);
    }
    let mut out = format!("{t}\n");
    let _ = writeln!(
        out,
        "Precedence: the config file's catalogs in order, then the bundled snapshot; an override \
         and the provider's own prices come first. A copy not in use takes no part in a run."
    );
    out
}

#[derive(Serialize)]
struct ViewJson<'a> {
    name: &'a str,
    format: &'a str,
    location: &'a str,
    in_use: bool,
    fetched_at: Option<String>,
    etag: Option<&'a str>,
    entries: Option<usize>,
    fresh_until: Option<String>,
}

#[derive(Serialize)]
struct Document<'a> {
    catalogs: Vec<ViewJson<'a>>,
}

/// The catalogs as JSON, with a trailing newline.
pub fn json(views: &[CatalogView]) -> String {
    super::json::pretty(&Document {
        catalogs: views
            .iter()
            .map(|v| ViewJson {
                name: &v.name,
                format: &v.format,
                location: &v.location,
                in_use: v.in_use,
                fetched_at: v.fetched_at.as_ref().map(format_time),
                etag: v.etag.as_deref(),
                entries: v.entries,
                fresh_until: v.fresh_until.as_ref().map(format_time),
            })
            .collect(),
    })
}

/// What `forget` dropped, for people.
pub fn forgot_text(c: &CatalogView, now: DateTime<Utc>) -> String {
    format!(
        "Forgot the cached copy of {} ({}, fetched {}).\n",
        c.name,
        super::pricing::count(c.entries.unwrap_or_default(), "entry", "entries"),
        c.fetched_at.map(|f| ago(now, f)).unwrap_or_default()
    )
}

#[derive(Serialize)]
struct Forgot<'a> {
    forgotten: &'a str,
    entries: Option<usize>,
    fetched_at: Option<String>,
}

/// What `forget` dropped, as JSON.
pub fn forgot_json(c: &CatalogView) -> String {
    super::json::pretty(&Forgot {
        forgotten: &c.name,
        entries: c.entries,
        fetched_at: c.fetched_at.as_ref().map(format_time),
    })
}

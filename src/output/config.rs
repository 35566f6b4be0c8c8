//! `aisync config show|path` for people and for scripts.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::sanitize;
use super::table::table;

/// One setting as shown.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    pub name: &'a str,
    pub value: &'a Value,
    pub source: String,
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) if a.is_empty() => "(none)".to_owned(),
        Value::Array(a) => a
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

pub fn show_text(rows: &[Row<'_>], width: Option<u16>) -> String {
    let mut t = table(&["Setting", "Value", "Source"], width);
    for r in rows {
        t.add_row(vec![
            r.name.to_owned(),
            sanitize(&text_of(r.value)),
            sanitize(&r.source),
        ]);
    }
    format!(
        "{t}\nPrecedence, highest first: flag > environment (.env included) > config file > default.\n"
    )
}

pub fn show_json(rows: &[Row<'_>]) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        settings: &'a [Row<'a>],
    }
    super::json::pretty(&Doc { settings: rows })
}

/// One location, and whether something is there.
#[derive(Debug, Clone, Serialize)]
pub struct PathRow {
    pub name: &'static str,
    pub path: Option<String>,
    /// `None`: not a file (a PostgreSQL database, which `config path` does not connect to).
    pub exists: Option<bool>,
}

impl PathRow {
    pub fn new(name: &'static str, path: Option<&Path>) -> Self {
        Self {
            name,
            path: path.map(|p| p.display().to_string()),
            exists: Some(path.is_some_and(Path::exists)),
        }
    }

    /// A row for what is on a server, not in a file: shown, never checked.
    pub fn remote(name: &'static str, shown: String) -> Self {
        Self {
            name,
            path: Some(shown),
            exists: None,
        }
    }
}

pub fn path_text(rows: &[PathRow]) -> String {
    let mut out = String::new();
    let wide = rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
    for r in rows {
        let path = r.path.as_deref().map_or_else(
            || "(none: no home folder, and XDG_CONFIG_HOME is unset)".to_owned(),
            sanitize,
        );
        let state = match (r.name, r.exists) {
            ("cache", _) => "  (catalogs are cached in the database)",
            (_, None) => "  (on the server: not checked)",
            (_, Some(true)) => "",
            (_, Some(false)) => "  (not there yet)",
        };
        let _ = writeln!(out, "{:<wide$}  {path}{state}", r.name);
    }
    out
}

pub fn path_json(rows: &[PathRow]) -> String {
    let doc: serde_json::Map<String, Value> = rows
        .iter()
        .map(|r| {
            (
                if r.name == ".env" {
                    "dotenv".to_owned()
                } else {
                    r.name.to_owned()
                },
                serde_json::json!({"path": r.path, "exists": r.exists}),
            )
        })
        .collect();
    super::json::pretty(&doc)
}

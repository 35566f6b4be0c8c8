//! The export document: the whole catalog as one versioned JSON document with a checksum,
//! written by `aisync export` and loaded by `aisync import`, the same from either backend.
//!
//! ```json
//! {"aisync_export": 1, "exported_at": "…", "aisync": "0.1.0", "from": "sqlite",
//!  "sequences": {"changes": 41, "events": 12},
//!  "tables": {"models": {"columns": ["provider", …], "rows": [["openai", …], …]}, …},
//!  "checksum": "sha256:…"}
//! ```
//!
//! A value is JSON's own (null, an integer, text); bytes (a cached catalog's body) are
//! `{"base64": "…"}`. The checksum is SHA-256 over `{"sequences":…,"tables":…}` written
//! compactly with keys sorted, as serde_json writes a map: any change to a value, a cut-short
//! file, or a hand edit shows as a mismatch.

use base64::Engine as _;
use rusqlite::types::Value;
use serde_json::{Map, Value as Json, json};

use crate::store::transfer::{Dump, TABLES, TableRows};

/// The version of the document this aisync writes and reads.
pub const VERSION: u64 = 1;

/// What is wrong with a document given to `aisync import`.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("{0} is not JSON ({1}); give a file `aisync export` wrote")]
    NotJson(String, serde_json::Error),
    #[error(
        "{0} is not an aisync export (it has no \"aisync_export\" version); give a file `aisync export` wrote"
    )]
    NotExport(String),
    #[error(
        "{file} is an export of version {found}, newer than this aisync reads ({VERSION}); upgrade aisync"
    )]
    Newer { file: String, found: u64 },
    #[error(
        "{0}'s checksum does not match its content: it was changed or cut short; export it again"
    )]
    Checksum(String),
    #[error("{file}: {detail}; export it again with this aisync")]
    Shape { file: String, detail: String },
}

/// The document for `dump`.
pub fn document(dump: &Dump, from: &str, exported_at: &str) -> Json {
    let mut tables = Map::new();
    for (spec, t) in TABLES.iter().zip(&dump.tables) {
        let rows: Vec<Json> = t
            .rows
            .iter()
            .map(|r| Json::Array(r.iter().map(to_json).collect()))
            .collect();
        tables.insert(
            t.name.clone(),
            json!({"columns": spec.columns, "rows": rows}),
        );
    }
    let sequences: Map<String, Json> = dump
        .sequences
        .iter()
        .map(|(n, v)| (n.clone(), json!(v)))
        .collect();
    let body = json!({"sequences": sequences, "tables": tables});
    let checksum = checksum(&body);
    let Json::Object(mut doc) = body else {
        unreachable!("built as an object")
    };
    doc.insert("aisync_export".into(), json!(VERSION));
    doc.insert("exported_at".into(), json!(exported_at));
    doc.insert("aisync".into(), json!(env!("CARGO_PKG_VERSION")));
    doc.insert("from".into(), json!(from));
    doc.insert("checksum".into(), json!(checksum));
    Json::Object(doc)
}

fn checksum(body: &Json) -> String {
    let text = serde_json::to_vec(body).unwrap_or_default();
    let digest = ring::digest::digest(&ring::digest::SHA256, &text);
    format!("sha256:{}", crate::hex::lower(digest.as_ref()))
}

fn to_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Integer(i) => json!(i),
        Value::Real(f) => json!(f),
        Value::Text(s) => json!(s),
        Value::Blob(b) => json!({"base64": base64::engine::general_purpose::STANDARD.encode(b)}),
    }
}

fn from_json(v: &Json) -> Option<Value> {
    Some(match v {
        Json::Null => Value::Null,
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64()?),
        },
        Json::String(s) => Value::Text(s.clone()),
        Json::Object(o) if o.len() == 1 => Value::Blob(
            base64::engine::general_purpose::STANDARD
                .decode(o.get("base64")?.as_str()?)
                .ok()?,
        ),
        _ => return None,
    })
}

/// The tables of a document `aisync export` wrote, checked: its version, its checksum, and
/// every table with the columns this aisync has. `file` names it in errors.
pub fn read(file: &str, text: &str) -> Result<Dump, DocumentError> {
    let doc: Json =
        serde_json::from_str(text).map_err(|e| DocumentError::NotJson(file.to_owned(), e))?;
    let Some(version) = doc.get("aisync_export").and_then(Json::as_u64) else {
        return Err(DocumentError::NotExport(file.to_owned()));
    };
    if version > VERSION {
        return Err(DocumentError::Newer {
            file: file.to_owned(),
            found: version,
        });
    }
    let shape = |detail: String| DocumentError::Shape {
        file: file.to_owned(),
        detail,
    };
    let body = json!({
        "sequences": doc.get("sequences").cloned().unwrap_or(Json::Null),
        "tables": doc.get("tables").cloned().unwrap_or(Json::Null),
    });
    if doc.get("checksum").and_then(Json::as_str) != Some(checksum(&body).as_str()) {
        return Err(DocumentError::Checksum(file.to_owned()));
    }
    let tables = body["tables"]
        .as_object()
        .ok_or_else(|| shape("it has no tables".to_owned()))?;
    if let Some(extra) = tables
        .keys()
        .find(|k| !TABLES.iter().any(|t| t.name == k.as_str()))
    {
        return Err(shape(format!(
            "it has a table {extra:?} this aisync does not know"
        )));
    }
    let mut out = Vec::with_capacity(TABLES.len());
    for spec in TABLES {
        let t = tables
            .get(spec.name)
            .ok_or_else(|| shape(format!("it has no table {:?}", spec.name)))?;
        let columns: Vec<&str> = t["columns"]
            .as_array()
            .map(|c| c.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        if columns != spec.columns {
            return Err(shape(format!(
                "table {:?} has the columns {columns:?}, not {:?}",
                spec.name, spec.columns
            )));
        }
        let rows = t["rows"]
            .as_array()
            .ok_or_else(|| shape(format!("table {:?} has no rows", spec.name)))?;
        let mut values = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let cells = row
                .as_array()
                .filter(|c| c.len() == spec.columns.len())
                .and_then(|c| c.iter().map(from_json).collect::<Option<Vec<_>>>())
                .ok_or_else(|| {
                    shape(format!(
                        "row {} of table {:?} is not one value per column",
                        i + 1,
                        spec.name
                    ))
                })?;
            values.push(cells);
        }
        out.push(TableRows {
            name: spec.name.to_owned(),
            rows: values,
        });
    }
    let sequences = body["sequences"]
        .as_object()
        .map(|s| {
            s.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_i64()?)))
                .collect()
        })
        .unwrap_or_default();
    Ok(Dump {
        tables: out,
        sequences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dump() -> Dump {
        Dump {
            tables: TABLES
                .iter()
                .map(|t| TableRows {
                    name: t.name.to_owned(),
                    rows: Vec::new(),
                })
                .collect(),
            sequences: vec![("changes".into(), 7), ("events".into(), 0)],
        }
    }

    #[test]
    fn a_document_reads_back_as_it_was_written() {
        let mut d = dump();
        d.tables[5].rows.push(vec![
            Value::Text("litellm".into()),
            Value::Text("https://x".into()),
            Value::Text("litellm".into()),
            Value::Text("2026-11-01T00:00:00Z".into()),
            Value::Null,
            Value::Blob(vec![0, 159, 146, 150, b'{']),
            Value::Integer(-3),
        ]);
        let text = document(&d, "sqlite", "2026-12-01T00:00:00Z").to_string();
        assert_eq!(read("f.json", &text).unwrap(), d);
    }

    #[test]
    fn any_change_to_the_content_fails_the_checksum() {
        let text = document(&dump(), "sqlite", "2026-12-01T00:00:00Z").to_string();
        let changed = text.replace("\"changes\":7", "\"changes\":8");
        assert_ne!(text, changed);
        assert!(matches!(
            read("f.json", &changed),
            Err(DocumentError::Checksum(_))
        ));
        let cut = &text[..text.len() / 2];
        assert!(matches!(
            read("f.json", cut),
            Err(DocumentError::NotJson(..))
        ));
        assert!(matches!(
            read("f.json", "{\"models\": []}"),
            Err(DocumentError::NotExport(_))
        ));
    }
}

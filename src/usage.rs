//! Usage records from a file: JSON lines or CSV, one request (or batch of requests) a record
//! with its time, provider, model and token counts, and optionally its cost and request count.
//!
//! A file is all or nothing: any bad line is reported with its line number and nothing of the
//! file is imported. A record's fingerprint is its fields plus its position among identical
//! records of the file, so importing the same file twice adds nothing while two identical
//! requests in one file both count. A missing cost is computed (by `usage import`, with
//! `pricing::cost`) from the price in force at the record's time; with no price known then, it
//! stays unknown.

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::model::{Decimal, parse_time};

/// The format of a usage file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum UsageFormat {
    /// One JSON object per line
    Jsonl,
    /// A header row, then one record per row
    Csv,
}

impl UsageFormat {
    /// The format a file name suggests: `.csv` is CSV, anything else JSON lines.
    pub fn from_path(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => Self::Csv,
            _ => Self::Jsonl,
        }
    }
}

/// One usage record as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The line of the file the record starts on, for errors about it.
    pub line: usize,
    pub at: DateTime<Utc>,
    pub provider: String,
    pub model: String,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cost: Option<Decimal>,
    pub requests: u64,
}

/// A file that cannot be imported: the line at fault and why.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{path}:{line}: {message}; nothing from this file was imported")]
pub struct UsageError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonRecord<'a> {
    time: String,
    provider: String,
    model: String,
    input_tokens: u64,
    output_tokens: u64,
    #[serde(borrow, default)]
    cost: Option<&'a RawValue>,
    #[serde(default)]
    requests: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CsvRecord {
    time: String,
    provider: String,
    model: String,
    input_tokens: u64,
    output_tokens: u64,
    #[serde(default)]
    cost: Option<String>,
    #[serde(default)]
    requests: Option<u64>,
}

/// The fields a record may have, in the words serde uses for an unknown one.
const FIELDS: &str =
    "`time`, `provider`, `model`, `input_tokens`, `output_tokens`, `cost`, `requests`";

fn record(
    line: usize,
    time: &str,
    provider: &str,
    model: &str,
    tokens: (u64, u64),
    cost: Option<&str>,
    requests: Option<u64>,
) -> Result<Record, String> {
    let at = parse_time(time.trim()).ok_or_else(|| {
        format!("time {time:?} is not an RFC 3339 time such as 2026-11-23T10:30:00Z")
    })?;
    if provider.trim().is_empty() || model.trim().is_empty() {
        return Err("provider and model must not be empty".to_owned());
    }
    let cost = match cost
        .map(|c| c.trim().trim_matches('"'))
        .filter(|c| !c.is_empty() && *c != "null")
    {
        None => None,
        Some(text) => {
            let c = if text.contains(['e', 'E']) {
                Decimal::from_scientific(text)
            } else {
                Decimal::from_str(text)
            }
            .map_err(|_| format!("cost {text:?} is not a number"))?;
            if c.is_sign_negative() {
                return Err(format!("cost {text} is negative"));
            }
            Some(c)
        }
    };
    let requests = requests.unwrap_or(1);
    if requests == 0 {
        return Err("requests must be at least 1".to_owned());
    }
    Ok(Record {
        line,
        at,
        provider: provider.trim().to_owned(),
        model: model.trim().to_owned(),
        input_tokens: tokens.0,
        output_tokens: tokens.1,
        cost,
        requests,
    })
}

/// Parses a whole file; the first bad line fails it.
pub fn parse(path: &Path, text: &str, format: UsageFormat) -> Result<Vec<Record>, UsageError> {
    let fail = |line: usize, message: String| UsageError {
        path: path.display().to_string(),
        line,
        message,
    };
    let mut out = Vec::new();
    match format {
        UsageFormat::Jsonl => {
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let r: JsonRecord =
                    serde_json::from_str(line).map_err(|e| fail(i + 1, e.to_string()))?;
                let rec = record(
                    i + 1,
                    &r.time,
                    &r.provider,
                    &r.model,
                    (r.input_tokens, r.output_tokens),
                    r.cost.map(RawValue::get),
                    r.requests,
                )
                .map_err(|m| fail(i + 1, m))?;
                out.push(rec);
            }
        }
        UsageFormat::Csv => {
            let mut reader = csv::ReaderBuilder::new()
                .trim(csv::Trim::All)
                .from_reader(text.as_bytes());
            let line_of = |e: &csv::Error| e.position().map_or(1, |p| p.line() as usize);
            let headers = reader
                .headers()
                .map_err(|e| fail(line_of(&e), e.to_string()))?
                .clone();
            // An unknown column is refused as JSON lines refuse an unknown field: a typo such
            // as `cost_usd` must not be read as a record without a cost.
            if let Some(unknown) = headers.iter().find(|h| !FIELDS.contains(&format!("`{h}`"))) {
                return Err(fail(
                    1,
                    format!("unknown field `{unknown}`, expected one of {FIELDS}"),
                ));
            }
            for row in reader.records() {
                let row = row.map_err(|e| fail(line_of(&e), e.to_string()))?;
                // The line the record starts on: a quoted field may span several.
                let line = row.position().map_or(0, |p| p.line() as usize);
                let r: CsvRecord = row
                    .deserialize(Some(&headers))
                    .map_err(|e| fail(line, e.to_string()))?;
                let rec = record(
                    line,
                    &r.time,
                    &r.provider,
                    &r.model,
                    (r.input_tokens, r.output_tokens),
                    r.cost.as_deref(),
                    r.requests,
                )
                .map_err(|m| fail(line, m))?;
                out.push(rec);
            }
        }
    }
    Ok(out)
}

/// Checks that every record names a provider aisync knows; the first that does not fails the
/// file, at its line.
pub fn check_providers(
    path: &Path,
    records: &[Record],
    known: &[crate::model::ProviderId],
) -> Result<(), UsageError> {
    for r in records {
        if let Err(e) = crate::providers::check_names(std::slice::from_ref(&r.provider), known) {
            return Err(UsageError {
                path: path.display().to_string(),
                line: r.line,
                message: e.to_string(),
            });
        }
    }
    Ok(())
}

/// Fingerprints for a file's records: the fields, and the position among identical ones.
pub fn fingerprints(records: &[Record]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    records
        .iter()
        .map(|r| {
            let key = format!(
                "{}|{}|{}|{}|{}|{}|{}",
                crate::model::format_time(&r.at),
                r.provider,
                r.model,
                r.input_tokens,
                r.output_tokens,
                r.cost
                    .map(|c| c.normalize().to_string())
                    .unwrap_or_default(),
                r.requests
            );
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            format!("{key}#{n}")
        })
        .collect()
}

#[cfg(test)]
mod tests;

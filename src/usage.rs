//! Usage records from a file: JSON lines or CSV, one request (or batch of requests) a record
//! with its time, provider, model and token counts, and optionally its cost and request count.
//!
//! Optional parts say more of what a record used, as the calculator reads them:
//! `cache_read_tokens`, `cache_write_tokens` (5-minute), `cache_write_1h_tokens` (parts of
//! `input_tokens`) and `service_tier` (`standard`, `batch`, `flex`, `priority`).
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

use crate::model::{Decimal, ServiceTier, parse_time};

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
    /// What the optional fields say: cache reads and writes (parts of `input_tokens`), and the
    /// service tier.
    pub parts: Parts,
}

/// A record's optional parts; all zero and standard when the file says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Parts {
    pub cache_read: u64,
    pub cache_write: u64,
    pub cache_write_1h: u64,
    pub tier: ServiceTier,
}

/// A file that cannot be imported: the line at fault and why.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{path}:{line}: {message}; nothing from this file was imported")]
pub struct UsageError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

/// A record as either format writes it; `C` is how its cost is read (JSON's number text as
/// it stands, CSV's cell).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fields<C> {
    time: String,
    provider: String,
    model: String,
    input_tokens: u64,
    output_tokens: u64,
    // An absent `Option` is `None` to serde; `default` here would ask `C: Default`.
    cost: Option<C>,
    #[serde(default)]
    requests: Option<u64>,
    #[serde(default)]
    cache_read_tokens: Option<u64>,
    #[serde(default)]
    cache_write_tokens: Option<u64>,
    #[serde(default)]
    cache_write_1h_tokens: Option<u64>,
    #[serde(default)]
    service_tier: Option<String>,
}

impl<C> Fields<C> {
    /// The record these fields make, with its cost as `cost_text` reads it.
    fn record(&self, line: usize, cost_text: impl Fn(&C) -> &str) -> Result<Record, String> {
        let parts = parts(
            self.input_tokens,
            self.cache_read_tokens,
            self.cache_write_tokens,
            self.cache_write_1h_tokens,
            self.service_tier.as_deref(),
        )?;
        record(
            line,
            &self.time,
            &self.provider,
            &self.model,
            (self.input_tokens, self.output_tokens),
            Given {
                cost: self.cost.as_ref().map(cost_text),
                requests: self.requests,
                parts,
            },
        )
    }
}

/// What a record gives beyond its time, names and tokens.
#[derive(Clone, Copy)]
struct Given<'a> {
    cost: Option<&'a str>,
    requests: Option<u64>,
    parts: Parts,
}

/// The optional parts as read, checked: the cache parts fit in the input, the tier is one.
fn parts(
    input: u64,
    read: Option<u64>,
    write: Option<u64>,
    write_1h: Option<u64>,
    tier: Option<&str>,
) -> Result<Parts, String> {
    let p = Parts {
        cache_read: read.unwrap_or(0),
        cache_write: write.unwrap_or(0),
        cache_write_1h: write_1h.unwrap_or(0),
        tier: match tier.map(str::trim).filter(|t| !t.is_empty()) {
            None => ServiceTier::Standard,
            Some(t) => ServiceTier::parse(&t.to_ascii_lowercase()).ok_or_else(|| {
                format!("service_tier {t:?} is not one of standard, batch, flex, priority")
            })?,
        },
    };
    let cached = p
        .cache_read
        .checked_add(p.cache_write)
        .and_then(|n| n.checked_add(p.cache_write_1h));
    match cached {
        Some(n) if n <= input => Ok(p),
        _ => Err(format!(
            "cache reads and writes exceed input_tokens ({input}): input_tokens counts every \
             input token, those included"
        )),
    }
}

/// The fields a record may have, in the words serde uses for an unknown one.
const FIELDS: &str = "`time`, `provider`, `model`, `input_tokens`, `output_tokens`, `cost`, \
     `requests`, `cache_read_tokens`, `cache_write_tokens`, `cache_write_1h_tokens`, \
     `service_tier`";

fn record(
    line: usize,
    time: &str,
    provider: &str,
    model: &str,
    tokens: (u64, u64),
    given: Given<'_>,
) -> Result<Record, String> {
    let Given {
        cost,
        requests,
        parts,
    } = given;
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
        parts,
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
                let r: Fields<&RawValue> =
                    serde_json::from_str(line).map_err(|e| fail(i + 1, e.to_string()))?;
                let rec = r.record(i + 1, |c| c.get()).map_err(|m| fail(i + 1, m))?;
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
                let r: Fields<String> = row
                    .deserialize(Some(&headers))
                    .map_err(|e| fail(line, e.to_string()))?;
                let rec = r.record(line, String::as_str).map_err(|m| fail(line, m))?;
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
            // The optional parts join the key only when given, so a file imported before they
            // existed keeps its fingerprints.
            let key = if r.parts == Parts::default() {
                key
            } else {
                let p = &r.parts;
                format!(
                    "{key}|{}|{}|{}|{}",
                    p.cache_read,
                    p.cache_write,
                    p.cache_write_1h,
                    p.tier.as_str()
                )
            };
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            format!("{key}#{n}")
        })
        .collect()
}

#[cfg(test)]
mod tests;

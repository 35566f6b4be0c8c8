//! Reading the JSON that providers and catalogs send. `drivers` and `catalog` both read it,
//! and neither imports the other: what they share lives here — lenient field readers, a body
//! as JSON, a list envelope, and the one response both read as it is (OpenRouter's models
//! list, which is a provider's answer and a catalog at once). Pure.

pub mod openrouter;

use serde_json::Value;
use serde_json::value::RawValue;

use crate::model::{ErrorType, Model, ProviderError};

/// A provider's JSON for one model as the store keeps it: compact, keys sorted.
pub fn text(raw: &Value) -> String {
    // The same text as `Display` writes, without going through `fmt` a few bytes at a time.
    serde_json::to_string(raw).unwrap_or_default()
}

/// The other ids a provider's entry says are the same model (Mistral's `aliases`), read from
/// the entry's stored JSON text; none when it says nothing.
pub fn aliases(raw: &str) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Aliases {
        #[serde(default)]
        aliases: Vec<String>,
    }
    serde_json::from_str::<Aliases>(raw)
        .map(|a| a.aliases)
        .unwrap_or_default()
}

/// Parses a 2xx body as JSON, or says how it is not.
pub fn json(body: &[u8], what: &str) -> Result<Value, ProviderError> {
    serde_json::from_slice(body).map_err(|e| invalid_body(what, &e))
}

/// The array under `key` of a list envelope, or an `invalid_response` naming what is missing.
pub fn list<'a>(v: &'a Value, key: &str, what: &str) -> Result<&'a Vec<Value>, ProviderError> {
    v.get(key).and_then(Value::as_array).ok_or_else(|| {
        ProviderError::new(
            ErrorType::InvalidResponse,
            format!("the {what} response has no `{key}` list"),
        )
    })
}

/// The entries of the list under `key` of a body's top-level object, each as its JSON text,
/// borrowed from the body: a long list is read one entry at a time, never as one tree. The
/// errors are [`json`]'s and [`list`]'s.
pub fn entries<'a>(
    body: &'a [u8],
    key: &str,
    what: &str,
) -> Result<Vec<&'a RawValue>, ProviderError> {
    let no_list = || {
        ProviderError::new(
            ErrorType::InvalidResponse,
            format!("the {what} response has no `{key}` list"),
        )
    };
    // One pass reads an object's members; a body that is not one is read again only to say
    // whether it is JSON at all, so a cut-short body says so whatever its shape.
    let Ok(members) = serde_json::from_slice::<std::collections::HashMap<String, &RawValue>>(body)
    else {
        let _: &RawValue = serde_json::from_slice(body).map_err(|e| invalid_body(what, &e))?;
        return Err(no_list());
    };
    let list = members.get(key).ok_or_else(no_list)?;
    serde_json::from_str(list.get()).map_err(|_| no_list())
}

/// How many indexes of bad entries an error names before it says how many more.
const SHOWN_INDEXES: usize = 5;

/// Every entry of a list, each read as a model by `entry`. An entry that is not one (not an
/// object, or an object without an id) makes the whole answer `invalid_response`, naming how
/// many and where: a list of junk must never read as an empty catalog, which would mark every
/// stored model removed.
pub fn models<T>(
    entries: &[T],
    what: &str,
    entry: impl Fn(&T) -> Option<Model>,
) -> Result<Vec<Model>, ProviderError> {
    let mut out = Vec::with_capacity(entries.len());
    let mut bad = Vec::new();
    for (index, raw) in entries.iter().enumerate() {
        match entry(raw) {
            Some(m) => out.push(m),
            None => bad.push(index),
        }
    }
    if bad.is_empty() {
        return Ok(out);
    }
    let mut at: Vec<String> = bad
        .iter()
        .take(SHOWN_INDEXES)
        .map(ToString::to_string)
        .collect();
    if bad.len() > SHOWN_INDEXES {
        at.push(format!("and {} more", bad.len() - SHOWN_INDEXES));
    }
    let (noun, verb) = if bad.len() == 1 {
        ("entry that is not a model", "index")
    } else {
        ("entries that are not models", "indexes")
    };
    Err(ProviderError::new(
        ErrorType::InvalidResponse,
        format!(
            "the {what} response has {} {noun} (at {verb} {}, of {} in all)",
            bad.len(),
            at.join(", "),
            entries.len()
        ),
    ))
}

/// A 2xx body that is not what the provider documents.
pub fn invalid_body(what: &str, e: &serde_json::Error) -> ProviderError {
    let looks_html = e.is_syntax() && e.line() == 1 && e.column() <= 1;
    let why = if looks_html {
        "not JSON (an HTML page or plain text?)".to_owned()
    } else if e.is_eof() {
        format!("JSON cut short ({e}); the response was truncated")
    } else {
        format!("unexpected JSON: {e}")
    };
    ProviderError::new(
        ErrorType::InvalidResponse,
        format!("the {what} response is {why}"),
    )
}

/// Lenient readers for provider JSON: a wrong type or a null reads as absent, never an error.
pub mod field {
    use chrono::{DateTime, NaiveDate, Utc};
    use serde_json::Value;

    use crate::model::Decimal;
    use std::str::FromStr;

    pub fn str(v: &Value, key: &str) -> Option<String> {
        v.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    /// A whole number, given as a number or a numeric string; zero reads as unknown.
    pub fn count(v: &Value, key: &str) -> Option<u64> {
        match v.get(key)? {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
        .filter(|n| *n > 0)
    }

    pub fn strings(v: &Value, key: &str) -> Vec<String> {
        v.get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A time given as Unix seconds or RFC 3339.
    pub fn time(v: &Value, key: &str) -> Option<DateTime<Utc>> {
        match v.get(key)? {
            Value::Number(n) => DateTime::from_timestamp(n.as_i64()?, 0),
            Value::String(s) => crate::model::parse_time(s),
            _ => None,
        }
    }

    /// A date given as `YYYY-MM-DD`, or the date of an RFC 3339 time.
    pub fn date(v: &Value, key: &str) -> Option<NaiveDate> {
        let s = v.get(key)?.as_str()?.trim();
        NaiveDate::from_str(s)
            .ok()
            .or_else(|| crate::model::parse_time(s).map(|t| t.date_naive()))
    }

    pub fn flag(v: &Value, key: &str) -> Option<bool> {
        v.get(key)?.as_bool()
    }

    /// A decimal written as a JSON string (`"0.0000025"`), exactly.
    pub fn decimal_str(v: &Value, key: &str) -> Option<Decimal> {
        Decimal::from_str_exact(v.get(key)?.as_str()?.trim()).ok()
    }
}

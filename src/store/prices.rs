//! Current prices and their history, as rows: amounts are exact decimal text, never floats.
//! Which components changed (and so get a history row) is decided by `pricing::plan`.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::sql::{self, Conn as Connection, Optional, Tx};

use super::{ComponentWrite, PriceWrite};
use crate::model::{
    ChangeEntry, ChangeKind, Decimal, FieldSource, Price, PriceUnit, ProviderId, format_time,
};

/// A `prices` row read back: the price, or what is wrong with it.
type Read = Result<Price, String>;

pub(super) fn price_of(model: &str, component: &str, unit: &str, amount: &str) -> Read {
    match (PriceUnit::parse(unit), Decimal::from_str(amount)) {
        (Some(unit), Ok(usd)) => Ok(Price::new(component, unit, usd)),
        _ => Err(bad_price(model, component, unit, amount)),
    }
}

/// What is wrong with a `prices` row aisync did not write.
pub(super) fn bad_price(model: &str, component: &str, unit: &str, amount: &str) -> String {
    format!("price of {model}/{component}: {amount:?} per {unit:?}")
}

/// Every current price of one provider from `source`, by model id.
pub(super) fn load(
    conn: &Connection,
    provider: &ProviderId,
    source: &FieldSource,
) -> sql::Result<BTreeMap<String, Vec<Read>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT model_id, component, unit, amount FROM prices \
         WHERE provider = ?1 AND source = ?2 ORDER BY model_id, component",
    )?;
    let mut rows = stmt.query(params![provider.as_str(), source.to_string()])?;
    let mut out: BTreeMap<String, Vec<Read>> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let (model, component, unit, amount): (String, String, String, String) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        let price = price_of(&model, &component, &unit, &amount);
        out.entry(model).or_default().push(price);
    }
    Ok(out)
}

/// Applies one source's component changes to a model: each new or changed component is set,
/// each vanished one deleted, and every one gets a history row. What changed is the caller's
/// to decide (`pricing::plan::component_changes`); this only writes it.
pub(super) fn apply(
    tx: &Tx<'_>,
    provider: &ProviderId,
    w: &PriceWrite,
    at: &DateTime<Utc>,
    run_id: &str,
) -> sql::Result<()> {
    let source = w.source.to_string();
    let now = format_time(at);
    // Each change as the log has it: the price it replaces, read before it is replaced.
    let mut logged = Vec::with_capacity(w.changes.len());
    for c in &w.changes {
        let old: Option<String> = tx
            .prepare_cached(
                "SELECT amount FROM prices WHERE provider = ?1 AND model_id = ?2 AND component = ?3 AND source = ?4",
            )?
            .query_row(params![provider.as_str(), w.model_id, c.component, source], |r| r.get(0))
            .optional()?;
        logged.push(ChangeEntry {
            kind: ChangeKind::PriceChanged,
            provider: Some(provider.to_string()),
            model: Some(w.model_id.clone()),
            details: price_details(c, old.as_deref(), &source),
        });
    }
    super::changes::append(tx, at, run_id, &logged)?;
    let mut history = tx.prepare_cached(
        "INSERT INTO price_history (provider, model_id, component, unit, amount, source, observed_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut record = |c: &ComponentWrite, at: &str| {
        history
            .execute(params![
                provider.as_str(),
                w.model_id,
                c.component,
                c.unit.as_str(),
                c.amount.map(|a| a.to_string()),
                source,
                at
            ])
            .map(|_| ())
    };
    for c in &w.changes {
        if let Some(amount) = c.amount {
            tx.prepare_cached(
                "INSERT INTO prices (provider, model_id, component, unit, amount, source, observed_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
                 ON CONFLICT (provider, model_id, component, source) DO UPDATE SET \
                   unit = excluded.unit, amount = excluded.amount, observed_at = excluded.observed_at",
            )?
            .execute(params![
                provider.as_str(),
                w.model_id,
                c.component,
                c.unit.as_str(),
                amount.to_string(),
                source,
                now
            ])?;
        } else {
            tx.prepare_cached(
                "DELETE FROM prices WHERE provider = ?1 AND model_id = ?2 AND component = ?3 AND source = ?4",
            )?
            .execute(params![provider.as_str(), w.model_id, c.component, source])?;
        }
        record(c, &now)?;
    }
    // A catalog's dated prices, as history at their own dates (no current price changes).
    for b in &w.backdated {
        let at = format_time(&b.at);
        for c in &b.changes {
            record(c, &at)?;
        }
    }
    Ok(())
}

/// A price change's details: `{"component", "unit", "old", "new", "source"}`, the amounts as
/// JSON numbers written digit for digit (`null` where there was none, or is none now).
fn price_details(c: &ComponentWrite, old: Option<&str>, source: &str) -> String {
    #[derive(serde::Serialize)]
    struct Details<'a> {
        component: &'a str,
        unit: &'static str,
        old: Option<Box<serde_json::value::RawValue>>,
        new: Option<Box<serde_json::value::RawValue>>,
        source: &'a str,
    }
    let number =
        |text: Option<String>| text.and_then(|t| serde_json::value::RawValue::from_string(t).ok());
    let details = Details {
        component: &c.component,
        unit: c.unit.as_str(),
        old: number(
            old.and_then(|o| Decimal::from_str(o).ok())
                .map(|d| d.normalize().to_string()),
        ),
        new: number(c.amount.map(|a| a.normalize().to_string())),
        source,
    };
    serde_json::to_string(&details).unwrap_or_else(|_| "{}".to_owned())
}

/// A current `prices` row as read, borrowed from the statement (nothing is copied until the
/// caller keeps it).
pub(super) struct CurrentRow<'a> {
    pub provider: &'a str,
    pub model: &'a str,
    pub source: &'a str,
    pub component: &'a str,
    pub unit: &'a str,
    pub amount: &'a str,
    pub observed_at: &'a str,
}

/// Which current prices a read takes.
#[derive(Debug, Clone, Copy)]
pub(super) enum Of<'a> {
    Provider(&'a ProviderId),
    Model(&'a ProviderId, &'a str),
    Every,
}

/// Feeds `f` the current prices of every source, in the key's order (provider, model,
/// component, source: read straight off the table, never sorted). The outer error is the
/// database's; the inner one is `f`'s, which stops the read.
pub(super) fn each_current(
    conn: &Connection,
    of: Of<'_>,
    mut f: impl FnMut(&CurrentRow<'_>) -> Result<(), String>,
) -> sql::Result<Result<(), String>> {
    const SELECT: &str = "SELECT provider, model_id, source, component, unit, amount, observed_at \
                          FROM prices";
    const ORDER: &str = "ORDER BY provider, model_id, component, source";
    let (sql, mut stmt);
    let mut rows = match of {
        Of::Provider(p) => {
            sql = format!("{SELECT} WHERE provider = ?1 {ORDER}");
            stmt = conn.prepare_cached(&sql)?;
            stmt.query([p.as_str()])?
        }
        Of::Model(p, id) => {
            sql = format!("{SELECT} WHERE provider = ?1 AND model_id = ?2 {ORDER}");
            stmt = conn.prepare_cached(&sql)?;
            stmt.query(params![p.as_str(), id])?
        }
        Of::Every => {
            sql = format!("{SELECT} {ORDER}");
            stmt = conn.prepare_cached(&sql)?;
            stmt.query(())?
        }
    };
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> sql::Result<&str> {
            r.get_ref(i)?
                .as_str()
                .map_err(|e| sql::Error::Value(format!("column {i}: {e}")))
        };
        let row = CurrentRow {
            provider: text(0)?,
            model: text(1)?,
            source: text(2)?,
            component: text(3)?,
            unit: text(4)?,
            amount: text(5)?,
            observed_at: text(6)?,
        };
        if let Err(detail) = f(&row) {
            return Ok(Err(detail));
        }
    }
    Ok(Ok(()))
}

#[cfg(test)]
mod tests;

//! Current prices and their history, as rows: amounts are exact decimal text, never floats.
//! Which components changed (and so get a history row) is decided by `pricing::plan`.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, params};

use super::PriceWrite;
use crate::model::{Decimal, FieldSource, Price, PriceUnit, ProviderId, format_time};

/// Every current price of one provider from `source`, by model id.
pub(super) fn load(
    conn: &Connection,
    provider: &ProviderId,
    source: &FieldSource,
) -> rusqlite::Result<BTreeMap<String, Vec<Result<Price, String>>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT model_id, component, unit, amount FROM prices \
         WHERE provider = ?1 AND source = ?2 ORDER BY model_id, component",
    )?;
    let rows = stmt.query_map(params![provider.as_str(), source.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out: BTreeMap<String, Vec<Result<Price, String>>> = BTreeMap::new();
    for row in rows {
        let (model, component, unit, amount) = row?;
        let price = match (PriceUnit::parse(&unit), Decimal::from_str(&amount)) {
            (Some(unit), Ok(usd)) => Ok(Price::new(&component, unit, usd)),
            _ => Err(format!(
                "price of {model}/{component}: {amount:?} per {unit:?}"
            )),
        };
        out.entry(model).or_default().push(price);
    }
    Ok(out)
}

/// Applies one source's component changes to a model: each new or changed component is set,
/// each vanished one deleted, and every one gets a history row. What changed is the caller's
/// to decide (`pricing::plan::component_changes`); this only writes it.
pub(super) fn apply(
    tx: &Transaction<'_>,
    provider: &ProviderId,
    w: &PriceWrite,
    now: &DateTime<Utc>,
) -> rusqlite::Result<()> {
    let source = w.source.to_string();
    let now = format_time(now);
    let mut history = tx.prepare_cached(
        "INSERT INTO price_history (provider, model_id, component, unit, amount, source, observed_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for c in &w.changes {
        let amount = c.amount.map(|a| a.to_string());
        let row = params![
            provider.as_str(),
            w.model_id,
            c.component,
            c.unit.as_str(),
            amount,
            source,
            now
        ];
        if amount.is_some() {
            tx.prepare_cached(
                "INSERT INTO prices (provider, model_id, component, unit, amount, source, observed_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
                 ON CONFLICT (provider, model_id, component, source) DO UPDATE SET \
                   unit = excluded.unit, amount = excluded.amount, observed_at = excluded.observed_at",
            )?
            .execute(row)?;
        } else {
            tx.prepare_cached(
                "DELETE FROM prices WHERE provider = ?1 AND model_id = ?2 AND component = ?3 AND source = ?4",
            )?
            .execute(params![provider.as_str(), w.model_id, c.component, source])?;
        }
        history.execute(row)?;
    }
    Ok(())
}

/// A `prices` row as text: model id, source, component, unit, amount, observed at.
pub(super) type PriceRow = (String, String, String, String, String, String);

/// Every current price of one provider, by model id, grouped by source.
pub(super) fn load_all(
    conn: &Connection,
    provider: &ProviderId,
) -> rusqlite::Result<Vec<PriceRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT model_id, source, component, unit, amount, observed_at FROM prices \
         WHERE provider = ?1 ORDER BY model_id, source, component",
    )?;
    stmt.query_map([provider.as_str()], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })?
    .collect()
}

#[cfg(test)]
mod tests;

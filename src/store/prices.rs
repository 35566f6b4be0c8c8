//! Current prices and their history, as rows: amounts are exact decimal text, never floats.
//! Which components changed (and so get a history row) is decided by `pricing::plan`.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, params};

use super::PriceWrite;
use crate::model::{Decimal, FieldSource, Price, PriceUnit, ProviderId, format_time};

/// A `prices` row read back: the price, or what is wrong with it.
type Read = Result<Price, String>;

fn price_of(model: &str, component: &str, unit: &str, amount: &str) -> Read {
    match (PriceUnit::parse(unit), Decimal::from_str(amount)) {
        (Some(unit), Ok(usd)) => Ok(Price::new(component, unit, usd)),
        _ => Err(format!(
            "price of {model}/{component}: {amount:?} per {unit:?}"
        )),
    }
}

/// Every current price of one provider from `source`, by model id.
pub(super) fn load(
    conn: &Connection,
    provider: &ProviderId,
    source: &FieldSource,
) -> rusqlite::Result<BTreeMap<String, Vec<Read>>> {
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

/// One model's current prices from `source`.
pub(super) fn load_model(
    conn: &Connection,
    provider: &ProviderId,
    model: &str,
    source: &FieldSource,
) -> rusqlite::Result<Vec<Read>> {
    let mut stmt = conn.prepare_cached(
        "SELECT component, unit, amount FROM prices \
         WHERE provider = ?1 AND model_id = ?2 AND source = ?3 ORDER BY component",
    )?;
    let mut rows = stmt.query(params![provider.as_str(), model, source.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let (component, unit, amount): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        out.push(price_of(model, &component, &unit, &amount));
    }
    Ok(out)
}

/// Every current price from `source` of every provider, by provider and model id.
pub(super) fn load_every(
    conn: &Connection,
    source: &FieldSource,
) -> rusqlite::Result<BTreeMap<(String, String), Vec<Read>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT provider, model_id, component, unit, amount FROM prices \
         WHERE source = ?1 ORDER BY provider, model_id, component",
    )?;
    let mut rows = stmt.query([source.to_string()])?;
    let mut out: BTreeMap<(String, String), Vec<Read>> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let (provider, model, component, unit, amount): (String, String, String, String, String) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let price = price_of(&model, &component, &unit, &amount);
        out.entry((provider, model)).or_default().push(price);
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

/// A `prices` row as text: provider, model id, source, component, unit, amount, observed at.
pub(super) type PriceRow = (String, String, String, String, String, String, String);

/// Which current prices a read takes.
#[derive(Debug, Clone, Copy)]
pub(super) enum Of<'a> {
    Provider(&'a ProviderId),
    Model(&'a ProviderId, &'a str),
    Every,
}

/// Current prices of every source, ordered by provider, model, source and component.
pub(super) fn load_all(conn: &Connection, of: Of<'_>) -> rusqlite::Result<Vec<PriceRow>> {
    const SELECT: &str = "SELECT provider, model_id, source, component, unit, amount, observed_at \
                          FROM prices";
    let row = |r: &rusqlite::Row<'_>| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        ))
    };
    let order = "ORDER BY provider, model_id, source, component";
    match of {
        Of::Provider(p) => conn
            .prepare_cached(&format!("{SELECT} WHERE provider = ?1 {order}"))?
            .query_map([p.as_str()], row)?
            .collect(),
        Of::Model(p, id) => conn
            .prepare_cached(&format!(
                "{SELECT} WHERE provider = ?1 AND model_id = ?2 {order}"
            ))?
            .query_map(params![p.as_str(), id], row)?
            .collect(),
        Of::Every => conn
            .prepare_cached(&format!("{SELECT} {order}"))?
            .query_map([], row)?
            .collect(),
    }
}

#[cfg(test)]
mod tests;

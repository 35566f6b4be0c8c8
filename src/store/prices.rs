//! Current prices and their history. A history row is written only when a value appears,
//! changes or goes away; amounts are exact decimal text, never floats.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, params};

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

/// Makes a model's current prices from `source` equal `prices`, writing history for each
/// component that appears, changes or goes away.
pub(super) fn replace(
    tx: &Transaction<'_>,
    provider: &ProviderId,
    model_id: &str,
    prices: &[Price],
    source: &FieldSource,
    now: &DateTime<Utc>,
) -> rusqlite::Result<()> {
    let source = source.to_string();
    let now = format_time(now);
    let current: BTreeMap<String, (String, String)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT component, unit, amount FROM prices \
             WHERE provider = ?1 AND model_id = ?2 AND source = ?3",
        )?;
        stmt.query_map(params![provider.as_str(), model_id, source], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    let mut history = tx.prepare_cached(
        "INSERT INTO price_history (provider, model_id, component, unit, amount, source, observed_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for p in prices {
        let amount = p.usd.to_string();
        let unit = p.unit.as_str();
        let same = current
            .get(&p.component)
            .is_some_and(|(u, a)| u == unit && *a == amount);
        if same {
            continue;
        }
        tx.prepare_cached(
            "INSERT INTO prices (provider, model_id, component, unit, amount, source, observed_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
             ON CONFLICT (provider, model_id, component, source) DO UPDATE SET \
               unit = excluded.unit, amount = excluded.amount, observed_at = excluded.observed_at",
        )?
        .execute(params![
            provider.as_str(),
            model_id,
            p.component,
            unit,
            amount,
            source,
            now
        ])?;
        history.execute(params![
            provider.as_str(),
            model_id,
            p.component,
            unit,
            amount,
            source,
            now
        ])?;
    }
    for (component, (unit, _)) in &current {
        if prices.iter().any(|p| &p.component == component) {
            continue;
        }
        tx.prepare_cached(
            "DELETE FROM prices WHERE provider = ?1 AND model_id = ?2 AND component = ?3 AND source = ?4",
        )?
        .execute(params![provider.as_str(), model_id, component, source])?;
        history.execute(params![
            provider.as_str(),
            model_id,
            component,
            unit,
            None::<String>,
            source,
            now
        ])?;
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

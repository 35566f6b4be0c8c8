//! The read side: every model, price history, the prices in force at a time, provider
//! health, and the deletions of `models cleanup`.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{Store, StoreError};
use crate::model::{
    Decimal, FieldSource, Price, PriceUnit, ProviderId, SourcedPrices, StoredModel, parse_time,
};

/// One row of a model's price history; `amount` is `None` when the source stopped giving it.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    pub observed_at: DateTime<Utc>,
    pub component: String,
    pub unit: PriceUnit,
    pub amount: Option<Decimal>,
    pub source: FieldSource,
}

/// How a provider's recent runs went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunHealth {
    pub runs: usize,
    pub failed: usize,
}

/// How many recent runs the failure rate covers.
pub const RECENT_RUNS: usize = 20;

impl Store {
    /// Every stored model of every provider, with their provider-given prices.
    pub fn all_models(&self) -> Result<Vec<StoredModel>, StoreError> {
        let mut out = Vec::new();
        for p in self.providers_with_models()? {
            out.extend(self.provider_models(&p)?);
        }
        Ok(out)
    }

    /// A model's price history, oldest first.
    pub fn price_history(
        &self,
        provider: &ProviderId,
        id: &str,
    ) -> Result<Vec<HistoryRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT observed_at, component, unit, amount, source FROM price_history \
                 WHERE provider = ?1 AND model_id = ?2 ORDER BY observed_at, id",
            )
            .map_err(|e| self.classify(e))?;
        let rows = stmt
            .query_map(params![provider.as_str(), id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .and_then(Iterator::collect::<rusqlite::Result<Vec<_>>>)
            .map_err(|e| self.classify(e))?;
        rows.into_iter()
            .map(|(at, component, unit, amount, source)| {
                let detail =
                    format!("price_history of {provider}/{id}: {at} {component} {unit} {amount:?}");
                let bad = || StoreError::Corrupt {
                    path: self.path.clone(),
                    detail: detail.clone(),
                };
                Ok(HistoryRow {
                    observed_at: parse_time(&at).ok_or_else(bad)?,
                    unit: PriceUnit::parse(&unit).ok_or_else(bad)?,
                    amount: amount
                        .map(|a| Decimal::from_str(&a))
                        .transpose()
                        .map_err(|_| bad())?,
                    source: FieldSource::try_from(source).map_err(|_| bad())?,
                    component,
                })
            })
            .collect()
    }

    /// Every source's prices as they stood at `at`, from the history.
    pub fn prices_at(
        &self,
        provider: &ProviderId,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<Vec<SourcedPrices>, StoreError> {
        let mut latest: BTreeMap<(String, String), HistoryRow> = BTreeMap::new();
        for row in self.price_history(provider, id)? {
            if row.observed_at <= at {
                latest.insert((row.source.to_string(), row.component.clone()), row);
            }
        }
        let mut groups: Vec<SourcedPrices> = Vec::new();
        for row in latest.into_values() {
            let Some(usd) = row.amount else { continue };
            let price = Price::new(&row.component, row.unit, usd);
            match groups.iter_mut().find(|g| g.source == row.source) {
                Some(g) => {
                    g.prices.push(price);
                    g.observed_at = g.observed_at.max(row.observed_at);
                }
                None => groups.push(SourcedPrices {
                    source: row.source,
                    prices: vec![price],
                    observed_at: row.observed_at,
                }),
            }
        }
        Ok(groups)
    }

    /// How the last [`RECENT_RUNS`] runs of a provider went.
    pub fn run_health(&self, provider: &ProviderId) -> Result<RunHealth, StoreError> {
        let statuses: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT status FROM sync_runs WHERE provider = ?1 ORDER BY started_at DESC, id DESC LIMIT ?2",
            )
            .and_then(|mut s| {
                s.query_map(params![provider.as_str(), RECENT_RUNS as i64], |r| r.get(0))?
                    .collect()
            })
            .map_err(|e| self.classify(e))?;
        Ok(RunHealth {
            runs: statuses.len(),
            failed: statuses.iter().filter(|s| *s == "error").count(),
        })
    }

    /// Deletes models with their prices, price history and catalog matches, in one
    /// transaction. Returns how many models were deleted.
    pub fn delete_models(&mut self, models: &[(ProviderId, String)]) -> Result<usize, StoreError> {
        let result = (|| -> rusqlite::Result<usize> {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut deleted = 0;
            for (provider, id) in models {
                let p = provider.as_str();
                tx.execute(
                    "DELETE FROM price_history WHERE provider = ?1 AND model_id = ?2",
                    params![p, id],
                )?;
                tx.execute(
                    "DELETE FROM prices WHERE provider = ?1 AND model_id = ?2",
                    params![p, id],
                )?;
                tx.execute(
                    "DELETE FROM catalog_matches WHERE provider = ?1 AND model_id = ?2",
                    params![p, id],
                )?;
                deleted += tx.execute(
                    "DELETE FROM models WHERE provider = ?1 AND id = ?2",
                    params![p, id],
                )?;
            }
            tx.commit()?;
            Ok(deleted)
        })();
        result.map_err(|e| self.classify(e))
    }
}

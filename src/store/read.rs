//! The read side: every model, price history, provider health, and the deletions of
//! `models cleanup`.

use std::str::FromStr;

use rusqlite::params;

use super::sql;

use super::{Store, StoreError};
use crate::model::{
    Decimal, FieldSource, HistoryRow, PriceUnit, ProviderId, RECENT_RUNS, RunHealth, StoredModel,
    parse_time,
};

impl Store {
    /// Every stored model of every provider, with their provider-given prices.
    pub fn all_models(&self) -> Result<Vec<StoredModel>, StoreError> {
        Ok(self.listing()?.into_iter().map(|(m, _)| m).collect())
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
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<Option<String>>(3)?,
                    r.get::<String>(4)?,
                ))
            })
            .and_then(Iterator::collect::<sql::Result<Vec<_>>>)
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
        let result = (|| -> sql::Result<usize> {
            let tx = self.conn.transaction_with_behavior(sql::Begin::Immediate)?;
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

#[cfg(test)]
mod tests;

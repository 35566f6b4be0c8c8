//! Imported usage records, and their sums for `models info`.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::sql;

use super::{Store, StoreError};
use crate::model::{Decimal, ProviderId, UsageSummary, format_time};

/// One record ready to store: its fingerprint makes a re-import a no-op.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageRow {
    pub fingerprint: String,
    pub at: DateTime<Utc>,
    pub provider: String,
    pub model: String,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub requests: u64,
    pub cost: Option<Decimal>,
    /// `file` when the record gave it, `computed` from the price in force, `None` when unknown.
    pub cost_source: Option<&'static str>,
}

impl Store {
    /// Stores records in one transaction; records already imported are skipped. Returns how
    /// many were added.
    pub fn import_usage(
        &mut self,
        rows: &[UsageRow],
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let result = (|| -> sql::Result<usize> {
            let tx = self.conn.transaction_with_behavior(sql::Begin::Immediate)?;
            let mut added = 0;
            {
                let mut stmt = tx.prepare_cached(
                    "INSERT INTO usage (fingerprint, at, provider, model_id, input_tokens, \
                     output_tokens, requests, cost, cost_source, imported_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
                     ON CONFLICT (fingerprint) DO NOTHING",
                )?;
                for r in rows {
                    added += stmt.execute(params![
                        r.fingerprint,
                        format_time(&r.at),
                        r.provider,
                        r.model,
                        r.input_tokens as i64,
                        r.output_tokens as i64,
                        r.requests as i64,
                        r.cost.map(|c| c.normalize().to_string()),
                        r.cost_source,
                        format_time(&now),
                    ])?;
                }
            }
            tx.commit()?;
            Ok(added)
        })();
        result.map_err(|e| self.classify(e))
    }

    /// A model's usage since `since`.
    pub fn usage_since(
        &self,
        provider: &ProviderId,
        id: &str,
        since: DateTime<Utc>,
    ) -> Result<UsageSummary, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT requests, input_tokens, output_tokens, cost FROM usage \
                 WHERE provider = ?1 AND model_id = ?2 AND at >= ?3",
            )
            .map_err(|e| self.classify(e))?;
        let rows = stmt
            .query_map(params![provider.as_str(), id, format_time(&since)], |r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<i64>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<Option<String>>(3)?,
                ))
            })
            .and_then(Iterator::collect::<sql::Result<Vec<_>>>)
            .map_err(|e| self.classify(e))?;
        let mut s = UsageSummary::default();
        for (requests, input, output, cost) in rows {
            s.records += 1;
            s.requests += requests as u64;
            s.input_tokens += input as u64;
            s.output_tokens += output as u64;
            match cost.as_deref().map(Decimal::from_str) {
                Some(Ok(c)) => {
                    s.cost = s.cost.checked_add(c).ok_or_else(|| StoreError::Corrupt {
                        path: self.path.clone(),
                        detail: "usage costs sum beyond what an exact decimal holds".to_owned(),
                    })?;
                }
                Some(Err(_)) => {
                    return Err(StoreError::Corrupt {
                        path: self.path.clone(),
                        detail: format!("usage cost {cost:?}"),
                    });
                }
                None => s.unknown_cost += 1,
            }
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests;

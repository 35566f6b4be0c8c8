//! What `sync-pricing` reads and writes: every source's prices per model, and one
//! transaction per provider that applies the planned price changes (each with its history
//! row), the limits catalogs gave, and how each model matched each catalog.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::sql;

use super::prices;
use super::{Store, StoreError};
use crate::model::{Decimal, FieldSource, Price, PriceUnit, ProviderId, SourcedPrices, parse_time};

/// One source's price changes for one model.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceWrite {
    pub model_id: String,
    pub source: FieldSource,
    pub changes: Vec<ComponentWrite>,
    /// History only, at the dates a catalog gives its prices (genai-prices' `start_date`):
    /// written the first time the source prices the model, so that a cost at a time before
    /// the first sync-pricing finds the price then in force.
    pub backdated: Vec<Backdated>,
}

/// A catalog's prices in force from a date on, as history rows at that date.
#[derive(Debug, Clone, PartialEq)]
pub struct Backdated {
    pub at: DateTime<Utc>,
    pub changes: Vec<ComponentWrite>,
}

/// One component of one source's price that appears, changes, or goes away (`amount: None`).
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentWrite {
    pub component: String,
    pub unit: PriceUnit,
    pub amount: Option<Decimal>,
}

/// Everything one provider's pricing writes, applied all at once.
#[derive(Debug, Clone, Copy)]
pub struct PricingWrite<'a> {
    pub provider: &'a ProviderId,
    pub prices: &'a [PriceWrite],
    pub limits: &'a [LimitWrite],
    pub matches: &'a [MatchWrite],
    /// The catalogs' precedence order the prices were decided by, kept with them.
    pub order: &'a [String],
    pub now: DateTime<Utc>,
    /// The run the change-log entries are of.
    pub run_id: &'a str,
    /// Changes a guard held (logged once while they stay held) and ones accepted.
    pub held: &'a [crate::model::ChangeEntry],
    pub accepted: &'a [crate::model::ChangeEntry],
}

/// How one model matched one catalog.
#[derive(Debug, Clone)]
pub struct MatchWrite {
    pub model_id: String,
    pub catalog: String,
    pub entry_id: String,
    pub how: &'static str,
}

/// New catalog-given limits for one model, with the sources they now come from.
#[derive(Debug, Clone)]
pub struct LimitWrite {
    pub model_id: String,
    pub context_length: Option<u64>,
    pub max_output: Option<u64>,
    pub sources: crate::model::FieldSources,
}

/// One model's current prices, grouped by source (in the order of the sources' names).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelPrices {
    pub provider: String,
    pub model_id: String,
    pub groups: Vec<SourcedPrices>,
}

impl ModelPrices {
    /// The prices the provider itself gave (what `Model::prices` holds).
    pub fn provider_given(groups: &[SourcedPrices]) -> Vec<Price> {
        groups
            .iter()
            .find(|g| g.source == FieldSource::Provider)
            .map(|g| g.prices.clone())
            .unwrap_or_default()
    }
}

impl Store {
    /// Every current price of a provider's models, by model id, grouped by source.
    pub fn sourced_prices(
        &self,
        provider: &ProviderId,
    ) -> Result<BTreeMap<String, Vec<SourcedPrices>>, StoreError> {
        Ok(self
            .grouped(prices::Of::Provider(provider))?
            .into_iter()
            .map(|m| (m.model_id, m.groups))
            .collect())
    }

    /// One model's current prices, grouped by source.
    pub fn model_sourced_prices(
        &self,
        provider: &ProviderId,
        id: &str,
    ) -> Result<Vec<SourcedPrices>, StoreError> {
        Ok(self
            .grouped(prices::Of::Model(provider, id))?
            .into_iter()
            .next()
            .map(|m| m.groups)
            .unwrap_or_default())
    }

    /// Current prices grouped per model (in the order of provider and model id) and, within
    /// a model, per source. The rows are read in the table's key order and borrowed: text is
    /// copied once per model, and a source or time repeated from the row before is not read
    /// again.
    pub(super) fn grouped(&self, of: prices::Of<'_>) -> Result<Vec<ModelPrices>, StoreError> {
        let mut out: Vec<ModelPrices> = Vec::new();
        let mut source: Option<(String, FieldSource)> = None;
        let mut observed: Option<(String, DateTime<Utc>)> = None;
        let read = prices::each_current(&self.conn, of, |row| {
            let bad = || prices::bad_price(row.model, row.component, row.unit, row.amount);
            let from = match &source {
                Some((text, s)) if text == row.source => s.clone(),
                _ => {
                    let s = FieldSource::parse(row.source)?;
                    source = Some((row.source.to_owned(), s.clone()));
                    s
                }
            };
            let at = match &observed {
                Some((text, at)) if text == row.observed_at => *at,
                _ => {
                    let at = parse_time(row.observed_at).ok_or_else(bad)?;
                    observed = Some((row.observed_at.to_owned(), at));
                    at
                }
            };
            let price = prices::price_of(row.model, row.component, row.unit, row.amount)?;
            let same = out
                .last()
                .is_some_and(|m| m.provider == row.provider && m.model_id == row.model);
            if !same {
                out.push(ModelPrices {
                    provider: row.provider.to_owned(),
                    model_id: row.model.to_owned(),
                    groups: Vec::new(),
                });
            }
            let Some(model) = out.last_mut() else {
                unreachable!("a model was just pushed")
            };
            match model.groups.iter_mut().find(|g| g.source == from) {
                Some(g) => {
                    g.prices.push(price);
                    g.observed_at = g.observed_at.max(at);
                }
                None => model.groups.push(SourcedPrices {
                    source: from,
                    prices: vec![price],
                    observed_at: at,
                    filled: Vec::new(),
                }),
            }
            Ok(())
        });
        match read {
            Ok(Ok(())) => {}
            Ok(Err(detail)) => {
                return Err(StoreError::Corrupt {
                    path: self.path.clone(),
                    detail,
                });
            }
            Err(e) => return Err(self.classify(e)),
        }
        for m in &mut out {
            if m.groups.len() > 1 {
                m.groups.sort_by_cached_key(|g| g.source.to_string());
            }
        }
        Ok(out)
    }

    /// Applies one provider's pricing in one transaction: all or nothing.
    pub fn apply_pricing(&mut self, w: &PricingWrite<'_>) -> Result<(), StoreError> {
        let PricingWrite {
            provider,
            prices,
            limits,
            matches,
            order,
            now,
            run_id,
            held,
            accepted,
        } = *w;
        let result = (|| -> sql::Result<()> {
            let tx = self.conn.transaction_with_behavior(sql::Begin::Immediate)?;
            let after = super::events::last_change(&tx)?;
            tx.execute("DELETE FROM pricing_order", [])?;
            for (i, name) in order.iter().enumerate() {
                tx.execute(
                    "INSERT INTO pricing_order (position, catalog) VALUES (?1, ?2)",
                    params![i as i64, name],
                )?;
            }
            super::changes::append(&tx, &now, run_id, accepted)?;
            super::changes::append_new(&tx, &now, run_id, held)?;
            for w in prices {
                prices::apply(&tx, provider, w, &now, run_id)?;
            }
            for l in limits {
                // The limits they replace, for the log: a catalog's new context window.
                let (old_context, old_output): (Option<i64>, Option<i64>) = tx.query_row(
                    "SELECT context_length, max_output FROM models WHERE provider = ?1 AND id = ?2",
                    params![provider.as_str(), l.model_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                let mut logged = Vec::new();
                for (field, old, new) in [
                    ("context_length", old_context, l.context_length),
                    ("max_output", old_output, l.max_output),
                ] {
                    let new = new.map(|v| v as i64);
                    if old != new {
                        let origin = l
                            .sources
                            .get(field)
                            .map_or_else(|| "provider".to_owned(), ToString::to_string);
                        logged.push(crate::model::ChangeEntry {
                            kind: crate::model::ChangeKind::ModelUpdated,
                            provider: Some(provider.to_string()),
                            model: Some(l.model_id.clone()),
                            details: serde_json::json!({"field": field, "old": old, "new": new, "origin": origin})
                                .to_string(),
                        });
                    }
                }
                super::changes::append(&tx, &now, run_id, &logged)?;
                tx.execute(
                    "UPDATE models SET context_length = ?3, max_output = ?4, field_sources = ?5, \
                     digest = NULL \
                     WHERE provider = ?1 AND id = ?2",
                    params![
                        provider.as_str(),
                        l.model_id,
                        l.context_length.map(|v| v as i64),
                        l.max_output.map(|v| v as i64),
                        serde_json::to_string(&l.sources).unwrap_or_else(|_| "{}".to_owned()),
                    ],
                )?;
            }
            super::models::fill_digests(&tx, provider)?;
            tx.execute(
                "DELETE FROM catalog_matches WHERE provider = ?1",
                [provider.as_str()],
            )?;
            for m in matches {
                tx.execute(
                    "INSERT INTO catalog_matches \
                     (provider, model_id, catalog, entry_id, how, matched_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                     ON CONFLICT (provider, model_id, catalog) DO UPDATE SET \
                       entry_id = excluded.entry_id, how = excluded.how, \
                       matched_at = excluded.matched_at",
                    params![
                        provider.as_str(),
                        m.model_id,
                        m.catalog,
                        m.entry_id,
                        m.how,
                        crate::model::format_time(&now)
                    ],
                )?;
            }
            super::events::derive(&tx, &now, run_id, provider.as_str(), after, None)?;
            tx.commit()
        })();
        result.map_err(|e| self.classify(e))
    }

    /// Providers that have stored models, in no particular order.
    pub fn providers_with_models(&self) -> Result<Vec<ProviderId>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT provider FROM models ORDER BY provider")
            .map_err(|e| self.classify(e))?;
        let rows = stmt
            .query_map((), |r| r.get::<String>(0))
            .and_then(Iterator::collect::<sql::Result<Vec<_>>>)
            .map_err(|e| self.classify(e))?;
        Ok(rows.into_iter().map(ProviderId::new).collect())
    }
}

#[cfg(test)]
mod tests;

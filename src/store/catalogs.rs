//! The cache of remote catalogs: the last good body of each, with its ETag, fetch time and
//! entry count (for the shrink guard).

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::sql::{self, Optional};

use super::{Store, StoreError};
use crate::model::{format_time, parse_time};

/// A catalog as last fetched successfully.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedCatalog {
    pub name: String,
    pub url: String,
    pub format: String,
    pub fetched_at: DateTime<Utc>,
    pub etag: Option<String>,
    pub body: Vec<u8>,
    pub entries: usize,
}

impl Store {
    /// The cached copy of a catalog, if one was ever fetched.
    pub fn cached_catalog(&self, name: &str) -> Result<Option<CachedCatalog>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT name, url, format, fetched_at, etag, body, entries FROM catalogs WHERE name = ?1",
                [name],
                |r| {
                    Ok((
                        r.get::<String>(0)?,
                        r.get::<String>(1)?,
                        r.get::<String>(2)?,
                        r.get::<String>(3)?,
                        r.get::<Option<String>>(4)?,
                        r.get::<Vec<u8>>(5)?,
                        r.get::<i64>(6)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| self.classify(e))?;
        let Some((name, url, format, fetched_at, etag, body, entries)) = row else {
            return Ok(None);
        };
        let fetched_at = parse_time(&fetched_at).ok_or_else(|| StoreError::Corrupt {
            path: self.path.clone(),
            detail: format!("catalogs.fetched_at = {fetched_at:?}"),
        })?;
        Ok(Some(CachedCatalog {
            name,
            url,
            format,
            fetched_at,
            etag,
            body,
            entries: entries as usize,
        }))
    }

    /// Stores a good fetch of a catalog, replacing the previous copy, with its change-log
    /// entry (of run `.0`) in the same transaction when there is one.
    pub fn save_catalog(
        &mut self,
        c: &CachedCatalog,
        logged: Option<(&str, &crate::model::ChangeEntry)>,
    ) -> Result<(), StoreError> {
        let result = (|| -> sql::Result<()> {
            let tx = self.conn.transaction_with_behavior(sql::Begin::Immediate)?;
            if let Some((run_id, entry)) = logged {
                super::changes::append(&tx, &c.fetched_at, run_id, std::slice::from_ref(entry))?;
            }
            tx.execute(
                "INSERT INTO catalogs (name, url, format, fetched_at, etag, body, entries) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
                 ON CONFLICT (name) DO UPDATE SET url = excluded.url, format = excluded.format, \
                   fetched_at = excluded.fetched_at, etag = excluded.etag, body = excluded.body, \
                   entries = excluded.entries",
                params![
                    c.name,
                    c.url,
                    c.format,
                    format_time(&c.fetched_at),
                    c.etag,
                    c.body,
                    c.entries as i64
                ],
            )?;
            tx.commit()
        })();
        result.map_err(|e| self.classify(e))
    }

    /// Marks a cached catalog as confirmed unchanged (HTTP 304) at `at`.
    pub fn touch_catalog(&mut self, name: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE catalogs SET fetched_at = ?2 WHERE name = ?1",
                params![name, format_time(&at)],
            )
            .map_err(|e| self.classify(e))?;
        Ok(())
    }
}

impl Store {
    /// Drops a cached catalog; whether there was one.
    pub fn forget_catalog(&mut self, name: &str) -> Result<bool, StoreError> {
        self.conn
            .execute("DELETE FROM catalogs WHERE name = ?1", [name])
            .map(|n| n > 0)
            .map_err(|e| self.classify(e))
    }

    /// The catalogs' precedence order the last sync-pricing applied (the snapshot last);
    /// `None` before any.
    pub fn pricing_order(&self) -> Result<Option<Vec<String>>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT catalog FROM pricing_order ORDER BY position")
            .map_err(|e| self.classify(e))?;
        let names = stmt
            .query_map((), |r| r.get::<String>(0))
            .and_then(Iterator::collect::<sql::Result<Vec<_>>>)
            .map_err(|e| self.classify(e))?;
        Ok((!names.is_empty()).then_some(names))
    }

    /// Every cached catalog's name, location and format, by name.
    pub fn cached_catalogs(&self) -> Result<Vec<(String, String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, url, format FROM catalogs ORDER BY name")
            .map_err(|e| self.classify(e))?;
        stmt.query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(Iterator::collect::<sql::Result<Vec<_>>>)
            .map_err(|e| self.classify(e))
    }
}

#[cfg(test)]
mod tests;

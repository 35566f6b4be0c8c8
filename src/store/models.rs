//! Reading and writing rows of the `models` table.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;
use rusqlite::types::{ToSqlOutput, Value as SqlValue, ValueRef};

use super::sql::{self, Row, Tx};

use super::{ModelPrices, Store, StoreError};
use crate::model::{
    Capability, FieldSource, FieldSources, Model, ModelStatus, ModelType, ProviderId, RowDigest,
    SourcedPrices, StoredDigests, StoredModel, format_time, parse_time,
};

/// The columns that hold what a model says (not when it was seen), in the order [`content`]
/// gives their values: what a sync writes, and what a row's digest is of.
const CONTENT: &str = "name, type, status, context_length, max_output, capabilities, \
    input_modalities, output_modalities, owner, created_at, deprecation_date, shutdown_date, \
    replacement, raw, field_sources, release_date, knowledge_cutoff";
const CONTENT_COLUMNS: usize = 17;

/// What a read selects, from `models m LEFT JOIN sync_state s`. The raw JSON is provenance:
/// written by every sync, read by none, so never parsed. A listed model was last seen by its
/// provider's last successful sync, so that is its `last_seen`: a sync that changes nothing
/// need not rewrite a row to move it. A removed model keeps the time it was last listed.
const READ_COLUMNS: &str = "m.provider, m.id, m.name, m.type, m.status, m.context_length, \
    m.max_output, m.capabilities, m.input_modalities, m.output_modalities, m.owner, m.created_at, \
    m.deprecation_date, m.shutdown_date, m.replacement, m.first_seen, \
    COALESCE(CASE WHEN m.status != 'removed' THEN s.last_success_at END, m.last_seen), \
    m.removed_at, {sources}, m.release_date, m.knowledge_cutoff \
    FROM models m LEFT JOIN sync_state s ON s.provider = m.provider";

/// Whether a read builds each model's field sources (a map per row) or leaves them empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sources {
    Read,
    Skip,
}

fn select(sources: Sources, rest: &str) -> String {
    let sources = match sources {
        Sources::Read => "m.field_sources",
        Sources::Skip => "NULL",
    };
    format!(
        "SELECT {} {rest}",
        READ_COLUMNS.replace("{sources}", sources)
    )
}

/// A row's raw text columns, before they are checked.
struct RawRow {
    provider: String,
    id: String,
    name: Option<String>,
    model_type: String,
    status: String,
    context_length: Option<i64>,
    max_output: Option<i64>,
    capabilities: String,
    input_modalities: String,
    output_modalities: String,
    owner: Option<String>,
    created_at: Option<String>,
    deprecation_date: Option<String>,
    shutdown_date: Option<String>,
    replacement: Option<String>,
    first_seen: String,
    last_seen: String,
    removed_at: Option<String>,
    field_sources: Option<String>,
    release_date: Option<String>,
    knowledge_cutoff: Option<String>,
}

impl RawRow {
    fn read(r: &Row<'_>) -> sql::Result<Self> {
        Ok(Self {
            provider: r.get(0)?,
            id: r.get(1)?,
            name: r.get(2)?,
            model_type: r.get(3)?,
            status: r.get(4)?,
            context_length: r.get(5)?,
            max_output: r.get(6)?,
            capabilities: r.get(7)?,
            input_modalities: r.get(8)?,
            output_modalities: r.get(9)?,
            owner: r.get(10)?,
            created_at: r.get(11)?,
            deprecation_date: r.get(12)?,
            shutdown_date: r.get(13)?,
            replacement: r.get(14)?,
            first_seen: r.get(15)?,
            last_seen: r.get(16)?,
            removed_at: r.get(17)?,
            field_sources: r.get(18)?,
            release_date: r.get(19)?,
            knowledge_cutoff: r.get(20)?,
        })
    }

    /// Checks every column; a value aisync did not write is reported, never guessed at.
    fn into_model(self) -> Result<StoredModel, String> {
        let RawRow {
            provider,
            id,
            name,
            model_type,
            status,
            context_length,
            max_output,
            capabilities,
            input_modalities,
            output_modalities,
            owner,
            created_at,
            deprecation_date,
            shutdown_date,
            replacement,
            first_seen,
            last_seen,
            removed_at,
            field_sources,
            release_date,
            knowledge_cutoff,
        } = self;
        let bad = |col: &str, v: &str| format!("model {provider}/{id}: column {col} = {v:?}");
        let time = |col: &str, v: &str| parse_time(v).ok_or_else(|| bad(col, v));
        let opt_time =
            |col: &str, v: &Option<String>| v.as_deref().map(|v| time(col, v)).transpose();
        let opt_date = |col: &str, v: &Option<String>| -> Result<Option<NaiveDate>, String> {
            v.as_deref()
                .map(|v| v.parse().map_err(|_| bad(col, v)))
                .transpose()
        };
        let model_type = ModelType::parse(&model_type).ok_or_else(|| bad("type", &model_type))?;
        let status = ModelStatus::parse(&status).ok_or_else(|| bad("status", &status))?;
        let capabilities = serde_json::from_str::<BTreeSet<Capability>>(&capabilities)
            .map_err(|_| bad("capabilities", &capabilities))?;
        let input_modalities = serde_json::from_str(&input_modalities)
            .map_err(|_| bad("input_modalities", &input_modalities))?;
        let output_modalities = serde_json::from_str(&output_modalities)
            .map_err(|_| bad("output_modalities", &output_modalities))?;
        let created_at = opt_time("created_at", &created_at)?;
        let deprecation_date = opt_date("deprecation_date", &deprecation_date)?;
        let shutdown_date = opt_date("shutdown_date", &shutdown_date)?;
        let release_date = opt_date("release_date", &release_date)?;
        let sources = match &field_sources {
            None => FieldSources::new(),
            Some(text) => serde_json::from_str::<FieldSources>(text)
                .map_err(|_| bad("field_sources", text))?,
        };
        let first_seen = time("first_seen", &first_seen)?;
        let last_seen = time("last_seen", &last_seen)?;
        let removed_at = opt_time("removed_at", &removed_at)?;
        Ok(StoredModel {
            provider: ProviderId::new(provider),
            first_seen,
            last_seen,
            removed_at,
            model: Model {
                id,
                name,
                model_type,
                status,
                context_length: context_length.map(|v| v as u64),
                max_output: max_output.map(|v| v as u64),
                capabilities,
                input_modalities,
                output_modalities,
                owner,
                created_at,
                deprecation_date,
                shutdown_date,
                replacement,
                release_date,
                knowledge_cutoff,
                raw: String::new(),
                prices: Vec::new(),
                sources,
            },
        })
    }
}

impl Store {
    /// Every stored model of a provider, removed ones included, ordered by id, with their
    /// field sources and provider-given prices.
    pub fn provider_models(&self, provider: &ProviderId) -> Result<Vec<StoredModel>, StoreError> {
        let sql = select(Sources::Read, "WHERE m.provider = ?1 ORDER BY m.id");
        let rows = self.read_rows(&sql, [provider.as_str()])?;
        let prices = super::prices::load(&self.conn, provider, &FieldSource::Provider)
            .map_err(|e| self.classify(e))?;
        self.build(rows, prices)
    }

    /// The aliases each listed model's provider names for it (Mistral's `aliases`), read from
    /// the raw JSON of just the rows that say `aliases`; models without any are not in it.
    pub fn listed_aliases(
        &self,
        provider: &ProviderId,
    ) -> Result<std::collections::HashMap<String, Vec<String>>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, raw FROM models WHERE provider = ?1 AND status != 'removed' \
                 AND raw LIKE '%\"aliases\"%'",
            )
            .map_err(|e| self.classify(e))?;
        let rows = stmt
            .query_map([provider.as_str()], |r| {
                Ok((r.get::<String>(0)?, r.get::<String>(1)?))
            })
            .and_then(Iterator::collect::<sql::Result<Vec<_>>>)
            .map_err(|e| self.classify(e))?;
        Ok(rows
            .into_iter()
            .map(|(id, raw)| (id, crate::wire::aliases(&raw)))
            .filter(|(_, a)| !a.is_empty())
            .collect())
    }

    /// How many models a provider lists now (removed ones not counted): counted, not read.
    pub fn listed_count(&self, provider: &ProviderId) -> Result<usize, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT count(*) FROM models WHERE provider = ?1 AND status != 'removed'",
            )
            .and_then(|mut s| s.query_row([provider.as_str()], |r| r.get::<i64>(0)))
            .map(|n| usize::try_from(n).unwrap_or(0))
            .map_err(|e| self.classify(e))
    }

    /// The stored models listed under `id` (one per provider that lists it), with their field
    /// sources and their current prices of every source: a lookup by key, whatever the size
    /// of the store.
    pub fn models_with_id(
        &self,
        id: &str,
    ) -> Result<Vec<(StoredModel, Vec<SourcedPrices>)>, StoreError> {
        let sql = select(Sources::Read, "WHERE m.id = ?1 ORDER BY m.provider");
        let rows = self.read_rows(&sql, [id])?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut stored = r.into_model().map_err(|d| self.corrupt(d))?;
            let groups = self.model_sourced_prices(&stored.provider, id)?;
            stored.model.prices = ModelPrices::provider_given(&groups);
            out.push((stored, groups));
        }
        Ok(out)
    }

    /// Every stored model of every provider, by provider and id, without field sources (what
    /// a listing shows), each with its current prices of every source (the provider-given
    /// ones also in `model.prices`). Both tables are read in key order and joined as they
    /// stream: no map, no sort, and each row is built once.
    pub fn listing(&self) -> Result<Vec<(StoredModel, Vec<SourcedPrices>)>, StoreError> {
        let mut prices = self
            .grouped(super::prices::Of::Every)?
            .into_iter()
            .peekable();
        let sql = select(Sources::Skip, "ORDER BY m.provider, m.id");
        let mut out = Vec::new();
        let mut bad = None;
        (|| -> sql::Result<()> {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(())?;
            while let Some(r) = rows.next()? {
                let raw = RawRow::read(&r)?;
                let key = (raw.provider.as_str(), raw.id.as_str());
                // Prices sort by the same key with the same (byte-wise) order as the models.
                while prices
                    .next_if(|p| (p.provider.as_str(), p.model_id.as_str()) < key)
                    .is_some()
                {}
                let groups = prices
                    .next_if(|p| (p.provider.as_str(), p.model_id.as_str()) == key)
                    .map(|p| p.groups)
                    .unwrap_or_default();
                match raw.into_model() {
                    Ok(mut stored) => {
                        stored.model.prices = ModelPrices::provider_given(&groups);
                        out.push((stored, groups));
                    }
                    Err(detail) => {
                        bad = Some(detail);
                        return Ok(());
                    }
                }
            }
            Ok(())
        })()
        .map_err(|e| self.classify(e))?;
        match bad {
            Some(detail) => Err(self.corrupt(detail)),
            None => Ok(out),
        }
    }

    /// A digest of each stored row of a provider, with its status, and the prices its own
    /// list gave: what a sync compares a fresh list with before it reads any row in full.
    /// The digest written with the row is read back; when a row has none (an older aisync
    /// wrote it and no write has digested it since), every row's content is read and
    /// digested instead.
    pub fn stored_digests(&self, provider: &ProviderId) -> Result<StoredDigests, StoreError> {
        let mut out = StoredDigests::default();
        if !self.read_digests(provider, false, &mut out.rows)? {
            out.rows.clear();
            self.read_digests(provider, true, &mut out.rows)?;
        }
        let prices = super::prices::load(&self.conn, provider, &FieldSource::Provider)
            .map_err(|e| self.classify(e))?;
        for (id, read) in prices {
            let prices = read
                .into_iter()
                .collect::<Result<_, _>>()
                .map_err(|d| self.corrupt(d))?;
            out.prices.insert(id, prices);
        }
        Ok(out)
    }

    /// Reads each row's status and digest into `rows`: the digest stored with it or, with
    /// `from_content`, one computed from its content cells. `false`: a row has no stored
    /// digest, and the read stopped there.
    fn read_digests(
        &self,
        provider: &ProviderId,
        from_content: bool,
        rows: &mut std::collections::HashMap<String, RowDigest>,
    ) -> Result<bool, StoreError> {
        let sql = if from_content {
            format!("SELECT id, status, {CONTENT} FROM models WHERE provider = ?1")
        } else {
            "SELECT id, status, digest FROM models WHERE provider = ?1".to_owned()
        };
        let mut bad = None;
        let mut complete = true;
        (|| -> sql::Result<()> {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut found = stmt.query([provider.as_str()])?;
            while let Some(r) = found.next()? {
                let digest = if from_content {
                    row_digest(&r, 2)?
                } else {
                    let ValueRef::Integer(digest) = r.get_ref(2)? else {
                        complete = false;
                        return Ok(());
                    };
                    digest as u64
                };
                let text = r.get_ref(1)?.as_str()?;
                let Some(status) = ModelStatus::parse(text) else {
                    let id: String = r.get(0)?;
                    bad = Some(format!("model {provider}/{id}: column status = {text:?}"));
                    return Ok(());
                };
                rows.insert(r.get(0)?, RowDigest { digest, status });
            }
            Ok(())
        })()
        .map_err(|e| self.classify(e))?;
        match bad {
            Some(detail) => Err(self.corrupt(detail)),
            None => Ok(complete),
        }
    }

    /// The stored rows of a provider with these ids, read whole and checked, in the order
    /// given (an id no longer stored is left out), each without its prices: a sync has them
    /// from [`Self::stored_digests`].
    pub fn rows_by_id(
        &self,
        provider: &ProviderId,
        ids: &[String],
    ) -> Result<Vec<StoredModel>, StoreError> {
        let sql = select(Sources::Read, "WHERE m.provider = ?1 AND m.id = ?2");
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            for row in self.read_rows(&sql, [provider.as_str(), id])? {
                out.push(row.into_model().map_err(|d| self.corrupt(d))?);
            }
        }
        Ok(out)
    }

    /// Every stored id, for "did you mean".
    pub fn model_ids(&self) -> Result<Vec<String>, StoreError> {
        (|| -> sql::Result<Vec<String>> {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT DISTINCT id FROM models ORDER BY id")?;
            stmt.query_map((), |r| r.get(0))?.collect()
        })()
        .map_err(|e| self.classify(e))
    }

    fn read_rows<P: sql::Params>(&self, sql: &str, params: P) -> Result<Vec<RawRow>, StoreError> {
        (|| -> sql::Result<Vec<RawRow>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            stmt.query_map(params, RawRow::read)?.collect()
        })()
        .map_err(|e| self.classify(e))
    }

    fn corrupt(&self, detail: String) -> StoreError {
        StoreError::Corrupt {
            path: self.path.clone(),
            detail,
        }
    }

    /// Checked models, each with its prices from `prices` (by model id).
    fn build(
        &self,
        rows: Vec<RawRow>,
        mut prices: BTreeMap<String, Vec<Result<crate::model::Price, String>>>,
    ) -> Result<Vec<StoredModel>, StoreError> {
        rows.into_iter()
            .map(|r| {
                let mut stored = r.into_model().map_err(|d| self.corrupt(d))?;
                stored.model.prices = prices
                    .remove(&stored.model.id)
                    .unwrap_or_default()
                    .into_iter()
                    .collect::<Result<_, _>>()
                    .map_err(|d| self.corrupt(d))?;
                Ok(stored)
            })
            .collect()
    }
}

/// The digest a model's row would have once written (see [`RowDigest`]).
pub fn model_digest(m: &Model) -> u64 {
    digest_of(&content(m))
}

fn digest_of(cells: &[ToSqlOutput<'_>; CONTENT_COLUMNS]) -> u64 {
    let mut digest = Digest::new();
    for cell in cells {
        digest.cell(match cell {
            ToSqlOutput::Borrowed(v) => *v,
            ToSqlOutput::Owned(v) => ValueRef::from(v),
            _ => ValueRef::Null,
        });
    }
    digest.finish()
}

/// The digest of a row read with [`CONTENT`]'s columns from column `first` on: the one
/// [`model_digest`] gives the model it holds.
fn row_digest(r: &Row<'_>, first: usize) -> sql::Result<u64> {
    let mut digest = Digest::new();
    for i in first..first + CONTENT_COLUMNS {
        digest.cell(r.get_ref(i)?);
    }
    Ok(digest.finish())
}

/// A digest of a row's content cells, fed one by one, each with its type and length so no
/// two rows run together. Stored with the row; should a later build digest differently, a
/// stored digest merely stops matching, and the row is read whole, compared and rewritten.
struct Digest(foldhash::quality::FoldHasher);

impl Digest {
    fn new() -> Self {
        use std::hash::BuildHasher;
        // A fixed seed: digests are stored and compared across runs.
        Self(foldhash::quality::FixedState::with_seed(0x6169_7379_6e63).build_hasher())
    }

    fn cell(&mut self, cell: ValueRef<'_>) {
        use std::hash::Hasher;
        let h = &mut self.0;
        match cell {
            ValueRef::Null => h.write_u8(0),
            ValueRef::Integer(i) => {
                h.write_u8(1);
                h.write_i64(i);
            }
            ValueRef::Real(f) => {
                h.write_u8(2);
                h.write_u64(f.to_bits());
            }
            ValueRef::Text(b) | ValueRef::Blob(b) => {
                h.write_u8(3);
                h.write_usize(b.len());
                h.write(b);
            }
        }
    }

    fn finish(&self) -> u64 {
        std::hash::Hasher::finish(&self.0)
    }
}

/// A model's values for [`CONTENT`]'s columns, in order: what is written, and what is digested.
fn content(m: &Model) -> [ToSqlOutput<'_>; CONTENT_COLUMNS] {
    fn text(s: &str) -> ToSqlOutput<'_> {
        ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes()))
    }
    fn opt_text(s: Option<&str>) -> ToSqlOutput<'_> {
        s.map_or(ToSqlOutput::Owned(SqlValue::Null), text)
    }
    fn owned(s: Option<String>) -> ToSqlOutput<'static> {
        ToSqlOutput::Owned(s.map_or(SqlValue::Null, SqlValue::Text))
    }
    // Most lists are empty: their text needs no serializer and no allocation.
    fn list<T: serde::Serialize>(empty: bool, v: &T) -> ToSqlOutput<'static> {
        if empty {
            text("[]")
        } else {
            owned(Some(json(v)))
        }
    }
    fn int(v: Option<u64>) -> ToSqlOutput<'static> {
        ToSqlOutput::Owned(v.map_or(SqlValue::Null, |v| SqlValue::Integer(v as i64)))
    }
    [
        opt_text(m.name.as_deref()),
        text(m.model_type.as_str()),
        text(m.status.as_str()),
        int(m.context_length),
        int(m.max_output),
        list(m.capabilities.is_empty(), &m.capabilities),
        list(m.input_modalities.is_empty(), &m.input_modalities),
        list(m.output_modalities.is_empty(), &m.output_modalities),
        opt_text(m.owner.as_deref()),
        owned(m.created_at.as_ref().map(format_time)),
        owned(date(m.deprecation_date)),
        owned(date(m.shutdown_date)),
        opt_text(m.replacement.as_deref()),
        text(&m.raw),
        owned(Some(json(&m.sources))),
        owned(date(m.release_date)),
        opt_text(m.knowledge_cutoff.as_deref()),
    ]
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned())
}

fn date(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// Inserts listed models, or updates them in place: `first_seen` is kept, `last_seen` becomes
/// `now`, and a model that had been removed is listed again. One prepared statement for all.
pub(super) fn upsert(
    tx: &Tx<'_>,
    provider: &ProviderId,
    models: &[&Model],
    now: &DateTime<Utc>,
) -> sql::Result<()> {
    if models.is_empty() {
        return Ok(());
    }
    let now = format_time(now);
    let provider_id = provider.as_str();
    let mut stmt = tx.prepare(&format!(
        "INSERT INTO models (provider, id, first_seen, last_seen, {CONTENT}, digest) VALUES \
         (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, \
          ?19, ?20, ?21) \
         ON CONFLICT (provider, id) DO UPDATE SET \
           last_seen = excluded.last_seen, removed_at = NULL, digest = excluded.digest, \
           name = excluded.name, type = excluded.type, status = excluded.status, \
           context_length = excluded.context_length, max_output = excluded.max_output, \
           capabilities = excluded.capabilities, input_modalities = excluded.input_modalities, \
           output_modalities = excluded.output_modalities, owner = excluded.owner, \
           created_at = excluded.created_at, deprecation_date = excluded.deprecation_date, \
           shutdown_date = excluded.shutdown_date, replacement = excluded.replacement, \
           raw = excluded.raw, field_sources = excluded.field_sources, \
           release_date = excluded.release_date, knowledge_cutoff = excluded.knowledge_cutoff"
    ))?;
    for m in models {
        let cells = content(m);
        let digest = digest_of(&cells) as i64;
        let mut values: Vec<&dyn rusqlite::ToSql> = vec![&provider_id, &m.id, &now];
        values.extend(cells.iter().map(|c| c as &dyn rusqlite::ToSql));
        values.push(&digest);
        stmt.execute(&values[..])?;
    }
    Ok(())
}

/// Gives each row of a provider without a digest the one its content has: rows an older
/// aisync wrote, and rows changed by a write that does not digest (a model marked removed,
/// limits from sync-pricing). Run by every write transaction before it commits, so the next
/// sync reads stored digests rather than every row. `models_undigested` finds just those rows
/// (named: without statistics SQLite would walk the provider's rows by primary key instead).
pub(super) fn fill_digests(tx: &Tx<'_>, provider: &ProviderId) -> sql::Result<()> {
    let mut select = tx.prepare_cached(&format!(
        "SELECT id, {CONTENT} FROM models INDEXED BY models_undigested \
         WHERE provider = ?1 AND digest IS NULL"
    ))?;
    let mut found = Vec::new();
    let mut rows = select.query([provider.as_str()])?;
    while let Some(r) = rows.next()? {
        found.push((r.get::<String>(0)?, row_digest(&r, 1)? as i64));
    }
    let mut update =
        tx.prepare_cached("UPDATE models SET digest = ?3 WHERE provider = ?1 AND id = ?2")?;
    for (id, digest) in found {
        update.execute(params![provider.as_str(), id, digest])?;
    }
    Ok(())
}

/// Marks a model as no longer listed. Its row, prices and history stay until cleanup. It was
/// last seen by the provider's last successful sync before this one: that becomes its
/// `last_seen` for good (run before the sync state moves on).
pub(super) fn mark_removed(
    tx: &Tx<'_>,
    provider: &ProviderId,
    id: &str,
    now: &DateTime<Utc>,
) -> sql::Result<()> {
    tx.prepare_cached(
        "UPDATE models SET status = 'removed', removed_at = ?3, digest = NULL, last_seen = COALESCE( \
           (SELECT last_success_at FROM sync_state WHERE provider = ?1), last_seen) \
         WHERE provider = ?1 AND id = ?2 AND status != 'removed'",
    )?
    .execute(params![provider.as_str(), id, format_time(now)])?;
    Ok(())
}

#[cfg(test)]
mod tests;

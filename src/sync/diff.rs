//! The diff of a provider's stored models against its fresh list. Pure: no I/O, no clock.
//!
//! A sync compares in two steps. [`differing`] finds, by digest, the listed models whose
//! stored row may differ; only those are read in full. [`diff`] then tells what changed, field
//! by field, and which rows to write: a model listed as it is stored is neither reported nor
//! written.

use std::collections::{HashMap, HashSet};

use crate::model::{FieldChange, FieldSource, Model, ModelStatus, StoredDigests, StoredModel};
use crate::pricing::plan::component_changes;

/// What a sync changes for one provider.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diff {
    /// Ids listed now and never stored, sorted.
    pub added: Vec<String>,
    /// Ids whose fields changed in the provider's list, with each change (old → new), sorted
    /// by id. A model that had been removed and is listed again shows `status: removed →
    /// active`.
    pub updated: Vec<(String, Vec<FieldChange>)>,
    /// Ids whose fields changed only as a catalog fills them (a catalog added, or its data
    /// moved), sorted by id: reported apart, never as a change of the provider's list.
    pub enriched: Vec<(String, Vec<FieldChange>)>,
    /// Ids stored as listed that the provider no longer lists, sorted.
    pub removed: Vec<String>,
    pub unchanged: usize,
    /// The fresh list with duplicate ids dropped (first wins), in the provider's order.
    pub listed: Vec<Model>,
    /// Which of `listed` to write, in order: the new ones, and those whose row would not be
    /// written as it is stored (changed fields, or other raw JSON or sources alone).
    pub writes: Vec<usize>,
}

/// The fresh list with duplicate ids dropped, the first of each kept.
pub fn dedupe(fetched: Vec<Model>) -> Vec<Model> {
    let mut seen = HashSet::new();
    fetched
        .into_iter()
        .filter(|m| {
            let first = seen.insert(m.id.clone());
            if !first {
                tracing::warn!(id = %m.id, "provider listed a model twice; keeping the first");
            }
            first
        })
        .collect()
}

/// Whether a listed model, whose row would have `digest`, is stored just so: same row, same
/// prices from the provider's list.
fn as_stored(stored: &StoredDigests, m: &Model, digest: u64) -> bool {
    stored.rows.get(&m.id).is_some_and(|r| r.digest == digest)
        && component_changes(
            stored.prices.get(&m.id).map_or(&[], Vec::as_slice),
            &m.prices,
        )
        .is_empty()
}

/// The ids of the listed models that are stored but not as they are listed now: the rows to
/// read in full. `digests[i]` is the row digest of `listed[i]`.
pub fn differing(stored: &StoredDigests, listed: &[Model], digests: &[u64]) -> Vec<String> {
    listed
        .iter()
        .zip(digests)
        .filter(|(m, d)| stored.rows.contains_key(&m.id) && !as_stored(stored, m, **d))
        .map(|(m, _)| m.id.clone())
        .collect()
}

/// Compares what is stored with what the provider lists now (deduplicated). `old` holds the
/// stored rows of [`differing`]'s ids, read in full; `digests[i]` is the row digest of
/// `listed[i]`.
pub fn diff(
    stored: &StoredDigests,
    old: &[StoredModel],
    listed: Vec<Model>,
    digests: &[u64],
) -> Diff {
    let old: HashMap<&str, &Model> = old
        .iter()
        .map(|s| (s.model.id.as_str(), &s.model))
        .collect();
    let mut d = Diff::default();
    for (i, (model, digest)) in listed.iter().zip(digests).enumerate() {
        if !stored.rows.contains_key(&model.id) {
            d.added.push(model.id.clone());
            d.writes.push(i);
        } else if as_stored(stored, model, *digest) {
            d.unchanged += 1;
        } else if let Some(before) = old.get(model.id.as_str()) {
            let (from_catalogs, from_provider): (Vec<FieldChange>, Vec<FieldChange>) = model
                .changes_from(before)
                .into_iter()
                .partition(|c| matches!(model.sources.get(c.field), Some(FieldSource::Catalog(_))));
            if from_provider.is_empty() {
                d.unchanged += 1;
            } else {
                d.updated.push((model.id.clone(), from_provider));
            }
            if !from_catalogs.is_empty() {
                d.enriched.push((model.id.clone(), from_catalogs));
            }
            d.writes.push(i);
        } else {
            // Gone from the store since its digest was read (a cleanup meanwhile): new again.
            d.added.push(model.id.clone());
            d.writes.push(i);
        }
    }
    let listed_ids: HashSet<&str> = listed.iter().map(|m| m.id.as_str()).collect();
    d.removed = stored
        .rows
        .iter()
        .filter(|(id, r)| r.status != ModelStatus::Removed && !listed_ids.contains(id.as_str()))
        .map(|(id, _)| id.clone())
        .collect();
    d.listed = listed;
    d.added.sort();
    d.updated.sort_by(|a, b| a.0.cmp(&b.0));
    d.enriched.sort_by(|a, b| a.0.cmp(&b.0));
    d.removed.sort();
    d
}

#[cfg(test)]
mod tests;

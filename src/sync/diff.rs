//! The diff of a provider's stored models against its fresh list. Pure: no I/O, no clock.

use std::collections::{BTreeMap, HashSet};

use crate::model::{FieldChange, Model, ModelStatus, StoredModel};

/// What a sync changes for one provider.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diff {
    /// Ids listed now and never stored, sorted.
    pub added: Vec<String>,
    /// Ids whose fields changed, with each change (old → new), sorted by id. A model that had
    /// been removed and is listed again shows `status: removed → active`.
    pub updated: Vec<(String, Vec<FieldChange>)>,
    /// Ids stored as listed that the provider no longer lists, sorted.
    pub removed: Vec<String>,
    pub unchanged: usize,
    /// The fresh list with duplicate ids dropped (first wins), in the provider's order.
    pub listed: Vec<Model>,
}

/// Compares what is stored with what the provider lists now.
pub fn diff(stored: &[StoredModel], fetched: Vec<Model>) -> Diff {
    let before: BTreeMap<&str, &Model> = stored
        .iter()
        .map(|s| (s.model.id.as_str(), &s.model))
        .collect();
    let mut seen = HashSet::new();
    let mut d = Diff::default();
    for model in fetched {
        if !seen.insert(model.id.clone()) {
            tracing::warn!(id = %model.id, "provider listed a model twice; keeping the first");
            continue;
        }
        match before.get(model.id.as_str()) {
            None => d.added.push(model.id.clone()),
            Some(old) => {
                let changes = field_changes(old, &model);
                if changes.is_empty() {
                    d.unchanged += 1;
                } else {
                    d.updated.push((model.id.clone(), changes));
                }
            }
        }
        d.listed.push(model);
    }
    d.removed = stored
        .iter()
        .filter(|s| s.model.status != ModelStatus::Removed && !seen.contains(&s.model.id))
        .map(|s| s.model.id.clone())
        .collect();
    d.added.sort();
    d.updated.sort_by(|a, b| a.0.cmp(&b.0));
    d.removed.sort();
    d
}

/// The fields that differ between two versions of a model, in field order.
pub fn field_changes(old: &Model, new: &Model) -> Vec<FieldChange> {
    new.changes_from(old)
}

#[cfg(test)]
mod tests;

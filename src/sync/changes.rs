//! What a sync of one provider logs: one change-log entry per model added, removed or
//! restored, and per field updated, with where the new value came from (`provider`, or
//! `catalog:NAME` for a field a catalog filled). Price changes are logged by the store as it
//! writes them (`price.changed`, with the price they replace). Pure.

use serde_json::{Value, json};

use super::diff::Diff;
use crate::model::{ChangeEntry, ChangeKind, FieldChange, FieldSource, Model, ProviderId};

/// The entry of a list the removal guard holds (`change.held`), or that `--accept-changes`
/// applied anyway (the same, as `change.accepted`).
pub fn removal(provider: &ProviderId, hold: &super::guard::RemovalHold) -> ChangeEntry {
    ChangeEntry {
        kind: ChangeKind::ChangeHeld,
        provider: Some(provider.to_string()),
        model: None,
        details: json!({
            "guard": "removal",
            "removing": hold.removing,
            "listed_before": hold.listed_before,
        })
        .to_string(),
    }
}

/// The entries of a diff that is being applied.
pub fn entries(provider: &ProviderId, d: &Diff) -> Vec<ChangeEntry> {
    // By id, once: a first sync adds every model of the list.
    let by_id: std::collections::HashMap<&str, &Model> =
        d.listed.iter().map(|m| (m.id.as_str(), m)).collect();
    let listed = |id: &str| by_id.get(id).copied();
    let entry = |kind: ChangeKind, id: &str, details: Value| ChangeEntry {
        kind,
        provider: Some(provider.to_string()),
        model: Some(id.to_owned()),
        details: details.to_string(),
    };
    let mut out = Vec::new();
    for id in &d.added {
        let m = listed(id);
        out.push(entry(
            ChangeKind::ModelAdded,
            id,
            json!({
                "name": m.and_then(|m| m.name.clone()),
                "type": m.map(|m| m.model_type.as_str()),
            }),
        ));
    }
    // A field no source is recorded for is the provider's.
    let field = |m: Option<&Model>, c: &FieldChange| {
        let origin = m
            .and_then(|m| m.sources.get(c.field))
            .unwrap_or(&FieldSource::Provider)
            .to_string();
        json!({"field": c.field, "old": c.old, "new": c.new, "origin": origin})
    };
    for (id, changes) in &d.updated {
        let m = listed(id);
        for c in changes {
            // A model listed again is one entry; its prices are logged as price changes.
            if c.field == "status" && c.old == json!("removed") {
                out.push(entry(
                    ChangeKind::ModelRestored,
                    id,
                    json!({"status": c.new}),
                ));
            } else if c.field != "pricing" {
                out.push(entry(ChangeKind::ModelUpdated, id, field(m, c)));
            }
        }
    }
    for (id, changes) in &d.enriched {
        let m = listed(id);
        for c in changes.iter().filter(|c| c.field != "pricing") {
            out.push(entry(ChangeKind::ModelUpdated, id, field(m, c)));
        }
    }
    for id in &d.removed {
        out.push(entry(ChangeKind::ModelRemoved, id, json!({})));
    }
    out
}

#[cfg(test)]
mod tests;

//! Filling what a provider's list lacks from the catalogs. A field the provider gave (or an
//! override set) is never overwritten; an empty field, or one aisync only inferred from the id,
//! takes the first catalog's value, in precedence order, and remembers which catalog gave it;
//! capabilities are added to, never taken away.
//! Prices are not touched here: `sync-pricing` applies them; nor is a halved context window
//! held here: `pricing::plan` holds it. Pure.

use super::matching::{self, How};
use super::{Catalog, Entry};
use crate::model::{FieldSource, Model, ModelStatus, ModelType};

/// The fields catalogs may fill.
const FIELDS: [&str; 10] = [
    "name",
    "type",
    "context_length",
    "max_output",
    "capabilities",
    "input_modalities",
    "output_modalities",
    "deprecation_date",
    "release_date",
    "knowledge_cutoff",
];

/// A catalog entry that matched a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub catalog: String,
    pub entry_id: String,
    pub how: How,
}

/// Whether `from` has a value for `field`.
fn has(from: &Model, field: &str) -> bool {
    match field {
        "name" => from.name.is_some(),
        "type" => from.model_type != ModelType::Other,
        "context_length" => from.context_length.is_some(),
        "max_output" => from.max_output.is_some(),
        "capabilities" => !from.capabilities.is_empty(),
        "input_modalities" => !from.input_modalities.is_empty(),
        "output_modalities" => !from.output_modalities.is_empty(),
        "deprecation_date" => from.deprecation_date.is_some(),
        "release_date" => from.release_date.is_some(),
        "knowledge_cutoff" => from.knowledge_cutoff.is_some(),
        _ => false,
    }
}

fn copy(to: &mut Model, from: &Model, field: &str) {
    match field {
        "name" => to.name.clone_from(&from.name),
        "type" => to.model_type = from.model_type,
        "context_length" => to.context_length = from.context_length,
        "max_output" => to.max_output = from.max_output,
        // A catalog adds capabilities, never takes one away: what the list (or its id) said a
        // model can do stands (LiteLLM does not flag streaming for gpt-3.5-turbo-0125).
        "capabilities" => to.capabilities.extend(from.capabilities.iter().copied()),
        "input_modalities" => to.input_modalities.clone_from(&from.input_modalities),
        "output_modalities" => to.output_modalities.clone_from(&from.output_modalities),
        "deprecation_date" => to.deprecation_date = from.deprecation_date,
        "release_date" => to.release_date = from.release_date,
        "knowledge_cutoff" => to.knowledge_cutoff.clone_from(&from.knowledge_cutoff),
        _ => {}
    }
}

/// The first match of `provider`'s model `id` in each catalog, in precedence order.
pub fn matches<'a>(
    catalogs: &'a [Catalog],
    provider: &str,
    id: &str,
) -> Vec<(&'a Catalog, &'a Entry, Match)> {
    group_matches(catalogs, provider, id, &[id])
}

/// [`matches`] for a model its provider lists under other ids too (`members`, `id` among
/// them, in `matching::alias_order`): one match per catalog for the whole group.
pub fn group_matches<'a>(
    catalogs: &'a [Catalog],
    provider: &str,
    id: &str,
    members: &[&str],
) -> Vec<(&'a Catalog, &'a Entry, Match)> {
    catalogs
        .iter()
        .filter_map(|c| {
            matching::find_for_group(c, provider, id, members).map(|(e, how)| {
                let m = Match {
                    catalog: c.name.clone(),
                    entry_id: e.id.clone(),
                    how,
                };
                (c, e, m)
            })
        })
        .collect()
}

/// Fills `model`'s missing or inferred fields from `catalogs` (highest precedence first) and
/// returns the matches used.
pub fn enrich(model: &mut Model, provider: &str, catalogs: &[Catalog]) -> Vec<Match> {
    let found = matches(catalogs, provider, &model.id);
    for field in FIELDS {
        let locked = matches!(
            model.sources.get(field),
            Some(FieldSource::Provider | FieldSource::Override)
        );
        if locked {
            continue;
        }
        if let Some((catalog, entry, _)) = found.iter().find(|(_, e, _)| has(&e.model, field)) {
            copy(model, &entry.model, field);
            model.sources.insert(field, catalog.source.clone());
        }
    }
    // SPEC §7: a model still listed with a deprecation date is deprecated, whoever gave the date.
    if model.status == ModelStatus::Active && model.deprecation_date.is_some() {
        model.status = ModelStatus::Deprecated;
        if let Some(source) = model.sources.get("deprecation_date").cloned() {
            model.sources.insert("status", source);
        }
    }
    found.into_iter().map(|(_, _, m)| m).collect()
}

#[cfg(test)]
mod tests;

//! `/v1/models?format=openai`: the catalog in the shape of OpenAI's list-models answer, so an
//! OpenAI client's `models.list()` can point at `aisync serve`. Each id is `provider/model-id`
//! (ids are only unique within a provider); removed models are left out.

use serde::Serialize;

use crate::query::ModelView;

#[derive(Serialize)]
struct Entry<'a> {
    id: String,
    object: &'static str,
    /// Unix seconds: when the provider says it was created, else when a sync first saw it.
    created: i64,
    owned_by: &'a str,
}

#[derive(Serialize)]
struct List<'a> {
    object: &'static str,
    data: Vec<Entry<'a>>,
}

pub fn list_json(views: &[ModelView]) -> String {
    let data = views
        .iter()
        .filter(|v| v.stored.removed_at.is_none())
        .map(|v| Entry {
            id: format!("{}/{}", v.provider(), v.id()),
            object: "model",
            created: v
                .stored
                .model
                .created_at
                .unwrap_or(v.stored.first_seen)
                .timestamp(),
            owned_by: v
                .stored
                .model
                .owner
                .as_deref()
                .unwrap_or(v.provider().as_str()),
        })
        .collect();
    let mut text = serde_json::to_string(&List {
        object: "list",
        data,
    })
    .unwrap_or_default();
    text.push('\n');
    text
}

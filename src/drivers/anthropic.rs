//! Anthropic: `GET {base}/v1/models?limit=1000&after_id=…` with `x-api-key` and
//! `anthropic-version`. Pages are followed while `has_more`, from `last_id`.
//!
//! Since 2026 each model carries `max_input_tokens`, `max_tokens` and a `capabilities` object
//! of `{supported: bool}` flags; older answers give id, name and date only.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

use super::{HttpDriver, MAX_PAGES, endless_paging, finish};
use crate::http::Request;
use crate::model::{Capability, Model, ModelType, ProviderError};
use crate::wire::{field, json, list, models};

/// The API version every request names.
pub const API_VERSION: &str = "2023-06-01";
/// What one page asks for; the server may return fewer.
const PAGE_LIMIT: &str = "1000";

pub async fn fetch(d: &HttpDriver) -> Result<Vec<Model>, ProviderError> {
    let mut models = Vec::new();
    let mut after: Option<String> = None;
    let mut seen = HashSet::new();
    for _ in 0..MAX_PAGES {
        let mut url = d.url("v1/models")?;
        url.query_pairs_mut().append_pair("limit", PAGE_LIMIT);
        if let Some(a) = &after {
            url.query_pairs_mut().append_pair("after_id", a);
        }
        let page = parse(&d.send(Request::get(url)).await?)?;
        models.extend(page.models);
        match page.next_after {
            None => return Ok(models),
            Some(next) if !seen.insert(next.clone()) => return Err(endless_paging("Anthropic")),
            Some(next) => after = Some(next),
        }
    }
    Err(endless_paging("Anthropic"))
}

/// One page, and the `after_id` of the next one when `has_more`.
#[derive(Debug)]
pub struct Page {
    pub models: Vec<Model>,
    pub next_after: Option<String>,
}

/// Parses one page of `/v1/models`. Pure.
pub fn parse(body: &[u8]) -> Result<Page, ProviderError> {
    let v = json(body, "Anthropic models")?;
    let models = models(
        list(&v, "data", "Anthropic models")?,
        "Anthropic models",
        entry,
    )?;
    let has_more = field::flag(&v, "has_more") == Some(true);
    let next_after = has_more
        .then(|| field::str(&v, "last_id").or_else(|| models.last().map(|m| m.id.clone())))
        .flatten();
    Ok(Page { models, next_after })
}

fn supported(caps: &Value, key: &str) -> bool {
    caps.get(key)
        .and_then(|c| c.get("supported"))
        .and_then(Value::as_bool)
        == Some(true)
}

fn entry(raw: &Value) -> Option<Model> {
    let id = field::str(raw, "id")?;
    let mut m = Model::new(id, crate::wire::text(raw));
    m.model_type = ModelType::Chat;
    m.name = field::str(raw, "display_name");
    m.created_at = field::time(raw, "created_at");
    m.context_length = field::count(raw, "max_input_tokens");
    m.max_output = field::count(raw, "max_tokens");
    m.owner = Some("anthropic".to_owned());
    // Every Claude model chats, streams and calls tools (Anthropic's docs); the rest is the
    // provider's own flags when it gives them.
    let mut caps = BTreeSet::from([
        Capability::Chat,
        Capability::Streaming,
        Capability::FunctionCalling,
    ]);
    let mut inputs = vec!["text".to_owned()];
    let mut inferred = vec!["type", "owner", "capabilities"];
    if let Some(flags) = raw.get("capabilities").filter(|c| c.is_object()) {
        if supported(flags, "image_input") {
            caps.insert(Capability::Vision);
            inputs.push("image".to_owned());
        }
        if supported(flags, "pdf_input") {
            inputs.push("pdf".to_owned());
        }
        if supported(flags, "structured_outputs") {
            caps.insert(Capability::StructuredOutput);
            caps.insert(Capability::JsonMode);
        }
        if supported(flags, "thinking") {
            caps.insert(Capability::Reasoning);
        }
        m.input_modalities = inputs;
        m.output_modalities = vec!["text".to_owned()];
    } else {
        inferred.extend(["input_modalities", "output_modalities"]);
    }
    m.capabilities = caps;
    Some(finish(m, &inferred))
}

#[cfg(test)]
mod tests;

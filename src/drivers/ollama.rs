//! Ollama: `GET {host}/api/tags` lists the local models; a model whose tag details lack a
//! context length is asked about with `POST {host}/api/show`, whose `model_info` holds
//! `<architecture>.context_length` and whose `capabilities` say what it can do.

use std::collections::BTreeSet;

use serde_json::{Value, json as json_value};

use super::{HttpDriver, finish};
use crate::http::Request;
use crate::model::{Capability, Model, ModelType, ProviderError};
use crate::wire::{field, json, list, models};

pub async fn fetch(d: &HttpDriver) -> Result<Vec<Model>, ProviderError> {
    let mut models = parse_tags(&d.get("api/tags").await?)?;
    for m in &mut models {
        if m.context_length.is_some() {
            continue;
        }
        let body = d
            .send(Request::post_json(
                d.url("api/show")?,
                &json_value!({"model": m.id}),
            ))
            .await?;
        apply_show(m, &json(&body, "Ollama show")?);
    }
    Ok(models)
}

/// Parses `/api/tags`. Pure.
pub fn parse_tags(body: &[u8]) -> Result<Vec<Model>, ProviderError> {
    let v = json(body, "Ollama tags")?;
    models(list(&v, "models", "Ollama tags")?, "Ollama tags", entry)
}

fn entry(raw: &Value) -> Option<Model> {
    let id = field::str(raw, "name").or_else(|| field::str(raw, "model"))?;
    let details = raw.get("details").cloned().unwrap_or(Value::Null);
    let mut m = Model::new(id, crate::wire::text(raw));
    m.context_length = field::count(&details, "context_length");
    set_capabilities(&mut m, &field::strings(raw, "capabilities"), &details);
    Some(finish(m, &[]))
}

/// Type and capabilities from Ollama's capability words (`completion`, `tools`, `thinking`,
/// `vision`, `embedding`, `insert`); with none given, a chat model unless the family is BERT.
fn set_capabilities(m: &mut Model, words: &[String], details: &Value) {
    let has = |w: &str| words.iter().any(|x| x == w);
    let family = field::str(details, "family").unwrap_or_default();
    let embedding = has("embedding") || (words.is_empty() && family.contains("bert"));
    m.model_type = if embedding {
        ModelType::Embedding
    } else {
        ModelType::Chat
    };
    let mut caps = BTreeSet::new();
    if embedding {
        caps.insert(Capability::Embedding);
        m.output_modalities = vec!["embedding".to_owned()];
    } else {
        caps.extend([Capability::Chat, Capability::Streaming]);
        m.output_modalities = vec!["text".to_owned()];
    }
    for (word, cap) in [
        ("tools", Capability::FunctionCalling),
        ("thinking", Capability::Reasoning),
        ("vision", Capability::Vision),
        ("insert", Capability::Completion),
    ] {
        if has(word) {
            caps.insert(cap);
        }
    }
    m.input_modalities = if has("vision") {
        vec!["text".to_owned(), "image".to_owned()]
    } else {
        vec!["text".to_owned()]
    };
    m.capabilities = caps;
}

/// Fills what `/api/show` says: the context length, and capabilities if the tags had none.
pub fn apply_show(m: &mut Model, show: &Value) {
    let info = show.get("model_info").cloned().unwrap_or(Value::Null);
    let arch = field::str(&info, "general.architecture");
    let context = arch
        .and_then(|a| field::count(&info, &format!("{a}.context_length")))
        .or_else(|| {
            info.as_object().and_then(|o| {
                o.iter()
                    .find(|(k, _)| k.ends_with(".context_length"))
                    .and_then(|(_, v)| v.as_u64())
            })
        });
    if let Some(c) = context {
        m.context_length = Some(c);
    }
    let words = field::strings(show, "capabilities");
    let tags_said =
        serde_json::from_str::<Value>(&m.raw).is_ok_and(|raw| raw.get("capabilities").is_some());
    if !words.is_empty() && !tags_said {
        let details = show.get("details").cloned().unwrap_or(Value::Null);
        set_capabilities(m, &words, &details);
    }
    m.stamp_sources(&crate::model::FieldSource::Provider, &[]);
}

#[cfg(test)]
mod tests;

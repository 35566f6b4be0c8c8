//! Google Gemini: `GET {base}/models?pageSize=1000&pageToken=…` with the key in the
//! `x-goog-api-key` header (never in the URL). Pages are followed by `nextPageToken` whatever
//! page size the server picks.
//!
//! Names come as `models/gemini-2.5-flash`; the id is the part after `models/`. The list gives
//! limits and generation methods; the type follows the methods (and the id where the method is
//! shared, as for TTS and image models), and Gemini-family capabilities and modalities the docs
//! give for every Gemini model are marked inferred.

use std::collections::HashSet;

use serde_json::Value;

use super::{HttpDriver, MAX_PAGES, endless_paging, finish};
use crate::http::Request;
use crate::model::ModelType;
use crate::model::{Capability, Model, ProviderError};
use crate::wire::{field, json, list, models};

/// What Gemini asks for per page; the server may return fewer.
const PAGE_SIZE: &str = "1000";

pub async fn fetch(d: &HttpDriver) -> Result<Vec<Model>, ProviderError> {
    let mut models = Vec::new();
    let mut token: Option<String> = None;
    let mut seen = HashSet::new();
    for _ in 0..MAX_PAGES {
        let mut url = d.url("models")?;
        url.query_pairs_mut().append_pair("pageSize", PAGE_SIZE);
        if let Some(t) = &token {
            url.query_pairs_mut().append_pair("pageToken", t);
        }
        let page = parse(&d.send(Request::get(url)).await?)?;
        models.extend(page.models);
        match page.next {
            None => return Ok(models),
            Some(next) if !seen.insert(next.clone()) => return Err(endless_paging("Gemini")),
            Some(next) => token = Some(next),
        }
    }
    Err(endless_paging("Gemini"))
}

/// One page: its models and the token of the next page, if any.
#[derive(Debug)]
pub struct Page {
    pub models: Vec<Model>,
    pub next: Option<String>,
}

/// Parses one page of `models.list`. Pure.
pub fn parse(body: &[u8]) -> Result<Page, ProviderError> {
    let v = json(body, "Gemini models")?;
    // An empty account answers `{}`: no `models` key at all.
    let found = match v.get("models") {
        None | Some(Value::Null) => Vec::new(),
        Some(_) => models(list(&v, "models", "Gemini models")?, "Gemini models", entry)?,
    };
    Ok(Page {
        models: found,
        next: field::str(&v, "nextPageToken"),
    })
}

/// [`generates_content`] of a model's raw JSON text (false if it is not JSON).
pub fn generates_content_text(raw: &str) -> bool {
    serde_json::from_str(raw).is_ok_and(|v| generates_content(&v))
}

/// Whether the model answers `generateContent` (and so takes safety settings).
pub fn generates_content(raw: &Value) -> bool {
    field::strings(raw, "supportedGenerationMethods")
        .iter()
        .any(|m| m == "generateContent")
}

fn entry(raw: &Value) -> Option<Model> {
    let name = field::str(raw, "name")?;
    let id = name.strip_prefix("models/").unwrap_or(&name).to_owned();
    let methods = field::strings(raw, "supportedGenerationMethods");
    let has = |m: &str| methods.iter().any(|x| x == m);
    let lid = id.to_ascii_lowercase();
    let model_type = if has("embedContent") || has("embedText") {
        ModelType::Embedding
    } else if lid.starts_with("veo") {
        ModelType::Video
    } else if lid.starts_with("imagen") || lid.contains("image") || lid.starts_with("nano-banana") {
        ModelType::Image
    } else if lid.contains("-tts") || lid.starts_with("lyria") {
        ModelType::Audio
    } else if has("bidiGenerateContent") && !has("generateContent") {
        ModelType::Realtime
    } else if has("generateContent") {
        ModelType::Chat
    } else {
        ModelType::Other
    };
    let mut m = Model::new(id, crate::wire::text(raw));
    m.name = field::str(raw, "displayName");
    m.context_length = field::count(raw, "inputTokenLimit");
    m.max_output = field::count(raw, "outputTokenLimit");
    m.model_type = model_type;
    m.owner = Some("google".to_owned());
    let mut caps = std::collections::BTreeSet::new();
    if field::flag(raw, "thinking") == Some(true) {
        caps.insert(Capability::Reasoning);
    }
    let (inputs, outputs): (&[&str], &[&str]) = match model_type {
        ModelType::Chat => {
            caps.extend([Capability::Chat, Capability::Streaming]);
            if lid.starts_with("gemini") {
                caps.extend([
                    Capability::FunctionCalling,
                    Capability::JsonMode,
                    Capability::StructuredOutput,
                    Capability::Vision,
                ]);
                (&["text", "image", "audio", "video"], &["text"])
            } else {
                (&["text"], &["text"])
            }
        }
        ModelType::Embedding => {
            caps.insert(Capability::Embedding);
            (&["text"], &["embedding"])
        }
        ModelType::Image => {
            caps.insert(Capability::ImageGeneration);
            (&["text", "image"], &["text", "image"])
        }
        ModelType::Audio => {
            caps.insert(Capability::AudioOutput);
            (&["text"], &["audio"])
        }
        ModelType::Realtime => {
            caps.extend([
                Capability::AudioInput,
                Capability::AudioOutput,
                Capability::Streaming,
            ]);
            (&["text", "audio"], &["text", "audio"])
        }
        ModelType::Video => {
            caps.insert(Capability::VideoGeneration);
            (&["text", "image"], &["video"])
        }
        _ => (&[], &[]),
    };
    m.capabilities = caps;
    m.input_modalities = inputs.iter().map(|s| (*s).to_owned()).collect();
    m.output_modalities = outputs.iter().map(|s| (*s).to_owned()).collect();
    // `thinking` is the provider's word; the rest of the set is the family's documented one.
    let inferred = [
        "type",
        "owner",
        "capabilities",
        "input_modalities",
        "output_modalities",
    ];
    Some(finish(m, &inferred))
}

#[cfg(test)]
mod tests;

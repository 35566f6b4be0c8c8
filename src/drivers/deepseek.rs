//! DeepSeek: OpenAI-compatible `GET {base}/models` (the base has no `/v1`). Today's answer is
//! bare `{id, object, owned_by}`; the documented richer schema adds `name`, `context_window`,
//! `max_output_tokens` and modalities, read when present.

use serde_json::Value;

use super::{HttpDriver, finish, openai, parse_data_list};
use crate::model::{Capability, Model, ProviderError};
use crate::wire::field;

pub async fn fetch(d: &HttpDriver) -> Result<Vec<Model>, ProviderError> {
    parse(&d.get("models").await?)
}

/// Parses `/models`. Pure.
pub fn parse(body: &[u8]) -> Result<Vec<Model>, ProviderError> {
    parse_data_list(body, "DeepSeek models", entry)
}

fn entry(raw: &Value) -> Option<Model> {
    let mut m = openai::entry(raw)?;
    m.name = field::str(raw, "name");
    m.context_length = field::count(raw, "context_window");
    m.max_output = field::count(raw, "max_output_tokens");
    m.input_modalities = field::strings(raw, "input_modalities");
    m.output_modalities = field::strings(raw, "output_modalities");
    if m.input_modalities.iter().any(|i| i == "image") {
        m.capabilities.insert(Capability::Vision);
    }
    Some(finish(m, &["type", "capabilities"]))
}

#[cfg(test)]
mod tests;

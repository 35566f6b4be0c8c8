//! DeepSeek: OpenAI-compatible `GET {base}/models` (the base has no `/v1`). Today's answer is
//! bare `{id, object, owned_by}`; the documented richer schema adds `name`, `context_window`,
//! `max_output_tokens` and modalities, read when present.

use serde_json::Value;

use super::{HttpDriver, field, finish, json, list, openai};
use crate::http::Request;
use crate::model::{Capability, Model, ProviderError};

pub async fn fetch(d: &HttpDriver) -> Result<Vec<Model>, ProviderError> {
    parse(&d.send(Request::get(d.url("models")?)).await?)
}

/// Parses `/models`. Pure.
pub fn parse(body: &[u8]) -> Result<Vec<Model>, ProviderError> {
    let v = json(body, "DeepSeek models")?;
    Ok(list(&v, "data", "DeepSeek models")?
        .iter()
        .filter_map(entry)
        .collect())
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
mod tests {
    use super::*;
    use crate::drivers::fixture;
    use crate::model::ModelType;

    #[test]
    fn every_shape_parses() {
        let new = parse(&fixture("deepseek/models_list_2026-08.json")).unwrap();
        assert_eq!(
            new.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
            ["deepseek-v4-flash", "deepseek-v4-pro"]
        );
        assert!(
            new.iter()
                .all(|m| m.model_type == ModelType::Chat && m.context_length.is_none())
        );
        let docs = parse(&fixture("deepseek/models_list_2025_docs_example.json")).unwrap();
        assert!(
            docs[1].capabilities.contains(&Capability::Reasoning),
            "deepseek-reasoner"
        );
        let rich = parse(&fixture("deepseek/models_list_rich_docs_example.json")).unwrap();
        assert_eq!(
            (rich[0].context_length, rich[0].max_output),
            (Some(1_048_576), Some(393_216))
        );
        assert_eq!(rich[0].name.as_deref(), Some("DeepSeek-V4.1-Flash"));
    }
}

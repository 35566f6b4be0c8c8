//! Per-provider statistics of a synced list (SPEC §5). Pure.
//!
//! Every provider gets `total_models` and `updated_at`. OpenAI adds GPT-family counts and
//! capability counts, Gemini family and multimodal counts, xAI Grok and reasoning counts.
//! Families are matched on the real ids: `gpt-4.1` is GPT-4, `gpt-4o-mini-tts` is GPT-4o,
//! the o-series is none of them; `gemini-2.5-pro` is a Gemini Pro model.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::drivers::gemini;
use crate::model::{Capability, Model, format_time};
use crate::providers::Kind;

/// Whether `id` has `word` as a whole segment between dashes.
fn segment(id: &str, word: &str) -> bool {
    id.split('-').any(|s| s == word)
}

/// GPT-4 family: `gpt-4`, `gpt-4-turbo`, `gpt-4.1*`, not `gpt-4o*`.
pub fn is_gpt_4(id: &str) -> bool {
    id.starts_with("gpt-4") && !is_gpt_4o(id)
}

/// GPT-4o family, ChatGPT-4o included.
pub fn is_gpt_4o(id: &str) -> bool {
    id.starts_with("gpt-4o") || id.starts_with("chatgpt-4o")
}

pub fn is_gpt_3_5(id: &str) -> bool {
    id.starts_with("gpt-3.5")
}

/// Gemini models (not Gemma, not Veo) of the Pro or Flash line.
fn gemini_line(id: &str, line: &str) -> bool {
    id.starts_with("gemini") && segment(id, line)
}

pub fn statistics(kind: Kind, models: &[Model], now: DateTime<Utc>) -> Value {
    let count = |f: &dyn Fn(&Model) -> bool| Value::from(models.iter().filter(|m| f(m)).count());
    let has = |c: Capability| move |m: &Model| m.capabilities.contains(&c);
    let mut stats = Map::new();
    stats.insert("total_models".to_owned(), Value::from(models.len()));
    match kind {
        Kind::OpenAi => {
            stats.insert("gpt_4_models".to_owned(), count(&|m| is_gpt_4(&m.id)));
            stats.insert("gpt_3_5_models".to_owned(), count(&|m| is_gpt_3_5(&m.id)));
            stats.insert("gpt_4o_models".to_owned(), count(&|m| is_gpt_4o(&m.id)));
            stats.insert(
                "function_calling_models".to_owned(),
                count(&has(Capability::FunctionCalling)),
            );
            stats.insert("vision_models".to_owned(), count(&has(Capability::Vision)));
        }
        Kind::Gemini => {
            stats.insert(
                "gemini_pro_models".to_owned(),
                count(&|m| gemini_line(&m.id, "pro")),
            );
            stats.insert(
                "gemini_flash_models".to_owned(),
                count(&|m| gemini_line(&m.id, "flash")),
            );
            stats.insert(
                "multimodal_models".to_owned(),
                count(&|m| m.input_modalities.len() > 1),
            );
            // Safety settings apply to generateContent, so every model answering it is filtered.
            stats.insert(
                "safety_filtered_models".to_owned(),
                count(&|m| gemini::generates_content_text(&m.raw)),
            );
        }
        Kind::Xai => {
            stats.insert(
                "grok_models".to_owned(),
                count(&|m| m.id.starts_with("grok")),
            );
            stats.insert(
                "reasoning_models".to_owned(),
                count(&has(Capability::Reasoning)),
            );
        }
        _ => {}
    }
    stats.insert("updated_at".to_owned(), Value::from(format_time(&now)));
    Value::Object(stats)
}

#[cfg(test)]
mod tests;

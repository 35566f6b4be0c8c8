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
                count(&|m| gemini::generates_content(&m.raw)),
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
mod tests {
    use super::*;
    use crate::drivers::{fixture, gemini, openai, xai};
    use crate::model::ModelType;

    fn now() -> DateTime<Utc> {
        crate::model::parse_time("2026-11-23T10:30:00Z").unwrap()
    }

    #[test]
    fn families_on_real_openai_ids() {
        for (id, g4, g4o, g35) in [
            ("gpt-4.1-mini", true, false, false),
            ("gpt-4-turbo-2024-04-09", true, false, false),
            ("gpt-4o-mini-tts", false, true, false),
            ("chatgpt-4o-latest", false, true, false),
            ("gpt-3.5-turbo-16k", false, false, true),
            ("o3", false, false, false),
            ("o4-mini", false, false, false),
            ("gpt-5", false, false, false),
        ] {
            assert_eq!(
                (is_gpt_4(id), is_gpt_4o(id), is_gpt_3_5(id)),
                (g4, g4o, g35),
                "{id}"
            );
        }
    }

    #[test]
    fn openai_statistics_of_the_2026_capture() {
        let models = openai::parse(&fixture("openai/models_list_2026-08.json")).unwrap();
        let s = statistics(Kind::OpenAi, &models, now());
        assert_eq!(s["total_models"], 130);
        assert_eq!(s["gpt_3_5_models"], 6);
        assert_eq!(s["gpt_4_models"], 10);
        assert_eq!(s["gpt_4o_models"], 18);
        assert!(s["function_calling_models"].as_u64().unwrap() > 40);
        assert!(s["vision_models"].as_u64().unwrap() > 30);
        assert_eq!(s["updated_at"], "2026-11-23T10:30:00Z");
    }

    #[test]
    fn gemini_and_xai_statistics() {
        let page = gemini::parse(&fixture("gemini/models_list_2026-08_pageSize1000.json")).unwrap();
        let s = statistics(Kind::Gemini, &page.models, now());
        let pro = page
            .models
            .iter()
            .filter(|m| gemini_line(&m.id, "pro"))
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>();
        assert!(
            pro.contains(&"gemini-2.5-pro") && pro.contains(&"gemini-pro-latest"),
            "{pro:?}"
        );
        assert!(!pro.contains(&"deep-research-pro-preview-12-2025"));
        assert_eq!(s["gemini_pro_models"], pro.len());
        assert!(s["gemini_flash_models"].as_u64().unwrap() > 15);
        assert!(s["multimodal_models"].as_u64().unwrap() > 10);
        assert_eq!(s["safety_filtered_models"], 37);
        let x = xai::parse_typed(
            &fixture("xai/language_models_2025-04.json"),
            ModelType::Chat,
        )
        .unwrap();
        let s = statistics(Kind::Xai, &x, now());
        assert_eq!(s["grok_models"], x.len());
        assert!(
            s["reasoning_models"].as_u64().unwrap() >= 2,
            "grok-3-mini-beta and its fast twin"
        );
    }
}

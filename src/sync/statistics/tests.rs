//! Unit tests of `sync::statistics`.

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

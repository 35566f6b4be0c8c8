//! Unit tests of `catalog::matching`.

use super::*;
use crate::model::Model;

fn catalog(entries: &[(&str, &str)]) -> Catalog {
    Catalog::new(
        "t",
        entries
            .iter()
            .map(|(p, id)| {
                Entry::new(
                    (*p).to_owned(),
                    (*id).to_owned(),
                    Model::new(*id, String::new()),
                )
            })
            .collect(),
    )
}

#[test]
fn undated_ids() {
    assert_eq!(undated("gpt-4.1-2025-04-14"), Some("gpt-4.1"));
    assert_eq!(undated("claude-3-haiku-20240307"), Some("claude-3-haiku"));
    assert_eq!(undated("gpt-4o"), None);
    assert_eq!(undated("o3-mini"), None);
    assert_eq!(
        undated("grok-4.20-0309"),
        None,
        "a month-day tag is not a dated snapshot"
    );
    assert_eq!(undated("model-12345678"), None, "not a 20xx date");
}

#[test]
fn rules_apply_in_order_and_say_how() {
    let c = catalog(&[
        ("openai", "gpt-4.1"),
        ("openai", "gpt-4.1-2025-04-14"),
        ("openai", "o3"),
        ("gemini", "gemini-2.5-pro"),
        ("mistral", "codestral"),
        ("openrouter", "anthropic/claude-opus-5"),
        ("openrouter", "x-ai/grok-4"),
        ("anthropic", "claude-sonnet-5"),
    ]);
    let how = |p: &str, id: &str| find(&c, p, id).map(|(e, h)| (e.id.clone(), h));
    assert_eq!(
        how("openai", "gpt-4.1-2025-04-14"),
        Some(("gpt-4.1-2025-04-14".into(), How::Exact))
    );
    assert_eq!(
        how("openai", "o3-2025-04-16"),
        Some(("o3".into(), How::DatedSnapshot))
    );
    assert_eq!(
        how("gemini", "models/gemini-2.5-pro"),
        Some(("gemini-2.5-pro".into(), How::ModelsPrefix))
    );
    assert_eq!(
        how("mistral", "codestral-latest"),
        Some(("codestral".into(), How::LatestAlias))
    );
    assert_eq!(
        how("openrouter", "anthropic/claude-opus-5:free"),
        Some(("anthropic/claude-opus-5".into(), How::FreeVariant))
    );
    assert_eq!(
        how("anthropic", "claude-opus-5"),
        Some(("anthropic/claude-opus-5".into(), How::OpenRouterSlug))
    );
    assert_eq!(
        how("xai", "grok-4"),
        Some(("x-ai/grok-4".into(), How::OpenRouterSlug))
    );
    assert_eq!(
        how("openrouter", "anthropic/claude-sonnet-5"),
        Some(("claude-sonnet-5".into(), How::OpenRouterSlug))
    );
    assert_eq!(how("openai", "gpt-4.5"), None, "no fuzzy guess");
    assert_eq!(how("openai", "o3-mini"), None);
}

#[test]
fn ids_with_wide_characters_near_the_end_are_matched_without_a_crash() {
    for id in [
        "mistral/modèle-chat-v1",
        "qwen/通义千问",
        "通义千问",
        "é",
        "-2025-04-1é",
        "x-2025-04-14é",
        "model-2024030é",
        "🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀",
        "",
    ] {
        assert_eq!(undated(id), None, "{id}");
        let catalog = crate::catalog::bundled::catalog();
        for provider in ["openrouter", "mistral", "gemini"] {
            let _ = find(&catalog, provider, id);
        }
    }
    assert_eq!(undated("模型-2025-04-14"), Some("模型"));
    assert_eq!(undated("-2025-04-14"), None, "no id before the date");
}

#[test]
fn an_alias_group_is_matched_by_its_latest_member_then_its_newest_snapshot() {
    let mut members = vec![
        "mistral-medium",
        "mistral-medium-2505",
        "mistral-medium-latest",
        "mistral-medium-2025-08-01",
        "mistral-medium-3",
    ];
    alias_order(&mut members);
    assert_eq!(
        members,
        [
            "mistral-medium-latest",
            "mistral-medium-2025-08-01",
            "mistral-medium",
            "mistral-medium-2505",
            "mistral-medium-3"
        ]
    );
}

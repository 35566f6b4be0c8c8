//! Unit tests of `catalog::litellm`.

use super::*;
use crate::catalog::{Catalog, fixture};

#[test]
fn both_snapshots_parse_without_reserved_keys() {
    let new = parse(&fixture("litellm/model_prices_and_context_window.json")).unwrap();
    assert_eq!(new.len(), 2982);
    assert!(!new.iter().any(|e| RESERVED.contains(&e.id.as_str())));
    let old = parse(&fixture(
        "litellm/model_prices_and_context_window.2026-06-24.json",
    ))
    .unwrap();
    assert_eq!(old.len(), 2900);
    let c = Catalog::new("litellm", new);
    let gpt4o = &c.get("openai", "gpt-4o").unwrap().model;
    let input = gpt4o
        .prices
        .iter()
        .find(|p| p.component == "input")
        .unwrap();
    assert_eq!(
        input.usd.to_string(),
        "2.5",
        "2.5e-06 per token is exactly 2.5 per 1M"
    );
    let pro = &c.get("gemini", "gemini-2.5-pro").unwrap().model;
    assert_eq!(pro.context_length, Some(1_048_576));
    assert!(c.get("sambanova", "gpt-oss-120b").is_some());
}

#[test]
fn the_two_dated_snapshots_are_an_exact_change_set() {
    let old = Catalog::new(
        "litellm",
        parse(&fixture(
            "litellm/model_prices_and_context_window.2026-06-24.json",
        ))
        .unwrap(),
    );
    let new = Catalog::new(
        "litellm",
        parse(&fixture("litellm/model_prices_and_context_window.json")).unwrap(),
    );
    let changes = crate::catalog::changes(&old, &new);
    let lines: Vec<String> = changes
        .iter()
        .map(|c| {
            format!(
                "{}/{} {}: {} -> {}",
                c.provider, c.id, c.field, c.old, c.new
            )
        })
        .collect();
    // The components a source newly gives (one-hour cache writes, batch prices, audio and
    // image token prices, OCR pages) change between the snapshots too.
    let expected = [
        "azure/gpt-image-1 cached_input_image: 2.5 -> ",
        "azure/gpt-image-1-mini cached_input_image: 0.25 -> ",
        "azure/gpt-image-1.5 cached_input_image: 2 -> ",
        "azure/gpt-image-1.5-2025-12-16 cached_input_image: 2 -> ",
        "azure/gpt-image-2 cached_input_image: 2 -> ",
        "azure/gpt-image-2-2026-04-21 cached_input_image: 2 -> ",
        "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0 cache_write_1h: 7.5 -> ",
        "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0 cache_write_1h>200000: 15 -> ",
        "bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0 cache_write_1h: 7.5 -> ",
        "bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0 cache_write_1h>200000: 15 -> ",
        "fireworks_ai/accounts/fireworks/models/glm-5p2 cached_input: 0.26 -> 0.14",
        "fireworks_ai/glm-5p2 cached_input: 0.26 -> 0.14",
        "gemini/gemini-3.1-flash-image-preview output_image@batch: 30 -> ",
        "gemini/gemini-3.1-flash-lite cached_input@batch: 0.0125 -> ",
        "gemini/gemini-3.1-flash-lite cached_input_audio: 0.05 -> ",
        "gemini/gemini-3.1-flash-lite-preview cached_input_audio: 0.05 -> ",
        "mistral/mistral-medium-latest context_length: 131072 -> 262144",
        "mistral/mistral-medium-latest input: 0.4 -> 1.5",
        "mistral/mistral-medium-latest max_output: 131072 -> 262144",
        "mistral/mistral-medium-latest output: 2 -> 7.5",
        "mistral/mistral-ocr-latest annotation_page: 0.003 -> 0.005",
        "mistral/mistral-ocr-latest page: 0.001 -> 0.004",
        "openai/chatgpt-image-latest cached_input_image: 2.5 -> ",
        "openai/gpt-5-pro context_length: 128000 -> 400000",
        "openai/gpt-5-pro max_output: 272000 -> 128000",
        "openai/gpt-5-pro-2025-10-06 context_length: 128000 -> 400000",
        "openai/gpt-5-pro-2025-10-06 max_output: 272000 -> 128000",
        "openai/gpt-5.4-mini cached_input@batch: 0.0375 -> ",
        "openai/gpt-5.4-mini context_length: 272000 -> 1050000",
        "openai/gpt-5.4-mini-2026-03-17 cached_input@batch: 0.0375 -> ",
        "openai/gpt-5.4-mini-2026-03-17 context_length: 272000 -> 1050000",
        "openai/gpt-5.4-nano cached_input@batch: 0.01 -> ",
        "openai/gpt-5.4-nano context_length: 272000 -> 1050000",
        "openai/gpt-5.4-nano-2026-03-17 cached_input@batch: 0.01 -> ",
        "openai/gpt-5.4-nano-2026-03-17 context_length: 272000 -> 1050000",
        "openai/gpt-image-1 cached_input_image: 2.5 -> ",
        "openai/gpt-image-1-mini cached_input_image: 0.25 -> ",
        "openai/gpt-image-1.5 cached_input_image: 2 -> ",
        "openai/gpt-image-1.5-2025-12-16 cached_input_image: 2 -> ",
        "openai/gpt-image-2 cached_input_image: 2 -> ",
        "openai/gpt-image-2-2026-04-21 cached_input_image: 2 -> ",
        "openrouter/google/gemini-3.1-flash-lite cached_input_audio: 0.05 -> ",
        "openrouter/google/gemini-3.1-flash-lite-preview cached_input_audio: 0.05 -> ",
        "sambanova/DeepSeek-V3.1 context_length: 32768 -> 131072",
        "sambanova/DeepSeek-V3.1 max_output: 32768 -> 131072",
        "sambanova/MiniMax-M2.7 context_length: 204800 -> 196608",
        "sambanova/MiniMax-M2.7 input: 0.3 -> 0.6",
        "sambanova/MiniMax-M2.7 output: 1.2 -> 2.4",
        "sambanova/gpt-oss-120b input: 3 -> 0.22",
        "sambanova/gpt-oss-120b output: 4.5 -> 0.59",
        "vertex_ai-embedding-models/text-embedding-preview-0409 input@batch: 0.005 -> ",
        "vertex_ai-language-models/gemini-3.1-flash-lite cached_input@batch: 0.0125 -> ",
        "vertex_ai-language-models/gemini-3.1-flash-lite cached_input_audio: 0.05 -> ",
        "vertex_ai-language-models/gemini-3.1-flash-lite-preview cached_input_audio: 0.05 -> ",
        "vertex_ai-language-models/vertex_ai/gemini-3.1-flash-lite cached_input@batch: 0.0125 -> ",
        "vertex_ai-language-models/vertex_ai/gemini-3.1-flash-lite cached_input_audio: 0.05 -> ",
        "vertex_ai-language-models/vertex_ai/gemini-3.1-flash-lite-preview cached_input_audio: 0.05 -> ",
    ];
    assert_eq!(lines, expected);
    let price_changes: Vec<&str> = changes
        .iter()
        .filter(|c| matches!(c.field.as_str(), "input" | "output"))
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(price_changes.len(), 6, "3 models, input and output each");
}

#[test]
fn prices_out_of_range_are_left_out_not_a_crash() {
    let body = br#"{
        "huge": {"litellm_provider": "openai", "mode": "chat",
                 "input_cost_per_token": 7.9e28, "output_cost_per_token": "79228162514264337593543950335",
                 "cache_read_input_token_cost": -0.000001, "input_cost_per_image": 1e40},
        "fine": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-06}
    }"#;
    let entries = parse(body).unwrap();
    let prices = |id: &str| -> Vec<String> {
        entries
            .iter()
            .find(|e| e.id == id)
            .unwrap()
            .model
            .prices
            .iter()
            .map(|p| format!("{}={}", p.component, p.usd))
            .collect()
    };
    assert_eq!(prices("huge"), Vec::<String>::new());
    assert_eq!(prices("fine"), ["input=2.5"]);
}

/// `component=price per unit`, sorted, for one entry of the current fixture.
fn fixture_prices(provider: &str, id: &str) -> Vec<String> {
    let c = Catalog::new(
        "litellm",
        parse(&fixture("litellm/model_prices_and_context_window.json")).unwrap(),
    );
    let mut out: Vec<String> = c
        .get(provider, id)
        .unwrap_or_else(|| panic!("{provider}/{id}"))
        .model
        .prices
        .iter()
        .map(|p| format!("{}={} per {}", p.component, p.usd, p.unit.as_str()))
        .collect();
    out.sort();
    out
}

#[test]
fn every_cost_key_of_both_snapshots_is_kept_or_named_as_not_a_request_price() {
    for file in [
        "litellm/model_prices_and_context_window.json",
        "litellm/model_prices_and_context_window.2026-06-24.json",
    ] {
        let top: BTreeMap<String, Value> = serde_json::from_slice(&fixture(file)).unwrap();
        let mut unknown = BTreeSet::new();
        for (key, entry) in &top {
            let Some(fields) = entry.as_object().filter(|_| key != "sample_spec") else {
                continue;
            };
            for k in fields.keys() {
                let cost_like = k.contains("cost") || k.contains("price");
                let structural = STRUCTURED.contains(&k.as_str());
                if cost_like
                    && !structural
                    && cost_key(k).is_none()
                    && !NOT_KEPT.contains(&k.as_str())
                {
                    unknown.insert(k.clone());
                }
            }
        }
        assert_eq!(unknown, BTreeSet::new(), "{file}");
    }
}

#[test]
fn long_context_service_tier_and_one_hour_cache_prices_are_kept_with_their_thresholds() {
    assert_eq!(
        fixture_prices("anthropic", "claude-sonnet-4-5"),
        [
            "cache_write=3.75 per 1M tokens",
            "cache_write>200000=7.5 per 1M tokens",
            "cache_write_1h=6 per 1M tokens",
            "cache_write_1h>200000=12 per 1M tokens",
            "cached_input=0.3 per 1M tokens",
            "cached_input>200000=0.6 per 1M tokens",
            "input=3 per 1M tokens",
            "input>200000=6 per 1M tokens",
            "output=15 per 1M tokens",
            "output>200000=22.5 per 1M tokens",
            "search_high=0.01 per search",
            "search_low=0.01 per search",
            "search_medium=0.01 per search",
        ]
    );
    assert_eq!(
        fixture_prices("openai", "gpt-5.5"),
        [
            "cached_input=0.5 per 1M tokens",
            "cached_input>272000=1 per 1M tokens",
            "cached_input@flex=0.25 per 1M tokens",
            "cached_input@priority=1 per 1M tokens",
            "input=5 per 1M tokens",
            "input>272000=10 per 1M tokens",
            "input@batch=2.5 per 1M tokens",
            "input@flex=2.5 per 1M tokens",
            "input@priority=10 per 1M tokens",
            "output=30 per 1M tokens",
            "output>272000=45 per 1M tokens",
            "output@batch=15 per 1M tokens",
            "output@flex=15 per 1M tokens",
            "output@priority=60 per 1M tokens",
        ]
    );
    let gemini = fixture_prices("gemini", "gemini-2.5-pro");
    assert!(
        gemini.contains(&"output@priority>200000=15 per 1M tokens".to_owned()),
        "{gemini:?}"
    );
    assert!(
        fixture_prices("gemini", "gemini-1.5-flash")
            .contains(&"input>128000=0.15 per 1M tokens".to_owned())
    );
}

#[test]
fn per_second_per_character_and_per_page_prices_keep_their_units() {
    assert_eq!(
        fixture_prices("openai", "sora-2"),
        ["output_video_second=0.1 per second"]
    );
    assert_eq!(
        fixture_prices("openai", "tts-1"),
        ["input_character=0.000015 per character"]
    );
    assert_eq!(
        fixture_prices("openai", "whisper-1"),
        [
            "input_second=0.0001 per second",
            "output_second=0.0001 per second"
        ]
    );
    assert_eq!(
        fixture_prices("mistral", "mistral-ocr-latest"),
        ["annotation_page=0.005 per page", "page=0.004 per page"]
    );
}

#[test]
fn tiered_pricing_ranges_are_a_base_price_and_a_long_context_tier() {
    assert_eq!(
        fixture_prices("dashscope", "qwen-flash"),
        [
            "input=0.05 per 1M tokens",
            "input>256000=0.25 per 1M tokens",
            "output=0.4 per 1M tokens",
            "output>256000=2 per 1M tokens",
        ]
    );
}

#[test]
fn cost_keys_read_as_base_tier_and_threshold() {
    use crate::model::ServiceTier::{Batch, Priority, Standard};
    assert_eq!(
        cost_key("input_cost_per_token"),
        Some(("input", Standard, None))
    );
    assert_eq!(
        cost_key("output_cost_per_token_batches"),
        Some(("output", Batch, None))
    );
    assert_eq!(
        cost_key("input_cost_per_token_above_272k_tokens_priority"),
        Some(("input", Priority, Some(272_000)))
    );
    assert_eq!(
        cost_key("cache_creation_input_token_cost_above_1hr_above_200k_tokens"),
        Some(("cache_write_1h", Standard, Some(200_000)))
    );
    assert_eq!(
        cost_key("cache_creation_input_token_cost_above_1hr"),
        Some(("cache_write_1h", Standard, None))
    );
    assert_eq!(cost_key("input_cost_per_token_above_xk_tokens"), None);
    assert_eq!(cost_key("input_dbu_cost_per_token"), None);
}

#[test]
fn openais_completion_models_are_openais() {
    assert_eq!(
        fixture_prices("openai", "babbage-002"),
        ["input=0.4 per 1M tokens", "output=0.4 per 1M tokens"]
    );
    assert_eq!(fixture_prices("openai", "davinci-002").len(), 2);
    assert_eq!(
        fixture_prices("openai", "gpt-3.5-turbo-instruct"),
        ["input=1.5 per 1M tokens", "output=2 per 1M tokens"]
    );
}

#[test]
fn two_entries_of_one_model_that_disagree_are_a_conflict_and_price_nothing() {
    let c = Catalog::new(
        "litellm",
        parse(&fixture("litellm/model_prices_and_context_window.json")).unwrap(),
    );
    // `gemini-exp-1206` prices input at 0.3, `gemini/gemini-exp-1206` at 0.
    let conflict = c
        .conflicts
        .iter()
        .find(|x| x.provider == "gemini" && x.id == "gemini-exp-1206")
        .unwrap_or_else(|| panic!("{:?}", c.conflicts));
    assert_eq!(conflict.component, "input");
    let mut prices = conflict.prices.to_vec();
    prices.sort();
    assert_eq!(prices, ["0", "0.3"]);
    assert!(
        c.get("gemini", "gemini-exp-1206")
            .unwrap()
            .model
            .prices
            .is_empty(),
        "no price chosen by file order"
    );
    // Two entries that agree where both speak are one: `deepseek/deepseek-chat` adds its
    // cache-write price to `deepseek-chat`'s.
    assert!(!c.conflicts.iter().any(|x| x.id == "deepseek-chat"));
    assert_eq!(
        fixture_prices("deepseek", "deepseek-chat"),
        [
            "cache_write=0 per 1M tokens",
            "cached_input=0.028 per 1M tokens",
            "input=0.28 per 1M tokens",
            "output=0.42 per 1M tokens",
        ]
    );
}

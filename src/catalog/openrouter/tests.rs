//! Unit tests of `catalog::openrouter`.

use super::*;
use crate::catalog::fixture;

#[test]
fn both_dated_lists_parse() {
    assert_eq!(
        parse(&fixture("openrouter/models.2026-05-15.json"))
            .unwrap()
            .len(),
        364
    );
    let new = parse(&fixture("openrouter/models.2026-08-01.json")).unwrap();
    assert_eq!(new.len(), 336);
    assert_eq!(new.iter().filter(|e| e.id.ends_with(":free")).count(), 14);
}

#[test]
fn every_pricing_key_of_both_lists_is_kept() {
    for file in [
        "openrouter/models.2026-05-15.json",
        "openrouter/models.2026-08-01.json",
    ] {
        let v: serde_json::Value = serde_json::from_slice(&fixture(file)).unwrap();
        let mut unknown = std::collections::BTreeSet::new();
        for m in v["data"].as_array().unwrap() {
            for (k, _) in m["pricing"].as_object().unwrap() {
                if !crate::wire::openrouter::kept(k) {
                    unknown.insert(k.clone());
                }
            }
        }
        assert_eq!(
            unknown,
            std::collections::BTreeSet::<String>::new(),
            "{file}"
        );
    }
}

#[test]
fn overrides_are_long_context_tiers_and_audio_reasoning_and_one_hour_writes_are_kept() {
    let c = crate::catalog::Catalog::new(
        "openrouter",
        parse(&fixture("openrouter/models.2026-08-01.json")).unwrap(),
    );
    let prices = |provider: &str, id: &str| -> Vec<String> {
        let mut out: Vec<String> = c
            .get(provider, id)
            .unwrap_or_else(|| panic!("{provider}/{id}"))
            .model
            .prices
            .iter()
            .map(|p| format!("{}={}", p.component, p.usd))
            .collect();
        out.sort();
        out
    };
    assert_eq!(
        prices("openrouter", "qwen/qwen3.7-flash"),
        [
            "cache_write=0.038",
            "cache_write>256000=0.25",
            "cache_write>32000=0.125",
            "cached_input=0.006",
            "cached_input>256000=0.04",
            "cached_input>32000=0.02",
            "input=0.03",
            "input>256000=0.2",
            "input>32000=0.1",
            "output=0.13",
            "output>256000=0.8",
            "output>32000=0.4",
        ]
    );
    let opus = prices("openrouter", "anthropic/claude-opus-5");
    assert!(opus.contains(&"cache_write_1h=10".to_owned()), "{opus:?}");
    let flash = prices("openrouter", "google/gemini-3.6-flash");
    for p in [
        "input_audio=1.5",
        "cached_input_audio=0.15",
        "reasoning=7.5",
    ] {
        assert!(flash.contains(&p.to_owned()), "{p} in {flash:?}");
    }
    let audio = prices("openrouter", "openai/gpt-audio");
    assert!(audio.contains(&"output_audio=64".to_owned()), "{audio:?}");
}

//! Unit tests of `catalog::models_dev`.

use super::*;

#[test]
fn api_json_shape_parses_with_exact_costs() {
    let body = br#"{"openai":{"id":"openai","models":{"gpt-4o":{"id":"gpt-4o","name":"GPT-4o",
        "tool_call":true,"cost":{"input":2.50,"output":10,"cache_read":1.25},
        "limit":{"context":128000,"output":16384},
        "modalities":{"input":["text","image"],"output":["text"]}}}},
        "somebody-else":{"models":{"x":{}}}}"#;
    let entries = parse(body).unwrap();
    assert_eq!(
        entries.len(),
        2,
        "other providers are kept under their own names"
    );
    assert_eq!(entries[1].provider, "somebody-else");
    let m = &entries[0].model;
    assert_eq!(
        (m.context_length, m.max_output),
        (Some(128_000), Some(16384))
    );
    assert!(m.capabilities.contains(&Capability::Vision));
    assert!(m.capabilities.contains(&Capability::FunctionCalling));
    let p: Vec<String> = m
        .prices
        .iter()
        .map(|p| format!("{}={}", p.component, p.usd))
        .collect();
    assert_eq!(p, ["input=2.5", "output=10", "cached_input=1.25"]);
}

#[test]
fn reading_only_the_members_used_gives_the_models_reading_them_whole_gives() {
    // The snapshot is an api.json made from models.dev's data (the fixture is its TOML source).
    {
        let body = crate::catalog::bundled::SNAPSHOT.as_bytes();
        let top: BTreeMap<String, &RawValue> = serde_json::from_slice(body).unwrap();
        let mut seen = 0;
        for (key, raw) in top {
            let Ok(p) = serde_json::from_str::<Provider>(raw.get()) else {
                continue;
            };
            for (id, raw_model) in p.models.unwrap_or_default() {
                let (v, costs) = members(raw_model).unwrap();
                let (whole_v, whole_costs) = whole(raw_model).unwrap();
                assert_eq!(
                    model(&id, &v, &costs),
                    model(&id, &whole_v, &whole_costs),
                    "{key}/{id}"
                );
                seen += 1;
            }
        }
        assert!(seen > 400, "{seen} models compared");
    }
    // A model naming a member twice is not one `Read` takes: it is read whole, last one wins.
    let twice: &RawValue =
        serde_json::from_str(r#"{"name":"a","name":"b","cost":{"input":1}}"#).unwrap();
    let (v, costs) = members(twice).unwrap();
    assert_eq!(v["name"], "b");
    assert_eq!(costs.len(), 1);
}

/// `component=price`, sorted.
fn price_keys(m: &Model) -> Vec<String> {
    let mut out: Vec<String> = m
        .prices
        .iter()
        .map(|p| format!("{}={}", p.component, p.usd))
        .collect();
    out.sort();
    out
}

#[test]
fn cost_tiers_of_the_fixture_are_long_context_prices_with_their_own_threshold() {
    // api.json is models.dev's TOML as JSON: assemble one from the fixture's grok-4.3.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/catalogs/models.dev/providers/xai/models/grok-4.3.toml");
    let toml: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let model = serde_json::to_value(toml).unwrap();
    let body = serde_json::json!({"xai": {"models": {"grok-4.3": model}}}).to_string();
    let entries = parse(body.as_bytes()).unwrap();
    assert_eq!(
        price_keys(&entries[0].model),
        [
            "cached_input=0.2",
            "cached_input>200000=0.4",
            "input=1.25",
            "input>200000=2.5",
            "output=2.5",
            "output>200000=5",
        ]
    );
}

#[test]
fn context_over_200k_is_a_tier_above_200k_unless_tiers_say_otherwise() {
    let body = br#"{"google":{"models":{
        "old":{"cost":{"input":2,"output":10,"reasoning":12,"output_audio":40,
               "context_over_200k":{"input":3,"output":15,"cache_read":0.5}}},
        "both":{"cost":{"input":5,"output":30,
               "tiers":[{"tier":{"type":"context","size":272000},"input":10,"output":45},
                        {"tier":{"type":"batch","size":1},"input":1}],
               "context_over_200k":{"input":10,"output":45}}}}}}"#;
    let entries = parse(body).unwrap();
    let get = |id: &str| price_keys(&entries.iter().find(|e| e.id == id).unwrap().model);
    assert_eq!(
        get("old"),
        [
            "cached_input>200000=0.5",
            "input=2",
            "input>200000=3",
            "output=10",
            "output>200000=15",
            "output_audio=40",
            "reasoning=12",
        ]
    );
    assert_eq!(
        get("both"),
        [
            "input=5",
            "input>272000=10",
            "output=30",
            "output>272000=45"
        ],
        "the tiers' own threshold, not 200k twice; a tier that is not a context size is left out"
    );
}

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

//! Unit tests of `sync::changes`.

use super::*;

fn change(field: &'static str, old: Value, new: Value) -> FieldChange {
    FieldChange { field, old, new }
}

#[test]
fn a_restored_model_is_one_entry_and_each_field_says_where_its_value_came_from() {
    let mut m = Model::new("m", String::new());
    m.sources
        .insert("context_length", FieldSource::Catalog("litellm".into()));
    m.sources.insert("name", FieldSource::Provider);
    let d = Diff {
        added: vec!["new".into()],
        updated: vec![(
            "m".into(),
            vec![
                change("status", json!("removed"), json!("active")),
                change("name", json!("M"), json!("M 2")),
                change("pricing", json!({}), json!({"input": "1 per 1M tokens"})),
            ],
        )],
        enriched: vec![(
            "m".into(),
            vec![change("context_length", Value::Null, json!(128_000))],
        )],
        removed: vec!["gone".into()],
        listed: vec![m, Model::new("new", String::new())],
        ..Diff::default()
    };
    let e = entries(&ProviderId::new("p"), &d);
    let kinds: Vec<(&str, Option<&str>)> = e
        .iter()
        .map(|x| (x.kind.as_str(), x.model.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("model.added", Some("new")),
            ("model.restored", Some("m")),
            ("model.updated", Some("m")),
            ("model.updated", Some("m")),
            ("model.removed", Some("gone")),
        ]
    );
    let details = |i: usize| serde_json::from_str::<Value>(&e[i].details).unwrap();
    assert_eq!(
        details(2),
        json!({"field": "name", "old": "M", "new": "M 2", "origin": "provider"})
    );
    assert_eq!(
        details(3),
        json!({"field": "context_length", "old": null, "new": 128_000, "origin": "catalog:litellm"})
    );
}

use super::{FieldSource, FieldSources};

#[test]
fn field_sources_write_as_a_json_object_in_name_order_and_read_back_the_same() {
    let mut s = FieldSources::new();
    s.insert("type", FieldSource::Inferred);
    s.insert("context_length", FieldSource::Catalog("litellm".into()));
    s.insert("name", FieldSource::Provider);
    // A later source replaces an earlier one.
    s.insert("type", FieldSource::Override);
    let text = serde_json::to_string(&s).unwrap();
    assert_eq!(
        text,
        r#"{"context_length":"catalog:litellm","name":"provider","type":"override"}"#
    );
    let back: FieldSources = serde_json::from_str(&text).unwrap();
    assert_eq!(back, s);
    assert_eq!(back.get("type"), Some(&FieldSource::Override));
    assert_eq!(back.get("owner"), None);
}

#[test]
fn a_field_name_aisync_does_not_know_is_kept_not_dropped() {
    let text = r#"{"future_field":"provider","name":"inferred"}"#;
    let s: FieldSources = serde_json::from_str(text).unwrap();
    assert_eq!(s.get("future_field"), Some(&FieldSource::Provider));
    assert_eq!(serde_json::to_string(&s).unwrap(), text);
    assert!(serde_json::from_str::<FieldSources>(r#"{"name":"nobody"}"#).is_err());
}

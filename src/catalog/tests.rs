//! Unit tests of `catalog`.

use super::*;

#[test]
fn exact_numbers_in_every_notation() {
    let d = |s: &str| {
        exact(&RawValue::from_string(s.to_owned()).unwrap()).map(|d| d.normalize().to_string())
    };
    assert_eq!(d("2.5").as_deref(), Some("2.5"));
    assert_eq!(d("\"0.0000025\"").as_deref(), Some("0.0000025"));
    assert_eq!(d("2.5e-06").as_deref(), Some("0.0000025"));
    assert_eq!(d("1e-05").as_deref(), Some("0.00001"));
    assert_eq!(d("true"), None);
}

#[test]
fn formats_are_detected() {
    assert_eq!(
        detect_format(&fixture("litellm/model_prices_and_context_window.json")),
        Some(CatalogFormat::LiteLlm)
    );
    assert_eq!(
        detect_format(&fixture("openrouter/models.2026-08-01.json")),
        Some(CatalogFormat::OpenRouter)
    );
    assert_eq!(
        detect_format(bundled::SNAPSHOT.as_bytes()),
        Some(CatalogFormat::ModelsDev)
    );
    assert_eq!(detect_format(b"[1,2]"), None);
}

//! Unit tests of `catalog::enrich`.

use super::*;
use crate::catalog::{Entry, bundled};
use crate::model::Capability;

#[test]
fn provider_fields_are_kept_and_gaps_filled_with_their_source() {
    let catalogs = [bundled::catalog()];
    let raw = br#"{"data":[{"id":"gpt-4o-2024-08-06","owned_by":"system","created":1}]}"#;
    let mut m = crate::drivers::openai::parse(raw).unwrap().remove(0);
    let found = enrich(&mut m, "openai", &catalogs);
    assert_eq!(found[0].how, How::Exact);
    assert_eq!(m.context_length, Some(128_000));
    assert!(m.capabilities.contains(&Capability::Vision));
    assert!(m.capabilities.contains(&Capability::FunctionCalling));
    assert_eq!(
        m.sources["context_length"],
        FieldSource::Catalog("bundled".into())
    );
    assert_eq!(
        m.sources["capabilities"],
        FieldSource::Catalog("bundled".into()),
        "inferred gives way"
    );
    assert_eq!(m.sources["owner"], FieldSource::Provider);
    assert!(m.prices.is_empty(), "prices are sync-pricing's");

    // A provider-given context length is never overwritten.
    let mut given = Model::new("gpt-4o", String::new());
    given.context_length = Some(1);
    given.stamp_sources(&FieldSource::Provider, &[]);
    enrich(&mut given, "openai", &catalogs);
    assert_eq!(given.context_length, Some(1));
    assert_eq!(given.max_output, Some(16384));
}

#[test]
fn the_first_catalog_with_a_value_wins() {
    let mut first = Model::new("x", String::new());
    first.max_output = Some(10);
    let mut second = Model::new("x", String::new());
    second.max_output = Some(20);
    second.context_length = Some(99);
    let entry = |m: Model| Entry::new("p".into(), "x".into(), m);
    let catalogs = [
        Catalog::new("remote", vec![entry(first)]),
        Catalog::new("bundled", vec![entry(second)]),
    ];
    let mut m = Model::new("x", String::new());
    let found = enrich(&mut m, "p", &catalogs);
    assert_eq!(found.len(), 2);
    assert_eq!((m.max_output, m.context_length), (Some(10), Some(99)));
    assert_eq!(
        m.sources["max_output"],
        FieldSource::Catalog("remote".into())
    );
    assert_eq!(
        m.sources["context_length"],
        FieldSource::Catalog("bundled".into())
    );
    let mut unknown = Model::new("nobody-knows", String::new());
    assert!(enrich(&mut unknown, "p", &catalogs).is_empty());
    assert_eq!(unknown.sources.iter().count(), 0);
}

#[test]
fn a_catalog_deprecation_date_deprecates_a_listed_model() {
    let mut listed = Model::new("old", String::new());
    listed.stamp_sources(&FieldSource::Provider, &[]);
    let mut known = Model::new("old", String::new());
    known.deprecation_date = chrono::NaiveDate::from_ymd_opt(2026, 5, 15);
    let catalogs = [Catalog::new(
        "litellm",
        vec![Entry::new("p".into(), "old".into(), known)],
    )];
    enrich(&mut listed, "p", &catalogs);
    assert_eq!(listed.status, crate::model::ModelStatus::Deprecated);
    assert_eq!(
        listed.sources["status"],
        FieldSource::Catalog("litellm".into())
    );
}

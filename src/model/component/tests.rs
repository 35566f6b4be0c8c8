//! Unit tests of `model::component`.

use proptest::prelude::*;

use super::*;

#[test]
fn keys_written_before_tiers_are_standard_base_prices() {
    for key in [
        "input",
        "output",
        "cached_input",
        "image_output",
        "input_long_context",
    ] {
        let c = Component::parse(key);
        assert_eq!(
            (c.base, c.tier, c.above),
            (key, ServiceTier::Standard, None)
        );
        assert!(c.is_base());
    }
}

#[test]
fn a_key_names_its_tier_and_threshold() {
    let c = Component::parse("output@priority>272000");
    assert_eq!(
        (c.base, c.tier, c.above),
        ("output", ServiceTier::Priority, Some(272_000))
    );
    assert_eq!(c.side(), Side::Output);
    assert_eq!(Component::parse("input>200000").above, Some(200_000));
    assert_eq!(Component::parse("input@batch").tier, ServiceTier::Batch);
    // Anything else is a name, not a tier: nothing is guessed.
    assert_eq!(Component::parse("input@premium").base, "input@premium");
    assert_eq!(Component::parse("input>007").base, "input>007");
    assert_eq!(Component::parse("input>").base, "input>");
}

#[test]
fn every_base_has_one_unit_and_one_name() {
    let mut names: Vec<&str> = BASES.iter().chain(&SEARCHES).map(|b| b.name).collect();
    let n = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), n, "no base is named twice");
    assert!(names.iter().all(|n| !n.contains(['@', '>'])));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_key_reads_back_as_what_it_was_made_of(
        base in prop::sample::select(BASES.iter().chain(&SEARCHES).map(|b| b.name).collect::<Vec<_>>()),
        tier in prop::sample::select(ServiceTier::ALL.to_vec()),
        above in prop::option::of(any::<u64>()),
    ) {
        let k = key(base, tier, above);
        let c = Component::parse(&k);
        prop_assert_eq!((c.base, c.tier, c.above), (base, tier, above));
    }

    #[test]
    fn any_text_reads_as_some_component_without_a_panic(text in "\\PC{0,40}") {
        let c = Component::parse(&text);
        prop_assert!(text.starts_with(c.base));
    }
}

//! Unit tests of `pricing::plan`: precedence, each guard, and which writes a run makes, on
//! in-memory data.

use super::*;
use crate::model::parse_time;

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

#[test]
fn implausible_moves() {
    assert_eq!(implausible(d("2.5"), d("2")), None);
    assert_eq!(
        implausible(d("2.5"), d("25")),
        None,
        "exactly 10× is allowed"
    );
    assert_eq!(
        implausible(d("2.5"), d("25.01")),
        Some("moved more than 10×")
    );
    assert_eq!(implausible(d("2.5"), d("0.2")), Some("moved more than 10×"));
    assert_eq!(implausible(d("2.5"), d("0")), Some("non-zero to zero"));
    assert_eq!(implausible(d("0"), d("3")), None);
}

#[test]
fn precedence_is_override_provider_remote_bundled() {
    let at = parse_time("2026-11-23T10:30:00Z").unwrap();
    let d = |s: &str| Decimal::from_str_exact(s).unwrap();
    let group = |source: FieldSource, usd: &str| SourcedPrices {
        source,
        prices: vec![Price::new("input", PriceUnit::MillionTokens, d(usd))],
        observed_at: at,
        filled: Vec::new(),
    };
    let order = ["litellm".to_owned(), "bundled".to_owned()];
    let mut groups = vec![
        group(FieldSource::Catalog("bundled".into()), "4"),
        group(FieldSource::Catalog("litellm".into()), "3"),
        group(FieldSource::Catalog("forgotten".into()), "9"),
    ];
    assert_eq!(
        effective_prices(&groups, &order).unwrap().source,
        FieldSource::Catalog("litellm".into())
    );
    groups.push(group(FieldSource::Provider, "2"));
    assert_eq!(
        effective_prices(&groups, &order).unwrap().source,
        FieldSource::Provider
    );
    groups.push(group(FieldSource::Override, "1"));
    let e = effective_prices(&groups, &order).unwrap();
    assert_eq!(
        (e.source, e.prices[0].usd.to_string()),
        (FieldSource::Override, "1".to_owned())
    );
    assert_eq!(
        effective_prices(&[], &order),
        None,
        "unpriced is None, never $0"
    );
}

#[test]
fn precedence_is_per_component_and_says_which_source_filled_what() {
    let at = parse_time("2026-11-23T10:30:00Z").unwrap();
    let d = |s: &str| Decimal::from_str_exact(s).unwrap();
    let group = |source: FieldSource, prices: &[(&str, &str)]| SourcedPrices {
        source,
        prices: prices
            .iter()
            .map(|(c, v)| Price::new(c, PriceUnit::MillionTokens, d(v)))
            .collect(),
        observed_at: at,
        filled: Vec::new(),
    };
    let order = ["litellm".to_owned(), "bundled".to_owned()];
    let groups = vec![
        group(FieldSource::Override, &[("input", "2")]),
        group(
            FieldSource::Catalog("litellm".into()),
            &[("input", "2.5"), ("output", "10")],
        ),
        group(
            FieldSource::Catalog("bundled".into()),
            &[("input", "2.5"), ("output", "10"), ("cached_input", "1.25")],
        ),
    ];
    let e = effective_prices(&groups, &order).unwrap();
    let prices: Vec<String> = e
        .prices
        .iter()
        .map(|p| format!("{}={}", p.component, p.usd))
        .collect();
    assert_eq!(
        prices,
        ["cached_input=1.25", "input=2", "output=10"],
        "an input-only override leaves output (and cache reads) to the sources below it"
    );
    assert_eq!(e.source, FieldSource::Override);
    assert_eq!(
        e.filled,
        [
            (
                "cached_input".to_owned(),
                FieldSource::Catalog("bundled".into())
            ),
            ("output".to_owned(), FieldSource::Catalog("litellm".into())),
        ]
    );
    assert_eq!(
        e.source_of("output"),
        &FieldSource::Catalog("litellm".into())
    );
    assert_eq!(e.source_of("input"), &FieldSource::Override);
}

#[test]
fn a_halved_catalog_context_window_is_held() {
    let source = FieldSource::Catalog("litellm".into());
    let mut before = Model::new("x", String::new());
    before.context_length = Some(400_000);
    before.sources.insert("context_length", source.clone());
    let mut now = before.clone();
    now.context_length = Some(128_000);
    assert!(hold_shrink(&mut now, &before));
    assert_eq!(now.context_length, Some(400_000));
    let mut fine = before.clone();
    fine.context_length = Some(300_000);
    assert!(
        !hold_shrink(&mut fine, &before),
        "less than half is not held"
    );
    let mut provider = now.clone();
    provider.context_length = Some(1_000);
    provider
        .sources
        .insert("context_length", FieldSource::Provider);
    assert!(
        !hold_shrink(&mut provider, &before),
        "the provider's word stands"
    );
}

// --- The planner on in-memory data ---

const NOW: &str = "2026-11-23T10:30:00Z";
const BEFORE: &str = "2026-11-01T00:00:00Z";

fn t(s: &str) -> DateTime<Utc> {
    parse_time(s).unwrap()
}

fn tokens(pairs: &[(&str, &str)]) -> Vec<Price> {
    pairs
        .iter()
        .map(|(c, usd)| Price::new(c, PriceUnit::MillionTokens, d(usd)))
        .collect()
}

/// A listed model of provider `p`, its fields given by `source`.
fn stored(id: &str, context: Option<u64>, source: &FieldSource) -> StoredModel {
    let mut m = Model::new(id, String::new());
    m.context_length = context;
    m.stamp_sources(source, &[]);
    StoredModel {
        provider: ProviderId::new("p"),
        model: m,
        first_seen: t(BEFORE),
        last_seen: t(BEFORE),
        removed_at: None,
    }
}

/// A catalog named `name` that knows `id` with these prices and context window.
fn catalog(name: &str, id: &str, prices: &[(&str, &str)], context: Option<u64>) -> Catalog {
    let mut m = Model::new(id, String::new());
    m.prices = tokens(prices);
    m.context_length = context;
    Catalog::new(
        name,
        vec![crate::catalog::Entry::new("p".into(), id.into(), m)],
    )
}

fn current(id: &str, groups: Vec<SourcedPrices>) -> BTreeMap<String, Vec<SourcedPrices>> {
    BTreeMap::from([(id.to_owned(), groups)])
}

fn group(source: FieldSource, prices: &[(&str, &str)]) -> SourcedPrices {
    SourcedPrices {
        source,
        prices: tokens(prices),
        observed_at: t(BEFORE),
        filled: Vec::new(),
    }
}

fn plan(
    stored: &[StoredModel],
    current: &BTreeMap<String, Vec<SourcedPrices>>,
    catalogs: &[Catalog],
    overrides: &[Override],
    accept: bool,
) -> ProviderPlan {
    plan_provider(
        &ProviderId::new("p"),
        stored,
        current,
        catalogs,
        overrides,
        &PlanRun {
            previous: None,
            aliases: &HashMap::new(),
            accept,
            now: t(NOW),
        },
    )
}

/// Plans model `m` of provider `p`, which LiteLLM priced at `was` (nothing when empty) and
/// now prices at `now`.
fn litellm_moves(was: &[(&str, &str)], now: &[(&str, &str)], accept: bool) -> ProviderPlan {
    let models = [stored("m", None, &FieldSource::Provider)];
    let cats = [catalog("litellm", "m", now, None)];
    let stored_prices = if was.is_empty() {
        BTreeMap::new()
    } else {
        current(
            "m",
            vec![group(FieldSource::Catalog("litellm".into()), was)],
        )
    };
    plan(&models, &stored_prices, &cats, &[], accept)
}

#[test]
fn a_first_price_is_written_with_its_history_and_reported_newly_priced() {
    let p = litellm_moves(&[], &[("input", "2.5"), ("output", "10")], false);
    let r = &p.report.models[0];
    assert_eq!(r.status, PriceStatus::NewlyPriced);
    assert_eq!(r.before, None);
    let after = r.after.as_ref().unwrap();
    assert_eq!(after.source, FieldSource::Catalog("litellm".into()));
    assert_eq!(after.observed_at, t(NOW));
    assert_eq!(
        p.prices,
        [PriceWrite {
            model_id: "m".into(),
            source: FieldSource::Catalog("litellm".into()),
            changes: vec![
                ComponentWrite {
                    component: "input".into(),
                    unit: PriceUnit::MillionTokens,
                    amount: Some(d("2.5")),
                },
                ComponentWrite {
                    component: "output".into(),
                    unit: PriceUnit::MillionTokens,
                    amount: Some(d("10")),
                },
            ],
            backdated: Vec::new(),
        }]
    );
    assert_eq!(r.matches[0].catalog, "litellm");
}

#[test]
fn the_same_prices_again_write_nothing_and_keep_their_observation_time() {
    let p = litellm_moves(
        &[("output", "10.0"), ("input", "2.50")],
        &[("input", "2.5"), ("output", "10")],
        false,
    );
    assert!(p.prices.is_empty(), "{:?}", p.prices);
    let r = &p.report.models[0];
    assert_eq!(r.status, PriceStatus::Unchanged);
    assert_eq!(r.after.as_ref().unwrap().observed_at, t(BEFORE));
}

#[test]
fn only_the_components_that_move_get_history() {
    let p = litellm_moves(
        &[("input", "2.5"), ("output", "10"), ("cached_input", "1.25")],
        &[("input", "3"), ("output", "10")],
        false,
    );
    let changes: Vec<(&str, Option<String>)> = p.prices[0]
        .changes
        .iter()
        .map(|c| (c.component.as_str(), c.amount.map(|a| a.to_string())))
        .collect();
    assert_eq!(
        changes,
        [("input", Some("3".to_owned())), ("cached_input", None)],
        "the moved input, then the vanished cached input; the same output gets nothing"
    );
    assert_eq!(p.report.models[0].status, PriceStatus::Updated);
}

#[test]
fn a_source_that_stops_pricing_a_model_is_cleared_and_the_next_one_takes_over() {
    let models = [stored("m", None, &FieldSource::Provider)];
    let cats = [
        catalog("litellm", "other", &[("input", "1")], None),
        catalog("bundled", "m", &[("input", "4")], None),
    ];
    let now = current(
        "m",
        vec![
            group(FieldSource::Catalog("litellm".into()), &[("input", "3")]),
            group(FieldSource::Catalog("bundled".into()), &[("input", "4")]),
        ],
    );
    let p = plan(&models, &now, &cats, &[], false);
    assert_eq!(p.prices.len(), 1);
    assert_eq!(p.prices[0].source, FieldSource::Catalog("litellm".into()));
    assert_eq!(p.prices[0].changes[0].amount, None);
    let r = &p.report.models[0];
    assert_eq!(r.status, PriceStatus::Updated);
    assert_eq!(
        r.after.as_ref().unwrap().source,
        FieldSource::Catalog("bundled".into())
    );
}

#[test]
fn an_override_beats_the_provider_and_every_catalog() {
    let models = [stored("m", None, &FieldSource::Provider)];
    let cats = [catalog("litellm", "m", &[("input", "3")], None)];
    let now = current("m", vec![group(FieldSource::Provider, &[("input", "2")])]);
    let over = [Override {
        provider: "p".into(),
        model: "m".into(),
        prices: tokens(&[("input", "1")]),
    }];
    let p = plan(&models, &now, &cats, &over, false);
    let r = &p.report.models[0];
    assert_eq!(r.before.as_ref().unwrap().source, FieldSource::Provider);
    let after = r.after.as_ref().unwrap();
    assert_eq!(
        (after.source.clone(), after.prices[0].usd.to_string()),
        (FieldSource::Override, "1".to_owned())
    );
    assert!(
        p.prices.iter().all(|w| w.source != FieldSource::Provider),
        "the provider's own prices are sync-models' to write"
    );
}

#[test]
fn an_override_for_another_provider_or_model_does_not_apply() {
    let models = [stored("m", None, &FieldSource::Provider)];
    let over = [
        Override {
            provider: "q".into(),
            model: "m".into(),
            prices: tokens(&[("input", "1")]),
        },
        Override {
            provider: "p".into(),
            model: "n".into(),
            prices: tokens(&[("input", "1")]),
        },
    ];
    let p = plan(&models, &BTreeMap::new(), &[], &over, false);
    assert_eq!(p.report.models[0].status, PriceStatus::Unpriced);
    assert!(p.prices.is_empty());
}

#[test]
fn a_tenfold_move_is_held_at_the_old_price_until_accepted() {
    let was = [("input", "2.5"), ("output", "10")];
    let now = [("input", "30"), ("output", "12")];
    let held = litellm_moves(&was, &now, false);
    let r = &held.report.models[0];
    assert_eq!(
        r.held,
        [Held {
            field: "input".into(),
            source: FieldSource::Catalog("litellm".into()),
            old: "2.5".into(),
            new: "30".into(),
            reason: "moved more than 10×",
        }]
    );
    let written: Vec<&str> = held.prices[0]
        .changes
        .iter()
        .map(|c| c.component.as_str())
        .collect();
    assert_eq!(written, ["output"], "the plausible change still applies");
    let accepted = litellm_moves(&was, &now, true);
    assert!(accepted.report.models[0].held.is_empty());
    assert_eq!(accepted.prices[0].changes.len(), 2);
}

#[test]
fn a_drop_to_zero_is_held_but_a_first_zero_is_a_price() {
    let p = litellm_moves(&[("input", "2")], &[("input", "0")], false);
    assert_eq!(p.report.models[0].held[0].reason, "non-zero to zero");
    assert!(p.prices.is_empty());
    let fresh = litellm_moves(&[], &[("input", "0")], false);
    assert_eq!(fresh.report.models[0].status, PriceStatus::NewlyPriced);
    assert!(fresh.report.models[0].held.is_empty());
}

#[test]
fn a_halved_context_window_from_a_catalog_is_held_and_a_provider_one_never_touched() {
    let from_catalog = FieldSource::Catalog("litellm".into());
    let models = [stored("m", Some(400_000), &from_catalog)];
    let cats = [catalog("litellm", "m", &[], Some(128_000))];
    let p = plan(&models, &BTreeMap::new(), &cats, &[], false);
    assert!(p.limits.is_empty());
    assert_eq!(p.report.models[0].held[0].reason, SHRINK_REASON);
    let accepted = plan(&models, &BTreeMap::new(), &cats, &[], true);
    assert_eq!(accepted.limits[0].context_length, Some(128_000));

    let smaller = [catalog("litellm", "m", &[], Some(300_000))];
    let p = plan(&models, &BTreeMap::new(), &smaller, &[], false);
    assert_eq!(
        p.limits[0].context_length,
        Some(300_000),
        "less than half applies"
    );
    assert_eq!(p.limits[0].sources["context_length"], from_catalog);

    let provider = [stored("m", Some(400_000), &FieldSource::Provider)];
    let p = plan(&provider, &BTreeMap::new(), &cats, &[], false);
    assert!(p.limits.is_empty() && p.report.models[0].held.is_empty());
}

#[test]
fn removed_models_are_not_priced() {
    let mut gone = stored("m", None, &FieldSource::Provider);
    gone.removed_at = Some(t(BEFORE));
    let cats = [catalog("litellm", "m", &[("input", "1")], None)];
    let p = plan(&[gone], &BTreeMap::new(), &cats, &[], false);
    assert!(p.report.models.is_empty() && p.prices.is_empty());
}

#[test]
fn the_shrink_rule_is_strictly_more_than_half() {
    assert!(halves(Some(400_000), Some(199_999)));
    assert!(!halves(Some(400_000), Some(200_000)));
    assert!(!halves(None, Some(1)));
    assert!(!halves(Some(1), None));
}

#[test]
fn a_sync_writes_only_the_provider_prices_that_changed() {
    let mut same = stored("same", None, &FieldSource::Provider);
    same.model.prices = tokens(&[("input", "1")]);
    let mut moved = stored("moved", None, &FieldSource::Provider);
    moved.model.prices = tokens(&[("input", "1")]);
    let mut listed_same = same.model.clone();
    listed_same.prices = tokens(&[("input", "1.0")]);
    let mut listed_moved = moved.model.clone();
    listed_moved.prices = tokens(&[("input", "2")]);
    let mut added = Model::new("added", String::new());
    added.prices = tokens(&[("output", "5")]);
    let unpriced = Model::new("unpriced", String::new());
    let stored = [same, moved]
        .into_iter()
        .map(|s| (s.model.id, s.model.prices))
        .collect();
    let writes = provider_price_writes(&stored, &[listed_same, listed_moved, added, unpriced]);
    let ids: Vec<&str> = writes.iter().map(|w| w.model_id.as_str()).collect();
    assert_eq!(ids, ["moved", "added"]);
    assert!(writes.iter().all(|w| w.source == FieldSource::Provider));
}

#[test]
fn prices_at_a_time_replay_the_history() {
    let row = |at: &str, component: &str, amount: Option<&str>, source: FieldSource| HistoryRow {
        observed_at: t(at),
        component: component.into(),
        unit: PriceUnit::MillionTokens,
        amount: amount.map(d),
        source,
    };
    let litellm = FieldSource::Catalog("litellm".into());
    let history = [
        row("2026-10-01T00:00:00Z", "input", Some("2"), litellm.clone()),
        row("2026-10-01T00:00:00Z", "output", Some("8"), litellm.clone()),
        row("2026-10-15T00:00:00Z", "input", Some("3"), litellm.clone()),
        row("2026-11-01T00:00:00Z", "output", None, litellm.clone()),
        row(
            "2026-11-05T00:00:00Z",
            "input",
            Some("1"),
            FieldSource::Override,
        ),
    ];
    assert!(prices_at(&history, t("2026-09-30T00:00:00Z")).is_empty());
    let mid = prices_at(&history, t("2026-10-20T00:00:00Z"));
    assert_eq!(mid.len(), 1);
    let amounts: Vec<(String, String)> = mid[0]
        .prices
        .iter()
        .map(|p| (p.component.clone(), p.usd.to_string()))
        .collect();
    assert_eq!(
        amounts,
        [("input".into(), "3".into()), ("output".into(), "8".into())]
    );
    assert_eq!(mid[0].observed_at, t("2026-10-15T00:00:00Z"));
    let late = prices_at(&history, t("2026-11-10T00:00:00Z"));
    let order = ["litellm".to_owned()];
    let in_force = effective_prices(&late, &order).unwrap();
    assert_eq!(in_force.source, FieldSource::Override);
    let litellm_then = late.iter().find(|g| g.source == litellm).unwrap();
    assert_eq!(
        litellm_then.prices.len(),
        1,
        "the output price had gone away by then"
    );
}

#[test]
fn overrides_are_prices_per_million_tokens() {
    let text = r#"
        [[overrides]]
        provider = "openai"
        model = "gpt-4o"
        input = "2.5"
        cache_write = 3
    "#;
    let file = crate::config::FileConfig::parse(std::path::Path::new("t.toml"), text).unwrap();
    let o = overrides(&file.overrides);
    assert_eq!(
        (o[0].provider.as_str(), o[0].model.as_str()),
        ("openai", "gpt-4o")
    );
    assert_eq!(
        o[0].prices,
        tokens(&[("input", "2.5"), ("cache_write", "3")])
    );
}

#[test]
fn prices_at_the_edge_of_the_decimal_type_are_judged_without_overflow() {
    let max = Decimal::MAX;
    assert_eq!(implausible(max, max), None);
    assert_eq!(implausible(d("1"), max), Some("moved more than 10×"));
    assert_eq!(implausible(max, d("1")), Some("moved more than 10×"));
    assert_eq!(
        Price::per_token("input", d("79000000000000000000000000000")),
        None,
        "a per-token price that cannot be per 1M is no price"
    );
    assert_eq!(
        Price::per_token("input", d("0.0000025")).unwrap().usd,
        d("2.5")
    );
}

#[test]
fn the_price_that_was_in_force_is_judged_by_the_order_that_decided_it() {
    // Two catalogs price m: a at 1.11, b at 3.33. The last run put a first; this one puts b
    // first. What was shown is a's price, and the change says so.
    let models = [stored("m", None, &FieldSource::Provider)];
    let a = FieldSource::Catalog("a".into());
    let b = FieldSource::Catalog("b".into());
    let current = current(
        "m",
        vec![
            group(a.clone(), &[("input", "1.11")]),
            group(b.clone(), &[("input", "3.33")]),
        ],
    );
    let catalog = |name: &str, usd: &str| {
        let mut m = Model::new("m", String::new());
        m.prices = tokens(&[("input", usd)]);
        Catalog::new(
            name,
            vec![crate::catalog::Entry::new("p".into(), "m".into(), m)],
        )
    };
    let catalogs = [catalog("b", "3.33"), catalog("a", "1.11")];
    let previous = ["a".to_owned(), "b".to_owned()];
    let p = plan_provider(
        &ProviderId::new("p"),
        &models,
        &current,
        &catalogs,
        &[],
        &PlanRun {
            previous: Some(&previous),
            aliases: &HashMap::new(),
            accept: false,
            now: t(NOW),
        },
    );
    let r = &p.report.models[0];
    assert_eq!(r.status, PriceStatus::Updated);
    assert_eq!(r.before.as_ref().unwrap().source, a);
    assert_eq!(r.before.as_ref().unwrap().prices[0].usd.to_string(), "1.11");
    assert_eq!(r.after.as_ref().unwrap().source, b);
    // Recomputed in today's order, the same prices would have read "unchanged".
    let today = plan(&models, &current, &catalogs, &[], false);
    assert_eq!(today.report.models[0].status, PriceStatus::Unchanged);
}

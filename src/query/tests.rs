//! Unit tests of `query`.

use super::*;
use crate::model::{Model, Price, PriceUnit, parse_time};

fn view(provider: &str, id: &str, ctx: Option<u64>, output: Option<&str>) -> ModelView {
    let t = parse_time("2026-11-01T00:00:00Z").unwrap();
    let mut m = Model::new(id, String::new());
    m.context_length = ctx;
    ModelView {
        stored: StoredModel {
            provider: ProviderId::new(provider),
            model: m,
            first_seen: t,
            last_seen: t,
            removed_at: None,
        },
        pricing: output.map(|o| SourcedPrices {
            source: crate::model::FieldSource::Provider,
            prices: vec![Price::new(
                "output",
                PriceUnit::MillionTokens,
                Decimal::from_str_exact(o).unwrap(),
            )],
            observed_at: t,
            filled: Vec::new(),
        }),
    }
}

#[test]
fn sorting_puts_unknowns_last_both_ways() {
    let mut v = vec![
        view("p", "a", Some(10), Some("1")),
        view("p", "b", None, None),
        view("p", "c", Some(30), Some("20")),
    ];
    sort(&mut v, SortKey::ContextLength, false);
    assert_eq!(
        v.iter().map(ModelView::id).collect::<Vec<_>>(),
        ["a", "c", "b"]
    );
    sort(&mut v, SortKey::ContextLength, true);
    assert_eq!(
        v.iter().map(ModelView::id).collect::<Vec<_>>(),
        ["c", "a", "b"]
    );
    sort(&mut v, SortKey::Price, true);
    assert_eq!(
        v.iter().map(ModelView::id).collect::<Vec<_>>(),
        ["c", "a", "b"]
    );
}

#[test]
fn nearest_ids_are_alike_or_absent() {
    let ids = ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "claude-opus-5", "o3"];
    assert_eq!(nearest(ids, "gpt4o", 3)[0], "gpt-4o");
    assert!(nearest(ids, "zzzzzz", 3).is_empty());
}

#[test]
fn cutoffs_are_dates_or_durations() {
    let now = parse_time("2026-11-23T10:30:00Z").unwrap();
    assert_eq!(
        parse_cutoff("2026-08-01", now).unwrap(),
        parse_time("2026-08-01T00:00:00Z").unwrap()
    );
    assert_eq!(parse_cutoff("90d", now).unwrap(), now - TimeDelta::days(90));
    assert_eq!(parse_cutoff("2w", now).unwrap(), now - TimeDelta::weeks(2));
    assert_eq!(
        parse_cutoff("48h", now).unwrap(),
        now - TimeDelta::hours(48)
    );
    assert!(
        parse_cutoff("soon", now)
            .unwrap_err()
            .contains("neither a date")
    );
    assert!(parse_cutoff("5y", now).is_err());
}

#[test]
fn provider_views_count_listed_models_and_hide_the_mock_in_production() {
    use crate::config::{Overrides, resolve};
    use crate::env::Env;
    use crate::model::SyncRun;
    use crate::store::SyncWrite;

    let now = parse_time("2026-11-23T10:30:00Z").unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let mock = ProviderId::new("mock");
    let write = |store: &mut Store, listed: &[Model], removed: &[String]| {
        store
            .apply_sync(&SyncWrite {
                provider: &mock,
                now,
                listed: &listed.iter().collect::<Vec<_>>(),
                prices: &[],
                changes: &[],
                removed,
                statistics: serde_json::json!({}),
                cached_until: now,
                run: &SyncRun {
                    run_id: "r".into(),
                    provider: mock.clone(),
                    started_at: now,
                    finished_at: now,
                    counts: None,
                    duration_ms: 0,
                    error: None,
                },
            })
            .unwrap();
    };
    let a = Model::new("a", String::new());
    let b = Model::new("b", String::new());
    write(&mut store, &[a.clone(), b], &[]);
    write(&mut store, &[a], &["b".to_owned()]);

    let config = |env: &[(&str, &str)]| {
        let mut all = vec![("HOME", "/h")];
        all.extend_from_slice(env);
        resolve(&Overrides::default(), &Env::from_pairs(all)).unwrap()
    };
    let views = provider_views(&store, &config(&[])).unwrap();
    let m = views.iter().find(|v| v.id == mock).unwrap();
    assert_eq!(m.models, 1, "the removed model is not counted");
    assert_eq!(m.health.runs, 2);
    assert_eq!(m.credentials, Credentials::NotNeeded);
    assert_eq!(m.base_url, None);
    assert!(m.state.as_ref().unwrap().last_success_at.is_some());
    let openai = views.iter().find(|v| v.id.as_str() == "openai").unwrap();
    assert_eq!(
        openai.base_url.as_deref(),
        Some("https://api.openai.com/v1")
    );
    assert_eq!(openai.key_env.as_deref(), Some("OPENAI_API_KEY"));

    let production = provider_views(&store, &config(&[("AISYNC_ENV", "production")])).unwrap();
    assert!(production.iter().all(|v| v.id != mock));
}

#[test]
fn a_cutoff_beyond_the_calendar_is_an_error_not_a_crash() {
    let now = parse_time("2026-11-23T10:30:00Z").unwrap();
    for text in ["99999999999d", "9999999999999w", "99999999999999999999d"] {
        let err = parse_cutoff(text, now).unwrap_err();
        assert!(err.contains(text), "{err}");
    }
}

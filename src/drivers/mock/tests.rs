//! Unit tests of `drivers::mock`.

use super::*;

fn settings() -> MockSettings {
    MockSettings {
        valid_credentials: true,
        fail: None,
        latency: Duration::ZERO,
        models_file: None,
        price: None,
    }
}

#[test]
fn builtin_catalog_is_realistic() {
    let models = parse(BUILTIN).unwrap();
    assert_eq!(models.len(), 8);
    let types: BTreeSet<_> = models.iter().map(|m| m.model_type).collect();
    assert!(types.len() >= 5, "{types:?}");
    let legacy = models
        .iter()
        .find(|m| m.id == "mock-legacy-instruct")
        .unwrap();
    assert_eq!(legacy.status, ModelStatus::Deprecated);
    let image = models.iter().find(|m| m.id == "mock-image").unwrap();
    assert_eq!(image.context_length, None, "no number is made up");
    assert!(image.sources.get("context_length").is_none());
    assert_eq!(image.sources.get("type"), Some(&FieldSource::Provider));
}

#[test]
fn bad_lists_are_invalid_responses() {
    for text in [
        "{",
        "{\"id\": 1}",
        "[{\"name\": \"no id\"}]",
        "[{\"id\": \"x\", \"type\": \"hologram\"}]",
    ] {
        let err = parse(text).unwrap_err();
        assert_eq!(err.error_type, ErrorType::InvalidResponse, "{text}");
    }
}

#[tokio::test]
async fn failures_follow_the_settings() {
    let run = |s: MockSettings| async move {
        MockDriver {
            settings: s,
            timeout: Duration::from_millis(50),
        }
        .fetch()
        .await
        .map_err(|e| e.error_type)
    };
    assert_eq!(run(settings()).await.map(|m| m.len()), Ok(8));
    let bad_key = MockSettings {
        valid_credentials: false,
        ..settings()
    };
    assert_eq!(run(bad_key).await, Err(ErrorType::InvalidCredentials));
    for (fail, kind) in [
        (MockFailure::Timeout, ErrorType::Timeout),
        (MockFailure::ServerError, ErrorType::ServerError),
        (MockFailure::RateLimited, ErrorType::RateLimited),
    ] {
        let s = MockSettings {
            fail: Some(fail),
            ..settings()
        };
        assert_eq!(run(s).await, Err(kind));
    }
    let slow = MockSettings {
        latency: Duration::from_millis(200),
        ..settings()
    };
    assert_eq!(run(slow).await, Err(ErrorType::Timeout));
}

#[test]
fn the_mock_gives_its_own_prices_and_one_can_be_changed() {
    let models = parse(BUILTIN).unwrap();
    let large = models.iter().find(|m| m.id == "mock-chat-large").unwrap();
    let get = |m: &Model, c: &str| {
        m.prices
            .iter()
            .find(|p| p.component == c)
            .map(|p| p.usd.to_string())
    };
    assert_eq!(get(large, "input").as_deref(), Some("2.5"));
    assert_eq!(get(large, "input>64000").as_deref(), Some("5"));
    assert!(
        models.iter().all(|m| !m.prices.is_empty()),
        "every mock model is priced"
    );
    let tts = models.iter().find(|m| m.id == "mock-tts").unwrap();
    assert_eq!(tts.prices[0].unit, crate::model::PriceUnit::Character);
    let changed = MockDriver {
        settings: MockSettings {
            price: Some(("mock-chat-large".into(), "input".into(), Decimal::from(3))),
            ..settings()
        },
        timeout: Duration::from_secs(1),
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let models = rt.block_on(changed.fetch()).unwrap();
    let large = models.iter().find(|m| m.id == "mock-chat-large").unwrap();
    assert_eq!(get(large, "input").as_deref(), Some("3"));
    assert_eq!(
        get(large, "output").as_deref(),
        Some("10"),
        "only that one price"
    );
    let bad = parse(r#"[{"id": "x", "pricing": {"input": "cheap"}}]"#).unwrap_err();
    assert!(bad.message.contains("no exact amount"), "{}", bad.message);
}

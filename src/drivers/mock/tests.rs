//! Unit tests of `drivers::mock`.

use super::*;

fn settings() -> MockSettings {
    MockSettings {
        valid_credentials: true,
        fail: None,
        latency: Duration::ZERO,
        models_file: None,
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

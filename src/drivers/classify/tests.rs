//! Unit tests of `drivers::classify`.

use super::*;

#[test]
fn real_openai_ids_get_the_right_type() {
    let cases = [
        ("gpt-4o-mini-tts", ModelType::Audio),
        ("tts-1-hd", ModelType::Audio),
        ("whisper-1", ModelType::Audio),
        ("gpt-4o-transcribe-diarize", ModelType::Audio),
        ("gpt-audio-mini", ModelType::Audio),
        ("text-embedding-3-large", ModelType::Embedding),
        ("text-embedding-ada-002", ModelType::Embedding),
        ("o3", ModelType::Chat),
        ("o4-mini-deep-research", ModelType::Chat),
        ("gpt-4.1-nano-2025-04-14", ModelType::Chat),
        ("gpt-5.1-codex-max", ModelType::Chat),
        ("chat-latest", ModelType::Chat),
        ("gpt-image-1", ModelType::Image),
        ("chatgpt-image-latest", ModelType::Image),
        ("dall-e-3", ModelType::Image),
        ("omni-moderation-latest", ModelType::Moderation),
        ("gpt-realtime-mini", ModelType::Realtime),
        ("gpt-4o-mini-realtime-preview", ModelType::Realtime),
        ("sora-2-pro", ModelType::Video),
        ("davinci-002", ModelType::Completion),
        ("gpt-3.5-turbo-instruct-0914", ModelType::Completion),
        ("gpt-3.5-turbo-16k", ModelType::Chat),
        ("deepseek-reasoner", ModelType::Chat),
    ];
    for (id, t) in cases {
        assert_eq!(model_type(id), t, "{id}");
    }
}

#[test]
fn capabilities_follow_the_family() {
    let caps = |id: &str| guess(id).capabilities;
    assert!(caps("o3").contains(&Capability::Reasoning));
    assert!(caps("o3").contains(&Capability::Vision));
    assert!(!caps("o3-mini").contains(&Capability::Vision));
    assert!(caps("gpt-4.1").contains(&Capability::Vision));
    assert!(caps("gpt-4.1").contains(&Capability::FunctionCalling));
    assert!(!caps("gpt-4.1").contains(&Capability::Reasoning));
    assert!(!caps("gpt-4").contains(&Capability::Vision));
    assert!(caps("gpt-3.5-turbo").contains(&Capability::FunctionCalling));
    assert!(!caps("gpt-5-chat-latest").contains(&Capability::Reasoning));
    assert!(caps("gpt-4o-mini-tts").contains(&Capability::AudioOutput));
    assert!(caps("text-embedding-3-small").contains(&Capability::Embedding));
    assert!(is_o_series("o4-mini") && !is_o_series("omni-moderation-latest"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// The first-byte search answers what `str::contains` answers, ids and parts of any text.
    #[test]
    fn has_is_contains(id in "[a-z0-9./:_-]{0,24}|\\PC{0,12}", part in "[a-z-]{0,6}|\\PC{0,3}") {
        proptest::prop_assert_eq!(has(&id, &part), id.contains(part.as_str()));
    }
}

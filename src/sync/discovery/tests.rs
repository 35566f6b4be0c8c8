//! Unit tests of `sync::discovery`.

use super::*;
use crate::config::{Overrides, resolve};
use crate::env::Env;

fn config(pairs: &[(&str, &str)]) -> Config {
    let mut all = vec![("HOME", "/h")];
    all.extend_from_slice(pairs);
    resolve(&Overrides::default(), &Env::from_pairs(all)).unwrap()
}

fn set_enabled(c: &mut Config, id: &str, enabled: Option<bool>) {
    c.providers
        .iter_mut()
        .find(|p| p.id.as_str() == id)
        .unwrap()
        .enabled = enabled;
}

fn taking_part(c: &Config, requested: &[&str]) -> Vec<String> {
    let requested: Vec<String> = requested.iter().map(|s| (*s).to_owned()).collect();
    discover(c, &requested)
        .unwrap()
        .into_iter()
        .filter_map(|c| match c {
            Candidate::Takes(p) => Some(p.to_string()),
            Candidate::Skipped(..) => None,
        })
        .collect()
}

#[test]
fn mock_takes_part_only_when_named_or_enabled() {
    let mut c = config(&[]);
    assert_eq!(taking_part(&c, &[]), Vec::<String>::new());
    assert_eq!(taking_part(&c, &["mock"]), ["mock"]);
    set_enabled(&mut c, "mock", Some(true));
    assert_eq!(taking_part(&c, &[]), ["mock"]);
    set_enabled(&mut c, "mock", Some(false));
    assert_eq!(
        discover(&c, &["mock".into()]).unwrap(),
        [Candidate::Skipped(
            ProviderId::new("mock"),
            SkipReason::Disabled
        )]
    );
}

#[test]
fn mock_is_refused_in_production() {
    let mut c = config(&[("APP_ENV", "production")]);
    assert_eq!(
        discover(&c, &["mock".into()]),
        Err(DiscoveryError::MockInProduction)
    );
    set_enabled(&mut c, "mock", Some(true));
    assert_eq!(
        taking_part(&c, &[]),
        Vec::<String>::new(),
        "enabled mock stays out in production"
    );
}

#[test]
fn keys_decide_who_takes_part_and_the_rest_are_skipped_in_order() {
    let c = config(&[
        ("OPENAI_API_KEY", "k1"),
        ("GOOGLE_API_KEY", "k2"),
        ("TOGETHER_API_KEY", "k3"),
    ]);
    assert_eq!(taking_part(&c, &[]), ["openai", "gemini", "together"]);
    let all = discover(&c, &[]).unwrap();
    assert_eq!(all.len(), 10, "every real provider is reported: {all:?}");
    assert_eq!(
        all[2],
        Candidate::Skipped(ProviderId::new("xai"), SkipReason::NoCredentials)
    );
    assert_eq!(
        taking_part(&c, &["anthropic", "openai"]),
        ["openai"],
        "named without a key: skipped, in config order"
    );
}

#[test]
fn keyless_providers_take_part_when_named_enabled_or_configured() {
    let mut c = config(&[]);
    assert_eq!(
        taking_part(&c, &["ollama", "openrouter"]),
        ["openrouter", "ollama"]
    );
    set_enabled(&mut c, "openrouter", Some(true));
    assert_eq!(taking_part(&c, &[]), ["openrouter"]);
    let c = config(&[("OLLAMA_HOST", "http://127.0.0.1:1")]);
    assert_eq!(taking_part(&c, &[]), ["ollama"]);
    let mut c = config(&[("OPENAI_API_KEY", "k")]);
    set_enabled(&mut c, "openai", Some(false));
    assert_eq!(
        discover(&c, &["openai".into()]).unwrap(),
        [Candidate::Skipped(
            ProviderId::new("openai"),
            SkipReason::Disabled
        )]
    );
}

#[test]
fn unknown_names_list_the_known_ones() {
    let err = discover(&config(&[]), &["opneai".into()]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown provider \"opneai\" (known providers: openai, gemini, xai, anthropic, mistral, openrouter, ollama, groq, deepseek, together, mock)"
    );
}

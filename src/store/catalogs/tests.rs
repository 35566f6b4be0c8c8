//! Unit tests of `store::catalogs`: the cached copy of each remote catalog.

use super::super::tests::at;
use super::*;

fn copy(name: &str, url: &str, when: DateTime<Utc>, body: &[u8]) -> CachedCatalog {
    CachedCatalog {
        name: name.into(),
        url: url.into(),
        format: "litellm".into(),
        fetched_at: when,
        etag: Some("\"v1\"".into()),
        body: body.to_vec(),
        entries: 2_982,
    }
}

#[test]
fn a_saved_copy_reads_back_byte_for_byte() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.cached_catalog("litellm").unwrap(), None);
    let body = b"{\"gpt-4o\": {\"input_cost_per_token\": 2.5e-06}}\n\xff";
    let c = copy(
        "litellm",
        "https://example.test/prices.json",
        at(2, 10),
        body,
    );
    store.save_catalog(&c, None).unwrap();
    assert_eq!(store.cached_catalog("litellm").unwrap(), Some(c));
}

#[test]
fn a_new_copy_replaces_the_old_and_a_304_only_moves_the_time() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .save_catalog(&copy("litellm", "u1", at(2, 10), b"old"), None)
        .unwrap();
    let mut newer = copy("litellm", "u2", at(3, 10), b"new");
    newer.etag = None;
    newer.entries = 3;
    store.save_catalog(&newer, None).unwrap();
    assert_eq!(
        store.cached_catalog("litellm").unwrap().as_ref(),
        Some(&newer)
    );
    store.touch_catalog("litellm", at(4, 10)).unwrap();
    let touched = store.cached_catalog("litellm").unwrap().unwrap();
    assert_eq!(touched.fetched_at, at(4, 10));
    assert_eq!((touched.body, touched.entries), (b"new".to_vec(), 3));
    store.touch_catalog("never-cached", at(4, 10)).unwrap();
    assert_eq!(store.cached_catalog("never-cached").unwrap(), None);
}

#[test]
fn cached_catalogs_are_listed_by_name() {
    let mut store = Store::open_in_memory().unwrap();
    for name in ["openrouter", "litellm"] {
        store
            .save_catalog(
                &copy(name, &format!("https://{name}.test"), at(2, 10), b"{}"),
                None,
            )
            .unwrap();
    }
    assert_eq!(
        store.cached_catalogs().unwrap(),
        [
            (
                "litellm".to_owned(),
                "https://litellm.test".to_owned(),
                "litellm".to_owned()
            ),
            (
                "openrouter".to_owned(),
                "https://openrouter.test".to_owned(),
                "litellm".to_owned()
            ),
        ]
    );
}

#[test]
fn an_unreadable_fetch_time_is_reported() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .save_catalog(&copy("litellm", "u", at(2, 10), b"{}"), None)
        .unwrap();
    store
        .conn
        .execute("UPDATE catalogs SET fetched_at = 'soon'", [])
        .unwrap();
    assert!(store.cached_catalog("litellm").is_err());
}

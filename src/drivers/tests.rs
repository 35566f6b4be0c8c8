use super::redact_body;
use crate::secret::Secret;

const KEY: &str = "sk-test-0123456789";

fn text(body: &[u8]) -> &str {
    std::str::from_utf8(body).unwrap()
}

#[test]
fn a_body_that_cannot_hold_the_key_comes_back_byte_for_byte() {
    let key = Secret::new(KEY);
    // No escape and no key: nothing to do, whatever the numbers look like.
    let plain = br#"{"data": [{"id": "m", "price": 0.00000250000000000001}]}"#.to_vec();
    assert_eq!(redact_body(plain.clone(), &key), plain);
    // Escapes that spell something else: parsed, found clean, returned untouched.
    let escaped = br#"{"data": [{"id": "m\n", "price": 0.00000250000000000001}]}"#.to_vec();
    assert_eq!(redact_body(escaped.clone(), &key), escaped);
    // Not JSON: its parser reports it.
    let html = b"<html>sk-test-0123456789</html>".to_vec();
    assert_eq!(redact_body(html.clone(), &key), html);
}

#[test]
fn the_key_is_redacted_in_strings_and_object_keys_however_it_is_written() {
    let key = Secret::new(KEY);
    let body = br#"{"data": [{"id": "m", "owned_by": "key sk-test-0123456789 here",
        "sk-test-0123456789": 1, "note": "sk-t\u0065st-0123456789"}]}"#
        .to_vec();
    let out = redact_body(body, &key);
    let out = text(&out);
    assert!(!out.contains(KEY), "{out}");
    let v: serde_json::Value = serde_json::from_str(out).unwrap();
    let entry = &v["data"][0];
    assert_eq!(entry["owned_by"], "key (redacted) here");
    assert_eq!(entry["note"], "(redacted)");
    assert_eq!(entry["(redacted)"], 1);
}

#[test]
fn a_key_too_short_to_be_one_is_left_alone() {
    let body = br#"{"data": [{"id": "abc"}]}"#.to_vec();
    assert_eq!(redact_body(body.clone(), &Secret::new("abc")), body);
}

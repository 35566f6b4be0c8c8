//! Unit tests of `output::sync_report`.

use super::*;
use serde_json::json;

#[test]
fn change_lines_read_old_to_new() {
    let c = FieldChange {
        field: "context_length",
        old: json!(8192),
        new: json!(128_000),
    };
    assert_eq!(change_line(&c), "context_length: 8192 → 128000");
    let c = FieldChange {
        field: "capabilities",
        old: json!(["chat"]),
        new: json!(["chat", "vision"]),
    };
    assert_eq!(change_line(&c), "capabilities: [chat] → [chat, vision]");
    let c = FieldChange {
        field: "max_output",
        old: Value::Null,
        new: json!(5),
    };
    assert_eq!(change_line(&c), "max_output: none → 5");
}

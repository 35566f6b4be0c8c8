//! `format = "slack"`: a short summary as Slack's incoming webhooks take it, `{"text": …}`.
//! Provider text is escaped as Slack asks (`&`, `<`, `>`), so a model name can never be read
//! as a mention or a link.

use std::fmt::Write as _;

use crate::model::Event;

/// The change lines listed under the summary; the rest are counted.
const MAX_LINES: usize = 10;

pub fn body(event: &Event) -> Vec<u8> {
    let mut text = format!("*aisync* {}", escape(&event.summary));
    for change in event.changes.iter().take(MAX_LINES) {
        text.push_str("\n• ");
        text.push_str(&escape(&change.describe()));
    }
    if event.changes.len() > MAX_LINES {
        let _ = write!(text, "\n…and {} more", event.changes.len() - MAX_LINES);
    }
    serde_json::to_vec(&serde_json::json!({ "text": text })).unwrap_or_default()
}

/// Slack's three control characters escaped, and control characters dropped.
fn escape(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ChangeKind, EventKind, LoggedChange};

    #[test]
    fn provider_text_cannot_mention_or_link() {
        let change = LoggedChange {
            seq: 3,
            at: chrono::DateTime::UNIX_EPOCH,
            run_id: "r".into(),
            kind: ChangeKind::ModelAdded,
            provider: Some("p".into()),
            model: Some("<!channel> & <https://x|y>\u{7}".into()),
            details: "{}".into(),
        };
        let event = Event {
            seq: 4,
            at: chrono::DateTime::UNIX_EPOCH,
            run_id: "r".into(),
            kind: EventKind::ModelsUpdated,
            provider: Some("p".into()),
            summary: "p: 1 model added".into(),
            changes: vec![change; 12],
        };
        let body: serde_json::Value = serde_json::from_slice(&body(&event)).unwrap();
        let text = body["text"].as_str().unwrap();
        assert!(!text.contains('<') && !text.contains('\u{7}'), "{text}");
        assert!(
            text.contains("model.added &lt;!channel&gt; &amp; &lt;https://x|y&gt;"),
            "{text}"
        );
        assert_eq!(text.lines().count(), 1 + 10 + 1, "{text}");
        assert!(text.ends_with("…and 2 more"), "{text}");
    }
}

//! Logs: tracing to stderr, the level from -v/-q, text or JSON lines (`AISYNC_LOG_FORMAT`).
//!
//! A log line quotes providers (their error messages, ids): everything written goes through
//! [`Neutral`], which makes every control and bidi character visible — `\u{1b}` in text,
//! `\u001b` in JSON — so no log line can drive the terminal. Text logs are therefore never
//! coloured: colour would need the very escapes that are refused.

use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Installs the global subscriber. -q: errors only; none: warnings; -v info; -vv debug;
/// -vvv trace (and other crates' debug logs). A `service` (`serve`) says its own info lines
/// — one per run — even without -v.
pub fn init(verbose: u8, quiet: bool, json: bool, service: bool) {
    let level = match (quiet, verbose) {
        (true, _) => LevelFilter::ERROR,
        (false, 0) => LevelFilter::WARN,
        (false, 1) => LevelFilter::INFO,
        (false, 2) => LevelFilter::DEBUG,
        (false, _) => LevelFilter::TRACE,
    };
    let others = if verbose >= 3 {
        LevelFilter::DEBUG
    } else {
        LevelFilter::WARN
    };
    let mut filter = Targets::new().with_target("aisync", level);
    if service && !quiet && verbose == 0 {
        filter = filter.with_target("aisync::serve", LevelFilter::INFO);
    }
    let filter = filter.with_default(others);
    let registry = tracing_subscriber::registry().with(filter);
    let result = if json {
        let layer = tracing_subscriber::fmt::layer()
            .json()
            .with_writer(Neutral { json: true });
        registry.with(layer).try_init()
    } else {
        let layer = tracing_subscriber::fmt::layer()
            .with_writer(Neutral { json: false })
            .with_ansi(false)
            .with_target(false);
        registry.with(layer).try_init()
    };
    // Only fails if a subscriber is already set, which leaves logging as it is.
    let _ = result;
}

/// Stderr, neutralised: what every log line is written to.
#[derive(Debug, Clone, Copy)]
struct Neutral {
    json: bool,
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Neutral {
    type Writer = Neutral;

    fn make_writer(&'a self) -> Self::Writer {
        *self
    }
}

impl std::io::Write for Neutral {
    /// The formatter hands over one whole line at a time, newline last.
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let (body, end) = match text.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (&*text, ""),
        };
        let mut line = neutralise(body, self.json);
        line.push_str(end);
        std::io::stderr().lock().write_all(line.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().lock().flush()
    }
}

/// One log line with every hostile character made visible: as a JSON escape inside a JSON
/// line (where they can only stand in strings), as the text escape otherwise.
fn neutralise(line: &str, json: bool) -> String {
    if json {
        line.chars()
            .map(|c| {
                if crate::output::is_hostile(c) {
                    format!("\\u{:04x}", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        crate::output::sanitize(line)
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn log_lines_carry_no_control_or_bidi_character() {
        let evil = "provider said: \u{1b}]0;owned\u{7}\u{9b}2J\u{202e}txt.exe\nforged line";
        let text = neutralise(evil, false);
        assert_eq!(
            text,
            "provider said: \\u{1b}]0;owned\\u{7}\\u{9b}2J\\u{202e}txt.exe\\nforged line"
        );
        let json = neutralise(
            &format!("{{\"error\":\"{evil}\"}}").replace('\n', "\\n"),
            true,
        );
        assert!(
            json.chars().all(|c| !crate::output::is_hostile(c)),
            "{json}"
        );
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(
            back["error"].as_str().unwrap().contains('\u{202e}'),
            "still the same text"
        );
    }
}

//! The only module that writes to stdout: renderers turn data into strings, one printer
//! writes them. Data goes to stdout; warnings and the final error report go to stderr.

pub mod catalogs;
pub mod changes;
pub mod cleanup;
pub mod config;
pub mod cost;
pub mod doctor;
pub mod json;
pub mod metrics;
pub mod models;
pub mod notify;
pub mod openai;
pub mod pricing;
pub mod providers;
pub mod sync_report;
pub mod table;
pub mod time;

use std::fmt::Write as _;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

/// How a command's result is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: headers, symbols, aligned columns.
    Table,
    /// One JSON document, the stable schema of the README.
    Json,
    /// Comma-separated values with a header row (`models list`; `usage import` files)
    Csv,
    /// One JSON object per line (`usage import` files)
    Jsonl,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Jsonl => "jsonl",
        }
    }
}

/// Colours for human output; every method is the identity when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub enabled: bool,
}

impl Palette {
    fn paint(self, style: Style, text: &str) -> String {
        if self.enabled {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_owned()
        }
    }

    pub fn good(self, text: &str) -> String {
        self.paint(AnsiColor::Green.on_default(), text)
    }

    pub fn bad(self, text: &str) -> String {
        self.paint(AnsiColor::Red.on_default().bold(), text)
    }

    pub fn warn(self, text: &str) -> String {
        self.paint(AnsiColor::Yellow.on_default(), text)
    }

    pub fn dim(self, text: &str) -> String {
        self.paint(Style::new().dimmed(), text)
    }

    pub fn strong(self, text: &str) -> String {
        self.paint(Style::new().bold(), text)
    }
}

/// Writes rendered output. A closed stdout (`aisync … | head`) ends output quietly.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    pub palette: Palette,
    /// Colour for stderr, decided apart from stdout's.
    pub stderr_palette: Palette,
}

// Methods rather than free functions, so that every write goes through the one printer.
#[allow(clippy::unused_self)]
impl Printer {
    /// Writes `text` to stdout. A broken pipe is not an error: the reader has what it wanted.
    pub fn out(self, text: &str) -> io::Result<()> {
        let mut stdout = io::stdout().lock();
        match stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
        {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }

    /// Streams a document to stdout through a buffer, for output too large to build first
    /// (`models list` of every model). A broken pipe ends it quietly, as [`Self::out`] does.
    pub fn out_with(
        self,
        write: impl FnOnce(&mut io::BufWriter<io::StdoutLock<'static>>) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut stdout = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
        match write(&mut stdout).and_then(|()| stdout.flush()) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }

    /// Writes `text` to stderr, ignoring failure: there is nowhere left to report it.
    pub fn err(self, text: &str) {
        let _ = io::stderr().lock().write_all(text.as_bytes());
    }

    /// The final report of an error that stopped a command: `error: …` then each cause that
    /// the message does not already quote. An error may quote provider text (a model id in
    /// "did you mean"): it is neutralised like any other.
    pub fn error(self, error: &dyn std::error::Error) {
        let p = self.stderr_palette;
        let mut text = format!("{} {}\n", p.bad("error:"), sanitize(&error.to_string()));
        let mut source = error.source();
        while let Some(cause) = source {
            let cause_text = sanitize(&cause.to_string());
            if !text.contains(&cause_text) {
                let _ = writeln!(text, "  {} {cause_text}", p.dim("caused by:"));
            }
            source = cause.source();
        }
        self.err(&text);
    }
}

/// An exact decimal as a JSON number, written digit for digit (`0.0208333333333333`), never
/// through a binary float. `None` only if the text were not a JSON number, which a decimal's
/// text always is.
pub fn exact_number(d: crate::model::Decimal) -> Option<Box<serde_json::value::RawValue>> {
    serde_json::value::RawValue::from_string(d.normalize().to_string()).ok()
}

/// Whether a character must never reach a terminal as it is: C0 and C1 controls, DEL, and
/// the bidi controls that reorder what a line seems to say (U+202A–U+202E, U+2066–U+2069).
pub fn is_hostile(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Makes provider-supplied text safe to print: every [`is_hostile`] character becomes a
/// visible escape (`\u{1b}`), so a model name cannot move the cursor, recolour the terminal or
/// turn a line around.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else if is_hostile(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests;

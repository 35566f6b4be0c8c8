//! The only module that writes to stdout: renderers turn data into strings, one printer
//! writes them. Data goes to stdout; warnings and the final error report go to stderr.

pub mod cleanup;
pub mod json;
pub mod models;
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

    /// Writes `text` to stderr, ignoring failure: there is nowhere left to report it.
    pub fn err(self, text: &str) {
        let _ = io::stderr().lock().write_all(text.as_bytes());
    }

    /// The final report of an error that stopped a command: `error: …` then each cause that
    /// the message does not already quote.
    pub fn error(self, error: &dyn std::error::Error) {
        let p = self.stderr_palette;
        let mut text = format!("{} {error}\n", p.bad("error:"));
        let mut source = error.source();
        while let Some(cause) = source {
            let cause_text = cause.to_string();
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

/// Makes provider-supplied text safe to print: control characters (ESC among them) become
/// visible escapes, so a model name cannot move the cursor or recolour the terminal.
pub fn sanitize(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;

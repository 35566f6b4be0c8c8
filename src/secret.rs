//! API keys, held in a type that never shows itself.
//!
//! `Debug` and `Display` print `(redacted)`; the key comes out only through [`Secret::expose`],
//! which the HTTP layer calls where it builds the request header. [`Secret::redact`] scrubs the
//! key out of any text a provider sends back, so an echoed key never reaches the user.

use std::fmt;

/// An API key or other credential.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

const REDACTED: &str = "(redacted)";

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The key itself, for the one place that puts it in a request header.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the key, as written, occurs in `bytes` (never for a key too short to redact).
    pub fn occurs_in(&self, bytes: &[u8]) -> bool {
        let key = self.0.as_bytes();
        key.len() >= 4 && bytes.windows(key.len()).any(|w| w == key)
    }

    /// `text` with every occurrence of the key replaced by `(redacted)`.
    pub fn redact(&self, text: &str) -> String {
        if self.0.len() < 4 {
            // Too short to be a real key, and replacing it would mangle ordinary words.
            return text.to_owned();
        }
        text.replace(&self.0, REDACTED)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

#[cfg(test)]
mod tests;

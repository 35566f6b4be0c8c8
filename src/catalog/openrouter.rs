//! An OpenRouter models list used as a catalog: the same response the OpenRouter driver reads,
//! so it is parsed by the one parser both share, `wire::openrouter`. Entries sit under provider `openrouter` with
//! OpenRouter's `author/slug` ids; matching relates them to other providers' ids.

use super::{Entry, ParseError};
use crate::wire;

pub fn parse(body: &[u8]) -> Result<Vec<Entry>, ParseError> {
    let page = wire::openrouter::parse(body).map_err(|e| ParseError(e.message))?;
    Ok(page
        .models
        .into_iter()
        .map(|model| Entry::new("openrouter".to_owned(), model.id.clone(), model))
        .collect())
}

#[cfg(test)]
mod tests;

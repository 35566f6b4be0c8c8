//! OpenRouter: `GET {base}/models` (no key needed; sent when set), following `links.next`
//! (a URL relative to the server) when the server pages.
//!
//! Each page is read by `wire::openrouter`, which the OpenRouter catalog shares: modalities,
//! limits, `supported_parameters`, an `expiration_date`, and exact USD-per-unit prices.

use std::collections::HashSet;

use super::{HttpDriver, MAX_PAGES, endless_paging};
use crate::http::Request;
use crate::model::{ErrorType, Model, ProviderError};
use crate::wire::openrouter::parse;

pub async fn fetch(d: &HttpDriver) -> Result<Vec<Model>, ProviderError> {
    let mut url = d.url("models")?;
    let mut models = Vec::new();
    let mut seen = HashSet::new();
    for _ in 0..MAX_PAGES {
        let page = parse(&d.send(Request::get(url.clone())).await?)?;
        models.extend(page.models);
        let Some(next) = page.next else {
            return Ok(models);
        };
        let joined = url.join(&next).map_err(|e| {
            ProviderError::new(
                ErrorType::InvalidResponse,
                format!("OpenRouter's links.next {next:?} is not a URL ({e})"),
            )
        })?;
        // A next page elsewhere would carry the key there: the list stays on its origin.
        if joined.origin() != url.origin() {
            return Err(ProviderError::new(
                ErrorType::InvalidResponse,
                format!(
                    "OpenRouter's links.next points to another origin, {}; not followed",
                    crate::http::origin(&joined)
                ),
            ));
        }
        url = joined;
        if !seen.insert(url.to_string()) {
            return Err(endless_paging("OpenRouter"));
        }
    }
    Err(endless_paging("OpenRouter"))
}

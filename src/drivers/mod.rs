//! Provider drivers: one file per provider. `fetch` does the I/O, `parse` is a pure function of
//! the provider's response. A driver never touches the database.

pub mod mock;

use std::time::Duration;

use crate::config::Config;
use crate::model::{Model, ProviderError};

/// A provider's driver, chosen by its id.
#[derive(Debug, Clone)]
pub enum Driver {
    Mock(mock::MockDriver),
}

impl Driver {
    /// The driver for a known provider id; `None` for an id no driver serves.
    pub fn for_provider(id: &str, config: &Config) -> Option<Self> {
        match id {
            "mock" => Some(Self::Mock(mock::MockDriver {
                settings: config.mock.clone(),
            })),
            _ => None,
        }
    }

    /// Lists every model the provider offers, following every page. All or nothing: an error
    /// on any page is an error for the whole list.
    pub async fn fetch(&self, timeout: Duration) -> Result<Vec<Model>, ProviderError> {
        match self {
            Self::Mock(d) => d.fetch(timeout).await,
        }
    }
}

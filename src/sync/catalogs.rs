//! The catalogs a run uses, in precedence order: the remote catalogs of the config file (and
//! `--catalog`), from their cached copies, then the bundled snapshot.

use crate::catalog::{self, Catalog, Format, bundled};
use crate::config::CatalogSettings;
use crate::store::{Store, StoreError};

/// Parses a cached copy; a copy that no longer parses is skipped with a warning.
pub fn parse_cached(name: &str, format: &str, body: &[u8]) -> Option<Catalog> {
    let format = Format::parse(format).or_else(|| Format::detect(body))?;
    match catalog::parse(format, name, body) {
        Ok(c) => Some(c),
        Err(e) => {
            tracing::warn!(catalog = name, error = %e, "the cached catalog does not parse; skipping it");
            None
        }
    }
}

/// The remote catalogs of a run, in precedence order: the config file's, then those given
/// with `--catalog` (a location already cached keeps its name, so its ETag is reused), then
/// any other catalog cached by an earlier `--catalog`, by name. A catalog once fetched stays
/// in use until the database forgets it.
pub fn remotes(
    store: &Store,
    configured: &[CatalogSettings],
    extra: &[String],
) -> Result<Vec<Remote>, StoreError> {
    let cached = store.cached_catalogs()?;
    let mut out: Vec<Remote> = configured
        .iter()
        .map(|c| Remote {
            settings: c.clone(),
            from_flag: false,
            explicit: false,
        })
        .collect();
    for location in extra {
        let known = cached.iter().find(|(_, url, _)| url == location);
        out.push(match known {
            Some((name, url, format)) if !out.iter().any(|r| &r.settings.name() == name) => {
                Remote {
                    settings: CatalogSettings {
                        name: Some(name.clone()),
                        url: url.clone(),
                        format: Format::parse(format).unwrap_or(Format::ModelsDev),
                    },
                    from_flag: false,
                    explicit: true,
                }
            }
            _ => Remote {
                settings: CatalogSettings {
                    name: None,
                    url: location.clone(),
                    format: Format::ModelsDev,
                },
                from_flag: true,
                explicit: true,
            },
        });
    }
    for (name, url, format) in cached {
        let taken = out
            .iter()
            .any(|r| !r.from_flag && r.settings.name() == name);
        if !taken && let Some(format) = Format::parse(&format) {
            out.push(Remote {
                settings: CatalogSettings {
                    name: Some(name),
                    url,
                    format,
                },
                from_flag: false,
                explicit: false,
            });
        }
    }
    Ok(out)
}

/// A remote catalog of a run.
#[derive(Debug, Clone)]
pub struct Remote {
    pub settings: CatalogSettings,
    /// Given with `--catalog` and never cached: its format and name come from its content.
    pub from_flag: bool,
    /// Given with `--catalog` this run: fetched whatever the age of its cached copy.
    pub explicit: bool,
}

/// Every catalog available without the network: cached remote copies in precedence order,
/// then the snapshot.
pub fn load(store: &Store, configured: &[CatalogSettings]) -> Result<Vec<Catalog>, StoreError> {
    let mut out = Vec::new();
    for r in remotes(store, configured, &[])? {
        let name = r.settings.name();
        if let Some(cached) = store.cached_catalog(&name)? {
            out.extend(parse_cached(&name, &cached.format, &cached.body));
        }
    }
    out.push(bundled::catalog());
    Ok(out)
}

/// The names of the catalogs in use, in precedence order (the snapshot last): what a model's
/// price in force is decided by.
pub fn order(store: &Store, configured: &[CatalogSettings]) -> Result<Vec<String>, StoreError> {
    let mut names: Vec<String> = remotes(store, configured, &[])?
        .into_iter()
        .map(|r| r.settings.name())
        .collect();
    names.push(bundled::NAME.to_owned());
    Ok(names)
}

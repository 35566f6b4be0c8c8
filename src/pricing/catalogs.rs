//! The catalogs a run uses, in precedence order — the remote catalogs of the config file, then
//! those of `--catalog`, then the bundled snapshot — and how a remote one is refreshed: due
//! when older than the pricing interval, fetched with its ETag, refused when it arrives empty
//! or shrunk by more than 30%, and replaced by its cached copy (or by nothing but the
//! snapshot) when it cannot be had.

use std::path::Path;

use super::PricingOptions;
use super::report::{CatalogReport, CatalogStatus};
use crate::catalog::{self, Catalog, bundled};
use crate::config::{CatalogSettings, Config};
use crate::drivers::errors;
use crate::http::{Http, Request};
use crate::model::{CatalogFormat, ChangeEntry, ChangeKind};
use crate::providers::Kind;
use crate::store::{CachedCatalog, Store, StoreError};

/// A remote catalog with fewer than this share of its last good entry count is refused.
const MIN_KEPT_PERCENT: usize = 70;

/// Parses a cached copy, or says why it no longer reads.
fn read_cached(c: &CachedCatalog) -> Result<Catalog, String> {
    let format = CatalogFormat::parse(&c.format)
        .or_else(|| catalog::detect_format(&c.body))
        .ok_or_else(|| format!("unknown format {:?}", c.format))?;
    catalog::parse(format, &c.name, &c.body).map_err(|e| e.0)
}

/// Parses a cached copy; a copy that no longer parses is skipped with a warning.
fn parse_cached(c: &CachedCatalog) -> Option<Catalog> {
    read_cached(c)
        .inspect_err(|e| {
            tracing::warn!(catalog = %c.name, error = %e, "the cached catalog does not parse; skipping it");
        })
        .ok()
}

/// The remote catalogs of a run, in precedence order: the config file's, then those given
/// with `--catalog` for this run (a location already cached keeps its name, so its ETag is
/// reused). A catalog cached by an earlier `--catalog`, or dropped from the config file, takes
/// no part: its cached copy stays until `aisync catalogs forget` drops it.
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
                        format: CatalogFormat::parse(format).unwrap_or(CatalogFormat::ModelsDev),
                    },
                    from_flag: false,
                    explicit: true,
                }
            }
            _ => Remote {
                settings: CatalogSettings {
                    name: None,
                    url: location.clone(),
                    format: CatalogFormat::ModelsDev,
                },
                from_flag: true,
                explicit: true,
            },
        });
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
            out.extend(parse_cached(&cached));
        }
    }
    out.push(bundled::catalog());
    Ok(out)
}

/// The names of the catalogs in use, in precedence order (the snapshot last): what a model's
/// price in force is decided by — the order the last sync-pricing applied, or before any,
/// the config file's.
pub fn order(store: &Store, configured: &[CatalogSettings]) -> Result<Vec<String>, StoreError> {
    if let Some(applied) = store.pricing_order()? {
        return Ok(applied);
    }
    let mut names: Vec<String> = remotes(store, configured, &[])?
        .into_iter()
        .map(|r| r.settings.name())
        .collect();
    names.push(bundled::NAME.to_owned());
    Ok(names)
}

/// One catalog as `aisync catalogs` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogView {
    pub name: String,
    pub format: String,
    /// A path, or a URL without its query.
    pub location: String,
    /// Whether the next sync-pricing uses it: named in the config file, or the snapshot.
    pub in_use: bool,
    pub fetched_at: Option<chrono::DateTime<chrono::Utc>>,
    pub etag: Option<String>,
    pub entries: Option<usize>,
    /// Until when its cached copy counts as fresh (fetched plus AI_PRICING_INTERVAL_HOURS);
    /// `None` for the snapshot and for a catalog never fetched.
    pub fresh_until: Option<chrono::DateTime<chrono::Utc>>,
}

/// The catalogs in use, in precedence order (the config file's, then the snapshot), then any
/// other cached copy (an earlier `--catalog`, or a catalog dropped from the config file), by
/// name.
pub fn views(store: &Store, config: &Config) -> Result<Vec<CatalogView>, StoreError> {
    let view = |name: String,
                format: String,
                url: &str,
                in_use: bool|
     -> Result<CatalogView, StoreError> {
        let cached = store.cached_catalog(&name)?;
        Ok(CatalogView {
            location: display_location(url),
            fetched_at: cached.as_ref().map(|c| c.fetched_at),
            etag: cached.as_ref().and_then(|c| c.etag.clone()),
            entries: cached.as_ref().map(|c| c.entries),
            fresh_until: cached
                .as_ref()
                .map(|c| c.fetched_at + config.pricing_interval),
            name,
            format,
            in_use,
        })
    };
    let mut out = Vec::new();
    for c in &config.catalogs {
        out.push(view(c.name(), c.format.as_str().to_owned(), &c.url, true)?);
    }
    let snapshot = bundled::catalog();
    out.push(CatalogView {
        name: bundled::NAME.to_owned(),
        format: CatalogFormat::ModelsDev.as_str().to_owned(),
        location: "compiled into aisync".to_owned(),
        in_use: true,
        fetched_at: chrono::NaiveDate::parse_from_str(&bundled::date(), "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc()),
        etag: None,
        entries: Some(snapshot.len()),
        fresh_until: None,
    });
    for (name, url, format) in store.cached_catalogs()? {
        if !out.iter().any(|v| v.name == name) {
            out.push(view(name, format, &url, false)?);
        }
    }
    Ok(out)
}

/// Where a catalog comes from, for people: a path, or a URL without its query.
fn display_location(location: &str) -> String {
    match reqwest::Url::parse(location) {
        Ok(mut u) if matches!(u.scheme(), "http" | "https") => {
            u.set_query(None);
            u.set_fragment(None);
            let _ = u.set_password(None);
            let _ = u.set_username("");
            u.to_string()
        }
        _ => location.to_owned(),
    }
}

/// Fetches (or reads) one catalog body: `Ok(None)` means "not modified".
async fn fetch_body(
    http: &Http,
    location: &str,
    etag: Option<&str>,
) -> Result<Option<(Vec<u8>, Option<String>)>, String> {
    let Ok(url) = reqwest::Url::parse(location).map_err(|_| ()).and_then(|u| {
        if matches!(u.scheme(), "http" | "https") {
            Ok(u)
        } else {
            Err(())
        }
    }) else {
        return std::fs::read(Path::new(location))
            .map(|b| Some((b, None)))
            .map_err(|e| format!("cannot read {location}: {e}"));
    };
    let mut req = Request::get(url);
    if let Some(tag) = etag {
        req = req.header("if-none-match", tag);
    }
    let classify =
        |reply: &crate::http::Reply| errors::classify(Kind::OpenAiCompatible, reply, None);
    let reply = http.send(&req, &classify).await.map_err(|e| e.message)?;
    if reply.status == 304 {
        return Ok(None);
    }
    let etag = reply
        .headers
        .get(reqwest::header::ETAG)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    Ok(Some((reply.body, etag)))
}

/// Refreshes one remote catalog if it is due, with the guard and the fallbacks.
#[allow(clippy::too_many_lines)] // one catalog's whole decision tree, read top to bottom
pub async fn refresh(
    store: &mut Store,
    http: &Http,
    config: &Config,
    opts: &PricingOptions,
    remote: &Remote,
    earlier: &[CatalogReport],
    run_id: &str,
) -> Result<(Option<Catalog>, CatalogReport), StoreError> {
    let settings = &remote.settings;
    let from_flag = remote.from_flag;
    let location = display_location(&settings.url);
    // A `--catalog` is named after its format once read; a configured one has its name.
    let mut name = settings.name();
    let cached = if from_flag {
        None
    } else {
        store.cached_catalog(&name)?
    };
    let mut report = CatalogReport {
        name: name.clone(),
        location: location.clone(),
        format: (!from_flag).then_some(settings.format),
        status: CatalogStatus::Fetched,
        entries: None,
        fetched_at: None,
        message: None,
        changes: Vec::new(),
        conflicts: Vec::new(),
    };
    if let Some(c) = &cached {
        let due =
            opts.force || remote.explicit || config.now - c.fetched_at >= config.pricing_interval;
        if !due {
            let catalog = fall_back(&mut report, Some(c), CatalogStatus::Fresh);
            return Ok((catalog, report));
        }
    }
    let etag = cached.as_ref().and_then(|c| c.etag.as_deref());
    let fetched = fetch_body(http, &settings.url, etag).await;
    let (body, etag) = match fetched {
        Ok(Some(got)) => got,
        Ok(None) => {
            // A 304 answers only a request that sent a cached copy's ETag.
            let Some(c) = cached.as_ref() else {
                report.status = CatalogStatus::FallbackBundled;
                report.message = Some(
                    "the server answered 304 Not Modified to a request for a fresh copy".to_owned(),
                );
                return Ok((None, report));
            };
            if !opts.dry_run {
                store.touch_catalog(&c.name, config.now)?;
            }
            let catalog = fall_back(&mut report, Some(c), CatalogStatus::NotModified);
            report.fetched_at = Some(config.now);
            return Ok((catalog, report));
        }
        Err(why) => {
            report.message = Some(why);
            let catalog = fall_back(&mut report, cached.as_ref(), CatalogStatus::FallbackCached);
            return Ok((catalog, report));
        }
    };
    let format = if from_flag {
        catalog::detect_format(&body)
    } else {
        Some(settings.format)
    };
    let Some(format) = format else {
        report.status = CatalogStatus::FallbackBundled;
        report.message = Some(
            "cannot tell the catalog's format (expected models.dev api.json, LiteLLM, OpenRouter or genai-prices JSON)"
                .to_owned(),
        );
        return Ok((None, report));
    };
    if from_flag {
        format.default_name().clone_into(&mut name);
        let cached_names: Vec<String> = store
            .cached_catalogs()?
            .into_iter()
            .map(|(n, _, _)| n)
            .collect();
        let taken = |n: &str| {
            earlier.iter().any(|r| r.name == n)
                || config.catalogs.iter().any(|c| c.name() == n)
                || cached_names.iter().any(|c| c == n)
        };
        let mut n = 2;
        while taken(&name) {
            name = format!("{}-{n}", format.default_name());
            n += 1;
        }
        report.name.clone_from(&name);
        report.format = Some(format);
    }
    let parsed = match catalog::parse(format, &name, &body) {
        Ok(c) => c,
        Err(e) => {
            report.message = Some(format!("cannot parse it as {}: {e}", format.as_str()));
            let catalog = fall_back(&mut report, cached.as_ref(), CatalogStatus::FallbackCached);
            return Ok((catalog, report));
        }
    };
    let last_good = cached.as_ref().map_or(0, |c| c.entries);
    let refusal = if parsed.is_empty() {
        Some("it arrived empty".to_owned())
    } else if last_good > 0 && parsed.len() * 100 < last_good * MIN_KEPT_PERCENT {
        Some(format!(
            "it has {} entries, more than 30% fewer than the last good fetch ({last_good})",
            parsed.len()
        ))
    } else {
        None
    };
    if let Some(why) = refusal {
        report.message = Some(format!("refused: {why}; keeping the cached copy"));
        let catalog = fall_back(&mut report, cached.as_ref(), CatalogStatus::Refused);
        report.status = CatalogStatus::Refused;
        return Ok((catalog, report));
    }
    report.entries = Some(parsed.len());
    report.fetched_at = Some(config.now);
    // The same bytes read the same way change nothing: they are not parsed a second time.
    let same = cached
        .as_ref()
        .is_some_and(|c| c.body == body && c.format == format.as_str());
    if !same && let Some(previous) = cached.as_ref().and_then(parse_cached) {
        report.changes = catalog::changes(&previous, &parsed);
    }
    if !opts.dry_run {
        // A body that changed is a change of the catalog, logged with the copy it replaces.
        let refreshed = (!same).then(|| ChangeEntry {
            kind: ChangeKind::CatalogRefreshed,
            provider: None,
            model: None,
            details: serde_json::json!({
                "catalog": name,
                "entries": parsed.len(),
                "previous_entries": cached.as_ref().map(|c| c.entries),
                "changes": report.changes.len(),
            })
            .to_string(),
        });
        store.save_catalog(
            &CachedCatalog {
                name: name.clone(),
                url: settings.url.clone(),
                format: format.as_str().to_owned(),
                fetched_at: config.now,
                etag,
                body,
                entries: parsed.len(),
            },
            refreshed.as_ref().map(|e| (run_id, e)),
        )?;
    }
    Ok((Some(parsed), report))
}

/// Uses the cached copy, if any, with `status`; with none, or one that no longer reads, only
/// the snapshot stands in, and the report says which.
fn fall_back(
    report: &mut CatalogReport,
    cached: Option<&CachedCatalog>,
    status: CatalogStatus,
) -> Option<Catalog> {
    let Some(c) = cached else {
        report.status = CatalogStatus::FallbackBundled;
        return None;
    };
    match read_cached(c) {
        Ok(catalog) => {
            report.status = status;
            report.entries = Some(c.entries);
            report.fetched_at = Some(c.fetched_at);
            Some(catalog)
        }
        Err(why) => {
            report.status = CatalogStatus::CacheUnreadable;
            report.fetched_at = Some(c.fetched_at);
            let before = report
                .message
                .take()
                .map(|m| format!("{m}; "))
                .unwrap_or_default();
            report.message = Some(format!("{before}the cached copy is unreadable: {why}"));
            None
        }
    }
}

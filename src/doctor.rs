//! `aisync doctor`: what a first run needs, checked one by one — the config parses, the
//! database can be written, its schema, which providers have keys, and (over the network)
//! whether each provider that takes part answers at its base URL.

use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use crate::config::database::Database;
use crate::config::{Config, ConfigError};
use crate::http::{Http, HttpSettings, MAX_RESPONSE_BYTES, Reply, Request};
use crate::model::{ErrorType, ProviderError};
use crate::providers::Kind;
use crate::store::Store;
use crate::sync::discovery::{self, Candidate};

/// One check: what was looked at, whether it passed, and how to fix it when not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: String,
    pub ok: bool,
    pub detail: String,
    pub fix: Option<String>,
}

impl Check {
    fn pass(name: &str, detail: impl Into<String>) -> Self {
        Self {
            name: name.to_owned(),
            ok: true,
            detail: detail.into(),
            fix: None,
        }
    }

    fn fail(name: &str, detail: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            name: name.to_owned(),
            ok: false,
            detail: detail.into(),
            fix: Some(fix.into()),
        }
    }
}

/// The configuration could not be resolved: the one check there is.
pub fn config_failed(e: &ConfigError) -> Check {
    Check::fail(
        "config",
        e.to_string(),
        "correct what the message names (aisync config path shows which files are read)",
    )
}

/// The checks that need no network.
pub fn local(config: &Config) -> Vec<Check> {
    let mut out = vec![match &config.file {
        Some(p) => Check::pass("config", format!("{} parses", p.display())),
        None => Check::pass(
            "config",
            match &config.file_looked_at {
                Some(p) => format!("no config file at {}: the defaults apply", p.display()),
                None => "no config file: the defaults apply".to_owned(),
            },
        ),
    }];
    out.push(match &config.database {
        Database::Sqlite(path) => writable(path),
        Database::Postgres(_) => answers(&config.database),
    });
    out.push(schema(&config.database));
    out.push(keys(config));
    out
}

/// Whether the database (or the folder it will be created in) can be written.
fn writable(db: &Path) -> Check {
    let fix = "pass --database PATH or set AISYNC_DATABASE to a place you can write";
    if db.exists() {
        return match std::fs::OpenOptions::new().write(true).open(db) {
            Ok(_) => Check::pass("database", format!("{} is writable", db.display())),
            Err(e) => Check::fail(
                "database",
                format!("cannot write {}: {e}", db.display()),
                fix,
            ),
        };
    }
    // The nearest folder that exists is where the first run creates the rest.
    let Some(dir) = db.ancestors().skip(1).find(|d| d.is_dir()) else {
        return Check::fail(
            "database",
            format!("no folder of {} exists", db.display()),
            fix,
        );
    };
    let probe = dir.join(format!(".aisync-doctor-{}", std::process::id()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Check::pass(
                "database",
                format!(
                    "{} does not exist yet; {} is writable, so the first sync creates it",
                    db.display(),
                    dir.display()
                ),
            )
        }
        Err(e) => Check::fail(
            "database",
            format!(
                "{} does not exist and {} cannot be written: {e}",
                db.display(),
                dir.display()
            ),
            fix,
        ),
    }
}

/// Whether the PostgreSQL server answers and takes the credentials.
fn answers(db: &Database) -> Check {
    match Store::stored_schema(db) {
        Ok(_) => Check::pass("database", format!("{db} answers")),
        Err(e) => Check::fail(
            "database",
            e.to_string(),
            "fix the URL in --database or AISYNC_DATABASE, or start the server",
        ),
    }
}

fn schema(db: &Database) -> Check {
    let latest = Store::latest_schema_of(db);
    match Store::stored_schema(db) {
        Ok(None) => Check::pass(
            "schema",
            format!("no database yet; the first sync creates schema {latest}"),
        ),
        Ok(Some(v)) if v == latest => Check::pass("schema", format!("version {v}, up to date")),
        Ok(Some(v)) if v < latest => Check::pass(
            "schema",
            format!("version {v}; the next write migrates it to {latest} (reads migrate a copy)"),
        ),
        Ok(Some(v)) => Check::fail(
            "schema",
            format!("version {v}, written by a newer aisync (this one knows {latest})"),
            "upgrade aisync, or point --database at another file",
        ),
        // Unreachable: the database check says so and how to fix it.
        Err(crate::store::StoreError::Connect { server, .. }) => Check::fail(
            "schema",
            format!("not read: the server at {server} did not answer"),
            "fix the database check first",
        ),
        Err(e) => Check::fail(
            "schema",
            e.to_string(),
            "see the message; a copy from a backup may be needed",
        ),
    }
}

fn keys(config: &Config) -> Check {
    let taking = taking_part(config);
    let with_key: Vec<&str> = config
        .providers
        .iter()
        .filter(|p| p.api_key.is_some())
        .map(|p| p.id.as_str())
        .collect();
    let detail = format!(
        "{} take part ({}); keys found for {}",
        taking.len(),
        taking.join(", "),
        if with_key.is_empty() {
            "none".to_owned()
        } else {
            with_key.join(", ")
        }
    );
    if taking.is_empty() {
        Check::fail(
            "providers",
            "no provider takes part: none has a key",
            "set a provider's key (OPENAI_API_KEY, ANTHROPIC_API_KEY …; see aisync providers), or try the offline demo: aisync sync-models --provider mock",
        )
    } else {
        Check::pass("providers", detail)
    }
}

/// The providers a plain `sync-models` would take.
fn taking_part(config: &Config) -> Vec<&str> {
    discovery::discover(config, &[])
        .map(|c| {
            c.into_iter()
                .filter_map(|c| match c {
                    Candidate::Takes(p) => config
                        .providers
                        .iter()
                        .find(|s| s.id == p)
                        .map(|s| s.id.as_str()),
                    Candidate::Skipped(..) => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Whether each provider that takes part answers at its base URL within the timeout: any HTTP
/// answer counts (a 401 or 404 without a key is an answer); no key is sent.
pub async fn reachable(config: &Config) -> Vec<Check> {
    let Ok(http) = Http::new(HttpSettings {
        timeout: config.timeout,
        attempts: 1,
        now: config.now,
        skip_retry_sleep: true,
        max_body: MAX_RESPONSE_BYTES,
    }) else {
        return vec![Check::fail(
            "network",
            "cannot set up the HTTP client",
            "see aisync -vv doctor",
        )];
    };
    let mut out = Vec::new();
    for id in taking_part(config) {
        let Some(p) = config.providers.iter().find(|p| p.id.as_str() == id) else {
            continue;
        };
        let name = format!("network {id}");
        if p.kind == Kind::Mock {
            out.push(Check::pass(&name, "built in: nothing to reach"));
            continue;
        }
        let Ok(url) = reqwest::Url::parse(&p.base_url) else {
            out.push(Check::fail(
                &name,
                format!("base URL {:?} is not a URL", p.base_url),
                "fix its base_url or *_BASE_URL",
            ));
            continue;
        };
        let answered: Mutex<Option<u16>> = Mutex::new(None);
        let started = Instant::now();
        let result = http
            .send(&Request::get(url.clone()), &|reply: &Reply| {
                if let Ok(mut a) = answered.lock() {
                    *a = Some(reply.status.as_u16());
                }
                ProviderError::new(ErrorType::InvalidResponse, "answered")
            })
            .await;
        let ms = started.elapsed().as_millis();
        let status = answered.lock().ok().and_then(|a| *a);
        let at = crate::http::origin(&url);
        out.push(match (result, status) {
            (Ok(reply), _) => Check::pass(&name, format!("{at} answered HTTP {} in {ms} ms", reply.status.as_u16())),
            (Err(_), Some(status)) => Check::pass(&name, format!("{at} answered HTTP {status} in {ms} ms")),
            (Err(e), None) => Check::fail(
                &name,
                format!("{} ({})", e.message, e.error_type.as_str()),
                match e.error_type {
                    ErrorType::Timeout => "raise --timeout, or check the network and any proxy (HTTPS_PROXY)",
                    _ => "check the network, any proxy (HTTPS_PROXY), and the provider's base URL (aisync config show)",
                },
            ),
        });
    }
    out
}

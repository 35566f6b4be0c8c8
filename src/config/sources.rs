//! Where each setting's value came from — a flag, the environment, `.env`, a line of the config
//! file, or the built-in default — recorded as `resolve` decides each one, for `config show`.

use std::collections::BTreeMap;

use crate::env::Env;

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Flag(&'static str),
    /// An environment variable; `dotenv`: it was read from `.env`.
    Env {
        var: String,
        dotenv: bool,
    },
    /// The config file, at this line.
    File {
        line: usize,
    },
    Default,
}

impl Origin {
    /// `var` as `env` holds it: the process environment or `.env`.
    pub fn env(env: &Env, var: &str) -> Self {
        Self::Env {
            var: var.to_owned(),
            dotenv: env.is_from_dotenv(var),
        }
    }
}

/// One effective setting: its name as the config file's key (`sync.interval_hours`,
/// `providers.openai.base_url`), its value (a key only as present or absent), its origin.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    pub name: String,
    pub value: serde_json::Value,
    pub origin: Origin,
}

/// The keys the config file sets, dotted (`sync.interval_hours`; an array of tables by its
/// name, `notify`), each with its 1-based line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileKeys(BTreeMap<String, usize>);

impl FileKeys {
    /// The keys of `root`, the parsed `text`; two levels deep, which is as deep as settings go
    /// (`providers.NAME.key` is three: its tables are walked once more).
    pub fn of(root: &toml::de::DeTable<'_>, text: &str) -> Self {
        let mut keys = BTreeMap::new();
        // Where each line after the first starts: a key's line is found by its offset, once.
        let starts: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes())
            .map(|i| i + 1)
            .collect();
        let line = |offset: usize| starts.partition_point(|&start| start <= offset) + 1;
        walk(root, "", &line, &mut keys, 3);
        Self(keys)
    }

    pub fn line(&self, key: &str) -> Option<usize> {
        self.0.get(key).copied()
    }

    /// `file` when the file sets `key`, else the default.
    pub fn origin(&self, key: &str) -> Origin {
        self.line(key)
            .map_or(Origin::Default, |line| Origin::File { line })
    }
}

fn walk(
    table: &toml::de::DeTable<'_>,
    prefix: &str,
    line: &dyn Fn(usize) -> usize,
    out: &mut BTreeMap<String, usize>,
    depth: usize,
) {
    for (k, v) in table {
        let name = if prefix.is_empty() {
            k.get_ref().to_string()
        } else {
            format!("{prefix}.{}", k.get_ref())
        };
        out.insert(name.clone(), line(k.span().start));
        if depth > 1
            && let toml::de::DeValue::Table(inner) = v.get_ref()
        {
            walk(inner, &name, line, out, depth - 1);
        }
    }
}

/// The value of a layered setting and its origin: the flag, else the variable, else the
/// file's value (which is the default when the file does not set `key`).
pub fn layered<T>(
    flag: Option<(&'static str, T)>,
    var: Option<(&'static str, T)>,
    file: T,
    key: &str,
    keys: &FileKeys,
    env: &Env,
) -> (T, Origin) {
    match (flag, var) {
        (Some((name, v)), _) => (v, Origin::Flag(name)),
        (None, Some((name, v))) => (v, Origin::env(env, name)),
        (None, None) => (file, keys.origin(key)),
    }
}

/// The lists of the file — `[[catalogs]]`, `[[overrides]]`, `[[notify]]` — by name.
pub fn lists(out: &mut Vec<Setting>, file: &super::FileConfig, keys: &FileKeys) {
    let names = [
        (
            "catalogs",
            file.catalogs
                .iter()
                .map(super::CatalogSettings::name)
                .collect::<Vec<_>>(),
        ),
        (
            "overrides",
            file.overrides
                .iter()
                .map(|o| format!("{}/{}", o.provider, o.model))
                .collect(),
        ),
        (
            "notify",
            file.notify.iter().map(|n| n.name.clone()).collect(),
        ),
    ];
    for (key, list) in names {
        out.push(Setting {
            name: key.to_owned(),
            value: serde_json::json!(list),
            origin: keys.origin(key),
        });
    }
}

/// Each provider's base URL, whether it has its key (never the key), and `enabled` when set.
pub fn providers(out: &mut Vec<Setting>, providers: &[super::ProviderConfig], keys: &FileKeys) {
    for p in providers {
        let id = p.id.as_str();
        out.push(Setting {
            name: format!("providers.{id}.base_url"),
            value: serde_json::json!(p.base_url),
            origin: p.base_url_origin.clone(),
        });
        out.push(Setting {
            name: format!("providers.{id}.api_key"),
            value: serde_json::json!(match p.credentials {
                crate::providers::Credentials::Present => "present",
                crate::providers::Credentials::NotNeeded => "not needed",
                crate::providers::Credentials::Missing => "absent",
            }),
            origin: p.key_origin.clone().unwrap_or(Origin::Default),
        });
        if let Some(enabled) = p.enabled {
            let key = format!("providers.{id}.enabled");
            out.push(Setting {
                origin: keys.origin(&key),
                name: key,
                value: serde_json::json!(enabled),
            });
        }
    }
}

impl Origin {
    /// For people and `config show --format json`: `flag --timeout`, `env AI_SYNC_TIMEOUT`,
    /// `.env AI_SYNC_TIMEOUT`, `/etc/aisync.toml:12`, `default`.
    pub fn describe(&self, file: Option<&std::path::Path>) -> String {
        match self {
            Self::Flag(flag) => format!("flag {flag}"),
            Self::Env { var, dotenv: false } => format!("env {var}"),
            Self::Env { var, dotenv: true } => format!(".env {var}"),
            Self::File { line } => format!(
                "{}:{line}",
                file.map_or_else(|| "config file".to_owned(), |f| f.display().to_string())
            ),
            Self::Default => "default".to_owned(),
        }
    }
}

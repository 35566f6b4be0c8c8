//! `[[notify]]`: the sinks events are delivered to, checked whole when the file is read, and
//! resolved (a webhook's secret read from its variable) with the rest of the configuration.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize};

use super::bounds;
use crate::env::Env;
use crate::model::EventKind;
use crate::secret::Secret;

/// How long one delivery may take unless a sink says otherwise.
pub const DEFAULT_TIMEOUT_SECONDS: u64 = 10;

/// A `[[notify]]` entry as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifySettings {
    /// Unique; how `notify --status` and `--test` refer to it.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: SinkKind,
    /// webhook: where events are POSTed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// webhook: the variable that holds the HMAC key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_env: Option<String>,
    /// webhook: `json` (the event itself, the default) or `slack`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<WebhookFormat>,
    /// command: the program and its arguments (no shell).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<String>>,
    /// jsonl: the file appended to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// The event kinds delivered; all when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<String>>,
    /// The providers whose events are delivered; all when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub providers: Option<Vec<String>>,
    /// How long one delivery may take, in seconds (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<u64>,
    /// A new sink is given every stored event, not only those from now on.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub backfill: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SinkKind {
    Webhook,
    Command,
    Jsonl,
}

impl SinkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Webhook => "webhook",
            Self::Command => "command",
            Self::Jsonl => "jsonl",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WebhookFormat {
    Json,
    Slack,
}

/// A sink as a run uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sink {
    pub name: String,
    pub target: Target,
    /// Empty: every kind.
    pub events: Vec<EventKind>,
    /// Empty: every provider.
    pub providers: Vec<String>,
    pub timeout: Duration,
    pub backfill: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Webhook {
        url: reqwest::Url,
        slack: bool,
        /// The variable named by `secret_env`, and its value when it is set.
        secret: Option<(String, Option<Secret>)>,
    },
    Command {
        argv: Vec<String>,
    },
    Jsonl {
        path: PathBuf,
    },
}

impl Sink {
    pub fn kind(&self) -> SinkKind {
        match self.target {
            Target::Webhook { .. } => SinkKind::Webhook,
            Target::Command { .. } => SinkKind::Command,
            Target::Jsonl { .. } => SinkKind::Jsonl,
        }
    }

    /// Whether an event of `kind` about `provider` goes to this sink (the test event always
    /// does).
    pub fn takes(&self, kind: EventKind, provider: Option<&str>) -> bool {
        kind == EventKind::Test
            || ((self.events.is_empty() || self.events.contains(&kind))
                && (self.providers.is_empty()
                    || provider.is_some_and(|p| self.providers.iter().any(|s| s == p))))
    }

    /// Where it delivers, for people: a webhook's origin only (its path and query may hold a
    /// token), a command's program, a file's path.
    pub fn describe(&self) -> String {
        match &self.target {
            Target::Webhook { url, .. } => format!("{}/…", url.origin().ascii_serialization()),
            Target::Command { argv } => argv.first().cloned().unwrap_or_default(),
            Target::Jsonl { path } => path.display().to_string(),
        }
    }
}

/// Checks every entry whole as the file is read: unique names, what each type needs and
/// nothing it does not, known event kinds, URLs that are URLs.
pub fn checked<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NotifySettings>, D::Error> {
    use serde::de::Error as _;
    let list = Vec::<NotifySettings>::deserialize(d)?;
    let mut seen = std::collections::BTreeSet::new();
    for n in &list {
        check(n).map_err(D::Error::custom)?;
        if !seen.insert(n.name.as_str()) {
            return Err(D::Error::custom(format!(
                "[[notify]] name \"{}\" is used twice; give each sink a distinct name",
                n.name
            )));
        }
    }
    Ok(list)
}

fn check(n: &NotifySettings) -> Result<(), String> {
    let name = &n.name;
    let valid_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid_name {
        return Err(format!(
            "[[notify]] name \"{name}\" must be letters, digits, -, _ or ."
        ));
    }
    let kind = n.kind.as_str();
    let given = [
        ("url", n.url.is_some(), SinkKind::Webhook),
        ("secret_env", n.secret_env.is_some(), SinkKind::Webhook),
        ("format", n.format.is_some(), SinkKind::Webhook),
        ("command", n.command.is_some(), SinkKind::Command),
        ("path", n.path.is_some(), SinkKind::Jsonl),
    ];
    for (key, set, of) in given {
        if set && of != n.kind {
            return Err(format!(
                "[[notify]] \"{name}\" is a {kind} sink; `{key}` is for {} sinks",
                of.as_str()
            ));
        }
    }
    match n.kind {
        SinkKind::Webhook => {
            let url = n.url.as_deref().ok_or_else(|| {
                format!("[[notify]] \"{name}\" is a webhook: give it url = \"https://…\"")
            })?;
            match reqwest::Url::parse(url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {}
                // The URL is not repeated: it may hold a token.
                _ => {
                    return Err(format!(
                        "[[notify]] \"{name}\": url is not an http:// or https:// URL"
                    ));
                }
            }
            if let Some(var) = &n.secret_env
                && (var.is_empty() || var.contains(['=', '\0']))
            {
                return Err(format!(
                    "[[notify]] \"{name}\": secret_env must name an environment variable"
                ));
            }
        }
        SinkKind::Command => {
            if n.command
                .as_ref()
                .is_none_or(|c| c.first().is_none_or(String::is_empty))
            {
                return Err(format!(
                    "[[notify]] \"{name}\" is a command: give it command = [\"/path/to/program\", \"arg\"]"
                ));
            }
        }
        SinkKind::Jsonl => {
            if n.path.as_ref().is_none_or(|p| p.as_os_str().is_empty()) {
                return Err(format!(
                    "[[notify]] \"{name}\" is a jsonl sink: give it path = \"/var/log/aisync/events.jsonl\""
                ));
            }
        }
    }
    for e in n.events.iter().flatten() {
        if EventKind::parse(e).is_none() {
            let known: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
            return Err(format!(
                "[[notify]] \"{name}\": unknown event \"{e}\" (expected one of {})",
                known.join(", ")
            ));
        }
    }
    if let Some(t) = n.timeout_seconds
        && bounds::TIMEOUT_SECONDS.parse(&t.to_string()).is_err()
    {
        return Err(format!(
            "[[notify]] \"{name}\": timeout_seconds must be {}",
            bounds::TIMEOUT_SECONDS.expected
        ));
    }
    Ok(())
}

/// The sinks as a run uses them. `dir` is the config file's directory, which a relative
/// `path` is read against; `known` checks the `providers` filter.
pub fn resolve(
    list: &[NotifySettings],
    env: &Env,
    dir: Option<&Path>,
    known: &dyn Fn(&str) -> bool,
) -> Result<Vec<Sink>, String> {
    let mut out = Vec::with_capacity(list.len());
    for n in list {
        let providers = n.providers.clone().unwrap_or_default();
        if let Some(p) = providers.iter().find(|p| !known(p)) {
            return Err(format!(
                "[[notify]] \"{}\": unknown provider \"{p}\" in providers",
                n.name
            ));
        }
        let target = match n.kind {
            SinkKind::Webhook => Target::Webhook {
                url: n
                    .url
                    .as_deref()
                    .and_then(|u| reqwest::Url::parse(u).ok())
                    .ok_or_else(|| format!("[[notify]] \"{}\": url is not a URL", n.name))?,
                slack: n.format == Some(WebhookFormat::Slack),
                secret: n.secret_env.as_ref().map(|var| {
                    let value = env.get(var).filter(|v| !v.is_empty()).map(Secret::new);
                    (var.clone(), value)
                }),
            },
            SinkKind::Command => Target::Command {
                argv: n.command.clone().unwrap_or_default(),
            },
            SinkKind::Jsonl => {
                let path = n.path.clone().unwrap_or_default();
                Target::Jsonl {
                    path: match dir {
                        Some(dir) if path.is_relative() => dir.join(path),
                        _ => path,
                    },
                }
            }
        };
        out.push(Sink {
            name: n.name.clone(),
            target,
            events: n
                .events
                .iter()
                .flatten()
                .filter_map(|e| EventKind::parse(e))
                .collect(),
            providers,
            timeout: Duration::from_secs(n.timeout_seconds.unwrap_or(DEFAULT_TIMEOUT_SECONDS)),
            backfill: n.backfill,
        });
    }
    Ok(out)
}

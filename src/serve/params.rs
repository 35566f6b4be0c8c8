//! Query strings, read into the very argument structs of the CLI commands, so `/v1/models?…`
//! takes what `models list` takes, checked by the same parsers. A parameter is the flag's long
//! name in snake_case (`max_price` for `--max-price`); a switch takes `true` or `false`; a
//! repeatable flag repeats (`capability=vision&capability=reasoning`). Anything else is a 400
//! that names the parameter and what it takes.

use clap::{ArgAction, Args, Command, FromArgMatches};

/// A query a handler cannot answer: what is wrong, in one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadQuery(pub String);

/// The query's pairs, decoded, in order.
pub fn pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// Takes the values of `name` out of `pairs`.
pub fn take(pairs: &mut Vec<(String, String)>, name: &str) -> Vec<String> {
    let mut taken = Vec::new();
    pairs.retain(|(k, v)| {
        if k == name {
            taken.push(v.clone());
            false
        } else {
            true
        }
    });
    taken
}

/// Takes the one value of `name`, refusing it twice.
pub fn take_one(pairs: &mut Vec<(String, String)>, name: &str) -> Result<Option<String>, BadQuery> {
    let mut values = take(pairs, name);
    if values.len() > 1 {
        return Err(BadQuery(format!(
            "{name} is given {} times; give it once",
            values.len()
        )));
    }
    Ok(values.pop())
}

/// Parses `positionals` and `pairs` as the command-line arguments of `T`.
pub fn parse<T: Args + FromArgMatches>(
    positionals: &[String],
    pairs: &[(String, String)],
) -> Result<T, BadQuery> {
    let command = T::augment_args(Command::new("query"))
        .no_binary_name(true)
        .disable_help_flag(true);
    let known: Vec<(String, clap::Arg)> = command
        .get_arguments()
        .filter_map(|a| Some((a.get_long()?.replace('-', "_"), a.clone())))
        .collect();
    let mut argv: Vec<String> = Vec::new();
    for (key, value) in pairs {
        let name = key.replace('-', "_");
        let Some((_, arg)) = known.iter().find(|(n, _)| *n == name) else {
            let all: Vec<&str> = known.iter().map(|(n, _)| n.as_str()).collect();
            return Err(BadQuery(format!(
                "unknown parameter {key:?}; this endpoint takes: {}",
                all.join(", ")
            )));
        };
        let long = arg.get_long().unwrap_or_default();
        if matches!(arg.get_action(), ArgAction::SetTrue) {
            match value.trim().to_ascii_lowercase().as_str() {
                "" | "true" | "1" => argv.push(format!("--{long}")),
                "false" | "0" => {}
                _ => {
                    return Err(BadQuery(format!(
                        "{name}={value:?}: expected true or false"
                    )));
                }
            }
        } else {
            argv.push(format!("--{long}={value}"));
        }
    }
    // After `--`, so an id that starts with a dash is an id.
    if !positionals.is_empty() {
        argv.push("--".to_owned());
        argv.extend(positionals.iter().cloned());
    }
    let matches = command
        .try_get_matches_from(&argv)
        .map_err(|e| BadQuery(clap_message(&e, &known)))?;
    T::from_arg_matches(&matches).map_err(|e| BadQuery(clap_message(&e, &known)))
}

/// clap's first line, with each flag named as the parameter it came from.
fn clap_message(e: &clap::Error, known: &[(String, clap::Arg)]) -> String {
    let rendered = e.render().to_string();
    let mut line = rendered
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_owned();
    for (name, arg) in known {
        let long = arg.get_long().unwrap_or_default();
        let shown = match arg.get_value_names() {
            Some(v) if !v.is_empty() && !matches!(arg.get_action(), ArgAction::SetTrue) => {
                format!("--{long} <{}>", v[0])
            }
            _ => format!("--{long}"),
        };
        line = line.replace(&format!("'{shown}'"), &format!("'{name}'"));
    }
    line
}

#[cfg(test)]
mod tests;

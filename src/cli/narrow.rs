//! The command line parsed with only the subcommand asked for. clap's derive builds the whole
//! tree — every command, every flag, every help text — before it reads a word, and that is a
//! tenth of what a `models info` costs. When the line names a known subcommand and asks for
//! no help or version, a tree of that one subcommand (and the global options) parses it to the
//! same `Cli`; anything else — help, `--version`, an unknown command, an error — goes through
//! the whole tree, so every message is the whole tree's own.

use std::ffi::OsString;

use clap::{Args, Command, FromArgMatches};

use super::{Cli, GlobalArgs};
use crate::commands;

/// How a subcommand's arguments are added to its `Command`.
type Augment = fn(Command) -> Command;

/// Each subcommand's name and how its arguments are built, as the derive names them.
const SUBCOMMANDS: &[(&str, Augment)] = &[
    (
        "sync-models",
        commands::sync_models::SyncModelsArgs::augment_args,
    ),
    (
        "sync-pricing",
        commands::sync_pricing::SyncPricingArgs::augment_args,
    ),
    ("models", commands::models::ModelsArgs::augment_args),
    (
        "providers",
        commands::providers::ProvidersArgs::augment_args,
    ),
    ("usage", commands::usage::UsageArgs::augment_args),
    ("cost", commands::cost::CostArgs::augment_args),
    ("catalogs", commands::catalogs::CatalogsArgs::augment_args),
    ("changes", commands::changes::ChangesArgs::augment_args),
    ("notify", commands::notify::NotifyArgs::augment_args),
    ("config", commands::configuration::ConfigArgs::augment_args),
    ("doctor", commands::doctor::DoctorArgs::augment_args),
    ("serve", commands::serve::ServeArgs::augment_args),
    ("export", commands::transfer::ExportArgs::augment_args),
    ("import", commands::transfer::ImportArgs::augment_args),
    (
        "completions",
        commands::completions::CompletionsArgs::augment_args,
    ),
    ("man", commands::man::ManArgs::augment_args),
];

/// The global options that take a value as the next word.
const GLOBAL_VALUES: &[&str] = &["--config", "--database", "--format", "--color"];

/// `args` parsed by a tree of the one subcommand they name, when they name one and ask for no
/// help or version; `None` otherwise, and on any error (the whole tree says it).
pub fn parse(args: &[OsString]) -> Option<Cli> {
    let mut words = args.iter().skip(1).map(|a| a.to_str());
    let name = loop {
        let word = words.next()??;
        if GLOBAL_VALUES.contains(&word) {
            words.next()?;
        } else if !word.starts_with('-') {
            break word;
        } else if word == "--" {
            return None;
        }
    };
    let asks_for_help = args.iter().skip(1).any(|a| {
        matches!(
            a.to_str(),
            Some("-h" | "--help" | "-V" | "--version" | "help") | None
        )
    });
    if asks_for_help {
        return None;
    }
    let (name, augment) = SUBCOMMANDS.iter().find(|(n, _)| *n == name)?;
    let tree = GlobalArgs::augment_args(Command::new("aisync"))
        .subcommand(augment(Command::new(*name)))
        .disable_help_flag(true)
        .disable_help_subcommand(true);
    let matches = tree.try_get_matches_from(args).ok()?;
    Cli::from_arg_matches(&matches).ok()
}

/// Every subcommand name the narrow tree knows, for the test that keeps it whole.
#[cfg(test)]
pub fn names() -> Vec<&'static str> {
    SUBCOMMANDS.iter().map(|(n, _)| *n).collect()
}

//! Unit tests of `cli`.

use super::*;
use clap::CommandFactory;

#[test]
fn cli_is_well_formed() {
    Cli::command().debug_assert();
}

/// The `--provider` names of a command line, as the command receives them.
fn names_of(args: &[&str]) -> Vec<String> {
    let cli = Cli::try_parse_from(args).unwrap();
    let values = match &cli.command {
        Command::SyncModels(a) => &a.providers,
        Command::SyncPricing(a) => &a.providers,
        Command::Models(m) => match &m.command {
            crate::commands::models::ModelsCommand::List(a) => &a.providers,
            crate::commands::models::ModelsCommand::Cleanup(a) => &a.providers,
            crate::commands::models::ModelsCommand::Info(_) => unreachable!("no --provider"),
        },
        Command::Cost(a) => &a.providers,
        Command::Changes(a) => &a.providers,
        Command::Providers(_)
        | Command::Usage(_)
        | Command::Catalogs(_)
        | Command::Notify(_)
        | Command::Serve(_)
        | Command::Completions(_)
        | Command::Man(_)
        | Command::Config(_)
        | Command::Doctor(_) => {
            unreachable!("no --provider")
        }
    };
    provider_names(values)
}

#[test]
fn provider_values_split_on_commas_and_repeat() {
    let line = [
        "aisync",
        "sync-models",
        "-p",
        "mock, openai",
        "-p",
        "MOCK",
        "--provider",
        "gemini",
    ];
    assert_eq!(names_of(&line), ["mock", "openai", "gemini"]);
    for command in [
        &["sync-pricing"][..],
        &["models", "list"],
        &["models", "cleanup"],
    ] {
        let mut line = vec!["aisync"];
        line.extend_from_slice(command);
        line.extend(["-p", "Groq,,", "-p", " xai ,groq"]);
        assert_eq!(names_of(&line), ["groq", "xai"], "{command:?}");
    }
    assert!(
        names_of(&["aisync", "sync-models", "-p", ""]).is_empty(),
        "an empty value names nothing: every provider"
    );
    assert!(names_of(&["aisync", "sync-models"]).is_empty());
}

#[test]
fn every_command_shows_its_own_options_before_the_global_ones() {
    let mut cli = Cli::command();
    // Global options reach the subcommands when the tree is built, as for a real run.
    cli.build();
    for path in [&["models", "list"][..], &["sync-models"], &["cost"]] {
        let mut cmd = &mut cli;
        for name in path {
            cmd = cmd.find_subcommand_mut(name).unwrap();
        }
        let help = cmd.render_long_help().to_string();
        let global = help
            .find("Global options:")
            .unwrap_or_else(|| panic!("{path:?}: {help}"));
        let database = help.find("--database").unwrap();
        assert!(
            database > global,
            "{path:?}: --database sits among the global options"
        );
        let own = if *path == ["cost"] {
            "--input"
        } else {
            "--provider"
        };
        assert!(
            help.find(own).unwrap() < global,
            "{path:?}: {own} before them"
        );
    }
}

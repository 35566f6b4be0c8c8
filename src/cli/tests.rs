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
        | Command::Export(_)
        | Command::Import(_)
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

#[test]
fn the_narrow_tree_knows_every_subcommand_of_the_whole_one() {
    let whole: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    assert_eq!(narrow::names(), whole);
}

#[test]
// A table of command lines, one a line.
#[allow(clippy::too_many_lines)]
fn a_line_parses_to_the_same_cli_through_the_narrow_tree_as_through_the_whole() {
    let lines: &[&[&str]] = &[
        &["sync-models"],
        &[
            "-q",
            "sync-models",
            "-p",
            "openai,gemini",
            "--force",
            "--wait",
            "5",
        ],
        &[
            "--config",
            "c.toml",
            "--database",
            "x.db",
            "sync-models",
            "--dry-run",
            "--exit-code",
        ],
        &[
            "sync-models",
            "--metrics-file",
            "m.prom",
            "--timeout",
            "9",
            "-vv",
        ],
        &[
            "sync-pricing",
            "--catalog",
            "a.json",
            "--catalog",
            "b.json",
            "--accept-changes",
        ],
        &[
            "--format",
            "json",
            "models",
            "list",
            "--type",
            "chat",
            "--capability",
            "vision",
        ],
        &[
            "models",
            "list",
            "--sort",
            "price",
            "--reverse",
            "--limit",
            "3",
            "--max-price",
            "2",
        ],
        &[
            "models",
            "info",
            "gpt-4o",
            "openai",
            "--history",
            "--format",
            "json",
        ],
        &[
            "--color",
            "never",
            "models",
            "cleanup",
            "--older-than",
            "30d",
            "--force",
        ],
        &["providers", "-v"],
        &["usage", "import", "u.csv", "--input-format", "csv"],
        &[
            "cost", "gpt-4o", "--input", "12000", "--output", "800", "--tier", "batch",
        ],
        &[
            "cost", "--input", "1", "-p", "mock", "--type", "chat", "--limit", "2",
        ],
        &["catalogs"],
        &["catalogs", "forget", "litellm"],
        &[
            "changes",
            "--since",
            "7d",
            "--kind",
            "model.added",
            "--model",
            "x",
        ],
        &["notify", "--test", "hook"],
        &["config", "show"],
        &["doctor", "--offline"],
        &["serve", "--listen", "0.0.0.0:9000", "--no-sync"],
        &["completions", "zsh"],
        &["man", "--out", "dir"],
    ];
    for line in lines {
        let args = argv(line);
        let whole = Cli::try_parse_from(&args).unwrap_or_else(|e| panic!("{line:?}: {e}"));
        let narrow = narrow::parse(&args).unwrap_or_else(|| panic!("{line:?}: not narrowed"));
        assert_eq!(format!("{narrow:?}"), format!("{whole:?}"), "{line:?}");
    }
    // Help, the version, errors and unknown commands go to the whole tree.
    for line in [
        &["--help"][..],
        &["models", "list", "-h"],
        &["sync-models", "--version"],
        &["help", "serve"],
        &["sync-models", "--bogus"],
        &["models", "list", "--type", "potato"],
        &["nonsense"],
        &[],
    ] {
        assert!(narrow::parse(&argv(line)).is_none(), "{line:?}");
    }
}

fn argv(line: &[&str]) -> Vec<std::ffi::OsString> {
    std::iter::once("aisync")
        .chain(line.iter().copied())
        .map(Into::into)
        .collect()
}

//! `aisync completions SHELL`: the completion script for a shell, from the clap tree.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{Error, RunOutcome};
use crate::output::Printer;

const EXAMPLES: &str = "\
Install:
  bash        aisync completions bash > ~/.local/share/bash-completion/completions/aisync
  zsh         aisync completions zsh > \"${fpath[1]}/_aisync\"   (a folder on $fpath; then compinit)
  fish        aisync completions fish > ~/.config/fish/completions/aisync.fish
  powershell  aisync completions powershell >> $PROFILE
  elvish      aisync completions elvish > ~/.config/elvish/lib/aisync.elv   (then: use aisync)";

/// The arguments of `completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(
    printer: Printer,
    format: crate::output::Format,
    args: &CompletionsArgs,
) -> Result<RunOutcome, Error> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "aisync", &mut script);
    let script = String::from_utf8_lossy(&script);
    let text = if format == crate::output::Format::Json {
        crate::output::json::pretty(
            &serde_json::json!({"shell": args.shell.to_string(), "script": script}),
        )
    } else {
        script.into_owned()
    };
    printer.out(&text).map_err(Error::Output)?;
    Ok(RunOutcome::Success)
}

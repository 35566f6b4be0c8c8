//! One file per subcommand; each takes its arguments and the context, calls the engine and
//! hands the result to `output`. This file is the one dispatch `match`.

pub mod sync_models;
pub mod sync_pricing;

use std::io::IsTerminal;

use crate::cli::{Cli, ColorChoice, Command};
use crate::config::{self, Config, Overrides};
use crate::env::{self, Env};
use crate::error::Error;
use crate::output::{Format, Palette, Printer};
use crate::sync::report::RunOutcome;

/// What every command receives.
pub struct Context {
    pub config: Config,
    pub format: Format,
    pub verbose: u8,
    pub quiet: bool,
    pub printer: Printer,
}

/// Resolves the environment and configuration once, then runs the command. The printer comes
/// back with the result so that the final error report is coloured as the user asked.
pub fn run(cli: Cli) -> (Printer, Result<RunOutcome, Error>) {
    let cwd = std::env::current_dir().unwrap_or_default();
    let env = Env::load(&cwd);
    // Any value, even empty, turns colour off (no-color.org).
    let no_color = env.as_ref().is_ok_and(|e| e.is_set(env::NO_COLOR));
    let colour = |terminal: bool| match cli.global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color,
    };
    let printer = Printer {
        palette: Palette {
            enabled: colour(std::io::stdout().is_terminal()),
        },
        stderr_palette: Palette {
            enabled: colour(std::io::stderr().is_terminal()),
        },
    };
    let result = (|| {
        let env = env.map_err(config::ConfigError::from)?;
        let overrides = Overrides {
            config: cli.global.config.clone(),
            database: cli.global.database.clone(),
            timeout_seconds: match &cli.command {
                Command::SyncModels(args) => args.timeout,
                Command::SyncPricing(args) => args.timeout,
            },
        };
        let config = config::resolve(&overrides, &env)?;
        crate::logging::init(
            cli.global.verbose,
            cli.global.quiet,
            config.log_json,
            printer.stderr_palette.enabled,
        );
        config.log_resolved();
        let ctx = Context {
            config,
            format: cli.global.format,
            verbose: cli.global.verbose,
            quiet: cli.global.quiet,
            printer,
        };
        match cli.command {
            Command::SyncModels(args) => sync_models::run(&ctx, &args),
            Command::SyncPricing(args) => sync_pricing::run(&ctx, &args),
        }
    })();
    (printer, result)
}

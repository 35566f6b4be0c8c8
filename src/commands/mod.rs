//! One file per subcommand; each takes its arguments and the context, calls the engine and
//! hands the result to `output`. This file is the one dispatch `match`.

pub mod catalogs;
pub mod changes;
pub mod completions;
pub mod configuration;
pub mod cost;
pub mod doctor;
pub mod man;
pub mod metrics_file;
pub mod models;
pub mod notify;
pub mod providers;
pub mod serve;
pub mod sync_models;
pub mod sync_pricing;
pub mod transfer;
pub mod usage;
pub mod whole_file;

use std::io::IsTerminal;

use crate::cli::{Cli, ColorChoice, Command};
use crate::config::{self, Config, Overrides};
use crate::env::{self, Env};
use crate::error::Error;
use crate::error::RunOutcome;
use crate::output::{Format, Palette, Printer};

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
        check_format(&cli.command, cli.global.format)?;
        // These read no configuration: a broken config file must not keep them from working.
        match &cli.command {
            Command::Completions(args) => {
                let format = cli.global.format.unwrap_or(Format::Table);
                return completions::run(printer, format, args);
            }
            Command::Man(args) => {
                return man::run(printer, cli.global.format.unwrap_or(Format::Table), args);
            }
            _ => {}
        }
        let doctor_format = cli.global.format.unwrap_or(Format::Table);
        let env = match (env, &cli.command) {
            (Ok(env), _) => env,
            (Err(e), Command::Doctor(_)) => {
                let e = config::ConfigError::from(e);
                return Ok(doctor::config_failed(printer, doctor_format, &e));
            }
            (Err(e), _) => return Err(config::ConfigError::from(e).into()),
        };
        let overrides = Overrides {
            config: cli.global.config.clone(),
            database: cli.global.database.clone(),
            timeout_seconds: match &cli.command {
                Command::SyncModels(args) => args.timeout,
                Command::SyncPricing(args) => args.timeout,
                Command::Models(_)
                | Command::Providers(_)
                | Command::Usage(_)
                | Command::Cost(_)
                | Command::Catalogs(_)
                | Command::Changes(_)
                | Command::Notify(_)
                | Command::Serve(_)
                | Command::Export(_)
                | Command::Import(_)
                | Command::Completions(_)
                | Command::Man(_)
                | Command::Config(_) => None,
                Command::Doctor(args) => args.timeout,
            },
        };
        let config = match (config::resolve(&overrides, &env), &cli.command) {
            (Ok(config), _) => config,
            // A configuration that cannot be used is what the doctor is there to find.
            (Err(e), Command::Doctor(_)) => {
                return Ok(doctor::config_failed(printer, doctor_format, &e));
            }
            (Err(e), _) => return Err(e.into()),
        };
        crate::logging::init(
            cli.global.verbose,
            cli.global.quiet,
            config.log_json,
            matches!(cli.command, Command::Serve(_)),
        );
        config.log_resolved();
        let ctx = Context {
            config,
            format: cli.global.format.unwrap_or(Format::Table),
            verbose: cli.global.verbose,
            quiet: cli.global.quiet,
            printer,
        };
        match cli.command {
            Command::SyncModels(args) => sync_models::run(&ctx, &args),
            Command::SyncPricing(args) => sync_pricing::run(&ctx, &args),
            Command::Models(args) => models::run(&ctx, &args),
            Command::Providers(args) => providers::run(&ctx, &args),
            Command::Usage(args) => usage::run(&ctx, &args, cli.global.format),
            Command::Cost(args) => cost::run(&ctx, &args),
            Command::Catalogs(args) => catalogs::run(&ctx, &args),
            Command::Changes(args) => changes::run(&ctx, &args),
            Command::Notify(args) => notify::run(&ctx, &args),
            Command::Serve(args) => serve::run(&ctx, &args),
            Command::Export(args) => transfer::export(&ctx, &args),
            Command::Import(args) => transfer::import(&ctx, &args),
            Command::Completions(args) => completions::run(ctx.printer, ctx.format, &args),
            Command::Man(args) => man::run(ctx.printer, ctx.format, &args),
            Command::Config(args) => configuration::run(&ctx, &args),
            Command::Doctor(args) => doctor::run(&ctx, &args),
        }
    })();
    (printer, result)
}

/// Refuses a `--format` the command does not take, before any work is done.
fn check_format(command: &Command, format: Option<Format>) -> Result<(), Error> {
    let Some(format) = format else {
        return Ok(());
    };
    let (name, supported, ok): (&'static str, &'static str, bool) = match command {
        Command::SyncModels(_) => (
            "sync-models",
            "table or json",
            matches!(format, Format::Table | Format::Json),
        ),
        Command::SyncPricing(_) => (
            "sync-pricing",
            "table or json",
            matches!(format, Format::Table | Format::Json),
        ),
        Command::Models(m) => match m.command {
            models::ModelsCommand::List(_) => {
                ("models list", "table, json or csv", format != Format::Jsonl)
            }
            models::ModelsCommand::Info(_) => (
                "models info",
                "table or json",
                matches!(format, Format::Table | Format::Json),
            ),
            models::ModelsCommand::Cleanup(_) => (
                "models cleanup",
                "table or json",
                matches!(format, Format::Table | Format::Json),
            ),
        },
        Command::Providers(_) => (
            "providers",
            "table or json",
            matches!(format, Format::Table | Format::Json),
        ),
        Command::Changes(_) => ("changes", "table, json or jsonl", format != Format::Csv),
        // The document is JSON whatever --format says; --format json is the summary's.
        Command::Export(_) => (
            "export",
            "table or json",
            matches!(format, Format::Table | Format::Json),
        ),
        Command::Import(_) => (
            "import",
            "table or json",
            matches!(format, Format::Table | Format::Json),
        ),
        Command::Doctor(_) => (
            "doctor",
            "table or json",
            matches!(format, Format::Table | Format::Json),
        ),
        Command::Config(_) => (
            "config",
            "table or json",
            matches!(format, Format::Table | Format::Json),
        ),
        Command::Completions(_) => (
            "completions",
            "table (the script itself) or json",
            matches!(format, Format::Table | Format::Json),
        ),
        Command::Man(_) => (
            "man",
            "table or json (with --out)",
            matches!(format, Format::Table | Format::Json),
        ),
        Command::Serve(_) => (
            "serve",
            "table or json (the line that says where it listens)",
            matches!(format, Format::Table | Format::Json),
        ),
        Command::Notify(_) => (
            "notify",
            "table or json",
            matches!(format, Format::Table | Format::Json),
        ),
        Command::Catalogs(_) => (
            "catalogs",
            "table or json",
            matches!(format, Format::Table | Format::Json),
        ),
        Command::Cost(_) => (
            "cost",
            "table or json",
            matches!(format, Format::Table | Format::Json),
        ),
        // csv and jsonl: the file's format, as before --input-format.
        Command::Usage(_) => ("usage import", "table or json", true),
    };
    if ok {
        Ok(())
    } else {
        Err(Error::FormatNotSupported {
            format: format.as_str(),
            command: name,
            supported,
        })
    }
}

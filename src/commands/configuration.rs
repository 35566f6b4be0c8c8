//! `aisync config show|path`: the effective configuration, each value with where it came
//! from, and where the files aisync reads and writes are. No network, no database opened.

use super::Context;
use crate::error::{Error, RunOutcome};
use crate::output::{Format, config as render};

const EXAMPLES: &str = "\
Examples:
  aisync config show                  Every setting, its value and its source
  aisync config show --format json    The same for scripts: {\"settings\": [{\"name\", \"value\", \"source\"}]}
  aisync config path                  The config file, the database, its lock and .env

Precedence, highest first: flag > environment (.env included) > config file > default.
Keys are shown only as present or absent.";

/// The arguments of `config`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ConfigCommand {
    /// Every setting's effective value and where it came from (flag, env, .env, file:line,
    /// default); keys only as present or absent
    Show,
    /// Where the config file, the database, its lock file, the catalog cache (in the
    /// database) and .env are
    Path,
}

pub fn run(ctx: &Context, args: &ConfigArgs) -> Result<RunOutcome, Error> {
    let config = &ctx.config;
    let text = match args.command {
        ConfigCommand::Show => {
            let rows: Vec<render::Row<'_>> = config
                .settings
                .iter()
                .map(|s| render::Row {
                    name: &s.name,
                    value: &s.value,
                    source: s.origin.describe(config.file.as_deref()),
                })
                .collect();
            match ctx.format {
                Format::Json => render::show_json(&rows),
                _ => render::show_text(&rows, config.columns),
            }
        }
        ConfigCommand::Path => {
            let cwd = std::env::current_dir().unwrap_or_default();
            // A PostgreSQL store is shown by its URL, without the password, and not connected
            // to: `config path` opens nothing.
            let (database, lock) = match config.database.sqlite_path() {
                Some(path) => (
                    render::PathRow::new("database", Some(path)),
                    render::PathRow::new("lock", Some(&crate::lock::lock_path(path))),
                ),
                None => (
                    render::PathRow::remote("database", config.database.to_string()),
                    render::PathRow::remote("lock", crate::lock::describe(&config.database)),
                ),
            };
            let cache = render::PathRow {
                name: "cache",
                ..database.clone()
            };
            let paths = [
                render::PathRow::new("config", config.file_looked_at.as_deref()),
                database,
                lock,
                // Catalogs and their ETags are cached in the database itself.
                cache,
                render::PathRow::new(".env", Some(&cwd.join(".env"))),
            ];
            match ctx.format {
                Format::Json => render::path_json(&paths),
                _ => render::path_text(&paths),
            }
        }
    };
    ctx.printer.out(&text).map_err(Error::Output)?;
    Ok(RunOutcome::Success)
}

//! `aisync export [--output FILE]` and `aisync import FILE [--replace]`: the whole catalog as
//! one document (`crate::export`), to move a store to the other backend or to a host
//! without network.

use std::path::PathBuf;

use super::Context;
use crate::error::{Error, RunOutcome};
use crate::lock;
use crate::output::Format;
use crate::store::Store;
use crate::store::transfer::Dump;

const EXPORT_EXAMPLES: &str = "\
Examples:
  aisync export --output catalog.json           Everything, to a file (written whole)
  aisync export > catalog.json                  The same, on stdout
  aisync --database postgres://… export | aisync --database ./aisync.db import -

The document holds every table: models, prices and their history, sync state and runs,
cached catalogs, usage, the change log, events and notify cursors, with a SHA-256 checksum.";

const IMPORT_EXAMPLES: &str = "\
Examples:
  aisync import catalog.json                    Into an empty store
  aisync import catalog.json --replace          Replacing everything the store holds
  aisync --database postgres://u@db/aisync import catalog.json";

/// Write the whole catalog as one JSON document
#[derive(Debug, clap::Args)]
#[command(after_help = EXPORT_EXAMPLES)]
pub struct ExportArgs {
    /// Write the document to FILE (whole, or not at all) instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Load a document `aisync export` wrote into an empty store
#[derive(Debug, clap::Args)]
#[command(after_help = IMPORT_EXAMPLES)]
pub struct ImportArgs {
    /// The document, or - for stdin
    pub file: PathBuf,
    /// Delete everything the store holds first (in the same transaction)
    #[arg(long)]
    pub replace: bool,
}

/// What `export --format json` and `import --format json` say: the rows of each table.
fn counts(dump: &Dump) -> serde_json::Value {
    dump.tables
        .iter()
        .map(|t| (t.name.clone(), serde_json::json!(t.rows.len())))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// "8 models, 40 prices, 12 price history rows, …": the tables that hold rows.
fn summary(dump: &Dump) -> String {
    let parts: Vec<String> = dump
        .tables
        .iter()
        .filter(|t| !t.rows.is_empty())
        .map(|t| format!("{} {}", t.rows.len(), t.name.replace('_', " ")))
        .collect();
    if parts.is_empty() {
        "nothing (the store is empty)".to_owned()
    } else {
        parts.join(", ")
    }
}

pub fn export(ctx: &Context, args: &ExportArgs) -> Result<RunOutcome, Error> {
    let mut store = Store::open_read_only(&ctx.config.database)?;
    let dump = store.dump()?;
    let from = if ctx.config.database.sqlite_path().is_some() {
        "sqlite"
    } else {
        "postgres"
    };
    let doc = crate::export::document(&dump, from, &crate::model::format_time(&ctx.config.now));
    let mut text = doc.to_string();
    text.push('\n');
    let Some(path) = &args.output else {
        ctx.printer.out(&text).map_err(Error::Output)?;
        return Ok(RunOutcome::Success);
    };
    super::whole_file::write(path, text.as_bytes())?;
    let said = if ctx.format == Format::Json {
        crate::output::json::pretty(&serde_json::json!({
            "file": path.display().to_string(),
            "tables": counts(&dump),
            "checksum": doc["checksum"],
        }))
    } else {
        format!("Exported {} to {}.\n", summary(&dump), path.display())
    };
    ctx.printer.out(&said).map_err(Error::Output)?;
    Ok(RunOutcome::Success)
}

pub fn import(ctx: &Context, args: &ImportArgs) -> Result<RunOutcome, Error> {
    let stdin = args.file.as_os_str() == "-";
    let name = if stdin {
        "stdin".to_owned()
    } else {
        args.file.display().to_string()
    };
    let text = if stdin {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(&args.file)
    }
    .map_err(|source| Error::ReadFile {
        path: args.file.clone(),
        source,
    })?;
    let dump = crate::export::read(&name, &text)?;
    Store::prepare(&ctx.config.database)?;
    let _lock = lock::take(&ctx.config.database, None)?;
    let mut store = Store::open(&ctx.config.database)?;
    if !args.replace
        && let Some((table, rows)) = store.first_rows()?
    {
        return Err(Error::NotEmpty {
            database: ctx.config.database.to_string(),
            table,
            rows,
        });
    }
    store.load(&dump, args.replace)?;
    let said = if ctx.format == Format::Json {
        crate::output::json::pretty(&serde_json::json!({
            "file": name,
            "tables": counts(&dump),
            "replaced": args.replace,
        }))
    } else {
        format!(
            "Imported {} into {}.\n",
            summary(&dump),
            ctx.config.database
        )
    };
    ctx.printer.out(&said).map_err(Error::Output)?;
    Ok(RunOutcome::Success)
}

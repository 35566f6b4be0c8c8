//! `aisync man [--out DIR]`: man pages from the clap tree — aisync(1) on stdout, or one page
//! per command (aisync-models-list.1 …) written into a folder.

use std::path::PathBuf;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{Error, RunOutcome};
use crate::output::{Format, Printer};

const EXAMPLES: &str = "\
Examples:
  aisync man | man -l -                        Read aisync(1) now
  aisync man --out ~/.local/share/man/man1     Install a page for every command (then: man aisync-sync-models)";

/// The arguments of `man`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct ManArgs {
    /// Write aisync.1 and a page for every command into this folder (created if missing),
    /// instead of printing aisync.1
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(printer: Printer, format: Format, args: &ManArgs) -> Result<RunOutcome, Error> {
    let command = Cli::command();
    let Some(dir) = &args.out else {
        let mut page = Vec::new();
        clap_mangen::Man::new(command)
            .render(&mut page)
            .map_err(Error::Output)?;
        printer
            .out(&String::from_utf8_lossy(&page))
            .map_err(Error::Output)?;
        return Ok(RunOutcome::Success);
    };
    let failed = |source| Error::WriteFile {
        path: dir.clone(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(failed)?;
    clap_mangen::generate_to(command, dir).map_err(failed)?;
    let mut pages: Vec<String> = std::fs::read_dir(dir)
        .map_err(failed)?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("aisync") && n.ends_with(".1"))
        .collect();
    pages.sort();
    let text = match format {
        Format::Json => crate::output::json::pretty(&serde_json::json!({
            "dir": dir.display().to_string(),
            "pages": pages,
        })),
        _ => format!(
            "Wrote {} man pages to {} (aisync.1, {} …)\n",
            pages.len(),
            dir.display(),
            pages
                .iter()
                .find(|p| *p != "aisync.1")
                .map_or("", String::as_str)
        ),
    };
    printer.out(&text).map_err(Error::Output)?;
    Ok(RunOutcome::Success)
}

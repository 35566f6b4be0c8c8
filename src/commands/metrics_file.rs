//! `--metrics-file PATH` of sync-models and sync-pricing: the metrics, read from the database
//! after the run, written for node_exporter's textfile collector — whole, through a file
//! beside it renamed into place, so the collector never reads half of one.

use std::path::Path;

use crate::error::Error;
use crate::store::Store;

pub fn write(database: &crate::config::database::Database, path: &Path) -> Result<(), Error> {
    let store = Store::open_read_only(database)?;
    let text = crate::output::metrics::text(&store.figures()?);
    let failed = |source| Error::WriteFile {
        path: path.to_owned(),
        source,
    };
    let name = path.file_name().map_or_else(
        || "metrics.prom".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    // node_exporter reads only *.prom files: the one in the making is not one.
    let partial = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&partial, text).map_err(failed)?;
    std::fs::rename(&partial, path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        failed(e)
    })
}

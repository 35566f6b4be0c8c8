//! `--metrics-file PATH` of sync-models and sync-pricing: the metrics, read from the database
//! after the run, written for node_exporter's textfile collector whole (`whole_file`), so the
//! collector never reads half of one.

use std::path::Path;

use crate::error::Error;
use crate::store::Store;

pub fn write(database: &crate::config::database::Database, path: &Path) -> Result<(), Error> {
    let store = Store::open_read_only(database)?;
    let text = crate::output::metrics::text(&store.figures()?);
    super::whole_file::write(path, text.as_bytes())
}

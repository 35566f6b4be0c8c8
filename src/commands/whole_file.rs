//! Writing a file whole: through a hidden file beside it, renamed into place, so a reader (a
//! collector, an import on another host) never sees half of one, and a failed write leaves
//! what was there.

use std::path::Path;

use crate::error::Error;

/// Writes `bytes` to `path`, all or nothing.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let failed = |source| Error::WriteFile {
        path: path.to_owned(),
        source,
    };
    let name = path
        .file_name()
        .map_or_else(|| "aisync".into(), |n| n.to_string_lossy().into_owned());
    // Hidden, and not ending as the file does: a collector of *.prom files skips it.
    let partial = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&partial, bytes).map_err(failed)?;
    std::fs::rename(&partial, path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        failed(e)
    })
}

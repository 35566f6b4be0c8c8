//! The `jsonl` sink: one event per line, appended whole and flushed to disk before the cursor
//! moves. A line a crash cut short is closed first, so it never runs into the next.

use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::Path;

use crate::model::{ErrorType, ProviderError};

pub fn append(path: &Path, body: &[u8]) -> Result<(), ProviderError> {
    let fail = |what: &str, e: &std::io::Error| {
        ProviderError::new(
            ErrorType::NotConfigured,
            format!("cannot {what} {}: {e}", path.display()),
        )
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| fail("create the directory of", &e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| fail("open", &e))?;
    let len = file.metadata().map_err(|e| fail("read", &e))?.len();
    let mut line = Vec::with_capacity(body.len() + 2);
    if len > 0 {
        let mut last = [0u8; 1];
        file.seek(SeekFrom::End(-1))
            .and_then(|_| file.read_exact(&mut last))
            .map_err(|e| fail("read", &e))?;
        if last[0] != b'\n' {
            line.push(b'\n');
        }
    }
    line.extend_from_slice(body);
    line.push(b'\n');
    file.write_all(&line)
        .and_then(|()| file.sync_data())
        .map_err(|e| fail("append to", &e))
}

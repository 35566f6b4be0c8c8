//! Benchmark floor (a) of `scripts/perf.py`: the least a `models info ID --format json` can do —
//! open the database read-only, run one primary-key `SELECT` on `models`, print the row as JSON.
//!
//!     cargo run --release --example floor_info -- DATABASE PROVIDER ID

use std::io::Write;

use rusqlite::{Connection, OpenFlags, types::ValueRef};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, db, provider, id] = args.as_slice() else {
        return Err("usage: floor_info DATABASE PROVIDER ID".into());
    };
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut stmt = conn.prepare("SELECT * FROM models WHERE provider = ?1 AND id = ?2")?;
    let names: Vec<String> = stmt
        .column_names()
        .iter()
        .map(|c| (*c).to_owned())
        .collect();
    let mut rows = stmt.query([provider, id])?;
    let row = rows.next()?.ok_or("no such model")?;
    let mut object = serde_json::Map::new();
    for (i, name) in names.iter().enumerate() {
        let value = match row.get_ref(i)? {
            ValueRef::Null => serde_json::Value::Null,
            ValueRef::Integer(n) => n.into(),
            ValueRef::Real(f) => f.into(),
            ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned().into(),
        };
        object.insert(name.clone(), value);
    }
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &object)?;
    writeln!(out)?;
    Ok(())
}

//! Benchmark floor (b) of `scripts/perf.py`: the least a `models list --format json` can do —
//! select the list columns of every model and their current prices, and print one JSON array of
//! the same shape, streamed to a buffered stdout.
//!
//!     cargo run --release --example floor_list -- DATABASE

use std::collections::HashMap;
use std::io::{BufWriter, Write};

use rusqlite::{Connection, OpenFlags};
use serde_json::{Map, Value, json};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let db = std::env::args()
        .nth(1)
        .ok_or("usage: floor_list DATABASE")?;
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    // Every price, by model: one source's components, the first source seen winning.
    let mut prices: HashMap<(String, String), (String, Map<String, Value>)> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT provider, model_id, source, component, amount, observed_at FROM prices \
         ORDER BY provider, model_id, source, component",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let key = (r.get::<_, String>(0)?, r.get::<_, String>(1)?);
        let source: String = r.get(2)?;
        let entry = prices
            .entry(key)
            .or_insert_with(|| (source.clone(), Map::new()));
        if entry.0 == source {
            let amount: String = r.get(4)?;
            entry.1.insert(
                r.get(3)?,
                amount.parse::<f64>().map_or(Value::Null, Value::from),
            );
            entry
                .1
                .insert("observed_at".into(), Value::String(r.get(5)?));
        }
    }
    let mut stmt = conn.prepare(
        "SELECT id, name, provider, type, status, context_length, max_output, capabilities, \
         input_modalities, output_modalities, deprecation_date, shutdown_date, replacement, owner, \
         created_at, release_date, knowledge_cutoff, first_seen, last_seen, removed_at \
         FROM models ORDER BY provider, id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    out.write_all(b"[")?;
    let mut first = true;
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<Value> {
            Ok(r.get::<_, Option<String>>(i)?
                .map_or(Value::Null, Value::String))
        };
        let list = |i: usize| -> Result<Value, Box<dyn std::error::Error>> {
            Ok(serde_json::from_str(&r.get::<_, String>(i)?)?)
        };
        let id: String = r.get(0)?;
        let provider: String = r.get(2)?;
        let pricing = prices
            .remove(&(provider.clone(), id.clone()))
            .map(|(source, mut p)| {
                p.insert("currency".into(), json!("USD"));
                p.insert("source".into(), Value::String(source));
                Value::Object(p)
            });
        let row = json!({
            "id": id, "name": text(1)?, "provider": provider, "type": text(3)?, "status": text(4)?,
            "context_length": r.get::<_, Option<i64>>(5)?, "max_output": r.get::<_, Option<i64>>(6)?,
            "capabilities": list(7)?, "input_modalities": list(8)?, "output_modalities": list(9)?,
            "pricing": pricing, "deprecation_date": text(10)?, "shutdown_date": text(11)?,
            "replacement": text(12)?, "owner": text(13)?, "created_at": text(14)?,
            "release_date": text(15)?, "knowledge_cutoff": text(16)?, "first_seen": text(17)?,
            "last_synced": text(18)?, "removed_at": text(19)?,
        });
        out.write_all(if first { b"\n" } else { b",\n" })?;
        first = false;
        serde_json::to_writer_pretty(&mut out, &row)?;
    }
    out.write_all(b"\n]\n")?;
    out.flush()?;
    Ok(())
}

//! A reference floor of `scripts/perf.py` (not one of issue #11's goals): what fetching,
//! parsing *and durably storing* an OpenAI-shaped list costs at the least — floor (c), then
//! the same cells aisync writes for each model (its `models` columns, raw JSON and field
//! sources included) inserted with one prepared statement in one transaction into a new
//! SQLite file in WAL mode with `synchronous = NORMAL`, as aisync opens it, and closed (which
//! checkpoints and syncs the file). It shows how much of a first sync is the database's own
//! cost of writing the rows down.
//!
//!     cargo run --release --example floor_store -- URL DATABASE PROVIDER

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct List {
    data: Vec<Entry>,
}

/// Fields in the order a sorted-keys JSON object writes them, as aisync keeps `raw`.
#[derive(Deserialize, Serialize)]
struct Entry {
    created: Option<i64>,
    id: String,
    object: Option<String>,
    owned_by: Option<String>,
}

/// The `models` table as aisync's migrations leave it.
const SCHEMA: &str = "
    CREATE TABLE models (
        provider TEXT NOT NULL, id TEXT NOT NULL, name TEXT, type TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'deprecated', 'removed')),
        context_length INTEGER, max_output INTEGER,
        capabilities TEXT NOT NULL DEFAULT '[]', input_modalities TEXT NOT NULL DEFAULT '[]',
        output_modalities TEXT NOT NULL DEFAULT '[]', owner TEXT, created_at TEXT,
        deprecation_date TEXT, shutdown_date TEXT, replacement TEXT, first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL, removed_at TEXT, raw TEXT NOT NULL,
        field_sources TEXT NOT NULL DEFAULT '{}', release_date TEXT, knowledge_cutoff TEXT,
        digest INTEGER,
        PRIMARY KEY (provider, id)
    ) WITHOUT ROWID;
    CREATE INDEX models_by_id ON models (id);";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, db, provider] = args.as_slice() else {
        return Err("usage: floor_store URL DATABASE PROVIDER".into());
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let list: List = runtime.block_on(async {
        let client = reqwest::Client::builder().gzip(true).build()?;
        let body = client
            .get(url)
            .header("authorization", "Bearer floor")
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?;
        Ok::<_, Box<dyn std::error::Error>>(serde_json::from_slice(&body)?)
    })?;
    let mut conn = Connection::open(db)?;
    conn.pragma_update_and_check(None, "journal_mode", "wal", |_| Ok(()))?;
    conn.execute_batch("PRAGMA cache_size = -32768; PRAGMA synchronous = NORMAL;")?;
    conn.execute_batch(SCHEMA)?;
    let now = "2026-12-01T00:00:00Z";
    let sources =
        r#"{"created_at":"provider","owner":"provider","status":"provider","type":"inferred"}"#;
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO models (provider, id, type, status, owner, created_at, first_seen, \
             last_seen, raw, field_sources, digest) VALUES (?1, ?2, 'other', 'active', ?3, ?4, \
             ?5, ?5, ?6, ?7, ?8)",
        )?;
        for (i, e) in list.data.iter().enumerate() {
            let created = e.created.map(|s| {
                chrono::DateTime::from_timestamp(s, 0)
                    .unwrap_or_default()
                    .format("%Y-%m-%dT%H:%M:%SZ")
                    .to_string()
            });
            insert.execute(params![
                provider,
                e.id,
                e.owned_by,
                created,
                now,
                serde_json::to_string(e)?,
                sources,
                i as i64,
            ])?;
        }
    }
    tx.commit()?;
    conn.close().map_err(|(_, e)| e)?;
    std::io::Write::write_all(
        &mut std::io::stdout(),
        format!("{}\n", list.data.len()).as_bytes(),
    )?;
    Ok(())
}

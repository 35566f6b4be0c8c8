//! Benchmark floor (c) of `scripts/perf.py`: the least a sync of an OpenAI-shaped provider can
//! do before any diff or write — GET its list over loopback with reqwest (the same features as
//! aisync) and parse it with serde_json into typed structs.
//!
//!     cargo run --release --example floor_fetch -- URL

use serde::Deserialize;

#[derive(Deserialize)]
struct List {
    data: Vec<Entry>,
}

#[derive(Deserialize)]
#[allow(dead_code)] // parsed, as a sync parses them; the floor only counts them
struct Entry {
    id: String,
    object: Option<String>,
    created: Option<i64>,
    owned_by: Option<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::args().nth(1).ok_or("usage: floor_fetch URL")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let count = runtime.block_on(async {
        let client = reqwest::Client::builder().gzip(true).build()?;
        let body = client
            .get(&url)
            .header("authorization", "Bearer floor")
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?;
        let list: List = serde_json::from_slice(&body)?;
        Ok::<_, Box<dyn std::error::Error>>(list.data.len())
    })?;
    std::io::Write::write_all(&mut std::io::stdout(), format!("{count}\n").as_bytes())?;
    Ok(())
}

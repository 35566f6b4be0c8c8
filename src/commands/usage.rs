//! `aisync usage import FILE`: usage records for `models info`'s statistics.

use std::path::PathBuf;

use super::Context;
use crate::error::Error;
use crate::error::RunOutcome;
use crate::lock;
use crate::output::{Format, pricing::thousands};
use crate::pricing::{catalogs, cost, plan};
use crate::store::{Store, UsageRow};
use crate::usage::{self, UsageFormat};

const EXAMPLES: &str = "\
Examples:
  aisync usage import requests.jsonl
  aisync usage import export.txt --input-format csv
  aisync usage import requests.jsonl --format json    The counts, for a script

Each record: time (RFC 3339), provider, model, input_tokens, output_tokens, and optionally
cost (USD) and requests (default 1). JSON lines:
  {\"time\":\"2026-11-01T10:00:00Z\",\"provider\":\"openai\",\"model\":\"gpt-4o\",\"input_tokens\":1000,\"output_tokens\":500}
CSV: a header row with those column names.";

/// Import usage records.
#[derive(Debug, clap::Args)]
pub struct UsageArgs {
    #[command(subcommand)]
    pub command: UsageCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum UsageCommand {
    /// Import usage records from a JSON-lines or CSV file (all or nothing; a re-import adds
    /// nothing). A record without a cost is priced at the price in force at its time.
    #[command(after_help = EXAMPLES)]
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The file to import
    pub file: PathBuf,
    /// How the file is written [default: CSV for a .csv file, else JSON lines]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
}

/// How a usage file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// One JSON object per line
    Jsonl,
    /// A header row, then one record per row
    Csv,
}

pub fn run(ctx: &Context, args: &UsageArgs, format: Option<Format>) -> Result<RunOutcome, Error> {
    let UsageCommand::Import(args) = &args.command;
    // `--format csv|jsonl` named the file's format before --input-format did; it still does.
    let file_format = match (args.input_format, format) {
        (Some(InputFormat::Csv), _) | (None, Some(Format::Csv)) => UsageFormat::Csv,
        (Some(InputFormat::Jsonl), _) | (None, Some(Format::Jsonl)) => UsageFormat::Jsonl,
        (None, _) => UsageFormat::from_path(&args.file),
    };
    let text = std::fs::read_to_string(&args.file).map_err(|source| Error::ReadFile {
        path: args.file.clone(),
        source,
    })?;
    let records = usage::parse(&args.file, &text, file_format)?;
    Store::prepare(&ctx.config.database)?;
    let _lock = lock::take(&ctx.config.database, None)?;
    let mut store = Store::open(&ctx.config.database)?;
    usage::check_providers(
        &args.file,
        &records,
        &crate::query::known_providers(&store, &ctx.config)?,
    )?;
    let order = catalogs::order(&store, &ctx.config.catalogs)?;
    let fingerprints = usage::fingerprints(&records);
    let mut rows = Vec::with_capacity(records.len());
    for (r, fingerprint) in records.into_iter().zip(fingerprints) {
        let (cost, cost_source) = if let Some(c) = r.cost {
            (Some(c), Some("file"))
        } else {
            let provider = crate::model::ProviderId::new(r.provider.clone());
            let then = plan::prices_at(&store.price_history(&provider, &r.model)?, r.at);
            let price = plan::effective_prices(&then, &order);
            let usage = cost::Usage {
                input: r.input_tokens,
                output: r.output_tokens,
                cache_read: r.parts.cache_read,
                cache_write: r.parts.cache_write,
                cache_write_1h: r.parts.cache_write_1h,
                ..cost::Usage::default()
            };
            let computed = cost::record_cost(price.as_ref(), usage, r.requests, r.parts.tier);
            (computed, computed.map(|_| "computed"))
        };
        rows.push(UsageRow {
            fingerprint,
            at: r.at,
            provider: r.provider,
            model: r.model,
            input_tokens: r.input_tokens,
            output_tokens: r.output_tokens,
            requests: r.requests,
            cost,
            cost_source,
        });
    }
    let added = store.import_usage(&rows, ctx.config.now)?;
    let unknown = rows.iter().filter(|r| r.cost.is_none()).count();
    if format == Some(Format::Json) {
        let doc = serde_json::json!({
            "file": args.file.display().to_string(),
            "records": rows.len(),
            "imported": added,
            "already_imported": rows.len() - added,
            "unknown_cost": unknown,
        });
        ctx.printer
            .out(&crate::output::json::pretty(&doc))
            .map_err(Error::Output)?;
        return Ok(RunOutcome::Success);
    }
    let text = format!(
        "Imported {} of {} from {} ({} already imported{}).\n",
        thousands(added),
        crate::output::pricing::count(rows.len(), "record", "records"),
        args.file.display(),
        thousands(rows.len() - added),
        if unknown > 0 {
            format!(
                "; {} with no price known at their time, so of unknown cost",
                thousands(unknown)
            )
        } else {
            String::new()
        }
    );
    if !ctx.quiet {
        ctx.printer.out(&text).map_err(Error::Output)?;
    }
    Ok(RunOutcome::Success)
}

//! `aisync notify`: where each `[[notify]]` sink stands (`--status`, the default), a test event
//! to one (`--test NAME`), or every sink's backlog delivered now (`--retry`).

use std::time::Duration;

use super::Context;
use crate::error::{Error, RunOutcome};
use crate::lock;
use crate::notify;
use crate::output::{Format, notify as render};
use crate::store::Store;

const EXAMPLES: &str = "\
Examples:
  aisync notify                  Each sink: its cursor, its backlog, its last success and failure
  aisync notify --test ops       Send a test event (kind notify.test, seq 0) to the sink named ops
  aisync notify --retry          Deliver every sink's backlog now, in order

Sinks are [[notify]] entries in the config file (see config/aisync.toml). Events are delivered
at the end of every sync-models and sync-pricing run; a sink that was down is caught up by the
next run, or by --retry.";

/// The arguments of `notify`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
#[group(multiple = false)]
pub struct NotifyArgs {
    /// Show each sink's cursor, backlog and last delivery (the default)
    #[arg(long)]
    pub status: bool,
    /// Send a test event to the sink of this name (it does not move the sink's cursor)
    #[arg(long, value_name = "NAME")]
    pub test: Option<String>,
    /// Deliver every sink's backlog now, in order
    #[arg(long)]
    pub retry: bool,
    /// With --retry: if a sync is running on this database, wait up to this many seconds
    /// for it instead of failing
    #[arg(long, value_name = "SECONDS", value_parser = crate::config::bounds::wait_flag, requires = "retry")]
    pub wait: Option<u64>,
}

/// `--test` names no configured sink.
#[derive(Debug, thiserror::Error)]
#[error(
    "no [[notify]] sink is named {name:?} ({known}); sinks are [[notify]] entries in the config file"
)]
pub struct UnknownSink {
    pub name: String,
    pub known: String,
}

pub fn run(ctx: &Context, args: &NotifyArgs) -> Result<RunOutcome, Error> {
    if let Some(name) = &args.test {
        return test(ctx, name);
    }
    if args.retry {
        return retry(ctx, args.wait.map(Duration::from_secs));
    }
    let store = Store::open_read_only(&ctx.config.database)?;
    let sinks = notify::status(&store, &ctx.config)?;
    let latest = store.last_event()?;
    match ctx.format {
        Format::Json => ctx.printer.out(&render::status_json(&sinks, latest)),
        _ => ctx.printer.out(&render::status_text(
            &sinks,
            latest,
            ctx.config.now,
            ctx.config.columns,
        )),
    }
    .map_err(Error::Output)?;
    Ok(RunOutcome::Success)
}

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)
}

fn test(ctx: &Context, name: &str) -> Result<RunOutcome, Error> {
    let Some(sink) = ctx.config.notify.iter().find(|s| s.name == name) else {
        let names: Vec<&str> = ctx.config.notify.iter().map(|s| s.name.as_str()).collect();
        return Err(Error::UnknownSink(UnknownSink {
            name: name.to_owned(),
            known: if names.is_empty() {
                "none is configured".to_owned()
            } else {
                format!("configured: {}", names.join(", "))
            },
        }));
    };
    let event = notify::test_event(ctx.config.now, name);
    let result = runtime()?.block_on(notify::send(&ctx.config, sink, &event));
    let text = match ctx.format {
        Format::Json => render::test_json(sink.name.as_str(), result.as_ref().err()),
        _ => render::test_text(
            &sink.name,
            &sink.describe(),
            result.as_ref().err(),
            ctx.printer.palette,
        ),
    };
    ctx.printer.out(&text).map_err(Error::Output)?;
    Ok(if result.is_ok() {
        RunOutcome::Success
    } else {
        RunOutcome::Failure
    })
}

fn retry(ctx: &Context, wait: Option<Duration>) -> Result<RunOutcome, Error> {
    if ctx.config.notify.is_empty() {
        // Nothing to deliver: not even the database is touched.
        let text = match ctx.format {
            Format::Json => render::retry_json(&[]),
            _ => render::retry_text(&[], ctx.config.columns),
        };
        ctx.printer.out(&text).map_err(Error::Output)?;
        return Ok(RunOutcome::Success);
    }
    Store::prepare(&ctx.config.database)?;
    let _lock = lock::take(&ctx.config.database, wait)?;
    let mut store = Store::open(&ctx.config.database)?;
    let outcomes = runtime()?.block_on(notify::deliver(&mut store, &ctx.config, None))?;
    let text = match ctx.format {
        Format::Json => render::retry_json(&outcomes),
        _ => render::retry_text(&outcomes, ctx.config.columns),
    };
    ctx.printer.out(&text).map_err(Error::Output)?;
    Ok(if outcomes.iter().any(|o| o.error.is_some()) {
        RunOutcome::Failure
    } else {
        RunOutcome::Success
    })
}

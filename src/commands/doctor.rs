//! `aisync doctor`: one line per check of what a first run needs, with the fix for each that
//! fails. Exit 0 when every check passes, 1 otherwise. The network check contacts each
//! provider that takes part, and says so first.

use super::Context;
use crate::config::ConfigError;
use crate::doctor::{self, Check};
use crate::error::{Error, RunOutcome};
use crate::output::{Format, Printer, doctor as render};

const EXAMPLES: &str = "\
Examples:
  aisync doctor                 Every check, the network one included
  aisync doctor --offline       Only what needs no network
  aisync doctor --timeout 3     Give each provider 3 s to answer
  aisync doctor --format json   {\"ok\", \"checks\": [{\"check\", \"ok\", \"detail\", \"fix\"}]}";

/// The arguments of `doctor`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct DoctorArgs {
    /// Give each provider this many seconds to answer [default: AI_SYNC_TIMEOUT, else 30]
    #[arg(long, value_name = "SECONDS", value_parser = crate::config::bounds::timeout_flag)]
    pub timeout: Option<u64>,
    /// Skip the check that contacts the providers
    #[arg(long)]
    pub offline: bool,
}

/// The configuration failed: that is the doctor's finding, not an error of its own.
pub fn config_failed(printer: Printer, format: Format, e: &ConfigError) -> RunOutcome {
    report(printer, format, &[doctor::config_failed(e)], false);
    RunOutcome::Failure
}

pub fn run(ctx: &Context, args: &DoctorArgs) -> Result<RunOutcome, Error> {
    let mut checks = doctor::local(&ctx.config);
    if !args.offline {
        if ctx.format != Format::Json && !ctx.quiet {
            ctx.printer.err(&format!(
                "Contacting each provider that takes part (network, {} s timeout)…\n",
                ctx.config.timeout.as_secs()
            ));
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(Error::Runtime)?;
        checks.extend(runtime.block_on(doctor::reachable(&ctx.config)));
    }
    let ok = report(ctx.printer, ctx.format, &checks, args.offline);
    Ok(if ok {
        RunOutcome::Success
    } else {
        RunOutcome::Failure
    })
}

/// Prints the checks; whether all passed.
fn report(printer: Printer, format: Format, checks: &[Check], offline: bool) -> bool {
    let ok = checks.iter().all(|c| c.ok);
    let text = match format {
        Format::Json => render::json(checks, ok),
        _ => render::text(checks, ok, offline, printer.palette),
    };
    let _ = printer.out(&text);
    ok
}

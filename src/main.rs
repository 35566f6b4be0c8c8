//! aisync: a local, queryable catalog of the AI models every provider offers.
//!
//! `main` parses the command line, runs one command and maps its result to an exit code.

#[cfg(test)]
mod architecture;
mod catalog;
mod cli;
mod commands;
mod config;
mod doctor;
mod drivers;
mod env;
mod error;
mod export;
mod hex;
#[cfg(test)]
mod hostile_input;
mod http;
mod lock;
mod logging;
mod model;
mod notify;
mod output;
mod pricing;
mod progress;
mod providers;
mod query;
mod secret;
mod serve;
mod store;
mod sync;
mod usage;
mod wire;

use std::process::ExitCode;

fn main() -> ExitCode {
    error::report_panics();
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(e) => return error::report_cli(e),
    };
    // A bug must not end in a backtrace and exit 101: it was reported, and the run failed.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| commands::run(cli))) {
        Ok((printer, result)) => error::finish(printer, result),
        Err(_) => ExitCode::from(error::code::FAILURE),
    }
}

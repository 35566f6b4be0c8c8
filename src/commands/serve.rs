//! `aisync serve`: the schedule and the HTTP endpoints, until SIGTERM or SIGINT.

use std::net::SocketAddr;

use super::Context;
use crate::error::{Error, RunOutcome};
use crate::output::Format;
use crate::serve::{self, ServeOptions};

const EXAMPLES: &str = "\
Examples:
  aisync serve                                   Sync on schedule, answer on 127.0.0.1:8787
  aisync serve --no-sync                         Only answer: cron (or another server) syncs
  AISYNC_SERVE_TOKEN=$(openssl rand -hex 32) aisync serve --listen 0.0.0.0:8787
                                                 Reachable from other hosts, with a token
  curl -s localhost:8787/readyz                  Every provider fresh and not failing?
  curl -s 'localhost:8787/v1/models?type=chat&capability=vision'

Endpoints: /healthz /readyz /metrics /v1/models /v1/models/{provider}/{id} /v1/changes
/v1/cost /openapi.json (GET only; JSON, but /metrics: Prometheus text)";

/// The arguments of `serve`; its description is on `Command::Serve`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct ServeArgs {
    /// The address to listen on (port 0: any free one); any but loopback needs
    /// AISYNC_SERVE_TOKEN
    #[arg(long, value_name = "ADDR", default_value = serve::DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    /// Serve the catalog without syncing it (as AI_AUTO_SYNC_MODELS=false does)
    #[arg(long)]
    pub no_sync: bool,
}

pub fn run(ctx: &Context, args: &ServeArgs) -> Result<RunOutcome, Error> {
    let printer = ctx.printer;
    let format = ctx.format;
    let quiet = ctx.quiet;
    let opts = ServeOptions {
        listen: args.listen,
        sync: ctx.config.auto_sync && !args.no_sync,
        announce: Box::new(move |bound, sync| {
            let text = if format == Format::Json {
                format!(
                    "{}\n",
                    serde_json::json!({"listening": bound.to_string(), "sync": sync})
                )
            } else if quiet {
                String::new()
            } else {
                format!(
                    "Serving on http://{bound} ({}). Stop with Ctrl-C or SIGTERM.\n",
                    if sync {
                        "syncing on schedule"
                    } else {
                        "not syncing"
                    }
                )
            };
            let _ = printer.out(&text);
        }),
    };
    serve::run(ctx.config.clone(), opts)?;
    Ok(RunOutcome::Success)
}

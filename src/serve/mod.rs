//! `aisync serve`: the long-running mode. One process that runs the schedule (`scheduler`, on a
//! thread of its own) and answers HTTP (`routes`, through `listener`) until SIGTERM or SIGINT,
//! then stops accepting, lets the run in progress reach a safe point, releases the lock and
//! returns.

pub mod clock;
mod listener;
mod params;
pub mod readiness;
mod routes;
pub mod schedule;
mod scheduler;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::config::Config;
use crate::error::Error;
use crate::store::Store;
use crate::sync::discovery::{self, Candidate};
use clock::Clock;

/// Where `serve` listens unless `--listen` says otherwise.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";

/// `serve` cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "--listen {0} is reachable from other hosts: set AISYNC_SERVE_TOKEN (at least 16 characters) so every endpoint but /healthz asks for it, or listen on 127.0.0.1"
    )]
    NeedsToken(SocketAddr),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// What the command line asked of `serve`.
pub struct ServeOptions {
    pub listen: SocketAddr,
    /// Sync by the schedule (`AI_AUTO_SYNC_MODELS` and no `--no-sync`).
    pub sync: bool,
    /// Called once with the address bound, before the first request is answered.
    pub announce: Box<dyn FnOnce(SocketAddr, bool)>,
}

pub fn run(config: Config, opts: ServeOptions) -> Result<(), Error> {
    if !opts.listen.ip().is_loopback() && config.serve.token.is_none() {
        return Err(ServeError::NeedsToken(opts.listen).into());
    }
    let taking_part: Vec<String> = discovery::discover(&config, &[])?
        .into_iter()
        .filter_map(|c| match c {
            Candidate::Takes(p) => Some(p.as_str().to_owned()),
            Candidate::Skipped(..) => None,
        })
        .collect();
    // The database exists, at the latest schema, before the first read; created under the run
    // lock, as a sync creates it, so a cron job starting now cannot race it.
    Store::prepare(&config.database)?;
    if let Some(_lock) = crate::lock::acquire(&config.database, Duration::from_secs(60))? {
        drop(Store::open(&config.database)?);
    } else {
        // A run that holds it that long opens (and so migrates) the database itself.
        tracing::warn!("another run holds the lock: serving what the database holds");
    }
    let clock = Clock::new(config.now, config.now_pinned, config.serve.clock_rate);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    let limits = listener::Limits {
        max_connections: config.serve.max_connections,
        client_timeout: config.serve.client_timeout,
    };
    let app = Arc::new(routes::App {
        token: config.serve.token.clone(),
        timeout: config.serve.client_timeout,
        taking_part: taking_part.clone(),
        clock,
        config: config.clone(),
    });
    runtime.block_on(async move {
        let listener = TcpListener::bind(opts.listen)
            .await
            .map_err(|source| ServeError::Bind {
                addr: opts.listen,
                source,
            })?;
        let bound = listener.local_addr().unwrap_or(opts.listen);
        let (stop, stopped) = watch::channel(false);
        let schedule = if opts.sync {
            let scheduler = scheduler::Scheduler {
                config,
                clock,
                taking_part,
                shutdown: stopped.clone(),
            };
            Some(scheduler.spawn().map_err(Error::Runtime)?)
        } else {
            None
        };
        tracing::info!(listen = %bound, sync = opts.sync, "serving");
        (opts.announce)(bound, opts.sync);
        let server = tokio::spawn(listener::serve(
            listener,
            routes::router(app),
            limits,
            stopped,
        ));
        let signal = shutdown_signal().await;
        tracing::info!(signal, "shutting down");
        let _ = stop.send(true);
        let _ = server.await;
        if let Some(thread) = schedule {
            // The scheduler stops at its next await, after any transaction in progress.
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
        Ok(())
    })
}

/// Waits for SIGTERM or SIGINT (Ctrl-C); the name of the one that came.
async fn shutdown_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut term) = signal(SignalKind::terminate()) else {
            let _ = tokio::signal::ctrl_c().await;
            return "SIGINT";
        };
        tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = tokio::signal::ctrl_c() => "SIGINT",
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    }
}

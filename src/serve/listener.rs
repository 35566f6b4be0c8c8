//! Accepting connections for `serve`: HTTP/1.1 on hyper, at most `max_connections` at once
//! (the next waits to be accepted), a client that does not send its request headers within the
//! client timeout (first request or next, on a kept-alive connection) is cut off, and no
//! connection lives longer than [`max_lifetime`] — so a slow client cannot hold the process.
//! On shutdown: no new connection, each open one finishes the request it is answering.

use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

/// What bounds a client.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    pub client_timeout: Duration,
}

/// The longest a connection may stay open, however busy: long enough to stream the largest
/// catalog to a slow reader, short enough that one cannot hold a slot for good.
pub fn max_lifetime(limits: Limits) -> Duration {
    (limits.client_timeout * 6).max(Duration::from_secs(60))
}

pub async fn serve(
    listener: TcpListener,
    router: axum::Router,
    limits: Limits,
    mut shutdown: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let mut connections = JoinSet::new();
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            _ = shutdown.changed() => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors, most likely: wait for one to be freed.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = shutdown.changed() => break,
        };
        let service = TowerToHyperService::new(router.clone());
        let mut stop = shutdown.clone();
        connections.spawn(async move {
            let _slot = slot;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.client_timeout);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            let lifetime = tokio::time::sleep(max_lifetime(limits));
            tokio::pin!(lifetime);
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!(%peer, error = %e, "connection closed");
                    }
                }
                _ = stop.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(limits.client_timeout, connection).await;
                }
                () = &mut lifetime => {
                    tracing::debug!(%peer, "connection open too long: closed");
                }
            }
        });
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    // Every open connection has been told to finish; give them the time a request may take.
    let _ = tokio::time::timeout(limits.client_timeout + Duration::from_secs(1), async {
        while connections.join_next().await.is_some() {}
    })
    .await;
}

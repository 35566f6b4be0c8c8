//! Delivering events to the `[[notify]]` sinks: in order, each sink from its own cursor,
//! advanced in the database only after a delivery succeeded. A crash re-sends at most the one
//! event in flight (with the same `seq`); a sink that is down keeps its backlog for the next
//! run or `aisync notify --retry`; a failing sink never fails the sync that fed it.

mod command;
mod jsonl;
mod slack;
mod webhook;

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::config::notify::{Sink, Target};
use crate::model::{Event, EventKind, ProviderError, SinkOutcome, SinkStatus};
use crate::store::{Store, StoreError};

/// Events read from the store at a time.
const BATCH: usize = 200;

/// Gives every configured sink without a cursor one at the latest event, so that a new sink
/// starts from now (or from the first event, with `backfill = true`). A run calls this before
/// it records anything, so its own events reach a sink configured since the last run.
pub fn enroll(store: &mut Store, config: &Config) -> Result<(), StoreError> {
    if config.notify.is_empty() {
        return Ok(());
    }
    let sinks: Vec<(&str, bool)> = config
        .notify
        .iter()
        .map(|s| (s.name.as_str(), s.backfill))
        .collect();
    store.enroll(&sinks, config.now)
}

/// Delivers every sink's backlog (or only `only`'s), in order. The caller holds the run lock,
/// so two processes never deliver the same event at once.
pub async fn deliver(
    store: &mut Store,
    config: &Config,
    only: Option<&str>,
) -> Result<Vec<SinkOutcome>, StoreError> {
    enroll(store, config)?;
    let cursors = store.cursors()?;
    let mut out = Vec::new();
    for sink in config
        .notify
        .iter()
        .filter(|s| only.is_none_or(|n| n == s.name))
    {
        let Some(cursor) = cursors.iter().find(|c| c.sink == sink.name) else {
            continue;
        };
        let outcome = deliver_sink(store, config, sink, cursor.delivered_seq).await?;
        if let Some(e) = &outcome.error {
            // An error, so that `-q` (cron) still says it: nothing else would.
            tracing::error!(sink = %sink.name, error_type = e.error_type.as_str(),
                backlog = outcome.backlog,
                "notify sink {:?} failed: {}; {} event(s) wait for the next run or `aisync notify --retry`",
                sink.name, e.message, outcome.backlog);
        } else if outcome.delivered > 0 {
            tracing::info!(sink = %sink.name, delivered = outcome.delivered, "notified");
        }
        out.push(outcome);
    }
    Ok(out)
}

/// What a run does last, under its lock: every sink's backlog, this run's events included.
/// A sink's trouble is its own — the run it reports on has been written — so a failure here
/// is logged, never the run's.
pub async fn after_run(store: &mut Store, config: &Config) {
    if config.notify.is_empty() {
        return;
    }
    if let Err(e) = deliver(store, config, None).await {
        tracing::warn!(error = %e, "events were not delivered; `aisync notify --retry` tries again");
    }
}

async fn deliver_sink(
    store: &mut Store,
    config: &Config,
    sink: &Sink,
    from: i64,
) -> Result<SinkOutcome, StoreError> {
    let mut outcome = SinkOutcome {
        sink: sink.name.clone(),
        delivered: 0,
        passed: 0,
        error: None,
        backlog: 0,
    };
    let mut cursor = from;
    // The last event passed over and not yet recorded: written with the next delivery, or
    // at the end, instead of once per event.
    let mut passed_to: Option<i64> = None;
    'batches: loop {
        let events = store.events_after(cursor, BATCH)?;
        if events.is_empty() {
            break;
        }
        for event in events {
            if !sink.takes(event.kind, event.provider.as_deref()) {
                outcome.passed += 1;
                passed_to = Some(event.seq);
                cursor = event.seq;
                continue;
            }
            if let Some(seq) = passed_to.take() {
                store.advance_cursor(&sink.name, seq, config.now, false)?;
            }
            match send(config, sink, &event).await {
                Ok(()) => {
                    store.advance_cursor(&sink.name, event.seq, config.now, true)?;
                    outcome.delivered += 1;
                    cursor = event.seq;
                }
                Err(e) => {
                    store.cursor_failed(
                        &sink.name,
                        config.now,
                        e.error_type.as_str(),
                        &e.message,
                    )?;
                    outcome.error = Some(e);
                    break 'batches;
                }
            }
        }
    }
    if let Some(seq) = passed_to {
        store.advance_cursor(&sink.name, seq, config.now, false)?;
    }
    if outcome.error.is_some() {
        outcome.backlog = store.events_since(cursor)?;
    }
    Ok(outcome)
}

/// Sends one event to one sink.
pub async fn send(config: &Config, sink: &Sink, event: &Event) -> Result<(), ProviderError> {
    // Slack gets its own message; every other sink, the event itself.
    let body = match &sink.target {
        Target::Webhook { slack: true, .. } => slack::body(event),
        _ => serde_json::to_vec(event).map_err(|e| {
            ProviderError::new(
                crate::model::ErrorType::InvalidResponse,
                format!("cannot write event {} as JSON: {e}", event.seq),
            )
        })?,
    };
    match &sink.target {
        Target::Webhook { url, secret, .. } => {
            webhook::post(config, sink, url, secret.as_ref(), event, body).await
        }
        Target::Command { argv } => command::run(config, sink, argv, event, &body),
        Target::Jsonl { path } => jsonl::append(path, &body),
    }
}

/// The event `aisync notify --test` sends: of kind `notify.test`, `seq` 0, no changes.
pub fn test_event(now: DateTime<Utc>, sink: &str) -> Event {
    Event {
        seq: 0,
        at: now,
        run_id: format!("{:x}-{}-test", now.timestamp(), std::process::id()),
        kind: EventKind::Test,
        provider: None,
        summary: format!("aisync test event for notify sink \"{sink}\""),
        changes: Vec::new(),
    }
}

/// Every configured sink, with where it stands.
pub fn status(store: &Store, config: &Config) -> Result<Vec<SinkStatus>, StoreError> {
    let cursors = store.cursors()?;
    let mut out = Vec::new();
    for sink in &config.notify {
        let cursor = cursors.iter().find(|c| c.sink == sink.name).cloned();
        let backlog = match &cursor {
            None => 0,
            Some(c) => store
                .event_counts_after(c.delivered_seq)?
                .into_iter()
                .filter(|(kind, provider, _)| sink.takes(*kind, provider.as_deref()))
                .map(|(_, _, n)| n)
                .sum(),
        };
        out.push(SinkStatus {
            name: sink.name.clone(),
            kind: sink.kind().as_str(),
            target: sink.describe(),
            events: sink.events.iter().map(|k| k.as_str()).collect(),
            providers: sink.providers.clone(),
            cursor,
            backlog,
        });
    }
    Ok(out)
}

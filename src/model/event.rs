//! Events: what a run tells the notify sinks, derived from the change log. One JSON schema
//! for every kind, versioned by [`SCHEMA_VERSION`].

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{ChangeKind, LoggedChange, format_time};

/// The version of the event schema; raised only when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// What an event announces (a sink's `events = [...]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    SyncStarted,
    SyncCompleted,
    SyncFailed,
    ModelsUpdated,
    PricesUpdated,
    ChangesHeld,
    /// `aisync notify --test`: never stored, never advances a cursor.
    Test,
}

impl EventKind {
    /// The kinds a run emits (the test event is not one).
    pub const ALL: [Self; 6] = [
        Self::SyncStarted,
        Self::SyncCompleted,
        Self::SyncFailed,
        Self::ModelsUpdated,
        Self::PricesUpdated,
        Self::ChangesHeld,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SyncStarted => "sync.started",
            Self::SyncCompleted => "sync.completed",
            Self::SyncFailed => "sync.failed",
            Self::ModelsUpdated => "models.updated",
            Self::PricesUpdated => "prices.updated",
            Self::ChangesHeld => "changes.held",
            Self::Test => "notify.test",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The change-log entries an event of this kind carries: of its provider and run.
    pub fn carries(self) -> &'static [ChangeKind] {
        match self {
            Self::SyncStarted | Self::Test => &[],
            Self::SyncCompleted => &[ChangeKind::SyncRecovered],
            Self::SyncFailed => &[ChangeKind::SyncFailed],
            Self::ModelsUpdated => &[
                ChangeKind::ModelAdded,
                ChangeKind::ModelRemoved,
                ChangeKind::ModelRestored,
                ChangeKind::ModelUpdated,
            ],
            Self::PricesUpdated => &[ChangeKind::PriceChanged],
            Self::ChangesHeld => &[ChangeKind::ChangeHeld, ChangeKind::ChangeAccepted],
        }
    }

    /// The event a change-log entry of `kind` goes into, if any (`catalog.refreshed` is of
    /// no provider and goes into none).
    pub fn carrying(kind: ChangeKind) -> Option<Self> {
        Self::ALL.into_iter().find(|e| {
            !matches!(e, Self::SyncCompleted | Self::SyncFailed) && e.carries().contains(&kind)
        })
    }
}

/// One event as delivered: `{"schema_version", "kind", "seq", "at", "run_id", "provider",
/// "summary", "changes"}`. `seq` increases with every event and is the receiver's
/// idempotency key: a crash between delivery and its record re-sends the same `seq`.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub run_id: String,
    pub kind: EventKind,
    pub provider: Option<String>,
    /// One line for people: `openai: 2 models added, 1 updated`.
    pub summary: String,
    pub changes: Vec<LoggedChange>,
}

impl Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut st = s.serialize_struct("Event", 8)?;
        st.serialize_field("schema_version", &SCHEMA_VERSION)?;
        st.serialize_field("kind", self.kind.as_str())?;
        st.serialize_field("seq", &self.seq)?;
        st.serialize_field("at", &format_time(&self.at))?;
        st.serialize_field("run_id", &self.run_id)?;
        st.serialize_field("provider", &self.provider)?;
        st.serialize_field("summary", &self.summary)?;
        st.serialize_field("changes", &self.changes)?;
        st.end()
    }
}

/// Where a notify sink stands: the last event it took, and how its deliveries went.
#[derive(Debug, Clone, PartialEq)]
pub struct SinkCursor {
    pub sink: String,
    /// The `seq` of the last event delivered (or passed over by its filters).
    pub delivered_seq: i64,
    pub created_at: DateTime<Utc>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_failure_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_error_type: Option<String>,
    /// Failed delivery attempts since the last success.
    pub failures: u32,
}

/// How one sink's delivery went.
#[derive(Debug, Clone, PartialEq)]
pub struct SinkOutcome {
    pub sink: String,
    /// Events it took.
    pub delivered: usize,
    /// Events its filters passed over.
    pub passed: usize,
    /// Why it stopped early; the events from there on wait for the next run.
    pub error: Option<super::ProviderError>,
    /// Events after its cursor when it stopped.
    pub backlog: usize,
}

/// A sink as `aisync notify --status` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SinkStatus {
    pub name: String,
    pub kind: &'static str,
    /// Where it delivers, without a webhook's path or query.
    pub target: String,
    pub events: Vec<&'static str>,
    pub providers: Vec<String>,
    /// `None`: no run has enrolled it yet (it starts at the next one).
    pub cursor: Option<SinkCursor>,
    /// Events after its cursor that it takes.
    pub backlog: usize,
}

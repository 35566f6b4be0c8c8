//! When a fetched list may not be applied: the removal guard. A provider answering a wrong,
//! truncated or empty list would otherwise mark most of its catalog removed in one run, and
//! `models cleanup` would later delete it. Pure.

use crate::config::bounds::Share;
use crate::model::{Decimal, StoredDigests};

/// A list held back because it would remove too much.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemovalHold {
    /// Models the list would mark removed.
    pub removing: usize,
    /// Models stored as listed (active or deprecated) before this run.
    pub listed_before: usize,
    /// The largest share a list may remove (`max_removed_share`).
    pub max_share: Share,
}

impl RemovalHold {
    /// The share that would go, as a whole percentage for people (rounded down).
    pub fn percent(&self) -> usize {
        self.removing * 100 / self.listed_before.max(1)
    }
}

/// Whether removing `removing` of `stored`'s listed models is more than `max_share` allows.
/// An empty list is held like any other; nothing to remove is never held.
pub fn removal_hold(
    stored: &StoredDigests,
    removing: usize,
    max_share: Share,
) -> Option<RemovalHold> {
    let listed_before = stored.listed();
    let too_many =
        removing > 0 && Decimal::from(removing) > max_share.0 * Decimal::from(listed_before);
    too_many.then_some(RemovalHold {
        removing,
        listed_before,
        max_share,
    })
}

#[cfg(test)]
mod tests;

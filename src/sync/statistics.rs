//! Per-provider statistics of a synced list (SPEC §5). Pure.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::model::{Model, ProviderId, format_time};

/// `total_models` and `updated_at` for every provider.
pub fn statistics(_provider: &ProviderId, models: &[Model], now: DateTime<Utc>) -> Value {
    let mut stats = Map::new();
    stats.insert("total_models".to_owned(), Value::from(models.len()));
    stats.insert("updated_at".to_owned(), Value::from(format_time(&now)));
    Value::Object(stats)
}

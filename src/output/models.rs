//! `models list` and `models info`: tables that fit the terminal, the JSON of SPEC §7, and
//! CSV safe to open in a spreadsheet. Provider-supplied text is neutralised in every format:
//! control characters become visible escapes in tables and CSV, and JSON escapes them itself.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};
use comfy_table::Cell;
use serde::Serialize;

use super::json::pretty;
use super::pricing::{PricingRow, money, pricing_row, source_name, thousands};
use super::table::{number_cell, table};
use super::time::ago;
use super::{exact_number, sanitize};
use crate::model::{Capability, Decimal, HistoryRow, PriceUnit, UsageSummary, format_time};
use crate::pricing::cost::{self, CostTier};
use crate::query::ModelView;

/// `models list` as a table.
pub fn list_table(views: &[ModelView], width: Option<u16>) -> String {
    if views.is_empty() {
        return "No models match. Sync some with `aisync sync-models` (try `--provider mock`).\n"
            .to_owned();
    }
    let mut headers = vec![
        "Model",
        "Provider",
        "Type",
        "Status",
        "Context Length",
        "Cost",
    ];
    let mut t = table(&headers, width);
    // The $/1M columns when the table has room: piped (no width), or at least this wide.
    let prices = t.width().is_none_or(|w| w >= PRICE_COLUMNS_WIDTH);
    if prices {
        headers.extend(["In $/1M", "Out $/1M"]);
        t = table(&headers, width);
    }
    for v in views {
        let m = &v.stored.model;
        let mut row = vec![
            Cell::new(sanitize(&m.id)),
            Cell::new(sanitize(v.provider().as_str())),
            Cell::new(m.model_type.as_str()),
            Cell::new(m.status.as_str()),
            number_cell(m.context_length),
            Cell::new(CostTier::of(v.pricing.as_ref()).as_str()),
        ];
        if prices {
            for c in ["input", "output"] {
                let text = v
                    .token_price(c)
                    .map_or_else(String::new, |p| p.normalize().to_string());
                row.push(Cell::new(text).set_alignment(comfy_table::CellAlignment::Right));
            }
        }
        t.add_row(row);
    }
    // Too narrow for every word whole: the status, then the type, make room.
    let hidden = t.fit_by_hiding(&[3, 2]);
    let hidden = if hidden.is_empty() {
        String::new()
    } else {
        format!(
            "Hidden to fit: {}; --format json shows all.\n",
            hidden.join(", ")
        )
    };
    format!(
        "{t}\n{}\n{hidden}",
        super::pricing::count(views.len(), "model", "models")
    )
}

/// The narrowest terminal `models list` shows input and output prices in.
const PRICE_COLUMNS_WIDTH: u16 = 100;

/// One element of `models list --format json` (SPEC §7).
#[derive(Serialize)]
pub struct ModelRow<'a> {
    id: &'a str,
    name: Option<&'a str>,
    provider: &'a str,
    #[serde(rename = "type")]
    model_type: &'static str,
    status: &'static str,
    context_length: Option<u64>,
    max_output: Option<u64>,
    capabilities: &'a std::collections::BTreeSet<Capability>,
    input_modalities: &'a [String],
    output_modalities: &'a [String],
    pricing: Option<PricingRow>,
    deprecation_date: Option<NaiveDate>,
    shutdown_date: Option<NaiveDate>,
    replacement: Option<&'a str>,
    owner: Option<&'a str>,
    created_at: Option<String>,
    release_date: Option<NaiveDate>,
    knowledge_cutoff: Option<&'a str>,
    first_seen: String,
    last_synced: String,
    removed_at: Option<String>,
}

pub fn model_row(v: &ModelView) -> ModelRow<'_> {
    let m = &v.stored.model;
    ModelRow {
        id: &m.id,
        name: m.name.as_deref(),
        provider: v.provider().as_str(),
        model_type: m.model_type.as_str(),
        status: m.status.as_str(),
        context_length: m.context_length,
        max_output: m.max_output,
        capabilities: &m.capabilities,
        input_modalities: &m.input_modalities,
        output_modalities: &m.output_modalities,
        pricing: pricing_row(v.pricing.as_ref(), v.provider()),
        deprecation_date: m.deprecation_date,
        shutdown_date: m.shutdown_date,
        replacement: m.replacement.as_deref(),
        owner: m.owner.as_deref(),
        created_at: m.created_at.as_ref().map(format_time),
        release_date: m.release_date,
        knowledge_cutoff: m.knowledge_cutoff.as_deref(),
        first_seen: format_time(&v.stored.first_seen),
        last_synced: format_time(&v.stored.last_seen),
        removed_at: v.stored.removed_at.as_ref().map(format_time),
    }
}

/// `models list --format json`: an array, streamed.
pub fn write_list_json(out: &mut impl std::io::Write, views: &[ModelView]) -> std::io::Result<()> {
    super::json::write_pretty_array(out, views.iter().map(model_row))
}

/// A CSV cell safe to open in a spreadsheet: control characters made visible, and a cell
/// that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return)
/// prefixed with `'`.
pub fn csv_cell(text: &str) -> String {
    let clean = sanitize(text);
    if clean.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{clean}")
    } else {
        clean
    }
}

/// `models list --format csv`: a header row, then one row per model (RFC 4180 quoting),
/// streamed.
pub fn write_list_csv(out: &mut impl std::io::Write, views: &[ModelView]) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new().from_writer(out);
    let header = [
        "id",
        "name",
        "provider",
        "type",
        "status",
        "context_length",
        "max_output",
        "capabilities",
        "input_usd_per_1m",
        "output_usd_per_1m",
        "price_source",
        "deprecation_date",
        "shutdown_date",
        "first_seen",
        "last_synced",
    ];
    w.write_record(header)?;
    for v in views {
        let m = &v.stored.model;
        let caps: Vec<String> = m
            .capabilities
            .iter()
            .filter_map(|c| serde_json::to_value(c).ok())
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        let num = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
        let price = |c: &str| {
            v.token_price(c)
                .map(|p| p.normalize().to_string())
                .unwrap_or_default()
        };
        let row = [
            csv_cell(&m.id),
            csv_cell(m.name.as_deref().unwrap_or_default()),
            csv_cell(v.provider().as_str()),
            m.model_type.as_str().to_owned(),
            m.status.as_str().to_owned(),
            num(m.context_length),
            num(m.max_output),
            caps.join(";"),
            price("input"),
            price("output"),
            v.pricing
                .as_ref()
                .map(|p| source_name(&p.source, v.provider()))
                .unwrap_or_default(),
            m.deprecation_date
                .map(|d| d.to_string())
                .unwrap_or_default(),
            m.shutdown_date.map(|d| d.to_string()).unwrap_or_default(),
            format_time(&v.stored.first_seen),
            format_time(&v.stored.last_seen),
        ];
        w.write_record(&row)?;
    }
    w.flush()
}

/// Everything `models info` shows.
pub struct Info<'a> {
    pub view: &'a ModelView,
    pub history: Option<&'a [HistoryRow]>,
    pub usage: &'a UsageSummary,
    pub usage_days: i64,
    pub now: DateTime<Utc>,
    /// The width tables fit, when the terminal cannot be asked.
    pub width: Option<u16>,
}

const CAPABILITY_LABELS: [(Capability, &str); 14] = [
    (Capability::Chat, "Chat"),
    (Capability::Completion, "Completion"),
    (Capability::FunctionCalling, "Function calling"),
    (Capability::JsonMode, "JSON mode"),
    (Capability::StructuredOutput, "Structured output"),
    (Capability::Vision, "Vision"),
    (Capability::AudioInput, "Audio input"),
    (Capability::AudioOutput, "Audio output"),
    (Capability::Reasoning, "Reasoning"),
    (Capability::Streaming, "Streaming"),
    (Capability::Embedding, "Embedding"),
    (Capability::ImageGeneration, "Image generation"),
    (Capability::VideoGeneration, "Video generation"),
    (Capability::Moderation, "Moderation"),
];

fn usd(d: Decimal) -> String {
    format!("${}", d.normalize())
}

/// `models info` for people.
/// A labelled line of an info section.
fn line(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "  {label:<16}{value}");
}

/// `models info` for people.
pub fn info_text(i: &Info<'_>) -> String {
    let v = i.view;
    let m = &v.stored.model;
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})\n", sanitize(&m.id), v.provider());
    let _ = writeln!(out, "Basic Information");
    line(
        &mut out,
        "Name",
        &sanitize(m.name.as_deref().unwrap_or("—")),
    );
    line(&mut out, "Provider", &v.provider().to_string());
    line(&mut out, "Type", m.model_type.as_str());
    line(&mut out, "Status", m.status.as_str());
    let tokens = |n: Option<u64>| {
        n.map_or_else(
            || "unknown".to_owned(),
            |n| format!("{} tokens", thousands(n as usize)),
        )
    };
    line(&mut out, "Context Length", &tokens(m.context_length));
    line(&mut out, "Max Output", &tokens(m.max_output));
    if let Some(owner) = &m.owner {
        line(&mut out, "Owner", &sanitize(owner));
    }

    capabilities_section(&mut out, i);
    pricing_section(&mut out, i);
    history_section(&mut out, i);
    usage_section(&mut out, i);
    lifecycle_section(&mut out, i);
    out
}

/// How wide one capability of the grid is: its mark, a space and the longest label.
const CAPABILITY_CELL: u16 = 20;

/// Capabilities, ✓ or ✗ each: four a row, or as many as the width holds (the terminal's, or
/// `COLUMNS`); piped, four.
fn capabilities_section(out: &mut String, i: &Info<'_>) {
    let v = i.view;
    let m = &v.stored.model;
    let _ = writeln!(out, "\nCapabilities");
    let width = i.width.or_else(|| comfy_table::Table::new().width());
    let per_row = width.map_or(4, |w| {
        usize::from((w.saturating_sub(2) / CAPABILITY_CELL).clamp(1, 4))
    });
    for chunk in CAPABILITY_LABELS.chunks(per_row) {
        let cells: Vec<String> = chunk
            .iter()
            .map(|(c, label)| {
                format!(
                    "{} {label:<18}",
                    if m.capabilities.contains(c) {
                        "✓"
                    } else {
                        "✗"
                    }
                )
            })
            .collect();
        let _ = writeln!(out, "  {}", cells.join("").trim_end());
    }
}

/// The price in force, per 1K and per 1M tokens, with its source.
fn pricing_section(out: &mut String, i: &Info<'_>) {
    let v = i.view;
    match &v.pricing {
        None => {
            let _ = writeln!(
                out,
                "\nCurrent Pricing\n  unpriced: no source knows this model's price"
            );
        }
        Some(p) => {
            let _ = writeln!(
                out,
                "\nCurrent Pricing (source: {}, observed {})",
                source_name(&p.source, v.provider()),
                format_time(&p.observed_at)
            );
            let rows: Vec<(String, &crate::model::Price)> = super::pricing::ordered(&p.prices)
                .into_iter()
                .map(|price| (super::pricing::label(&price.component), price))
                .collect();
            // Long-context and service-tier labels are longer than the base ones.
            let width = rows
                .iter()
                .map(|(l, _)| l.chars().count() + 2)
                .max()
                .unwrap_or(0)
                .max(16);
            for (label, price) in rows {
                let per_1m = match price.unit {
                    PriceUnit::MillionTokens => format!("{} per 1M tokens", usd(price.usd)),
                    _ => String::new(),
                };
                // A component a lower source filled in says where it came from.
                let from = p
                    .filled
                    .iter()
                    .find(|(c, _)| *c == price.component)
                    .map(|(_, s)| format!("  (from {})", source_name(s, v.provider())))
                    .unwrap_or_default();
                let line = format!("  {label:<width$}{:<28}{per_1m:<24}{from}", money(price));
                let _ = writeln!(out, "{}", line.trim_end());
            }
        }
    }
}

/// Every recorded price change, with `--history`.
fn history_section(out: &mut String, i: &Info<'_>) {
    let Some(history) = i.history else {
        return;
    };
    let _ = writeln!(out, "\nPricing History (USD per 1M tokens)");
    if history.is_empty() {
        let _ = writeln!(out, "  no price recorded yet (run `aisync sync-pricing`)");
        return;
    }
    // One row per observation of a source: its date, input, output, anything else, source.
    let mut groups: Vec<(&HistoryRow, Vec<&HistoryRow>)> = Vec::new();
    for h in history {
        match groups
            .iter_mut()
            .find(|(first, _)| first.observed_at == h.observed_at && first.source == h.source)
        {
            Some((_, rows)) => rows.push(h),
            None => groups.push((h, vec![h])),
        }
    }
    let amount = |h: &HistoryRow| {
        h.amount.map_or_else(
            || "(dropped)".to_owned(),
            |a| match h.unit {
                PriceUnit::MillionTokens => usd(a),
                unit => format!("{} per {}", usd(a), unit.as_str()),
            },
        )
    };
    let mut t = table(&["Date", "Input", "Output", "Other", "Source"], i.width);
    for (first, rows) in groups {
        let pick = |c: &str| {
            rows.iter()
                .find(|h| h.component == c && h.unit == PriceUnit::MillionTokens)
                .map_or_else(String::new, |h| amount(h))
        };
        let other: Vec<String> = rows
            .iter()
            .filter(|h| {
                !(matches!(h.component.as_str(), "input" | "output")
                    && h.unit == PriceUnit::MillionTokens)
            })
            .map(|h| format!("{} {}", super::pricing::label(&h.component), amount(h)))
            .collect();
        t.add_row(vec![
            Cell::new(first.observed_at.format("%Y-%m-%d %H:%M")),
            Cell::new(pick("input")).set_alignment(comfy_table::CellAlignment::Right),
            Cell::new(pick("output")).set_alignment(comfy_table::CellAlignment::Right),
            Cell::new(other.join(", ")),
            Cell::new(source_name(&first.source, i.view.provider())),
        ]);
    }
    let _ = writeln!(out, "{t}");
}

/// Usage over the last days.
fn usage_section(out: &mut String, i: &Info<'_>) {
    let u = i.usage;
    let _ = writeln!(out, "\nUsage Statistics (last {} days)", i.usage_days);
    if u.records == 0 {
        let _ = writeln!(
            out,
            "  no usage recorded (import some with `aisync usage import FILE`)"
        );
    } else {
        line(out, "Requests", &thousands(u.requests as usize));
        line(out, "Input tokens", &thousands(u.input_tokens as usize));
        line(out, "Output tokens", &thousands(u.output_tokens as usize));
        let cost = if u.unknown_cost == u.records {
            "unknown (no price was known at the time of any record)".to_owned()
        } else if u.unknown_cost > 0 {
            format!(
                "{} (+ {} of unknown cost)",
                usd(u.cost),
                super::pricing::count(u.unknown_cost as usize, "record", "records")
            )
        } else {
            usd(u.cost)
        };
        line(out, "Cost", &cost);
        if let Some(average) = cost::average_per_request(u) {
            line(out, "Avg per request", &usd(average));
        }
    }
}

/// When the model appeared, changed status, and was last synced.
fn lifecycle_section(out: &mut String, i: &Info<'_>) {
    let v = i.view;
    let m = &v.stored.model;
    let _ = writeln!(out, "\nLifecycle");
    line(out, "First seen", &format_time(&v.stored.first_seen));
    line(out, "Last seen", &format_time(&v.stored.last_seen));
    if let Some(t) = m.created_at {
        line(out, "Created", &format_time(&t));
    }
    if let Some(d) = m.release_date {
        line(out, "Released", &d.to_string());
    }
    if let Some(d) = m.deprecation_date {
        line(out, "Deprecation", &d.to_string());
    }
    if let Some(d) = m.shutdown_date {
        line(out, "Shutdown", &d.to_string());
    }
    if let Some(r) = &m.replacement {
        line(out, "Replacement", &sanitize(r));
    }
    if let Some(t) = v.stored.removed_at {
        line(out, "Removed", &format_time(&t));
    }
    let _ = writeln!(
        out,
        "\nLast Synced  {} ({})",
        format_time(&v.stored.last_seen),
        ago(i.now, v.stored.last_seen)
    );
}

#[derive(Serialize)]
struct InfoDoc<'a> {
    model: ModelRow<'a>,
    sources: std::collections::BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pricing_history: Option<Vec<HistoryJson>>,
    usage: UsageJson,
}

#[derive(Serialize)]
struct HistoryJson {
    observed_at: String,
    component: String,
    unit: &'static str,
    price: Option<Box<serde_json::value::RawValue>>,
    source: String,
}

#[derive(Serialize)]
struct UsageJson {
    days: i64,
    records: u64,
    requests: u64,
    input_tokens: u64,
    output_tokens: u64,
    cost: Option<Box<serde_json::value::RawValue>>,
    unknown_cost_records: u64,
    average_cost_per_request: Option<Box<serde_json::value::RawValue>>,
}

/// `models info --format json`.
pub fn info_json(i: &Info<'_>) -> String {
    let v = i.view;
    let u = i.usage;
    let doc = InfoDoc {
        model: model_row(v),
        sources: v
            .stored
            .model
            .sources
            .iter()
            .map(|(k, s)| (k.to_owned(), s.to_string()))
            .collect(),
        pricing_history: i.history.map(|h| {
            h.iter()
                .map(|r| HistoryJson {
                    observed_at: format_time(&r.observed_at),
                    component: r.component.clone(),
                    unit: r.unit.as_str(),
                    price: r.amount.and_then(exact_number),
                    source: source_name(&r.source, v.provider()),
                })
                .collect()
        }),
        usage: UsageJson {
            days: i.usage_days,
            records: u.records,
            requests: u.requests,
            input_tokens: u.input_tokens,
            output_tokens: u.output_tokens,
            cost: exact_number(u.cost),
            unknown_cost_records: u.unknown_cost,
            average_cost_per_request: cost::average_per_request(u).and_then(exact_number),
        },
    };
    pretty(&doc)
}

#[cfg(test)]
mod tests;

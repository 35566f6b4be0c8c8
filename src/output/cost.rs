//! `aisync cost` for people and for scripts: one line per component priced, then the input
//! cost, output cost and total, every amount an exact decimal; an unpriced component named and
//! the total `null`, never `$0`. With no model, models ranked by that total.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;
use serde_json::value::RawValue;

use super::pricing::{label, source_name, thousands};
use super::table::table;
use super::{exact_number, sanitize};
use crate::model::{Component, Decimal, ProviderId, ServiceTier, SourcedPrices, format_time};
use crate::pricing::cost::{Line, Quote};

/// One model's quote, with where its prices came from.
#[derive(Debug, Clone)]
pub struct Costed {
    pub provider: String,
    pub model: String,
    pub at: DateTime<Utc>,
    /// The catalog the prices come from, for a model no sync has listed.
    pub catalog_only: Option<String>,
    pub pricing: Option<SourcedPrices>,
    pub quote: Quote,
}

impl Costed {
    fn source(&self) -> Option<String> {
        self.pricing
            .as_ref()
            .map(|p| source_name(&p.source, &ProviderId::new(self.provider.clone())))
    }
}

/// Every model compared, cheapest first, and those that cannot be priced for the request.
#[derive(Debug, Clone)]
pub struct Compared {
    pub at: DateTime<Utc>,
    pub tier: ServiceTier,
    pub priced: Vec<Costed>,
    pub unpriced: Vec<Costed>,
}

/// `$0.2985`, exact; `unknown` for `None`.
fn dollars(d: Option<Decimal>) -> String {
    d.map_or_else(|| "unknown".to_owned(), |d| format!("${}", d.normalize()))
}

/// `65,000`, `8.5`.
fn quantity(q: Decimal) -> String {
    match u64::try_from(q) {
        Ok(n) if q.fract().is_zero() => thousands(n as usize),
        _ => q.normalize().to_string(),
    }
}

/// `$3 per 1M tokens`, `$0.1 per second`.
fn unit_price(l: &Line) -> String {
    format!("${} per {}", l.price.normalize(), l.unit.as_str())
}

/// One model's quote for people.
pub fn text(c: &Costed, width: Option<u16>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}) at {}, {} tier",
        sanitize(&c.model),
        c.provider,
        format_time(&c.at),
        c.quote.tier.as_str()
    );
    if let Some(catalog) = &c.catalog_only {
        let _ = writeln!(
            out,
            "  not synced: priced from catalog {catalog}'s entry (no sync has listed this model)"
        );
    }
    match &c.pricing {
        Some(p) => {
            let _ = writeln!(
                out,
                "  prices from {}, observed {}",
                c.source().unwrap_or_default(),
                format_time(&p.observed_at)
            );
        }
        None => {
            let _ = writeln!(out, "  unpriced: no source knows this model's price");
        }
    }
    if !c.quote.lines.is_empty() {
        let mut t = table(&["Component", "Quantity", "Price", "Cost", "Source"], width);
        for l in &c.quote.lines {
            t.add_row(vec![
                Cell::new(label(&l.component)),
                Cell::new(quantity(l.quantity)).set_alignment(CellAlignment::Right),
                Cell::new(unit_price(l)),
                Cell::new(dollars(Some(l.cost))).set_alignment(CellAlignment::Right),
                Cell::new(c.line_source(&l.component).unwrap_or_default()),
            ]);
        }
        let _ = writeln!(out, "{t}");
    }
    for u in &c.quote.unpriced {
        let _ = writeln!(out, "  unpriced: {} (no source prices it)", label(u));
    }
    let _ = writeln!(out, "  {:<13}{}", "Input cost", dollars(c.quote.input_cost));
    let _ = writeln!(
        out,
        "  {:<13}{}",
        "Output cost",
        dollars(c.quote.output_cost)
    );
    let _ = writeln!(out, "  {:<13}{}", "Total", dollars(c.quote.total));
    out
}

#[derive(Serialize)]
struct LineJson {
    component: String,
    service_tier: &'static str,
    above_input_tokens: Option<u64>,
    quantity: Option<Box<RawValue>>,
    unit: &'static str,
    price: Option<Box<RawValue>>,
    cost: Option<Box<RawValue>>,
    source: Option<String>,
}

impl Costed {
    /// The source a line's price came from.
    fn line_source(&self, component: &str) -> Option<String> {
        self.pricing.as_ref().map(|p| {
            source_name(
                p.source_of(component),
                &ProviderId::new(self.provider.clone()),
            )
        })
    }
}

#[derive(Serialize)]
struct CostJson {
    provider: String,
    model: String,
    at: String,
    tier: &'static str,
    currency: &'static str,
    /// `false` for a catalog entry no sync has listed; `catalog` names it.
    synced: bool,
    catalog: Option<String>,
    lines: Vec<LineJson>,
    input_cost: Option<Box<RawValue>>,
    output_cost: Option<Box<RawValue>>,
    total: Option<Box<RawValue>>,
    unpriced: Vec<String>,
}

fn cost_json(c: &Costed) -> CostJson {
    CostJson {
        provider: c.provider.clone(),
        model: c.model.clone(),
        at: format_time(&c.at),
        tier: c.quote.tier.as_str(),
        currency: "USD",
        synced: c.catalog_only.is_none(),
        catalog: c.catalog_only.clone(),
        lines: c
            .quote
            .lines
            .iter()
            .map(|l| {
                let part = Component::parse(&l.component);
                LineJson {
                    component: part.base.to_owned(),
                    service_tier: part.tier.as_str(),
                    above_input_tokens: part.above,
                    quantity: exact_number(l.quantity),
                    unit: l.unit.as_str(),
                    price: exact_number(l.price),
                    cost: exact_number(l.cost),
                    source: c.line_source(&l.component),
                }
            })
            .collect(),
        input_cost: c.quote.input_cost.and_then(exact_number),
        output_cost: c.quote.output_cost.and_then(exact_number),
        total: c.quote.total.and_then(exact_number),
        unpriced: c.quote.unpriced.clone(),
    }
}

/// One model's quote as JSON, with a trailing newline.
pub fn json(c: &Costed) -> String {
    super::json::pretty(&cost_json(c))
}

/// The comparison for people: a ranked table, then the models that cannot be priced.
pub fn compare_text(c: &Compared, width: Option<u16>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Cheapest first, at {}, {} tier (USD)",
        format_time(&c.at),
        c.tier.as_str()
    );
    let mut t = table(
        &[
            "#", "Provider", "Model", "Input", "Output", "Total", "Source",
        ],
        width,
    );
    for (i, m) in c.priced.iter().enumerate() {
        t.add_row(vec![
            Cell::new(i + 1).set_alignment(CellAlignment::Right),
            Cell::new(&m.provider),
            Cell::new(sanitize(&m.model)),
            Cell::new(dollars(m.quote.input_cost)).set_alignment(CellAlignment::Right),
            Cell::new(dollars(m.quote.output_cost)).set_alignment(CellAlignment::Right),
            Cell::new(dollars(m.quote.total)).set_alignment(CellAlignment::Right),
            Cell::new(m.source().unwrap_or_default()),
        ]);
    }
    let _ = writeln!(out, "{t}");
    if !c.unpriced.is_empty() {
        let _ = writeln!(
            out,
            "{} cannot be priced for this request (no source prices what it uses):",
            super::pricing::count(c.unpriced.len(), "model", "models")
        );
        let names: Vec<String> = c
            .unpriced
            .iter()
            .map(|m| format!("{}/{}", m.provider, sanitize(&m.model)))
            .collect();
        let _ = writeln!(out, "  {}", names.join(", "));
    }
    out
}

#[derive(Serialize)]
struct ComparedJson {
    provider: String,
    model: String,
    input_cost: Option<Box<RawValue>>,
    output_cost: Option<Box<RawValue>>,
    total: Option<Box<RawValue>>,
    source: Option<String>,
}

#[derive(Serialize)]
struct UnpricedJson {
    provider: String,
    model: String,
}

#[derive(Serialize)]
struct CompareJson {
    at: String,
    tier: &'static str,
    currency: &'static str,
    models: Vec<ComparedJson>,
    unpriced: Vec<UnpricedJson>,
}

/// The comparison as JSON, with a trailing newline.
pub fn compare_json(c: &Compared) -> String {
    let doc = CompareJson {
        at: format_time(&c.at),
        tier: c.tier.as_str(),
        currency: "USD",
        models: c
            .priced
            .iter()
            .map(|m| ComparedJson {
                provider: m.provider.clone(),
                model: m.model.clone(),
                input_cost: m.quote.input_cost.and_then(exact_number),
                output_cost: m.quote.output_cost.and_then(exact_number),
                total: m.quote.total.and_then(exact_number),
                source: m.source(),
            })
            .collect(),
        unpriced: c
            .unpriced
            .iter()
            .map(|m| UnpricedJson {
                provider: m.provider.clone(),
                model: m.model.clone(),
            })
            .collect(),
    };
    super::json::pretty(&doc)
}

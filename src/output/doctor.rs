//! `aisync doctor` for people (one line a check, its fix beneath) and for scripts.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Palette, sanitize};
use crate::doctor::Check;

pub fn text(checks: &[Check], ok: bool, offline: bool, p: Palette) -> String {
    let wide = checks
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for c in checks {
        let mark = if c.ok { p.good("✓") } else { p.bad("✗") };
        let _ = writeln!(out, "{mark} {:<wide$}  {}", c.name, sanitize(&c.detail));
        if let Some(fix) = &c.fix {
            let _ = writeln!(out, "  {:<wide$}  {} {}", "", p.dim("fix:"), sanitize(fix));
        }
    }
    let failed = checks.iter().filter(|c| !c.ok).count();
    let _ = writeln!(
        out,
        "{}{}",
        if ok {
            "Every check passed.".to_owned()
        } else {
            format!("{failed} of {} checks failed.", checks.len())
        },
        if offline {
            " (--offline: the providers were not contacted)"
        } else {
            ""
        }
    );
    out
}

pub fn json(checks: &[Check], ok: bool) -> String {
    #[derive(Serialize)]
    struct CheckJson<'a> {
        check: &'a str,
        ok: bool,
        detail: String,
        fix: Option<&'a str>,
    }
    #[derive(Serialize)]
    struct Doc<'a> {
        ok: bool,
        checks: Vec<CheckJson<'a>>,
    }
    super::json::pretty(&Doc {
        ok,
        checks: checks
            .iter()
            .map(|c| CheckJson {
                check: &c.name,
                ok: c.ok,
                detail: sanitize(&c.detail),
                fix: c.fix.as_deref(),
            })
            .collect(),
    })
}

//! The house rules of the layout, checked against the source: which module may import which,
//! that every price rule is written once and in `pricing/`, and that no module circle forms
//! among the engines, drivers, catalogs, configuration and store. Test files (`tests.rs`) may
//! reach anywhere and are not read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every non-test source file under `src/`, as (path relative to `src/`, text).
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n != "tests.rs" && n != "architecture.rs")
        })
        .map(|p| {
            let rel = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The top-level module a file belongs to (`pricing/plan.rs` → `pricing`).
fn module_of(rel: &str) -> &str {
    rel.split('/').next().unwrap().trim_end_matches(".rs")
}

/// The top-level modules a file's text names with `crate::…`.
fn imports(text: &str) -> BTreeSet<String> {
    text.match_indices("crate::")
        .map(|(i, _)| {
            text[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect::<String>()
        })
        .filter(|m| !m.is_empty())
        .collect()
}

/// Files under `prefix` that name `crate::forbidden`.
fn offenders(prefix: &str, forbidden: &str) -> Vec<String> {
    sources()
        .into_iter()
        .filter(|(rel, _)| rel.starts_with(prefix))
        .filter(|(_, text)| imports(text).contains(forbidden))
        .map(|(rel, _)| rel)
        .collect()
}

#[test]
fn output_knows_data_not_the_store_or_the_configuration() {
    for forbidden in ["store", "config", "drivers"] {
        assert_eq!(
            offenders("output/", forbidden),
            Vec::<String>::new(),
            "{forbidden}"
        );
    }
}

#[test]
fn read_only_commands_do_not_import_the_sync_engine() {
    for file in [
        "commands/models/",
        "commands/providers.rs",
        "commands/usage.rs",
    ] {
        assert_eq!(offenders(file, "sync"), Vec::<String>::new());
    }
}

#[test]
fn sync_holds_only_the_sync_models_engine() {
    let files: Vec<String> = sources()
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|rel| rel.starts_with("sync/"))
        .collect();
    assert_eq!(
        files,
        [
            "sync/changes.rs",
            "sync/diff.rs",
            "sync/discovery.rs",
            "sync/guard.rs",
            "sync/mod.rs",
            "sync/refresh.rs",
            "sync/report.rs",
            "sync/statistics.rs",
        ],
        "a file added here must be part of sync-models; shared pieces go beside it"
    );
}

#[test]
fn configuration_drivers_and_catalog_formats_do_not_import_each_other() {
    assert_eq!(offenders("config.rs", "catalog"), Vec::<String>::new());
    assert_eq!(offenders("config.rs", "drivers"), Vec::<String>::new());
    assert_eq!(offenders("catalog/", "drivers"), Vec::<String>::new());
    assert_eq!(offenders("drivers/", "catalog"), Vec::<String>::new());
    assert_eq!(offenders("wire/", "drivers"), Vec::<String>::new());
    assert_eq!(offenders("wire/", "catalog"), Vec::<String>::new());
    for leaf in ["model.rs", "env.rs"] {
        assert_eq!(
            sources()
                .into_iter()
                .find(|(rel, _)| rel == leaf)
                .map(|(_, text)| imports(&text))
                .unwrap_or_default(),
            BTreeSet::new(),
            "{leaf} imports nothing of ours"
        );
    }
}

/// The modules that gather the others: `error` holds every module's error (and the outcome
/// the exit code is decided from), and `cli` and `commands` are the clap tree. A circle
/// through them is the shape of the program; any other circle is a defect.
const GATHERERS: [&str; 4] = ["error", "cli", "commands", "main"];

/// Depth-first search for a back edge: the circle it closes, if any.
fn visit(
    node: &str,
    graph: &BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(i) = path.iter().position(|p| p == node) {
        let mut circle = path[i..].to_vec();
        circle.push(node.to_owned());
        return Some(circle);
    }
    if done.contains(node) {
        return None;
    }
    path.push(node.to_owned());
    for next in graph.get(node).into_iter().flatten() {
        if let Some(c) = visit(next, graph, path, done) {
            return Some(c);
        }
    }
    path.pop();
    done.insert(node.to_owned());
    None
}

#[test]
fn no_import_circle_among_the_rest() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, text) in sources() {
        let from = module_of(&rel).to_owned();
        if GATHERERS.contains(&from.as_str()) {
            continue;
        }
        let to: BTreeSet<String> = imports(&text)
            .into_iter()
            .filter(|m| *m != from && !GATHERERS.contains(&m.as_str()))
            .collect();
        graph.entry(from).or_default().extend(to);
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        let circle = visit(node, &graph, &mut Vec::new(), &mut done);
        assert_eq!(circle, None, "an import circle");
    }
}

#[test]
fn every_price_rule_is_written_once_in_pricing() {
    let defined_in = |name: &str| -> Vec<String> {
        let needle = format!("fn {name}(");
        sources()
            .into_iter()
            .filter(|(_, text)| text.contains(&needle))
            .map(|(rel, _)| rel)
            .collect()
    };
    for rule in [
        "effective_prices",
        "prices_at",
        "implausible",
        "halves",
        "hold_shrink",
        "component_changes",
        "plan_provider",
        "overrides",
    ] {
        assert_eq!(defined_in(rule), ["pricing/plan.rs"], "{rule}");
    }
    for rule in ["record_cost", "quote", "average_per_request"] {
        assert_eq!(defined_in(rule), ["pricing/cost.rs"], "{rule}");
    }
    for (rel, text) in sources() {
        let in_price_rooms = rel.starts_with("pricing/") || rel.starts_with("catalog/");
        for tell in ["IMPLAUSIBLE_RATIO", "MIN_KEPT_PERCENT", "* 2 <"] {
            assert!(
                in_price_rooms || !text.contains(tell),
                "{rel} carries a price rule ({tell})"
            );
        }
    }
}

#[test]
fn provider_variables_are_named_in_env_only() {
    let (_, table) = sources()
        .into_iter()
        .find(|(rel, _)| rel == "providers.rs")
        .unwrap();
    let literals: Vec<&str> = table
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.len() > 3 && s.chars().all(|c| c.is_ascii_uppercase() || c == '_') && s.contains('_')
        })
        .collect();
    assert_eq!(literals, Vec::<&str>::new());
}

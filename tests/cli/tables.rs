//! Tables that fit: at 80 and 60 columns no model id, number or word is broken across lines,
//! and the providers table drops columns to fit (all of them with -v); piped with no
//! `COLUMNS`, nothing wraps.

use crate::common::{TestEnv, sync_mock};

/// The words a table row holds, its borders taken out.
fn words(text: &str) -> Vec<String> {
    text.lines()
        .flat_map(|l| l.split(['│', '┆']).map(str::trim).collect::<Vec<_>>())
        .flat_map(|cell| {
            cell.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn ids_numbers_and_words_are_never_broken_at_80_or_60_columns() {
    let env = TestEnv::new();
    sync_mock(&env, "2026-11-23T10:00:00Z", None, &[]).expect_code(0);
    env.run(&["sync-pricing"]).expect_code(0);
    let ids = [
        "mock-chat-large",
        "mock-chat-small",
        "mock-legacy-instruct",
        "mock-moderation",
        "mock-reasoner",
    ];
    for columns in ["80", "60"] {
        let at = [("COLUMNS", columns)];
        let list = env.run_with(&at, &["models", "list"]);
        list.expect_code(0);
        let seen = words(&list.stdout);
        for token in ids
            .iter()
            .copied()
            .chain(["128,000", "200,000", "32,768", "Provider"])
        {
            assert!(
                seen.iter().any(|w| w == token),
                "{token} whole at {columns}:\n{}",
                list.stdout
            );
        }
        let width: usize = columns.parse().unwrap();
        assert!(
            list.stdout.lines().all(|l| l.chars().count() <= width),
            "fits {columns}:\n{}",
            list.stdout
        );
        if columns == "80" {
            assert!(
                seen.iter().any(|w| w == "embedding") && seen.iter().any(|w| w == "deprecated")
            );
        } else {
            assert!(
                list.stdout.contains("Hidden to fit: Status, Type"),
                "{}",
                list.stdout
            );
        }
        let log = env.run_with(&at, &["changes", "--kind", "model.added"]);
        let seen = words(&log.stdout);
        for id in ids {
            assert!(
                seen.iter().any(|w| w == id),
                "{id} whole at {columns}:\n{}",
                log.stdout
            );
        }
        let providers = env.run_with(&at, &["providers"]);
        providers.expect_code(0);
        for line in providers
            .stdout
            .lines()
            .filter(|l| l.starts_with(['┌', '│', '╞', '└']))
        {
            assert!(
                line.chars().count() <= width,
                "fits {columns}:\n{}",
                providers.stdout
            );
        }
        assert!(
            providers.stdout.contains("Hidden to fit: Base URL"),
            "{}",
            providers.stdout
        );
        let seen = words(&providers.stdout);
        for token in ["openrouter", "anthropic", "Credentials", "needed"] {
            assert!(
                seen.iter().any(|w| w == token),
                "{token} at {columns}:\n{}",
                providers.stdout
            );
        }
        // -v shows every column, whatever the width.
        let all = env.run_with(&at, &["providers", "-v"]);
        assert!(
            all.stdout.contains("https://api.openai.com/v1"),
            "{}",
            all.stdout
        );
        assert!(!all.stdout.contains("Hidden to fit"), "{}", all.stdout);
    }
    // Piped, with no COLUMNS: one line a row, nothing hidden.
    let piped = env.run(&["providers"]);
    assert!(
        piped
            .stdout
            .contains("https://generativelanguage.googleapis.com/v1beta"),
        "{}",
        piped.stdout
    );
    assert!(!piped.stdout.contains("Hidden to fit"));
}

#[test]
fn the_capability_grid_of_models_info_follows_the_width() {
    let env = TestEnv::new();
    sync_mock(&env, "2026-11-23T10:00:00Z", None, &[]).expect_code(0);
    let grid = |text: &str| -> Vec<String> {
        text.lines()
            .skip_while(|l| *l != "Capabilities")
            .skip(1)
            .take_while(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    for (columns, per_row) in [("80", 3), ("60", 2), ("200", 4)] {
        let run = env.run_with(
            &[("COLUMNS", columns)],
            &["models", "info", "mock-chat-large"],
        );
        run.expect_code(0);
        let rows = grid(&run.stdout);
        let width: usize = columns.parse().unwrap();
        assert!(
            rows.iter().all(|r| r.chars().count() <= width),
            "{columns}: {rows:?}"
        );
        assert_eq!(
            rows[0].matches(['✓', '✗']).count(),
            per_row,
            "{columns}: {rows:?}"
        );
        assert!(
            rows.iter().any(|r| r.contains("✓ Function calling")),
            "{rows:?}"
        );
    }
    // Piped, with no COLUMNS: four a row, as before.
    let piped = env.run(&["models", "info", "mock-chat-large"]);
    assert_eq!(grid(&piped.stdout)[0].matches(['✓', '✗']).count(), 4);
}

/// Asserts each of `tokens` is a whole word of a table in `text`.
fn whole(text: &str, tokens: &[&str], columns: &str) {
    let seen = words(text);
    for token in tokens {
        assert!(
            seen.iter().any(|w| w == token),
            "{token} whole at {columns}:\n{text}"
        );
    }
}

#[test]
fn the_cost_ranking_and_the_catalogs_keep_their_words_whole() {
    let env = TestEnv::new();
    sync_mock(&env, "2026-11-23T10:00:00Z", None, &[]).expect_code(0);
    for columns in ["80", "60"] {
        let at = [("COLUMNS", columns)];
        let cost = env.run_with(&at, &["cost", "--input", "120000", "--output", "2000"]);
        cost.expect_code(0);
        whole(
            &cost.stdout,
            &["mock-chat-large", "mock-reasoner", "mock-chat-small"],
            columns,
        );
        let catalogs = env.run_with(&at, &["catalogs"]);
        catalogs.expect_code(0);
        whole(&catalogs.stdout, &["bundled"], columns);
    }
}

//! The read side end to end: `models list|info|cleanup`, `providers` and `usage import`,
//! against a store filled by `sync-models` and `sync-pricing` through the real binary.

use serde_json::{Value, json};
use wiremock::MockServer;

use crate::common::{T0, TestEnv, column};
use crate::fake::{CANARY, get, replay};

const BUILTIN: &str = include_str!("../../src/drivers/mock_models.json");

/// The mock's list plus models whose names attack terminals and spreadsheets.
fn hostile_list() -> String {
    let mut models: Vec<Value> = serde_json::from_str(BUILTIN).unwrap();
    models.push(
        json!({"id": "evil-escape", "name": "Evil \u{1b}[31mRED\u{1b}[0m \u{7}", "type": "chat"}),
    );
    models.push(json!({"id": "=cmd|' /C calc'!A0", "name": "@SUM(A1:A2)", "type": "chat"}));
    models.push(json!({"id": "quoted", "name": "Say \"hi\", then\nbye", "type": "chat"}));
    models.push(
        json!({"id": "c1-csi\u{9b}2J", "name": "DEL\u{7f} and \u{202e}gnp.exe", "type": "chat"}),
    );
    serde_json::to_string(&models).unwrap()
}

/// A home with the mock synced from `list` and priced from config overrides.
fn mock_home(list: Option<&str>) -> TestEnv {
    let mut env = TestEnv::new();
    if let Some(list) = list {
        let file = env.write("list.json", list);
        env.set("AI_MOCK_MODELS_FILE", file.to_str().unwrap());
    }
    let cfg = env.write(
        "c.toml",
        "[[overrides]]\nprovider = \"mock\"\nmodel = \"mock-chat-large\"\ninput = \"2.5\"\noutput = \"10\"\n\n\
         [[overrides]]\nprovider = \"mock\"\nmodel = \"mock-chat-small\"\ninput = \"0.15\"\noutput = \"0.6\"\n\n\
         [[overrides]]\nprovider = \"mock\"\nmodel = \"mock-reasoner\"\ninput = \"1\"\noutput = \"4\"\n",
    );
    env.set("AISYNC_CONFIG", cfg.to_str().unwrap());
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    env.run(&["sync-pricing"]).expect_code(0);
    env
}

fn ids(doc: &Value) -> Vec<String> {
    doc.as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect()
}

fn list(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut all = vec!["models", "list", "--format", "json"];
    all.extend_from_slice(args);
    ids(&env.run(&all).expect_code(0).json())
}

#[test]
fn every_filter_narrows_the_list() {
    let env = mock_home(None);
    assert_eq!(list(&env, &[]).len(), 8);
    assert_eq!(list(&env, &["-p", "mock"]).len(), 8);
    assert!(list(&env, &["-p", "openai"]).is_empty());
    assert_eq!(list(&env, &["--type", "embedding"]), ["mock-embed"]);
    assert_eq!(list(&env, &["--type", "CHAT"]).len(), 3);
    assert!(
        !list(&env, &["--active"]).contains(&"mock-legacy-instruct".to_owned()),
        "deprecated is not active"
    );
    assert_eq!(list(&env, &["--capability", "vision"]), ["mock-chat-large"]);
    assert_eq!(
        list(
            &env,
            &[
                "--capability",
                "function_calling",
                "--capability",
                "reasoning"
            ]
        ),
        ["mock-reasoner"],
        "every capability given must hold"
    );
    assert_eq!(
        list(&env, &["--search", "SMALL"]),
        ["mock-chat-small"],
        "id or name, any case"
    );
    assert_eq!(list(&env, &["--search", "Mock Image"]), ["mock-image"]);
    let bad = env.run(&["models", "list", "--capability", "telepathy"]);
    bad.expect_code(64);
    assert!(bad.stderr.contains("function_calling"), "{}", bad.stderr);
    env.run(&["models", "list", "--type", "hologram"])
        .expect_code(64);
}

#[test]
fn every_sort_and_the_limit() {
    let env = mock_home(None);
    let by = |key: &str, reverse: bool| {
        let mut args = vec!["--sort", key];
        if reverse {
            args.push("--reverse");
        }
        list(&env, &args)
    };
    let ctx = by("context_length", true);
    assert_eq!(ctx[..2], ["mock-reasoner", "mock-chat-large"]);
    assert!(
        ["mock-image", "mock-tts"].contains(&ctx.last().unwrap().as_str()),
        "unknown lengths last: {ctx:?}"
    );
    assert_eq!(by("context_length", false)[0], "mock-legacy-instruct");
    // The blend, (3 × input + output) / 4 per 1M: image 5 (input only), chat-large 4.375
    // (overridden 2.5 / 10), reasoner 1.75, legacy 1.625, small 0.2625, embed 0.02 (input
    // only: never mixed with the unpriced), moderation 0; then tts, priced per character only.
    assert_eq!(
        by("price", true),
        [
            "mock-image",
            "mock-chat-large",
            "mock-reasoner",
            "mock-legacy-instruct",
            "mock-chat-small",
            "mock-embed",
            "mock-moderation",
            "mock-tts",
        ]
    );
    assert_eq!(
        by("price", false)[..3],
        ["mock-moderation", "mock-embed", "mock-chat-small"]
    );
    assert_eq!(
        by("price", false).last().unwrap(),
        "mock-tts",
        "per-unit prices after token prices"
    );
    assert_eq!(
        list(&env, &["--max-price", "1.7", "--sort", "price"]),
        [
            "mock-moderation",
            "mock-embed",
            "mock-chat-small",
            "mock-legacy-instruct"
        ],
        "at most $1.7 per 1M blended; a model without a token price does not pass"
    );
    env.run(&["models", "list", "--max-price", "cheap"])
        .expect_code(64);
    assert_eq!(
        by("name", false)[0],
        "mock-chat-large",
        "Mock Chat Large sorts first by name"
    );
    let types: Vec<String> = by("type", false);
    assert_eq!(types.first().unwrap(), "mock-tts", "audio sorts first");
    let mut ids_sorted = by("name", false);
    ids_sorted.sort();
    assert_eq!(
        by("provider", false),
        ids_sorted,
        "one provider: ties go by id"
    );
    assert_eq!(
        by("created_at", false)[0],
        "mock-legacy-instruct",
        "created 2024-01-01"
    );
    assert_eq!(
        by("created_at", true)[0],
        "mock-reasoner",
        "created 2026-03-01"
    );
    assert_eq!(
        list(&env, &["--sort", "price", "--reverse", "--limit", "2"]),
        ["mock-image", "mock-chat-large"]
    );
}

#[test]
fn sorting_by_synced_at_puts_the_least_recently_seen_first() {
    let mut env = mock_home(None);
    let mut models: Vec<Value> = serde_json::from_str(BUILTIN).unwrap();
    models.retain(|m| m["id"] != "mock-tts");
    let file = env.write("fewer.json", &serde_json::to_string(&models).unwrap());
    env.set("AI_MOCK_MODELS_FILE", file.to_str().unwrap())
        .set("AISYNC_NOW", "2026-11-24T10:30:00Z");
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let asc = list(&env, &["--sort", "synced_at"]);
    assert_eq!(asc[0], "mock-tts", "last seen the day before: {asc:?}");
    let desc = list(&env, &["--sort", "synced_at", "--reverse"]);
    assert_eq!(desc.last().unwrap(), "mock-tts", "{desc:?}");
}

#[test]
fn the_table_has_cost_tiers_and_right_aligned_numbers() {
    let env = mock_home(None);
    let run = env.run_with(
        &[("COLUMNS", "100")],
        &["models", "list", "--sort", "price", "--reverse"],
    );
    run.expect_code(0);
    let out = &run.stdout;
    let line = |id: &str| {
        out.lines()
            .find(|l| l.contains(&format!(" {id} ")))
            .unwrap()
            .to_owned()
    };
    assert!(line("mock-chat-large").contains("High"), "{out}");
    assert!(line("mock-reasoner").contains("Medium"), "{out}");
    assert!(line("mock-chat-small").contains("Low"), "{out}");
    assert!(line("mock-embed").contains("Low"), "{out}");
    // A header may wrap between its words, never inside one.
    let header: Vec<&str> = out
        .lines()
        .take_while(|l| !l.starts_with('╞'))
        .flat_map(str::split_whitespace)
        .collect();
    assert!(
        header.windows(2).any(|w| w == ["In", "$/1M"]) && header.contains(&"Out"),
        "room for prices at 100: {out}"
    );
    assert!(line("mock-chat-small").contains("0.15 ┆"), "{out}");
    assert!(
        line("mock-embed").contains("  8,192 ┆"),
        "right-aligned with separators: {out}"
    );
    assert!(
        out.lines().all(|l| l.chars().count() <= 100),
        "fits 100 columns:\n{out}"
    );
    assert!(out.ends_with("8 models\n"), "{out}");
    let narrow = env.run_with(&[("COLUMNS", "60")], &["models", "list"]);
    assert!(
        !narrow.stdout.contains("$/1M"),
        "no room for prices at 60: {}",
        narrow.stdout
    );
    assert!(
        narrow.stdout.lines().all(|l| l.chars().count() <= 60),
        "fits 60 columns:\n{}",
        narrow.stdout
    );
}

#[test]
fn json_rows_follow_spec_7() {
    let env = mock_home(None);
    let doc = env
        .run(&["models", "list", "--format", "json", "--search", "large"])
        .expect_code(0)
        .json();
    let m = &doc[0];
    for key in [
        "id",
        "name",
        "provider",
        "type",
        "status",
        "context_length",
        "max_output",
        "capabilities",
        "input_modalities",
        "output_modalities",
        "pricing",
        "deprecation_date",
        "first_seen",
        "last_synced",
    ] {
        assert!(m.get(key).is_some(), "missing {key}: {m}");
    }
    assert_eq!(
        m["capabilities"],
        json!([
            "chat",
            "function_calling",
            "json_mode",
            "structured_output",
            "vision",
            "streaming"
        ])
    );
    assert_eq!(m["pricing"]["source"], "override");
    assert_eq!(
        (&m["pricing"]["input"], &m["pricing"]["output"]),
        (&json!(2.5), &json!(10))
    );
    let embed = env
        .run(&["models", "list", "--format", "json", "--type", "embedding"])
        .json();
    assert_eq!(
        (
            &embed[0]["pricing"]["input"],
            &embed[0]["pricing"]["output"],
            &embed[0]["pricing"]["source"]
        ),
        (&json!(0.02), &Value::Null, &json!("mock")),
        "the mock's own price; a component it does not give is null, never zero"
    );
    let bare = mock_home(Some(r#"[{"id": "bare", "type": "chat"}]"#));
    let doc = bare.run(&["models", "list", "--format", "json"]).json();
    assert_eq!(
        doc[0]["pricing"],
        Value::Null,
        "unpriced is null, never zero"
    );
}

#[test]
fn hostile_names_are_neutralised_in_every_format() {
    let env = mock_home(Some(&hostile_list()));
    let table = env.run(&["models", "list"]);
    table.expect_code(0);
    assert!(
        !table.stdout.contains('\u{1b}') && !table.stdout.contains('\u{7}'),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("=cmd|' /C calc'!A0"),
        "a table cell is shown as it is"
    );

    let csv = env.run(&["models", "list", "--format", "csv"]);
    csv.expect_code(0);
    assert!(!csv.stdout.contains('\u{1b}'), "{}", csv.stdout);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let find = |id: &str| {
        rows.iter()
            .find(|r| &r[0] == id)
            .unwrap_or_else(|| panic!("{id}: {rows:?}"))
    };
    let formula = find("'=cmd|' /C calc'!A0");
    assert_eq!(&formula[1], "'@SUM(A1:A2)");
    assert_eq!(
        &find("quoted")[1],
        "Say \"hi\", then\\nbye",
        "RFC 4180 quoting round-trips"
    );
    assert!(
        csv.stdout.contains("\"Say \"\"hi\"\", then\\nbye\""),
        "{}",
        csv.stdout
    );
    assert_eq!(
        &find("evil-escape")[1],
        "Evil \\u{1b}[31mRED\\u{1b}[0m \\u{7}"
    );

    let json = env.run(&["models", "list", "--format", "json"]);
    assert!(
        !json.stdout.contains('\u{1b}'),
        "JSON escapes control characters"
    );
    let doc = json.json();
    let evil = doc
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "evil-escape")
        .unwrap();
    assert_eq!(
        evil["name"], "Evil \u{1b}[31mRED\u{1b}[0m \u{7}",
        "and keeps them as data"
    );

    let info = env.run(&["models", "info", "evil-escape"]);
    info.expect_code(0);
    assert!(!info.stdout.contains('\u{1b}'), "{}", info.stdout);
}

#[test]
fn c1_del_and_bidi_controls_are_neutralised_everywhere_a_person_reads() {
    let env = mock_home(Some(&hostile_list()));
    // C1 controls, DEL and bidi controls, in every format and every place a person reads.
    let raw = ['\u{9b}', '\u{7f}', '\u{202e}', '\u{1b}', '\u{7}'];
    let clean = |what: &str, text: &str| {
        assert!(!text.contains(raw), "{what}: {text:?}");
    };
    for args in [
        &["models", "list"][..],
        &["models", "list", "--format", "csv"],
        &["models", "list", "--format", "json"],
        &["models", "info", "c1-csi\u{9b}2J"],
        &["models", "info", "c1-csi\u{9b}2J", "--format", "json"],
    ] {
        let run = env.run(args);
        run.expect_code(0);
        clean(&format!("{args:?}"), &run.stdout);
    }
    let json = env.run(&["models", "list", "--format", "json"]);
    assert!(
        json.stdout.contains("DEL\\u007f and \\u202egnp.exe"),
        "{}",
        json.stdout
    );
    let doc = json.json();
    assert!(
        doc.as_array()
            .unwrap()
            .iter()
            .any(|m| m["name"] == "DEL\u{7f} and \u{202e}gnp.exe"),
        "the escapes are JSON's: the data is unchanged"
    );
    let csv = env.run(&["models", "list", "--format", "csv"]).stdout;
    assert!(csv.contains("DEL\\u{7f} and \\u{202e}gnp.exe"), "{csv}");
    // "Did you mean" quotes stored ids.
    let unknown = env.run(&["models", "info", "c1-csi"]);
    unknown.expect_code(1);
    clean("did you mean", &unknown.stderr);
    assert!(
        unknown.stderr.contains("c1-csi\\u{9b}2J"),
        "{}",
        unknown.stderr
    );
    // A change to a hostile name, shown field by field with -v.
    let mut renamed: Vec<Value> = serde_json::from_str(&hostile_list()).unwrap();
    for m in &mut renamed {
        if m["id"] == "c1-csi\u{9b}2J" {
            m["name"] = json!("DEL\u{7f} then \u{1b}[2J\u{202e}");
        }
    }
    let renamed_file = env.write("renamed.json", &serde_json::to_string(&renamed).unwrap());
    let sync = env.run_with(
        &[("AI_MOCK_MODELS_FILE", renamed_file.to_str().unwrap())],
        &["sync-models", "-p", "mock", "--force", "-v"],
    );
    sync.expect_code(0);
    assert!(sync.stdout.contains("name: DEL"), "{}", sync.stdout);
    clean("sync -v", &sync.stdout);
    // Cleanup lists them too, once gone.
    let env2 = env;
    let file = env2.write("none.json", BUILTIN);
    let later = [
        ("AI_MOCK_MODELS_FILE", file.to_str().unwrap()),
        ("AISYNC_MAX_REMOVED_SHARE", "1"),
    ];
    env2.run_with(&later, &["sync-models", "-p", "mock", "--force"])
        .expect_code(0);
    let dry = env2.run_with(
        &[("AISYNC_NOW", "2027-03-03T10:30:00Z")],
        &["models", "cleanup", "--dry-run"],
    );
    clean("cleanup", &dry.stdout);
    assert!(dry.stdout.contains("c1-csi\\u{9b}2J"), "{}", dry.stdout);
}

#[tokio::test]
async fn info_for_one_ambiguous_unknown_and_removed_model() {
    let server = MockServer::start().await;
    let mut env = TestEnv::new();
    env.set("OPENAI_API_KEY", CANARY)
        .set("OPENAI_BASE_URL", &format!("{}/v1", server.uri()));
    get(
        &server,
        "/v1/models",
        replay("openai/models_list_2025-08.json"),
        Some(1),
    )
    .await;
    get(
        &server,
        "/v1/models",
        replay("openai/models_list_2026-08.json"),
        None,
    )
    .await;
    let mut models: Vec<Value> = serde_json::from_str(BUILTIN).unwrap();
    models.push(json!({"id": "gpt-4o", "name": "A mock GPT-4o", "type": "chat"}));
    let list = env.write("list.json", &serde_json::to_string(&models).unwrap());
    env.set("AI_MOCK_MODELS_FILE", list.to_str().unwrap());
    env.run(&["sync-models", "-p", "openai,mock"])
        .expect_code(0);
    env.run(&["sync-models", "-p", "openai", "--force"])
        .expect_code(0);
    env.run(&["sync-pricing"]).expect_code(0);

    let ambiguous = env.run(&["models", "info", "gpt-4o"]);
    ambiguous.expect_code(64);
    assert_eq!(
        ambiguous.stderr,
        "error: gpt-4o is listed by several providers: openai, mock; name one, e.g. `aisync models info gpt-4o openai`\n"
    );

    let one = env.run(&["models", "info", "gpt-4o", "openai", "--history"]);
    one.expect_code(0);
    for section in [
        "Basic Information",
        "Capabilities",
        "Current Pricing (source: bundled",
        "Pricing History",
        "Usage Statistics (last 30 days)",
        "Lifecycle",
        "Last Synced",
    ] {
        assert!(one.stdout.contains(section), "{section}:\n{}", one.stdout);
    }
    assert!(
        one.stdout
            .contains("Input           $0.0025 per 1K tokens       $2.5 per 1M tokens"),
        "{}",
        one.stdout
    );
    assert!(one.stdout.contains("✓ Vision"), "{}", one.stdout);

    let unknown = env.run(&["models", "info", "gpt4o"]);
    unknown.expect_code(1);
    assert!(
        unknown
            .stderr
            .starts_with("error: no model gpt4o; did you mean gpt-4o"),
        "{}",
        unknown.stderr
    );
    let nothing = env.run(&["models", "info", "zzzzzz"]);
    nothing.expect_code(1);
    assert!(
        nothing.stderr.contains("aisync models list"),
        "{}",
        nothing.stderr
    );

    // dall-e-3 was in the 2025 list and is gone from the 2026 one.
    let removed = env.run(&["models", "info", "dall-e-3", "--format", "json"]);
    let doc = removed.expect_code(0).json();
    assert_eq!(doc["model"]["status"], "removed");
    assert_eq!(doc["model"]["removed_at"], T0);
    assert_eq!(doc["sources"]["owner"], "provider");
    let text = env.run(&["models", "info", "dall-e-3"]).stdout;
    assert!(
        text.contains("Removed         2026-11-23T10:30:00Z"),
        "{text}"
    );
}

#[test]
fn cleanup_deletes_only_what_is_gone_for_good_and_the_dry_run_lists_exactly_that() {
    let mut env = mock_home(None);
    // Drop two models from the list: they become removed (last seen at T0).
    let mut models: Vec<Value> = serde_json::from_str(BUILTIN).unwrap();
    models.retain(|m| m["id"] != "mock-tts" && m["id"] != "mock-image");
    let file = env.write("fewer.json", &serde_json::to_string(&models).unwrap());
    env.set("AI_MOCK_MODELS_FILE", file.to_str().unwrap());
    env.run(&["sync-models", "-p", "mock", "--force"])
        .expect_code(0);

    // Removed just now: not yet gone for good, whatever --force says.
    let none = env.run(&["models", "cleanup", "--force"]);
    none.expect_code(0);
    assert!(
        none.stdout.starts_with(
            "Nothing to clean up: no removed model was last seen before 2026-08-25T10:30:00Z."
        ),
        "{}",
        none.stdout
    );
    assert_eq!(list(&env, &[]).len(), 8);

    // 100 days on, nobody synced since: the removed two are past the 90-day cut-off; the six
    // still listed are never deleted, though no sync has seen them since either, and one of
    // them is deprecated with a shutdown date past by then.
    env.set("AISYNC_NOW", "2027-03-03T10:30:00Z");
    let dry = env
        .run(&["models", "cleanup", "--dry-run", "--format", "json"])
        .expect_code(0)
        .json();
    let planned: Vec<String> = dry["deleted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(planned, ["mock-image", "mock-tts"]);
    assert_eq!(dry["deleted"][0]["reason"], "removed");
    assert_eq!(dry["deleted"][0]["last_seen"], T0);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(list(&env, &[]).len(), 8, "a dry run deletes nothing");
    let text = env.run(&["models", "cleanup", "--dry-run"]).stdout;
    assert!(
        text.contains(
            "  - mock/mock-tts (removed 2026-11-23T10:30:00Z, last seen 2026-11-23T10:30:00Z)"
        ),
        "{text}"
    );
    // A shorter cut-off reaches nothing more: still only the removed ones.
    let later = env.run(&["models", "cleanup", "--dry-run", "--older-than", "1d"]);
    assert!(
        later.stdout.contains("Would delete 2 models"),
        "{}",
        later.stdout
    );
    let earlier = env.run(&[
        "models",
        "cleanup",
        "--dry-run",
        "--older-than",
        "2026-11-01",
    ]);
    assert!(
        earlier.stdout.starts_with("Nothing to clean up"),
        "{}",
        earlier.stdout
    );
    env.run(&["models", "cleanup", "--older-than", "soon"])
        .expect_code(64);

    let refused = env.run(&["models", "cleanup"]);
    refused.expect_code(64);
    assert!(
        refused
            .stderr
            .contains("stdin is not a terminal; pass --force"),
        "{}",
        refused.stderr
    );
    assert_eq!(list(&env, &[]).len(), 8);

    let done = env
        .run(&["models", "cleanup", "--force", "--format", "json"])
        .expect_code(0)
        .json();
    assert_eq!(
        done["deleted"], dry["deleted"],
        "the dry run listed exactly what was deleted"
    );
    let left = list(&env, &[]);
    assert_eq!(left.len(), 6);
    assert!(
        left.contains(&"mock-legacy-instruct".to_owned()),
        "still listed: kept"
    );

    // Prices and history go with the model; the listed ones keep theirs.
    let db = env.db();
    let gone: Vec<i64> = column(
        &db,
        "SELECT (SELECT count(*) FROM models WHERE id IN ('mock-tts', 'mock-image')) \
         + (SELECT count(*) FROM prices WHERE model_id IN ('mock-tts', 'mock-image')) \
         + (SELECT count(*) FROM price_history WHERE model_id IN ('mock-tts', 'mock-image'))",
    );
    assert_eq!(gone, [0]);
    let kept: Vec<i64> = column(
        &db,
        "SELECT count(*) FROM prices WHERE model_id = 'mock-chat-large'",
    );
    assert!(kept[0] > 0);
}

#[test]
fn declining_the_cleanup_prompt_does_nothing_and_is_no_error() {
    let mut env = mock_home(None);
    let mut models: Vec<Value> = serde_json::from_str(BUILTIN).unwrap();
    models.retain(|m| m["id"] != "mock-tts");
    let file = env.write("fewer.json", &serde_json::to_string(&models).unwrap());
    env.set("AI_MOCK_MODELS_FILE", file.to_str().unwrap());
    env.run(&["sync-models", "-p", "mock", "--force"])
        .expect_code(0);
    env.set("AISYNC_NOW", "2027-03-03T10:30:00Z");
    let run = env.run_on_tty(&["models", "cleanup"], "n\n");
    run.expect_code(0).no_panic();
    assert!(
        run.stdout
            .contains("Delete this model with its prices and history? [y/N]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Nothing done: cleanup cancelled; nothing was deleted."),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("error"), "{}", run.stdout);
    assert_eq!(list(&env, &[]).len(), 8);
    let run = env.run_on_tty(&["models", "cleanup"], "y\n");
    run.expect_code(0);
    assert!(run.stdout.contains("Deleted 1 model"), "{}", run.stdout);
    assert_eq!(list(&env, &[]).len(), 7);
}

#[test]
fn read_commands_refuse_an_unknown_provider_as_sync_models_does() {
    let env = mock_home(None);
    let known = "known providers: openai, gemini, xai, anthropic, mistral, openrouter, ollama, \
                 groq, deepseek, together, mock";
    for args in [
        &["models", "list", "-p", "opneai"][..],
        &["models", "list", "-p", "mock,opneai"],
        &["models", "cleanup", "-p", "opneai", "--dry-run"],
        &["models", "cleanup", "-p", "opneai", "--force"],
        &["models", "info", "gpt-4o", "opneai"],
        &["sync-pricing", "-p", "opneai"],
    ] {
        let run = env.run(args);
        run.expect_code(64).no_panic();
        assert_eq!(
            run.stderr,
            format!("error: unknown provider \"opneai\" ({known})\n"),
            "{args:?}"
        );
        assert!(run.stdout.is_empty(), "{args:?}");
    }
    // A known provider with nothing stored is not an error: there is simply nothing to show.
    env.run(&["models", "list", "-p", "groq"]).expect_code(0);
    env.run(&["models", "info", "mock-chat-large", "MOCK"])
        .expect_code(0);
}

#[test]
fn usage_import_is_idempotent_all_or_nothing_and_priced_at_the_time() {
    let mut env = mock_home(None);
    // The override price changes on Nov 25: 2.5 → 5 per 1M input tokens.
    let cfg = env.write(
        "later.toml",
        "[[overrides]]\nprovider = \"mock\"\nmodel = \"mock-chat-large\"\ninput = \"5\"\noutput = \"10\"\n",
    );
    env.set("AISYNC_NOW", "2026-11-25T00:00:00Z")
        .set("AISYNC_CONFIG", cfg.to_str().unwrap());
    env.run(&["sync-pricing"]).expect_code(0);

    let records = "\
{\"time\":\"2026-11-24T12:00:00Z\",\"provider\":\"mock\",\"model\":\"mock-chat-large\",\"input_tokens\":1000000,\"output_tokens\":0}
{\"time\":\"2026-11-26T12:00:00Z\",\"provider\":\"mock\",\"model\":\"mock-chat-large\",\"input_tokens\":1000000,\"output_tokens\":0}
{\"time\":\"2026-11-26T12:00:00Z\",\"provider\":\"mock\",\"model\":\"mock-chat-large\",\"input_tokens\":1000000,\"output_tokens\":0}
{\"time\":\"2026-11-20T12:00:00Z\",\"provider\":\"mock\",\"model\":\"mock-chat-large\",\"input_tokens\":1000,\"output_tokens\":0}
{\"time\":\"2026-11-26T12:00:00Z\",\"provider\":\"mock\",\"model\":\"mock-embed\",\"input_tokens\":1000,\"output_tokens\":0,\"cost\":\"0.01\",\"requests\":4}
";
    let file = env.write("usage.jsonl", records);
    let run = env.run(&["usage", "import", file.to_str().unwrap()]);
    run.expect_code(0);
    assert!(
        run.stdout.starts_with("Imported 5 of 5 records"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("1 with no price known at their time"),
        "{}",
        run.stdout
    );
    let again = env.run(&["usage", "import", file.to_str().unwrap()]);
    assert!(
        again.stdout.starts_with("Imported 0 of 5 records"),
        "{}",
        again.stdout
    );
    let json = env.run(&[
        "usage",
        "import",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    json.expect_code(0);
    assert_eq!(
        json.json(),
        serde_json::json!({"file": file.to_str().unwrap(), "records": 5, "imported": 0,
            "already_imported": 5, "unknown_cost": 1})
    );

    let db = env.db();
    let costs: Vec<String> = column(
        &db,
        "SELECT at || ' ' || coalesce(cost, 'unknown') || ' ' || coalesce(cost_source, '-') FROM usage ORDER BY at, id",
    );
    assert_eq!(
        costs,
        [
            "2026-11-20T12:00:00Z unknown -",
            "2026-11-24T12:00:00Z 2.5 computed",
            "2026-11-26T12:00:00Z 5 computed",
            "2026-11-26T12:00:00Z 5 computed",
            "2026-11-26T12:00:00Z 0.01 file",
        ],
        "each record priced at the price in force at its time; none known before the first sync"
    );

    env.set("AISYNC_NOW", "2026-11-27T00:00:00Z");
    let info = env
        .run(&["models", "info", "mock-chat-large", "--format", "json"])
        .expect_code(0)
        .json();
    assert_eq!(
        info["usage"],
        json!({"days": 30, "records": 4, "requests": 4, "input_tokens": 3_001_000, "output_tokens": 0,
               "cost": 12.5, "unknown_cost_records": 1, "average_cost_per_request": null})
    );
    let history = env
        .run(&["models", "info", "mock-chat-large", "--history"])
        .stdout;
    let rows: Vec<&str> = history
        .lines()
        .filter(|l| l.contains("┆ override"))
        .collect();
    assert_eq!(
        rows.len(),
        2,
        "one row per change of the override: {history}"
    );
    assert!(
        rows[0].contains("2026-11-23 10:30 ┆  $2.5 ┆    $10"),
        "{history}"
    );
    assert!(
        rows[1].contains("2026-11-25 00:00 ┆    $5 ┆"),
        "only input changed: {history}"
    );
    let text = env.run(&["models", "info", "mock-chat-large"]).stdout;
    assert!(
        text.contains("Cost            $12.5 (+ 1 record of unknown cost)"),
        "{text}"
    );
}

#[test]
fn a_usage_file_with_a_bad_line_imports_nothing() {
    let env = mock_home(None);
    let bad = env.write(
        "bad.csv",
        "time,provider,model,input_tokens,output_tokens\n2026-11-26T00:00:00Z,mock,mock-embed,5,5\n2026-11-26T00:00:00Z,mock,mock-embed,lots,5\n",
    );
    let run = env.run(&["usage", "import", bad.to_str().unwrap()]);
    run.expect_code(1);
    assert!(run.stderr.contains("bad.csv:3:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("nothing from this file was imported"),
        "{}",
        run.stderr
    );
    let count: Vec<i64> = column(&env.db(), "SELECT count(*) FROM usage");
    assert_eq!(count, [0], "the good first line was not imported either");
    let forced = env.run(&[
        "usage",
        "import",
        bad.to_str().unwrap(),
        "--input-format",
        "jsonl",
    ]);
    forced.expect_code(1);
    assert!(
        forced.stderr.contains("bad.csv:1:"),
        "read as JSON lines: {}",
        forced.stderr
    );
}

#[tokio::test]
async fn providers_show_health_but_never_a_key() {
    let server = MockServer::start().await;
    let mut env = TestEnv::new();
    env.set("GROQ_API_KEY", CANARY)
        .set("GROQ_BASE_URL", &format!("{}/openai/v1", server.uri()))
        .set("AISYNC_TEST_SKIP_RETRY_SLEEP", "true");
    get(
        &server,
        "/openai/v1/models",
        replay("groq/models_list_2026-08.json"),
        Some(1),
    )
    .await;
    get(
        &server,
        "/openai/v1/models",
        replay("groq/error_401_invalid_api_key.json"),
        None,
    )
    .await;
    env.run(&["sync-models", "-p", "groq"]).expect_code(0);
    env.run(&["sync-models", "-p", "groq", "--force"])
        .expect_code(1);
    let doc = env
        .run(&["providers", "--format", "json"])
        .expect_code(0)
        .json();
    let groq = doc
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["provider"] == "groq")
        .unwrap();
    assert_eq!(groq["credentials"], true);
    assert_eq!(groq["key_env"], "GROQ_API_KEY");
    assert_eq!(groq["models"], 13);
    assert_eq!(
        (
            &groq["recent_runs"],
            &groq["failed_runs"],
            &groq["failure_rate"]
        ),
        (&json!(2), &json!(1), &json!(0.5))
    );
    assert_eq!(groq["last_failure"]["error_type"], "invalid_credentials");
    assert_eq!(groq["last_sync"], T0);
    let openai = doc
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["provider"] == "openai")
        .unwrap();
    assert_eq!(
        (&openai["credentials"], &openai["failure_rate"]),
        (&json!(false), &Value::Null)
    );
    let table = env.run(&["providers"]);
    table.expect_code(0);
    assert!(
        table
            .stdout
            .contains("Without credentials: set OPENAI_API_KEY,"),
        "{}",
        table.stdout
    );
    for text in [table.stdout.as_str(), &doc.to_string()] {
        assert!(!text.contains(CANARY));
    }
}

#[test]
fn formats_a_command_does_not_take_are_usage_errors() {
    let env = TestEnv::new();
    for args in [
        &["--format", "csv", "sync-models", "-p", "mock"][..],
        &["--format", "csv", "models", "info", "x"],
        &["--format", "jsonl", "models", "list"],
    ] {
        let run = env.run(args);
        run.expect_code(64);
        assert!(
            run.stderr.contains("does not apply to"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(!env.default_db().exists(), "refused before any work");
}

#[test]
fn every_writing_command_says_the_same_when_another_run_holds_the_lock() {
    let env = mock_home(None);
    let usage = env.write(
        "u.jsonl",
        "{\"time\":\"2026-11-23T09:00:00Z\",\"provider\":\"mock\",\"model\":\"mock-chat-large\",\"input_tokens\":1,\"output_tokens\":1}\n",
    );
    // This test process holds the run lock, as another aisync would.
    let lock = env.hold_lock();
    let held = format!(
        "another sync holds the lock on {}; try again when it is done, or pass --wait SECONDS",
        env.shown_db()
    );
    // The runs that can skip a turn say so, nothing done, exit 0: the next run does it.
    for args in [
        &["sync-models", "-p", "mock", "--force"][..],
        &["sync-pricing"],
        &["models", "cleanup", "--force"],
    ] {
        let run = env.run(args);
        run.expect_code(0).no_panic();
        assert!(
            run.stdout.contains(&format!("Nothing done: {held}")),
            "{args:?}: {}",
            run.stdout
        );
        let mut json_args = args.to_vec();
        json_args.extend(["--format", "json"]);
        let doc = env.run(&json_args).expect_code(0).json();
        assert_eq!(
            (doc["status"].as_str(), doc["reason"].as_str()),
            (Some("skipped"), Some("locked")),
            "{args:?}: {doc}"
        );
        assert_eq!(doc["message"], held.as_str(), "{args:?}");
    }
    // A usage import would lose the file's records: it fails, in the same words.
    let run = env.run(&["usage", "import", usage.to_str().unwrap()]);
    run.expect_code(1);
    assert_eq!(
        run.stderr,
        format!(
            "error: another sync holds the lock on {}; try again when it is done\n",
            env.shown_db()
        )
    );
    // Read-only commands and dry runs need no lock.
    env.run(&["models", "list"]).expect_code(0);
    env.run(&["sync-pricing", "--dry-run"]).expect_code(0);
    env.run(&["models", "cleanup", "--dry-run"]).expect_code(0);
    drop(lock);
    env.run(&["usage", "import", usage.to_str().unwrap()])
        .expect_code(0);
}

#[test]
fn usage_import_names_the_line_of_an_unknown_provider_or_field() {
    let env = mock_home(None);
    let bad = env.write(
        "u.csv",
        "time,provider,model,input_tokens,output_tokens\n\
         2026-11-23T09:00:00Z,mock,\"a name\non two lines\",1,1\n\
         2026-11-23T09:00:00Z,mokc,mock-chat-large,1,1\n",
    );
    let run = env.run(&["usage", "import", bad.to_str().unwrap()]);
    run.expect_code(1).no_panic();
    assert!(
        run.stderr
            .contains("u.csv:4: unknown provider \"mokc\" (known providers: openai,"),
        "{}",
        run.stderr
    );
    let typo = env.write(
        "u.jsonl",
        "{\"time\":\"2026-11-23T09:00:00Z\",\"provider\":\"mock\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"cost_usd\":2}\n",
    );
    let run = env.run(&["usage", "import", typo.to_str().unwrap()]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("u.jsonl:1: unknown field `cost_usd`"),
        "{}",
        run.stderr
    );
    let imported: Vec<i64> = column(&env.db(), "SELECT count(*) FROM usage");
    assert_eq!(imported, [0], "all or nothing");
}

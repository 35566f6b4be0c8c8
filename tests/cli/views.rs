//! The public read interface in SQL: the views programs in other languages read, with the
//! same columns in both backends, pinned here so a migration cannot change them unnoticed,
//! and agreeing with what aisync itself shows.

use crate::common::{Db, TestEnv, column};
use crate::pricing::synced_openai;

const MODELS: &[&str] = &[
    "provider",
    "id",
    "name",
    "type",
    "status",
    "context_length",
    "max_output",
    "capabilities",
    "input_modalities",
    "output_modalities",
    "owner",
    "created_at",
    "deprecation_date",
    "shutdown_date",
    "replacement",
    "release_date",
    "knowledge_cutoff",
    "first_seen",
    "last_seen",
    "removed_at",
    "input_price",
    "output_price",
    "price_currency",
    "price_source",
];
const PRICES: &[&str] = &[
    "provider",
    "model_id",
    "component",
    "unit",
    "amount",
    "currency",
    "source",
    "observed_at",
    "in_force",
];
const PRICE_HISTORY: &[&str] = &[
    "id",
    "provider",
    "model_id",
    "component",
    "unit",
    "amount",
    "currency",
    "source",
    "observed_at",
];
const CHANGES: &[&str] = &[
    "seq", "at", "run_id", "kind", "provider", "model", "details",
];

fn columns_of(env: &TestEnv, db: &Db, view: &str) -> Vec<String> {
    let sql = if env.on_postgres() {
        format!(
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_name = '{view}' AND table_schema = current_schema() \
             ORDER BY ordinal_position"
        )
    } else {
        format!("SELECT name FROM pragma_table_info('{view}')")
    };
    column(db, &sql)
}

#[test]
fn the_views_have_their_documented_columns() {
    let env = TestEnv::new();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let db = env.db();
    for (view, expected) in [
        ("aisync_models", MODELS),
        ("aisync_prices", PRICES),
        ("aisync_price_history", PRICE_HISTORY),
        ("aisync_changes", CHANGES),
    ] {
        assert_eq!(columns_of(&env, &db, view), expected, "{view}");
    }
}

fn text_number(v: Option<&str>) -> Option<f64> {
    v.map(|t| t.parse().unwrap())
}

#[tokio::test]
async fn aisync_models_holds_the_price_in_force_that_models_list_shows() {
    let (_server, mut env) = synced_openai().await;
    // An override of one component: the input price is the override's, the rest the
    // catalogs' below it.
    let cfg = env.write(
        "c.toml",
        "[[overrides]]\nprovider = \"openai\"\nmodel = \"gpt-4o\"\ninput = \"3\"\n",
    );
    env.set("AISYNC_CONFIG", cfg.to_str().unwrap());
    env.run(&["sync-pricing", "--format", "json"])
        .expect_code(0);
    let listed = env.run(&["models", "list", "--format", "json"]).json();
    let listed = listed.as_array().unwrap();
    let db = env.db();
    let ids: Vec<String> = column(&db, "SELECT id FROM aisync_models ORDER BY id");
    assert_eq!(ids.len(), listed.len());
    let mut priced = 0;
    for m in listed {
        let id = m["id"].as_str().unwrap();
        let one = |col: &str| -> Option<String> {
            column::<Option<String>>(
                &db,
                &format!("SELECT {col} FROM aisync_models WHERE id = '{id}'"),
            )
            .remove(0)
        };
        let p = &m["pricing"];
        assert_eq!(
            text_number(one("input_price").as_deref()),
            p["input"].as_f64(),
            "{id}"
        );
        assert_eq!(
            text_number(one("output_price").as_deref()),
            p["output"].as_f64(),
            "{id}"
        );
        if p["input"].is_number() {
            priced += 1;
            assert_eq!(one("price_currency").as_deref(), Some("USD"), "{id}");
        }
    }
    assert!(priced > 10, "the catalogs priced most models: {priced}");
    let gpt4o = |col: &str| -> Vec<Option<String>> {
        column(
            &db,
            &format!("SELECT {col} FROM aisync_models WHERE id = 'gpt-4o'"),
        )
    };
    assert_eq!(gpt4o("input_price"), [Some("3".to_owned())]);
    assert_eq!(gpt4o("price_source"), [Some("override".to_owned())]);
    // Of the prices, one per component family is in force; the others are kept beside it.
    let in_force: Vec<String> = column(
        &db,
        "SELECT source FROM aisync_prices WHERE model_id = 'gpt-4o' AND component = 'input' \
         AND in_force = 1",
    );
    assert_eq!(in_force, ["override"]);
    let beside: Vec<i64> = column(
        &db,
        "SELECT count(*) FROM aisync_prices WHERE model_id = 'gpt-4o' AND component = 'input' \
         AND in_force = 0",
    );
    assert!(
        beside[0] >= 1,
        "the catalog's input price is kept beside the override"
    );
    // History and the change log, as the CLI reads them.
    let history: Vec<i64> = column(&db, "SELECT count(*) FROM aisync_price_history");
    let stored: Vec<i64> = column(&db, "SELECT count(*) FROM price_history");
    assert_eq!(history, stored);
    assert!(history[0] > 0);
    let changes = env.run(&["changes", "--format", "json"]).json();
    let logged: Vec<i64> = column(&db, "SELECT count(*) FROM aisync_changes");
    assert_eq!(logged[0] as usize, changes.as_array().unwrap().len());
}

//! Property tests: every parser of outside input — each provider's list, error bodies, every
//! catalog format, usage files, the config file and `.env`, database URLs and export
//! documents — fed mutations of the real
//! captures: byte flips, truncation, inserted bytes, values of the wrong type, huge and
//! negative numbers, non-ASCII text, deep nesting. Each must answer (a model list, or an error
//! of the kind its caller reports), never panic.
//!
//! Bounded so CI stays fast: [`DEFAULT_CASES`] cases a parser; set `PROPTEST_CASES` for longer
//! local runs (`PROPTEST_CASES=5000 cargo test hostile_input`).

use std::path::Path;

use proptest::prelude::*;
use serde_json::Value;

use crate::catalog::{self, bundled, litellm, models_dev};
use crate::drivers::{
    anthropic, deepseek, errors, gemini, groq, mistral, mock, ollama, openai, together, xai,
};
use crate::model::{CatalogFormat, ErrorType, ProviderError};
use crate::providers::Kind;
use crate::wire;

/// Cases per parser unless `PROPTEST_CASES` says otherwise.
const DEFAULT_CASES: u32 = 40;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    ProptestConfig {
        cases,
        // A failing case is shrunk a little, not for minutes.
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    }
}

/// Numbers no JSON parser turns into a float or an integer without loss.
const RAW_NUMBERS: [&str; 10] = [
    "1e400",
    "-1e400",
    "1e-400",
    "79228162514264337593543950336",
    "7.9e28",
    "-79228162514264337593543950335",
    "18446744073709551616",
    "-9223372036854775809",
    "-0",
    "0.0000000000000000000000000000001",
];

/// Text that has broken parsers and terminals elsewhere.
const HOSTILE_TEXT: [&str; 11] = [
    "qwen/通义千问",
    "mistral/modèle-chat-v1",
    "anthropic/claude-2025-04-1é:free",
    "通义千问",
    "modèle-2025-04-1é",
    "\u{1b}[31mred\u{1b}]0;title\u{7}",
    "\u{202e}gnp.exe",
    "\u{7f}\u{85}\u{9b}",
    "",
    "-2025-04-14",
    "models/",
];

/// What a value in the document becomes.
#[derive(Debug, Clone)]
enum Replacement {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Raw(usize),
    Hostile(usize),
    Text(String),
    EmptyArray,
    EmptyObject,
    /// Arrays nested this deep, past serde_json's recursion limit when deep enough.
    Nested(usize),
}

/// What happens to the serialized bytes afterwards.
#[derive(Debug, Clone)]
enum ByteMutation {
    Flip { at: usize, bit: u8 },
    Truncate { at: usize },
    Insert { at: usize, bytes: Vec<u8> },
}

fn replacement() -> impl Strategy<Value = Replacement> {
    prop_oneof![
        Just(Replacement::Null),
        any::<bool>().prop_map(Replacement::Bool),
        any::<i64>().prop_map(Replacement::Int),
        prop_oneof![Just(f64::MAX), Just(-1.5e300), Just(1e-300), Just(-0.5)]
            .prop_map(Replacement::Float),
        (0..RAW_NUMBERS.len()).prop_map(Replacement::Raw),
        (0..HOSTILE_TEXT.len()).prop_map(Replacement::Hostile),
        proptest::collection::vec(any::<char>(), 0..12)
            .prop_map(|c| Replacement::Text(c.into_iter().collect())),
        Just(Replacement::EmptyArray),
        Just(Replacement::EmptyObject),
        (1usize..300).prop_map(Replacement::Nested),
    ]
}

fn byte_mutation() -> impl Strategy<Value = ByteMutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| ByteMutation::Flip { at, bit }),
        any::<usize>().prop_map(|at| ByteMutation::Truncate { at }),
        (
            any::<usize>(),
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 1..6),
                Just("é".as_bytes().to_vec()),
                Just("千".as_bytes().to_vec()),
                Just(vec![0xff, 0xfe]),
                Just(b"\"".to_vec()),
                Just(b"{".to_vec()),
            ]
        )
            .prop_map(|(at, bytes)| ByteMutation::Insert { at, bytes }),
    ]
}

/// A mutation of one seed: which seed, ids renamed (by occurrence), values replaced (by node
/// number), then bytes changed.
#[derive(Debug, Clone)]
struct Mutation {
    seed: usize,
    ids: Vec<(usize, usize)>,
    replacements: Vec<(usize, Replacement)>,
    bytes: Vec<ByteMutation>,
}

/// The keys whose values are ids and names: what matching and the terminal read most.
const ID_KEYS: [&str; 5] = ["id", "name", "model", "slug", "display_name"];

/// Every string under an id key, depth first.
fn id_values<'a>(v: &'a mut Value, out: &mut Vec<&'a mut Value>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                if ID_KEYS.contains(&k.as_str()) && x.is_string() {
                    out.push(x);
                } else {
                    id_values(x, out);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| id_values(x, out)),
        _ => {}
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    (
        any::<usize>(),
        proptest::collection::vec((any::<usize>(), 0..HOSTILE_TEXT.len()), 0..4),
        proptest::collection::vec((any::<usize>(), replacement()), 0..4),
        proptest::collection::vec(byte_mutation(), 0..3),
    )
        .prop_map(|(seed, ids, replacements, bytes)| Mutation {
            seed,
            ids,
            replacements,
            bytes,
        })
}

fn count_nodes(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count_nodes).sum(),
        Value::Object(o) => o.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// The `n`th node of `v`, depth first.
fn nth_node<'a>(v: &'a mut Value, n: &mut usize) -> Option<&'a mut Value> {
    if *n == 0 {
        return Some(v);
    }
    *n -= 1;
    match v {
        Value::Array(a) => a.iter_mut().find_map(|x| nth_node(x, n)),
        Value::Object(o) => o.values_mut().find_map(|x| nth_node(x, n)),
        _ => None,
    }
}

fn replace_nth(doc: &mut Value, n: usize, with: Value) {
    let mut left = n % count_nodes(doc);
    if let Some(node) = nth_node(doc, &mut left) {
        *node = with;
    }
}

/// Applies `m` to one of `seeds` and returns the bytes a parser is fed.
fn apply(seeds: &[Vec<u8>], m: &Mutation) -> Vec<u8> {
    let seed = &seeds[m.seed % seeds.len()];
    let mut bytes = match serde_json::from_slice::<Value>(seed) {
        Ok(mut doc) if !(m.replacements.is_empty() && m.ids.is_empty()) => {
            for (occurrence, text) in &m.ids {
                let mut found = Vec::new();
                id_values(&mut doc, &mut found);
                let n = found.len();
                if let Some(slot) = found.into_iter().nth(occurrence % n.max(1)) {
                    *slot = Value::String(HOSTILE_TEXT[*text].to_owned());
                }
            }
            let mut raws = Vec::new();
            for (node, r) in &m.replacements {
                let value = match r {
                    Replacement::Null => Value::Null,
                    Replacement::Bool(b) => Value::Bool(*b),
                    Replacement::Int(i) => Value::from(*i),
                    Replacement::Float(f) => Value::from(*f),
                    Replacement::Raw(i) => {
                        raws.push(RAW_NUMBERS[*i]);
                        Value::String(format!("@@raw{}@@", raws.len() - 1))
                    }
                    Replacement::Hostile(i) => Value::String(HOSTILE_TEXT[*i].to_owned()),
                    Replacement::Text(t) => Value::String(t.clone()),
                    Replacement::EmptyArray => Value::Array(Vec::new()),
                    Replacement::EmptyObject => Value::Object(serde_json::Map::new()),
                    Replacement::Nested(depth) => {
                        (0..*depth).fold(Value::from(1), |inner, _| Value::Array(vec![inner]))
                    }
                };
                replace_nth(&mut doc, *node, value);
            }
            let mut text = serde_json::to_string(&doc).expect("a Value serializes");
            for (i, raw) in raws.iter().enumerate() {
                text = text.replace(&format!("\"@@raw{i}@@\""), raw);
            }
            text.into_bytes()
        }
        _ => seed.clone(),
    };
    for b in &m.bytes {
        match b {
            ByteMutation::Flip { at, bit } if !bytes.is_empty() => {
                let at = at % bytes.len();
                bytes[at] ^= 1 << bit;
            }
            ByteMutation::Truncate { at } => {
                let at = at % (bytes.len() + 1);
                bytes.truncate(at);
            }
            ByteMutation::Insert { at, bytes: more } => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, more.iter().copied());
            }
            ByteMutation::Flip { .. } => {}
        }
    }
    bytes
}

/// Captures from `../shared/fixtures/providers/<folder>/` whose names start with `prefix`.
fn captures(folder: &str, prefix: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/providers")
        .join(folder);
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            let path = Path::new(n);
            n.starts_with(prefix)
                && path.extension().is_some_and(|e| e == "json")
                && !n.ends_with(".meta.json")
        })
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no {prefix}* captures in {folder}");
    names
        .iter()
        .map(|n| std::fs::read(dir.join(n)).unwrap())
        .collect()
}

/// A provider parser's answer is a list, or an `invalid_response`.
fn classified<T>(result: Result<T, ProviderError>) -> Result<(), TestCaseError> {
    match result {
        Ok(_) => Ok(()),
        Err(e) if e.error_type == ErrorType::InvalidResponse => Ok(()),
        Err(e) => Err(TestCaseError::fail(format!("misclassified: {e:?}"))),
    }
}

macro_rules! provider_parser {
    ($name:ident, $folder:literal, $prefix:literal, $parse:expr) => {
        provider_parser!($name, captures($folder, $prefix), $parse);
    };
    ($name:ident, $seeds:expr, $parse:expr) => {
        proptest! {
            #![proptest_config(config())]
            #[test]
            fn $name(m in mutation()) {
                let seeds = $seeds;
                let body = apply(&seeds, &m);
                classified(($parse)(&body[..]))?;
            }
        }
    };
}

provider_parser!(openai_list, "openai", "models_list", openai::parse);
provider_parser!(gemini_list, "gemini", "models_list", gemini::parse);
provider_parser!(anthropic_list, "anthropic", "models_list", anthropic::parse);
provider_parser!(mistral_list, "mistral", "models_list", mistral::parse);
provider_parser!(
    openrouter_list,
    "openrouter",
    "models_list",
    wire::openrouter::parse
);
provider_parser!(ollama_tags, "ollama", "tags", ollama::parse_tags);
provider_parser!(groq_list, "groq", "models_list", groq::parse);
provider_parser!(deepseek_list, "deepseek", "models_list", deepseek::parse);
provider_parser!(together_list, "together", "models_list", together::parse);
provider_parser!(xai_models, "xai", "models_list", xai::parse_models);
provider_parser!(
    xai_language,
    "xai",
    "language_models",
    |b| xai::parse_typed(b, crate::model::ModelType::Chat)
);
provider_parser!(xai_images, "xai", "image_generation_models", |b| {
    xai::parse_typed(b, crate::model::ModelType::Image)
});
provider_parser!(
    mock_list,
    vec![include_bytes!("drivers/mock_models.json").to_vec()],
    |b: &[u8]| mock::parse(&String::from_utf8_lossy(b))
);

proptest! {
    #![proptest_config(config())]

    #[test]
    fn ollama_show(m in mutation()) {
        let seeds = captures("ollama", "show");
        let body = apply(&seeds, &m);
        if let Ok(show) = serde_json::from_slice::<Value>(&body) {
            let mut model = crate::model::Model::new("m", String::new());
            ollama::apply_show(&mut model, &show);
        }
    }

    /// Error bodies of every provider, with any status: classified, and the key never echoed.
    #[test]
    fn error_bodies(m in mutation(), status in 400u16..600, kind in 0usize..4) {
        let mut seeds = Vec::new();
        for folder in ["openai", "gemini", "anthropic", "mistral", "groq", "xai", "openrouter"] {
            seeds.extend(captures(folder, "error"));
        }
        let body = apply(&seeds, &m);
        let kind = [Kind::OpenAi, Kind::Gemini, Kind::Anthropic, Kind::Mistral][kind];
        let key = crate::secret::Secret::new("sk-hostile-key-0000");
        let mut echoed = body.clone();
        echoed.extend_from_slice(b" sk-hostile-key-0000");
        for b in [body, echoed] {
            let reply = crate::http::Reply {
                status: reqwest::StatusCode::from_u16(status).unwrap(),
                headers: reqwest::header::HeaderMap::new(),
                body: b,
            };
            let e = errors::classify(kind, &reply, Some(&key));
            prop_assert!(!e.message.contains("sk-hostile-key-0000"), "{}", e.message);
        }
    }
}

/// The password every database URL seed carries: never in a message about the URL.
const DB_PASSWORD: &str = "hunter2-pw-0000";

proptest! {
    #![proptest_config(config())]

    /// `--database` / `AISYNC_DATABASE` URLs, mutated: a target or a one-line error, and the
    /// password in neither what is shown nor the error, whatever else is wrong.
    #[test]
    fn database_urls(m in mutation()) {
        let seeds: Vec<Vec<u8>> = [
            "postgres://ann:hunter2-pw-0000@db.internal:5432/catalog?sslmode=verify-full&sslrootcert=/etc/ssl/ca.pem",
            "postgresql://ann:hunter2-pw-0000@h1:5432,h2:6543/catalog?connect_timeout=5&application_name=x",
            "postgres://ann:hunter2-pw-0000@[::1]:5432/catalog?sslmode=require&options=-c%20search_path%3Daisync",
        ]
        .iter()
        .map(|u| u.as_bytes().to_vec())
        .collect();
        let url = String::from_utf8_lossy(&apply(&seeds, &m)).into_owned();
        // Still a password only while it sits between the user's `:` and the `@`.
        let has_password = url.contains(&format!(":{DB_PASSWORD}@"));
        match crate::config::database::PgTarget::parse(&url) {
            Ok(_) if !has_password => {}
            Err(e) if !has_password => prop_assert!(!e.contains('\n'), "{e}"),
            Ok(t) => {
                prop_assert!(!t.to_string().contains(DB_PASSWORD), "{t}");
                let debug = format!("{t:?}");
                prop_assert!(!debug.contains(DB_PASSWORD), "{}", debug);
            }
            Err(e) => {
                prop_assert!(!e.contains(DB_PASSWORD), "{e}");
                prop_assert!(!e.contains('\n'), "{e}");
            }
        }
    }

    /// Export documents, mutated: loaded whole or refused with what is wrong, never a panic.
    #[test]
    fn export_documents(m in mutation()) {
        let mut store = crate::store::Store::open_in_memory().unwrap();
        let dump = store.dump().unwrap();
        let mut with_rows = dump.clone();
        with_rows.tables[8].rows.push(vec![
            rusqlite::types::Value::Integer(0),
            rusqlite::types::Value::Text("litellm".into()),
        ]);
        let seeds: Vec<Vec<u8>> = [dump, with_rows]
            .iter()
            .map(|d| crate::export::document(d, "sqlite", "2026-12-01T00:00:00Z").to_string().into_bytes())
            .collect();
        let body = apply(&seeds, &m);
        let _ = crate::export::read("doc.json", &String::from_utf8_lossy(&body));
    }
}

/// A catalog's seeds: small slices of the real catalogs, so a case parses in milliseconds.
fn catalog_seeds(format: CatalogFormat) -> Vec<Vec<u8>> {
    let read = |p: &str| catalog::fixture(p);
    let slice_object = |body: Vec<u8>, n: usize| -> Vec<u8> {
        let doc: serde_json::Map<String, Value> = serde_json::from_slice(&body).unwrap();
        serde_json::to_vec(&doc.into_iter().take(n).collect::<serde_json::Map<_, _>>()).unwrap()
    };
    match format {
        CatalogFormat::LiteLlm => vec![
            slice_object(read("litellm/model_prices_and_context_window.json"), 40),
            slice_object(
                read("litellm/model_prices_and_context_window.2026-06-24.json"),
                25,
            ),
        ],
        CatalogFormat::OpenRouter => {
            let mut doc: Value =
                serde_json::from_slice(&read("openrouter/models.2026-08-01.json")).unwrap();
            if let Some(data) = doc.get_mut("data").and_then(Value::as_array_mut) {
                data.truncate(25);
            }
            vec![serde_json::to_vec(&doc).unwrap()]
        }
        CatalogFormat::ModelsDev => {
            let mut doc: serde_json::Map<String, Value> =
                serde_json::from_str(bundled::SNAPSHOT).unwrap();
            doc.retain(|k, _| matches!(k.as_str(), "_snapshot" | "deepseek" | "xai"));
            vec![serde_json::to_vec(&doc).unwrap()]
        }
        CatalogFormat::GenaiPrices => {
            // Providers with tiers, dated and time-of-day prices, regex and `or` clauses.
            let doc: Vec<Value> = serde_json::from_slice(&read("genai-prices/data.json")).unwrap();
            let keep = ["anthropic", "deepseek", "openai", "perplexity"];
            let picked: Vec<Value> = doc
                .into_iter()
                .filter(|p| keep.contains(&p["id"].as_str().unwrap_or_default()))
                .map(|mut p| {
                    if let Some(models) = p.get_mut("models").and_then(Value::as_array_mut) {
                        models.truncate(12);
                    }
                    p
                })
                .collect();
            vec![serde_json::to_vec(&picked).unwrap()]
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn litellm_catalog(m in mutation()) {
        let body = apply(&catalog_seeds(CatalogFormat::LiteLlm), &m);
        let _ = litellm::parse(&body);
        let _ = catalog::detect_format(&body);
    }

    #[test]
    fn openrouter_catalog(m in mutation()) {
        let body = apply(&catalog_seeds(CatalogFormat::OpenRouter), &m);
        if let Ok(c) = catalog::parse(CatalogFormat::OpenRouter, "openrouter", &body) {
            // Matching every entry against every provider runs the id rules on hostile ids.
            for e in &c.entries {
                let _ = catalog::matching::find(&c, "openrouter", &e.id);
                let _ = catalog::matching::find(&c, "mistral", &e.id);
            }
        }
        let _ = catalog::detect_format(&body);
    }

    #[test]
    fn genai_prices_catalog(m in mutation()) {
        let body = apply(&catalog_seeds(CatalogFormat::GenaiPrices), &m);
        if let Ok(c) = catalog::parse(CatalogFormat::GenaiPrices, "genai-prices", &body) {
            // Every rule run on every entry's id, and every dated list read at a time.
            let at = crate::model::parse_time("2025-06-10T00:00:00Z").unwrap();
            for e in &c.entries {
                let _ = catalog::matching::find(&c, &e.provider, &e.id);
                let _ = e.prices_as_of(at);
            }
        }
        let _ = catalog::detect_format(&body);
    }

    #[test]
    fn models_dev_catalog(m in mutation()) {
        let body = apply(&catalog_seeds(CatalogFormat::ModelsDev), &m);
        if let Ok(entries) = models_dev::parse(&body) {
            let c = catalog::Catalog::new("x", entries);
            let before = catalog::Catalog::new("y", models_dev::parse(
                &catalog_seeds(CatalogFormat::ModelsDev)[0]).unwrap());
            let _ = catalog::changes(&before, &c);
        }
    }

    /// Usage files, both formats: every record read, or the line at fault named.
    #[test]
    fn usage_files(m in mutation()) {
        let jsonl = concat!(
            r#"{"time":"2026-11-24T09:00:00Z","provider":"mock","model":"m","input_tokens":12000,"output_tokens":3000}"#,
            "\n",
            r#"{"time":"2026-11-24T09:05:00Z","provider":"mock","model":"m","input_tokens":8,"output_tokens":1,"requests":2,"cost":"0.5"}"#,
            "\n",
        );
        let csv = "time,provider,model,input_tokens,output_tokens,cost,requests\n\
                   2026-11-23T12:00:00Z,openai,gpt-4o-mini,100,200,,3\n\
                   2026-11-23T12:00:00Z,openai,gpt-4o-mini,100,200,0.25,1\n";
        let seeds = [jsonl.as_bytes().to_vec(), csv.as_bytes().to_vec()];
        let text = String::from_utf8_lossy(&apply(&seeds, &m)).into_owned();
        for format in [crate::usage::UsageFormat::Jsonl, crate::usage::UsageFormat::Csv] {
            let _ = crate::usage::parse(Path::new("u"), &text, format);
        }
    }

    /// The config file and `.env`, mutated from the documented ones and from one with a sink
    /// of every type.
    #[test]
    fn config_and_dotenv(m in mutation()) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let seeds = [
            std::fs::read(root.join("config/aisync.toml")).unwrap(),
            std::fs::read(root.join(".env.example")).unwrap(),
            SINKS.as_bytes().to_vec(),
        ];
        let bytes = apply(&seeds, &m);
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(file) = crate::config::FileConfig::parse(Path::new("c.toml"), &text) {
            let env = crate::env::Env::from_pairs([("AISYNC_WEBHOOK_SECRET", "k")]);
            let _ = crate::config::notify::resolve(&file.notify, &env, None, &|p| p == "openai");
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".env"), &bytes).unwrap();
        let _ = crate::env::Env::load(dir.path());
    }
}

/// A config file with a sink of every type, every key given.
const SINKS: &str = r#"
[[notify]]
name = "ops"
type = "webhook"
url = "https://hooks.example.com/aisync?token=t"
secret_env = "AISYNC_WEBHOOK_SECRET"
format = "slack"
events = ["models.updated", "prices.updated", "sync.failed"]
providers = ["openai"]
timeout_seconds = 5

[[notify]]
name = "hook"
type = "command"
command = ["/usr/local/bin/on-model-change", "--quiet"]

[[notify]]
name = "archive"
type = "jsonl"
path = "events.jsonl"
backfill = true
"#;

#[test]
fn the_mutations_reach_what_they_claim() {
    let plain = |replacements, bytes| Mutation {
        seed: 0,
        ids: vec![],
        replacements,
        bytes,
    };
    let seeds = vec![br#"{"a":[1,{"b":"c"}]}"#.to_vec()];
    let m = plain(
        vec![(4, Replacement::Raw(0)), (1, Replacement::Hostile(0))],
        vec![],
    );
    let out = String::from_utf8(apply(&seeds, &m)).unwrap();
    assert_eq!(
        out, r#"{"a":"qwen/通义千问"}"#,
        "node 1 is the array, replaced whole"
    );
    let m = plain(
        vec![(4, Replacement::Raw(0))],
        vec![ByteMutation::Truncate { at: 10 }],
    );
    assert_eq!(apply(&seeds, &m), br#"{"a":[1,{""#.to_vec());
    let m = plain(vec![(4, Replacement::Raw(0))], vec![]);
    assert_eq!(apply(&seeds, &m), br#"{"a":[1,{"b":1e400}]}"#.to_vec());
    let deep = plain(vec![(2, Replacement::Nested(200))], vec![]);
    let body = apply(&seeds, &deep);
    assert!(
        serde_json::from_slice::<Value>(&body).is_err(),
        "past the recursion limit"
    );
    let named = vec![br#"{"data":[{"id":"a"},{"id":"b","name":"B"}]}"#.to_vec()];
    let m = Mutation {
        seed: 0,
        ids: vec![(1, 1)],
        replacements: vec![],
        bytes: vec![],
    };
    let out = String::from_utf8(apply(&named, &m)).unwrap();
    assert_eq!(
        out,
        r#"{"data":[{"id":"a"},{"id":"mistral/modèle-chat-v1","name":"B"}]}"#
    );
}

//! Many servers on one store, as a fleet runs them (with `AISYNC_TEST_POSTGRES` set, one
//! PostgreSQL database; otherwise one SQLite file): one sync at a time, readers that never see
//! a provider half-applied, and a sync killed with SIGKILL that frees the lock and loses
//! nothing.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{TestEnv, finish};

const BUILTIN: &str = include_str!("../../src/drivers/mock_models.json");

fn builtin() -> Vec<Value> {
    serde_json::from_str(BUILTIN).unwrap()
}

fn provider(doc: &Value) -> &Value {
    &doc["providers"][0]
}

#[test]
fn eight_servers_starting_at_once_migrate_once_and_exactly_one_syncs() {
    // A new store: the eight also race to create its schema.
    let env = TestEnv::new();
    let slow = [("AI_MOCK_LATENCY_MS", "3000")];
    let runs: Vec<_> = (0..8)
        .map(|_| env.spawn_with(&slow, &["sync-models", "-p", "mock", "--format", "json"]))
        .collect();
    let mut outcomes: Vec<String> = runs
        .into_iter()
        .map(|child| {
            let run = finish(child);
            run.expect_code(0).no_panic();
            let p = provider(&run.json()).clone();
            format!(
                "{} {}",
                p["status"].as_str().unwrap(),
                p["reason"].as_str().unwrap_or("")
            )
        })
        .collect();
    outcomes.sort();
    assert_eq!(
        outcomes,
        [
            "skipped locked",
            "skipped locked",
            "skipped locked",
            "skipped locked",
            "skipped locked",
            "skipped locked",
            "skipped locked",
            "success ",
        ],
        "one fetched; the others, started while it held the lock, report `locked`"
    );
    let runs: Vec<i64> = crate::common::column(&env.db(), "SELECT count(*) FROM sync_runs");
    assert_eq!(runs, [1], "one run recorded");
}

/// Generation B of the mock's list: every model's context window and input price changed,
/// one model more.
fn generation_b() -> Vec<Value> {
    let mut list = builtin();
    for (i, m) in list.iter_mut().enumerate() {
        m["context_length"] = json!(777_000 + i);
        if m["pricing"].is_object() {
            m["pricing"]["input"] = json!("7.77");
        }
    }
    let mut extra = list[0].clone();
    extra["id"] = json!("mock-generation-b");
    list.push(extra);
    list
}

/// Each model of a listing as id, status, context window and input price.
fn brief(listing: &Value) -> String {
    listing
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            format!(
                "{} {} {} {}",
                m["id"], m["status"], m["context_length"], m["pricing"]["input"]
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Which generation a listing is wholly of: `None` when it mixes them.
fn generation(listing: &Value) -> Option<char> {
    // A model no longer listed stays, marked removed: what counts is what is listed.
    let models: Vec<&Value> = listing
        .as_array()?
        .iter()
        .filter(|m| m["status"] != "removed")
        .collect();
    let ids: BTreeSet<&str> = models.iter().filter_map(|m| m["id"].as_str()).collect();
    let b = ids.contains("mock-generation-b");
    for m in &models {
        let context = m["context_length"].as_u64().unwrap_or(0);
        if (context >= 777_000) != b {
            return None;
        }
        if let Some(input) = m["pricing"]["input"].as_f64()
            && m["id"] != "mock-generation-b"
            && ((input - 7.77).abs() < 1e-9) != b
        {
            return None;
        }
    }
    Some(if b { 'B' } else { 'A' })
}

/// Sets its flag when dropped: readers stop even when the writer's assertion fails.
struct Stop<'a>(&'a std::sync::atomic::AtomicBool);

impl Drop for Stop<'_> {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

#[test]
fn readers_throughout_a_sequence_of_syncs_see_each_provider_wholly_old_or_wholly_new() {
    let env = TestEnv::new();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let a = env.write("a.json", BUILTIN);
    let b = env.write("b.json", &serde_json::to_string(&generation_b()).unwrap());
    let done = std::sync::atomic::AtomicBool::new(false);
    let seen = std::thread::scope(|s| {
        let readers: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    let mut seen = Vec::new();
                    while !done.load(std::sync::atomic::Ordering::Relaxed) {
                        let run = env.run(&["models", "list", "--format", "json"]);
                        run.expect_code(0).no_panic();
                        let doc = run.json();
                        let g = generation(&doc);
                        assert!(g.is_some(), "a half-applied provider: {}", brief(&doc));
                        seen.extend(g);
                    }
                    seen
                })
            })
            .collect();
        // Whatever happens to the writer, the readers stop.
        let stop = Stop(&done);
        for (i, list) in [&b, &a].iter().cycle().take(16).enumerate() {
            let now = format!("2026-11-24T{:02}:30:00Z", 2 + i);
            env.run_with(
                &[
                    ("AISYNC_NOW", now.as_str()),
                    ("AI_MOCK_MODELS_FILE", list.to_str().unwrap()),
                ],
                &["sync-models", "-p", "mock", "--force", "--accept-changes"],
            )
            .expect_code(0);
        }
        drop(stop);
        readers
            .into_iter()
            .flat_map(|r| r.join().unwrap())
            .collect::<Vec<char>>()
    });
    assert!(seen.len() >= 4, "the readers read throughout: {seen:?}");
    assert!(seen.contains(&'A') && seen.contains(&'B'), "{seen:?}");
}

/// How many models a listing holds that are not removed.
fn active(listing: &Value) -> usize {
    listing
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["status"] != "removed")
        .count()
}

/// Every row of every table, as `aisync export` writes it.
fn rows(env: &TestEnv) -> BTreeSet<String> {
    let run = env.run(&["export"]);
    run.expect_code(0);
    let doc = run.json();
    let mut out = BTreeSet::new();
    for (table, t) in doc["tables"].as_object().unwrap() {
        for r in t["rows"].as_array().unwrap() {
            out.insert(format!("{table} {r}"));
        }
    }
    out
}

#[test]
fn a_sync_killed_with_sigkill_frees_the_lock_and_loses_nothing() {
    let env = TestEnv::new();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    // A list big enough that its apply takes a while, so the kill lands before, during or
    // after it, as it may on a server.
    let mut big = builtin();
    for i in 0..3000 {
        let mut m = big[1].clone();
        m["id"] = json!(format!("mock-bulk-{i:04}"));
        big.push(m);
    }
    let big = env.write("big.json", &serde_json::to_string(&big).unwrap());
    for (round, delay_ms) in [0_u64, 60, 150, 400].into_iter().enumerate() {
        let before = rows(&env);
        let listed_before = env.run(&["models", "list", "--format", "json"]).json();
        let now = format!("2026-11-{:02}T10:30:00Z", 24 + round);
        let mut child = env.spawn_with(
            &[
                ("AISYNC_NOW", now.as_str()),
                ("AI_MOCK_MODELS_FILE", big.to_str().unwrap()),
                ("AI_MOCK_LATENCY_MS", "200"),
            ],
            &["sync-models", "-p", "mock", "--force", "--accept-changes"],
        );
        env.wait_for_lock();
        std::thread::sleep(Duration::from_millis(200 + delay_ms));
        // SIGKILL; the run may have finished already, which is a round too.
        let _ = child.kill();
        let _ = child.wait();
        // The lock is free at once: the server released it with the session (or the kernel
        // with the file).
        let started = Instant::now();
        let n = active(&env.run(&["models", "list", "--format", "json"]).json());
        let was = active(&listed_before);
        assert!(
            n == was || n == 3008,
            "round {round}: wholly old ({was}) or wholly new (3008), not {n}"
        );
        // Nothing that was stored is lost: every row of every table is still there, but for
        // what the applied sync itself rewrote.
        let after = rows(&env);
        if n == was {
            let lost: Vec<&String> = before
                .difference(&after)
                .filter(|r| !r.starts_with("sync_state ") && !r.starts_with("events "))
                .collect();
            assert!(lost.is_empty(), "round {round}: lost {lost:?}");
        }
        let again = env.run_with(
            &[("AISYNC_NOW", now.as_str())],
            &[
                "sync-models",
                "-p",
                "mock",
                "--force",
                "--accept-changes",
                "--format",
                "json",
            ],
        );
        let doc = again.expect_code(0).json();
        assert_eq!(provider(&doc)["status"], "success", "round {round}: {doc}");
        assert!(started.elapsed() < Duration::from_secs(20));
    }
}

//! `--metrics-file`: the Prometheus text exposition, read back with a real parser, its figures
//! those of the database; written whole (through a renamed file).

use std::collections::BTreeMap;

use crate::common::{TestEnv, samples, sync_mock, value};

#[test]
// The parser reads every value as f64; these are whole counts and Unix times, exactly equal.
#[allow(clippy::float_cmp, clippy::too_many_lines)]
fn the_metrics_file_holds_the_databases_figures() {
    let mut env = TestEnv::new();
    env.set("AISYNC_TEST_SKIP_RETRY_SLEEP", "1");
    sync_mock(&env, "2026-11-23T10:00:00Z", None, &[]).expect_code(0);
    sync_mock(
        &env,
        "2026-11-23T11:00:00Z",
        None,
        &[("AI_MOCK_FAIL", "server_error")],
    );
    let path = env.path("aisync.prom");
    let run = env.run_with(
        &[("AISYNC_NOW", "2026-11-23T12:00:00Z")],
        &["sync-pricing", "--metrics-file", path.to_str().unwrap()],
    );
    run.expect_code(0);
    let text = std::fs::read_to_string(&path).unwrap();
    let all = samples(&text);
    assert_eq!(value(&all, "aisync_up", &[]), 1.0);
    assert_eq!(
        value(
            &all,
            "aisync_sync_last_success_timestamp_seconds",
            &[("provider", "mock")]
        ),
        1_795_428_000.0,
        "2026-11-23T10:00:00Z"
    );
    assert_eq!(
        value(
            &all,
            "aisync_sync_last_attempt_timestamp_seconds",
            &[("provider", "mock")]
        ),
        1_795_431_600.0,
        "2026-11-23T11:00:00Z, the failure"
    );
    assert_eq!(
        value(
            &all,
            "aisync_sync_runs_total",
            &[("provider", "mock"), ("result", "success")]
        ),
        1.0
    );
    assert_eq!(
        value(
            &all,
            "aisync_sync_runs_total",
            &[("provider", "mock"), ("result", "error")]
        ),
        1.0
    );
    assert_eq!(
        value(
            &all,
            "aisync_models",
            &[("provider", "mock"), ("status", "active")]
        ),
        7.0
    );
    assert_eq!(
        value(
            &all,
            "aisync_models",
            &[("provider", "mock"), ("status", "deprecated")]
        ),
        1.0
    );
    assert_eq!(
        value(&all, "aisync_models_unpriced", &[("provider", "mock")]),
        0.0
    );
    assert!(
        text.contains("aisync_sync_duration_seconds_count{provider=\"mock\"} 2"),
        "{text}"
    );
    assert!(
        text.contains("# TYPE aisync_sync_duration_seconds histogram"),
        "{text}"
    );
    // The change log by kind, as `aisync changes` counts it.
    let log = env.run(&["changes", "--format", "json"]).json();
    let mut by_kind: BTreeMap<String, f64> = BTreeMap::new();
    for e in log.as_array().unwrap() {
        *by_kind
            .entry(e["kind"].as_str().unwrap().to_owned())
            .or_default() += 1.0;
    }
    for (kind, n) in &by_kind {
        assert_eq!(
            value(&all, "aisync_changes_total", &[("kind", kind)]),
            *n,
            "{kind}"
        );
    }
    // Written whole: nothing of the file in the making is left beside it.
    let left: Vec<String> = std::fs::read_dir(env.path(""))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert_eq!(left, Vec::<String>::new());
    // A folder that cannot be written is an error of the run, named.
    let bad = env.run(&[
        "sync-models",
        "-p",
        "mock",
        "--metrics-file",
        "/nonexistent/dir/a.prom",
    ]);
    bad.expect_code(1);
    assert!(
        bad.stderr.contains("/nonexistent/dir/a.prom"),
        "{}",
        bad.stderr
    );
}

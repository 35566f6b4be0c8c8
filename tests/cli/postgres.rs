//! The PostgreSQL store's own contract: its URL (malformed: 78; unreachable or refused: 1,
//! naming host, port and database), a password that is never shown, and the run lock as a
//! session-level advisory lock. The rest of the suite runs against PostgreSQL as it does
//! against SQLite when `AISYNC_TEST_POSTGRES` names a server (`scripts/with-postgres`).

use serde_json::Value;

use crate::common::{TestEnv, pg_server};

const SECRET: &str = "hunter2-secret";

#[test]
fn a_malformed_postgres_url_is_a_configuration_error_that_never_prints_the_password() {
    let env = TestEnv::new();
    for (url, says) in [
        (
            "postgres://ann:hunter2-secret@db.internal:notaport/catalog",
            "port",
        ),
        (
            "postgres://ann:hunter2-secret@db.internal/catalog?sslmode=sometimes",
            "sslmode=sometimes",
        ),
        (
            "postgresql://ann:hunter2-secret@db.internal/catalog?no_such_option=1",
            "no_such_option",
        ),
        (
            "postgres://ann:hunter2-secret@db.internal/catalog?sslmode=verify-ca&sslrootcert=/no/such/ca.pem",
            "/no/such/ca.pem",
        ),
        (
            "postgres://ann:hunter2-secret@db.internal/catalog?sslcert=/c.pem",
            "client certificate",
        ),
    ] {
        for run in [
            env.run(&["--database", url, "models", "list"]),
            env.run_with(&[("AISYNC_DATABASE", url)], &["sync-models", "-p", "mock"]),
        ] {
            run.expect_code(78).no_panic();
            assert!(run.stderr.contains(says), "{url}: {}", run.stderr);
            assert!(
                run.stderr.contains("is not a usable PostgreSQL URL"),
                "{}",
                run.stderr
            );
            assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
            assert!(!run.stderr.contains(SECRET) && !run.stdout.contains(SECRET));
        }
    }
}

/// A port on 127.0.0.1 nobody listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[test]
fn an_unreachable_server_is_a_runtime_error_naming_host_port_and_database() {
    let env = TestEnv::new();
    let port = closed_port();
    let url = format!("postgres://ann:{SECRET}@127.0.0.1:{port}/catalog?connect_timeout=5");
    for args in [
        vec!["models", "list"],
        vec!["sync-models", "-p", "mock"],
        vec!["providers"],
        vec!["changes"],
    ] {
        let run = env.run_with(&[("AISYNC_DATABASE", &url)], &args);
        run.expect_code(1).no_panic();
        assert!(
            run.stderr.contains(&format!("127.0.0.1:{port}/catalog")),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains(SECRET) && !run.stdout.contains(SECRET));
    }
    // doctor names the one cause once, and the schema check points at it.
    let run = env.run_with(&[("AISYNC_DATABASE", &url)], &["doctor", "--offline"]);
    run.expect_code(1).no_panic();
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains("cannot connect to the PostgreSQL server"),
        "{said}"
    );
    assert!(said.contains("fix the database check first"), "{said}");
    assert!(!said.contains(SECRET));
}

#[test]
fn refused_credentials_are_a_runtime_error_that_never_prints_either_password() {
    let Some(server) = pg_server() else { return };
    let env = TestEnv::new();
    let real = password_of(&server);
    let wrong = server.replace(&real, SECRET);
    let run = env.run_with(&[("AISYNC_DATABASE", &wrong)], &["models", "list"]);
    run.expect_code(1).no_panic();
    assert!(run.stderr.contains("password"), "{}", run.stderr);
    assert!(run.stderr.contains("127.0.0.1:"), "{}", run.stderr);
    for text in [&run.stderr, &run.stdout] {
        assert!(!text.contains(SECRET) && !text.contains(&real), "{text}");
    }
}

fn password_of(url: &str) -> String {
    let userinfo = url.split("://").nth(1).unwrap().split('@').next().unwrap();
    userinfo.split_once(':').unwrap().1.to_owned()
}

#[test]
fn the_password_is_in_no_output_log_or_stored_value() {
    let Some(server) = pg_server() else { return };
    let mut env = TestEnv::new();
    let url = env.pg().map_or(server, |p| p.url.clone());
    let password = password_of(&url);
    env.set("AISYNC_DATABASE", &url);
    env.set("AISYNC_LOG", "debug");
    let mut seen = String::new();
    for args in [
        vec!["sync-models", "-p", "mock", "-v"],
        vec!["sync-models", "-p", "mock", "--force", "--format", "json"],
        vec!["config"],
        vec!["config", "--format", "json"],
        vec!["config", "path"],
        vec!["providers", "--format", "json"],
        vec!["doctor", "--offline"],
        vec!["models", "list"],
    ] {
        let run = env.run(&args);
        run.no_panic();
        seen.push_str(&run.stdout);
        seen.push_str(&run.stderr);
    }
    assert!(!seen.contains(&password), "{seen}");
    assert!(
        seen.contains("postgres://aisync@127.0.0.1:"),
        "the URL is shown without its password: {seen}"
    );
    // `config path` shows the database by its URL, and does not connect to find out more.
    let paths = env.run(&["config", "path", "--format", "json"]).json();
    assert_eq!(paths["database"]["exists"], Value::Null, "{paths}");
    assert!(
        paths["lock"]["path"]
            .as_str()
            .unwrap()
            .starts_with("pg_advisory_lock(")
    );
    // Nor is it stored anywhere in the catalog.
    let db = env.db();
    for table in ["models", "sync_state", "sync_runs", "changes", "events"] {
        let rows: Vec<String> =
            crate::common::column(&db, &format!("SELECT CAST(t.* AS TEXT) FROM {table} t"));
        assert!(rows.iter().all(|r| !r.contains(&password)), "{table}");
    }
}

#[test]
fn sslmode_means_what_it_means_to_libpq_against_a_server_with_tls() {
    if pg_server().is_none() {
        return;
    }
    // scripts/with-postgres gives the server a CA of its own and a certificate for `localhost`
    // only, and a role, aisync_tls, that the server takes over TLS only.
    let Ok(ca) = std::env::var("AISYNC_TEST_POSTGRES_CA") else {
        assert!(
            std::env::var_os("AISYNC_TEST_REQUIRE_POSTGRES").is_none(),
            "the test server has no TLS: scripts/with-postgres needs openssl for its certificates"
        );
        #[allow(clippy::print_stderr, reason = "a skipped check says so")]
        {
            eprintln!("skipped: the test server has no TLS (openssl was not found)");
        }
        return;
    };
    let env = TestEnv::new();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let url = env.pg().unwrap().url.clone();
    let base = url
        .split('?')
        .next()
        .unwrap()
        .replace("aisync:", "aisync_tls:");
    let at = |host: &str, query: &str| format!("{}?{query}", base.replace("127.0.0.1", host));
    let listed = |url: &str| {
        env.run_with(
            &[("AISYNC_DATABASE", url)],
            &["models", "list", "--format", "json"],
        )
    };
    for (host, query, code, says) in [
        (
            "localhost",
            format!("sslmode=verify-full&sslrootcert={ca}"),
            0,
            "",
        ),
        // The chain is trusted; the name (127.0.0.1 is not `localhost`) is not checked.
        (
            "127.0.0.1",
            format!("sslmode=verify-ca&sslrootcert={ca}"),
            0,
            "",
        ),
        (
            "127.0.0.1",
            format!("sslmode=verify-full&sslrootcert={ca}"),
            1,
            "certificate",
        ),
        // The system's trust store does not know the test's CA.
        (
            "localhost",
            "sslmode=verify-full".to_owned(),
            1,
            "certificate",
        ),
        // Encrypted, unverified: what libpq's require and prefer mean.
        ("127.0.0.1", "sslmode=require".to_owned(), 0, ""),
        ("127.0.0.1", "sslmode=prefer".to_owned(), 0, ""),
        // No TLS: the TLS-only role is turned away, so the others did encrypt.
        (
            "127.0.0.1",
            "sslmode=disable".to_owned(),
            1,
            "no encryption",
        ),
    ] {
        let run = listed(&at(host, &query));
        assert_eq!(run.code, code, "{host} {query}: {}", run.stderr);
        run.no_panic();
        assert!(run.stderr.contains(says), "{host} {query}: {}", run.stderr);
        if code == 0 {
            assert_eq!(run.json().as_array().unwrap().len(), 8, "{host} {query}");
        } else {
            assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        }
    }
}

#[test]
fn a_dry_run_on_a_new_postgresql_database_creates_nothing_in_it() {
    if pg_server().is_none() {
        return;
    }
    let env = TestEnv::new();
    let tables = || -> Vec<i64> {
        crate::common::column(
            &env.db(),
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
        )
    };
    let run = env.run(&["sync-models", "-p", "mock", "--dry-run", "--format", "json"]);
    run.expect_code(0).no_panic();
    assert_eq!(run.json()["dry_run"], true);
    for args in [
        vec!["models", "list"],
        vec!["providers"],
        vec!["changes"],
        vec!["export"],
    ] {
        env.run(&args).expect_code(0).no_panic();
    }
    assert_eq!(
        tables(),
        [0],
        "reads migrate in a transaction never committed"
    );
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    assert!(tables()[0] >= 12, "a write migrates for good");
}

#[test]
fn a_write_kept_waiting_by_another_session_fails_as_busy_rather_than_hanging() {
    if pg_server().is_none() {
        return;
    }
    let env = TestEnv::new();
    env.run(&["sync-models", "-p", "mock"]).expect_code(0);
    let url = env.pg().unwrap().url.clone();
    // Another session holds the table a sync must write, and does not let go.
    let (locked, is_locked) = std::sync::mpsc::sync_channel(0);
    let (release, released) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        c.batch_execute("BEGIN; LOCK TABLE sync_state IN ACCESS EXCLUSIVE MODE")
            .unwrap();
        locked.send(()).unwrap();
        let _ = released.recv();
    });
    is_locked.recv().unwrap();
    let started = std::time::Instant::now();
    let run = env.run(&["sync-models", "-p", "mock", "--force"]);
    let waited = started.elapsed();
    release.send(()).unwrap();
    holder.join().unwrap();
    run.expect_code(1).no_panic();
    assert!(
        run.stderr
            .contains("is locked by another process (waited 10 s)"),
        "{}",
        run.stderr
    );
    assert!(waited < std::time::Duration::from_secs(30), "{waited:?}");
    // Once the other session is done, the same run goes through.
    env.run(&["sync-models", "-p", "mock", "--force"])
        .expect_code(0);
}

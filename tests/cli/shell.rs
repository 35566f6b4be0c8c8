//! Completions and man pages: generated from the clap tree, for every shell and command, with
//! no configuration read.

use std::process::Command;

use crate::common::TestEnv;

/// Whether `program` is installed here.
fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn completions_load_in_every_installed_shell_even_with_a_broken_config() {
    let mut env = TestEnv::new();
    let bad = env.write("bad.toml", "[sync\n");
    env.set("AISYNC_CONFIG", bad.to_str().unwrap());
    for (shell, checker, file) in [
        ("bash", Some("bash"), "aisync.bash"),
        ("zsh", Some("zsh"), "_aisync"),
        ("fish", Some("fish"), "aisync.fish"),
        ("powershell", None, "aisync.ps1"),
        ("elvish", None, "aisync.elv"),
    ] {
        let run = env.run(&["completions", shell]);
        run.expect_code(0);
        assert!(
            run.stdout.contains("sync-models") && run.stdout.contains("notify"),
            "{shell}"
        );
        let path = env.write(file, &run.stdout);
        if let Some(checker) = checker.filter(|c| installed(c)) {
            let check = Command::new(checker).arg("-n").arg(&path).output().unwrap();
            assert!(
                check.status.success(),
                "{shell}: {}",
                String::from_utf8_lossy(&check.stderr)
            );
        }
    }
    env.run(&["completions", "tcsh"]).expect_code(64);
    let json = env.run(&["--format", "json", "completions", "bash"]);
    json.expect_code(0);
    assert_eq!(json.json()["shell"], "bash");
    assert_eq!(
        json.json()["script"].as_str().unwrap(),
        env.run(&["completions", "bash"]).stdout
    );
    env.run(&["--format", "csv", "completions", "bash"])
        .expect_code(64);
}

#[test]
fn a_man_page_for_every_command() {
    let env = TestEnv::new();
    let page = env.run(&["man"]);
    page.expect_code(0);
    assert!(
        page.stdout.contains(".TH aisync 1"),
        "{}",
        &page.stdout[..200]
    );
    let dir = env.path("man1");
    let run = env.run(&["man", "--out", dir.to_str().unwrap(), "--format", "json"]);
    run.expect_code(0);
    let pages: Vec<String> = run.json()["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    // Every command `aisync --help` lists, and every subcommand of those, has its page.
    let help = env.run(&["--help"]).stdout.clone();
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 11, "{help}");
    for c in commands {
        let name = format!("aisync-{c}.1");
        assert!(pages.contains(&name), "{name} in {pages:?}");
        let text = std::fs::read_to_string(dir.join(&name)).unwrap();
        assert!(text.contains(&format!(".TH aisync-{c} 1")), "{name}");
    }
    for nested in [
        "aisync-models-list.1",
        "aisync-models-info.1",
        "aisync-usage-import.1",
    ] {
        assert!(pages.contains(&nested.to_owned()), "{nested}");
    }
}

#[test]
fn version_says_what_the_build_is_made_of() {
    let env = TestEnv::new();
    let short = env.run(&["-V"]);
    short.expect_code(0);
    assert_eq!(
        short.stdout,
        format!("aisync {}\n", env!("CARGO_PKG_VERSION"))
    );
    let long = env.run(&["--version"]);
    long.expect_code(0);
    for part in ["target: ", "sqlite: 3.", "tls: rustls", "schema: "] {
        assert!(long.stdout.contains(part), "{part} in {}", long.stdout);
    }
}

#[tokio::test]
async fn progress_lines_show_on_a_terminal_only() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    // One 429 asking for a second's wait, then the list: the line says it is retrying.
    Mock::given(method("GET"))
        .and(path("/v1/models"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/models"))
        .respond_with(crate::fake::replay("openai/models_list_2026-08.json"))
        .mount(&server)
        .await;
    let mut env = TestEnv::new();
    env.set("OPENAI_API_KEY", crate::fake::CANARY)
        .set("OPENAI_BASE_URL", &format!("{}/v1", server.uri()))
        .set("AI_MOCK_LATENCY_MS", "400");
    let tty = env.run_on_tty(&["sync-models", "-p", "openai,mock"], "");
    assert_eq!(tty.code, 0, "{}", tty.stdout);
    for part in [
        "fetching",
        "retrying in 1 s after rate_limited",
        "done in",
        "Sync completed",
    ] {
        assert!(
            tty.stdout.contains(part),
            "{part} on the terminal:\n{}",
            tty.stdout
        );
    }
    // Never when not asked for: quiet, JSON, or stderr not a terminal.
    for args in [
        &["sync-models", "-p", "mock", "--force", "-q"][..],
        &["sync-models", "-p", "mock", "--force", "--format", "json"],
    ] {
        let run = env.run_on_tty(args, "");
        assert!(!run.stdout.contains("fetching"), "{args:?}: {}", run.stdout);
    }
    let piped = env.run(&["sync-models", "-p", "mock", "--force"]);
    assert!(!piped.stderr.contains("fetching") && !piped.stdout.contains("fetching"));
}

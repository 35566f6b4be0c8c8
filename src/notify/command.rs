//! The `command` sink: a program run with the event JSON on its stdin — no shell, its
//! arguments as configured, provider keys and sink secrets taken out of its environment — and
//! killed when it outlives the sink's timeout. Exit 0 is a delivery.

use std::io::{Read as _, Write as _};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::config::Config;
use crate::config::notify::{Sink, Target};
use crate::model::{ErrorType, Event, ProviderError};

/// The most of a failing program's stderr quoted, in characters.
const MAX_STDERR_CHARS: usize = 300;

pub fn run(
    config: &Config,
    sink: &Sink,
    argv: &[String],
    event: &Event,
    body: &[u8],
) -> Result<(), ProviderError> {
    let program = argv.first().map_or("", String::as_str);
    let mut cmd = Command::new(program);
    cmd.args(&argv[1.min(argv.len())..])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .env("AISYNC_EVENT_KIND", event.kind.as_str())
        .env("AISYNC_EVENT_SEQ", event.seq.to_string());
    for var in scrubbed(config) {
        cmd.env_remove(var);
    }
    let mut child = cmd.spawn().map_err(|e| {
        let error_type = match e.kind() {
            std::io::ErrorKind::NotFound => ErrorType::NotFound,
            std::io::ErrorKind::PermissionDenied => ErrorType::PermissionDenied,
            _ => ErrorType::NotConfigured,
        };
        ProviderError::new(error_type, format!("cannot run {program}: {e}"))
    })?;
    // Written and read on their own threads: a program that reads nothing, or writes much to
    // stderr, can neither block the other pipe nor outlive the timeout.
    let mut stdin = child.stdin.take();
    let body = body.to_vec();
    let writer = std::thread::spawn(move || {
        if let Some(s) = stdin.as_mut() {
            let _ = s.write_all(&body);
        }
    });
    let mut stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(s) = stderr.as_mut() {
            let _ = s.take(64 * 1024).read_to_string(&mut text);
        }
        text
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= sink.timeout => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = writer.join();
                return Err(ProviderError::new(
                    ErrorType::Timeout,
                    format!(
                        "{program} did not finish within {} s (raise timeout_seconds of [[notify]] \"{}\")",
                        sink.timeout.as_secs(),
                        sink.name
                    ),
                ));
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(5)),
            Err(e) => {
                return Err(ProviderError::new(
                    ErrorType::NotConfigured,
                    format!("cannot wait for {program}: {e}"),
                ));
            }
        }
    };
    let _ = writer.join();
    let stderr = reader.join().unwrap_or_default();
    if status.success() {
        return Ok(());
    }
    let said: String = stderr
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .chars()
        .take(MAX_STDERR_CHARS)
        .collect();
    let how = status.code().map_or_else(
        || "was killed by a signal".to_owned(),
        |c| format!("exited with {c}"),
    );
    Err(ProviderError::new(
        ErrorType::ServerError,
        if said.is_empty() {
            format!("{program} {how}")
        } else {
            format!("{program} {how}: {said}")
        },
    ))
}

/// The variables a hook never sees: every provider's key variable (and any `*_API_KEY`), and
/// every webhook secret's.
fn scrubbed(config: &Config) -> Vec<String> {
    let mut vars: Vec<String> = std::env::vars_os()
        .filter_map(|(k, _)| k.into_string().ok())
        .filter(|k| k.ends_with("_API_KEY"))
        .collect();
    vars.extend(config.providers.iter().filter_map(|p| p.key_env.clone()));
    for s in &config.notify {
        if let Target::Webhook {
            secret: Some((var, _)),
            ..
        } = &s.target
        {
            vars.push(var.clone());
        }
    }
    vars
}

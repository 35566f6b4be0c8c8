//! Logs: tracing to stderr, the level from -v/-q, text or JSON lines (`AISYNC_LOG_FORMAT`).

use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Installs the global subscriber. -q: errors only; none: warnings; -v info; -vv debug;
/// -vvv trace (and other crates' debug logs).
pub fn init(verbose: u8, quiet: bool, json: bool, ansi: bool) {
    let level = match (quiet, verbose) {
        (true, _) => LevelFilter::ERROR,
        (false, 0) => LevelFilter::WARN,
        (false, 1) => LevelFilter::INFO,
        (false, 2) => LevelFilter::DEBUG,
        (false, _) => LevelFilter::TRACE,
    };
    let others = if verbose >= 3 {
        LevelFilter::DEBUG
    } else {
        LevelFilter::WARN
    };
    let filter = Targets::new()
        .with_target("aisync", level)
        .with_default(others);
    let registry = tracing_subscriber::registry().with(filter);
    let result = if json {
        let layer = tracing_subscriber::fmt::layer()
            .json()
            .with_writer(std::io::stderr);
        registry.with(layer).try_init()
    } else {
        let layer = tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_ansi(ansi)
            .with_target(false);
        registry.with(layer).try_init()
    };
    // Only fails if a subscriber is already set, which leaves logging as it is.
    let _ = result;
}

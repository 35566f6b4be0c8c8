//! Live progress on a terminal: while a sync fetches, one line per provider — fetching, the
//! page it is on, a retry and how long until it, done or failed and in how long. Only when
//! stderr is a terminal and neither `-q`, `-v` nor `--format json` was asked; the lines are
//! cleared before the report, which is unchanged.
//!
//! A provider's fetch task carries its line in a task-local, so the HTTP client and the
//! drivers note what they are doing without a handle passed through every call.

use std::future::Future;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

tokio::task_local! {
    static LINE: ProgressBar;
}

/// The lines of one run; `None` when progress is not shown.
pub struct Board {
    multi: MultiProgress,
    style: ProgressStyle,
}

impl Board {
    /// A board drawn on stderr, when `shown`.
    pub fn new(shown: bool) -> Option<Self> {
        shown.then(|| Self {
            multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            style: ProgressStyle::with_template("{spinner} {prefix:<12} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        })
    }

    /// A line for one provider, starting at "fetching".
    pub fn line(&self, provider: &str) -> ProgressBar {
        let line = self.multi.add(ProgressBar::new_spinner());
        line.set_style(self.style.clone());
        line.set_prefix(provider.to_owned());
        line.set_message("fetching");
        line.enable_steady_tick(Duration::from_millis(100));
        line
    }

    /// Takes every line off the screen.
    pub fn clear(&self) {
        let _ = self.multi.clear();
    }
}

/// Runs `f` with `line` as the current task's progress line (when there is one).
pub async fn within<F: Future>(line: Option<ProgressBar>, f: F) -> F::Output {
    match line {
        Some(line) => LINE.scope(line, f).await,
        None => f.await,
    }
}

/// Says on the current task's line what it is doing now; nothing without one.
pub fn note(message: impl Into<String>) {
    let message = message.into();
    let _ = LINE.try_with(|line| line.set_message(message));
}

/// One more request of the current task: from the second on, the line says which page.
pub fn request() {
    let _ = LINE.try_with(|line| {
        line.inc(1);
        if line.position() > 1 {
            line.set_message(format!("page {}", line.position()));
        }
    });
}

/// Ends a line with what came of it: `done in 1.2 s · 42 models`, `failed: timeout`.
pub fn finish(line: Option<&ProgressBar>, outcome: String) {
    if let Some(line) = line {
        line.finish_with_message(outcome);
    }
}

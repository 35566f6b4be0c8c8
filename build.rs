//! Lays out the release binary so that what a command runs first sits together.
//!
//! A 13 MB binary is paged in 64 KiB at a time as code is first touched: the ~2,000 functions a
//! `models info`, a `models list` or a sync runs were spread over ~100 such windows of the
//! text, and every window was a page fault and resident memory. `link/symbol-order.txt` (made
//! by `scripts/symbol-order`) lists those functions; the linker places them first, in that
//! order. A name the build does not have (a dependency updated since the file was made) is
//! skipped: the binary only loses some of the gain, and `scripts/symbol-order` makes the file
//! again. (The release profile's fat LTO keeps the names stable across edits elsewhere.)
//!
//! Only where the linker is known to be LLD, which reads the file: release builds for
//! x86_64 Linux with glibc, from rustc 1.90 on (its default linker there), unless a linker or a
//! linker flavour of one's own was configured. Elsewhere the build is as it was.

#![allow(
    clippy::print_stdout,
    reason = "a build script speaks to cargo on stdout"
)]

use std::path::Path;
use std::process::Command;

const ORDER_FILE: &str = "link/symbol-order.txt";

fn main() {
    println!("cargo::rerun-if-changed={ORDER_FILE}");
    println!("cargo::rerun-if-env-changed=RUSTC_LINKER");
    if !lld_by_default() {
        return;
    }
    let order = Path::new(env("CARGO_MANIFEST_DIR").as_str()).join(ORDER_FILE);
    if !order.is_file() {
        return;
    }
    println!(
        "cargo::rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
        order.display()
    );
    println!("cargo::rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
}

/// Whether this build links the binary with rustc's own LLD.
fn lld_by_default() -> bool {
    let target = (
        env("CARGO_CFG_TARGET_ARCH"),
        env("CARGO_CFG_TARGET_OS"),
        env("CARGO_CFG_TARGET_ENV"),
    );
    if target != ("x86_64".into(), "linux".into(), "gnu".into()) || env("PROFILE") != "release" {
        return false;
    }
    // A linker of one's own may not read an ordering file; so may one that a link flag of
    // one's own chooses (any is taken to, rather than reading each).
    let flags = env("CARGO_ENCODED_RUSTFLAGS");
    if std::env::var_os("RUSTC_LINKER").is_some() || flags.contains("link") {
        return false;
    }
    rustc_minor().is_some_and(|minor| minor >= 90)
}

/// The minor version of the rustc building this crate (`rustc 1.95.0 (…)` → 95).
fn rustc_minor() -> Option<u32> {
    let out = Command::new(env("RUSTC")).arg("--version").output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let version = text.split_whitespace().nth(1)?;
    let mut parts = version.split('.');
    (parts.next()? == "1").then_some(())?;
    parts.next()?.parse().ok()
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_default()
}

//! Where the config file and the database live when nothing names them: the XDG base
//! directories on Linux and the other Unixes (`$XDG_CONFIG_HOME`, else `~/.config`; `$XDG_DATA_HOME`,
//! else `~/.local/share`), the native folders on macOS and Windows (`~/Library/Application
//! Support`, `%APPDATA%`) through `etcetera`, as uv finds its own. An XDG variable that is set
//! wins everywhere. Without `$HOME`, the home folder is the account's (`etcetera::home_dir`),
//! so a service started with an empty environment still finds its files.

use std::path::PathBuf;

use crate::env::{self, Env};

/// The folder config files go in (`aisync/config.toml` beneath it).
pub fn config_base(env: &Env) -> Option<PathBuf> {
    base(env, env::XDG_CONFIG_HOME, ".config", Kind::Config)
}

/// The folder data goes in (`aisync/aisync.db` beneath it).
pub fn data_base(env: &Env) -> Option<PathBuf> {
    base(env, env::XDG_DATA_HOME, ".local/share", Kind::Data)
}

#[derive(Clone, Copy)]
enum Kind {
    Config,
    Data,
}

fn base(env: &Env, xdg_var: &str, under_home: &str, kind: Kind) -> Option<PathBuf> {
    if let Some(dir) = env.get(xdg_var) {
        return Some(PathBuf::from(dir));
    }
    if cfg!(any(target_os = "macos", windows)) {
        use etcetera::BaseStrategy as _;
        let native = etcetera::base_strategy::choose_native_strategy().ok()?;
        return Some(match kind {
            Kind::Config => native.config_dir(),
            Kind::Data => native.data_dir(),
        });
    }
    let home = env
        .get(env::HOME)
        .map(PathBuf::from)
        .or_else(|| etcetera::home_dir().ok())?;
    Some(home.join(under_home))
}

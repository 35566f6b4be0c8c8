//! The one integration binary: the real `aisync` executable in a clean environment.

mod common;
mod sync_models;

//! The one integration binary: the real `aisync` executable in a clean environment.

mod changes;
mod common;
mod configuration;
mod cost;
mod doctor;
mod fake;
mod fleet;
mod metrics;
mod models;
mod notify;
mod postgres;
mod pricing;
mod providers;
mod serve;
mod shell;
mod sync_models;
mod tables;
mod tls;
mod transfer;
mod views;

//! Policy: what matters. Judges the enriched, analysed graph against `sovereign.toml` and
//! produces findings; never fetches anything.

pub mod code;
pub mod config;
pub mod date;
mod every_error;
pub(crate) mod exceptions;
pub mod finding;
pub mod findings;
pub mod jurisdiction;
pub mod load;
pub(crate) mod lockin;
pub mod models;
pub mod platform;
mod suggest;
pub mod template;
pub mod unmatched;

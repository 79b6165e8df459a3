//! The `kb` subcommand's library side: what the knowledge base says about a text
//! (`lookup`), how much it holds (`stats`), and whether a user's knowledge-base file is sound
//! (`validate`).
//!
//! These sit on top of the knowledge base and read it the way the audit does, so an answer
//! here is the answer an audit would act on. They return data; the binary chooses text or
//! JSON, and the text writers take any `Write`.

mod describe;
pub mod hits;
pub mod lookup;
mod query;
pub mod stats;
pub mod validate;

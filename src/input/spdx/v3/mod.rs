//! SPDX 3.0 in JSON-LD: the reader (`json_ld.rs`), the element index it resolves references
//! through (`elements.rs`), and the rewriting of expanded JSON-LD into the compact form it
//! reads (`expanded.rs`).

mod elements;
mod expanded;
mod json_ld;

pub use json_ld::read_json_ld;

//! The registries asked about each package, one file each, every one a
//! [`Source`](super::source::Source), and the list of them.

pub mod crates;
pub mod npm;
pub mod pypi;

use super::source::AnySource;

/// Every registry source, in the order they are asked, warned about and give evidence. A
/// source added: its file above, and one line here.
pub const SOURCES: &[&dyn AnySource] = &[
    &crates::Crates, // who may publish each crate of the Rust registry
    &npm::Npm,       // each npm package's maintainers, author and repository
    &pypi::Pypi,     // each Python package's e-mail addresses and project URLs
];

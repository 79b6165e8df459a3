//! The knowledge base: curated and derived facts in `data/`, embedded in the binary.
//!
//! Attribution needs facts that no package states about itself: which country a place name
//! belongs to, which countries a policy group such as `eea` contains, that `github.com/aws` is
//! Amazon's and Amazon is controlled from the US, that `boto3` is a client of a proprietary
//! cloud. These facts live as commented TOML and TSV files in `data/`, each entry with a
//! source, so a reviewer can check them and a user can read them. They are embedded with `include_str!` so the tool works
//! offline and gives the same answer everywhere, and parsed lazily, once, on first use.
//!
//! A parse error in embedded data is a bug (the tests parse every file), but the library
//! still never panics on it: lookups then find nothing, and each module's `data_error`
//! says what went wrong.
//!
//! Organisations, forges, vendors and licences are each an entry type plus an index built from
//! a `Vec` of entries, so a user's `--kb FILE` in the same format ([`file::KbFile`]) extends or
//! overrides the embedded data without a second code path.

pub mod base;
pub mod countries;
mod embedded;
pub mod file;
pub mod forges;
pub mod gazetteer;
pub mod glob;
pub mod jurisdictions;
pub mod licenses;
pub mod location;
pub mod lookup;
pub mod names;
pub mod normalize;
pub mod orgs;
mod sorted_lines;
pub mod stats;
pub mod validate;
pub mod vendors;

use std::sync::OnceLock;

/// Embedded data parsed once: the parsed value, or an empty one and the reason it failed.
struct Loaded<T> {
    value: T,
    error: Option<String>,
}

/// Parses embedded data on first use and keeps it for the life of the process.
fn load<T: Default>(
    cell: &'static OnceLock<Loaded<T>>,
    build: impl FnOnce() -> Result<T, String>,
) -> &'static Loaded<T> {
    cell.get_or_init(|| match build() {
        Ok(value) => Loaded { value, error: None },
        Err(error) => Loaded { value: T::default(), error: Some(error) },
    })
}

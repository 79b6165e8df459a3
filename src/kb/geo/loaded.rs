//! Embedded geographic data, parsed once, on first use, without ever panicking.
//!
//! A parse error in embedded data is a bug (the tests parse every file), but the library still
//! never panics on it: lookups then find nothing, and each module's `data_error` says what
//! went wrong.

use std::sync::OnceLock;

/// Embedded data parsed once: the parsed value, or an empty one and the reason it failed.
pub(super) struct Loaded<T> {
    pub(super) value: T,
    pub(super) error: Option<String>,
}

/// Parses embedded data on first use and keeps it for the life of the process.
pub(super) fn load<T: Default>(
    cell: &'static OnceLock<Loaded<T>>,
    build: impl FnOnce() -> Result<T, String>,
) -> &'static Loaded<T> {
    cell.get_or_init(|| match build() {
        Ok(value) => Loaded { value, error: None },
        Err(error) => Loaded { value: T::default(), error: Some(error) },
    })
}

//! Embedded data (geography, domain lists), parsed once, on first use, without ever panicking.
//!
//! A parse error in embedded data is a bug (the tests parse every file), but the library still
//! never panics on it: lookups then find nothing, and each module's `data_errors` says what
//! went wrong, as [`InputError`]s naming the data file and, where it helps, the line.

use std::sync::OnceLock;

use crate::error::InputError;

/// Embedded data parsed once: the parsed value, or an empty one and why it failed.
pub(super) struct Loaded<T> {
    pub(super) value: T,
    pub(super) errors: Vec<InputError>,
}

/// Parses embedded data on first use and keeps it for the life of the process.
pub(super) fn load<T: Default>(
    cell: &'static OnceLock<Loaded<T>>,
    build: impl FnOnce() -> Result<T, Vec<InputError>>,
) -> &'static Loaded<T> {
    cell.get_or_init(|| match build() {
        Ok(value) => Loaded { value, errors: Vec::new() },
        Err(errors) => Loaded { value: T::default(), errors },
    })
}

/// A problem on one line of an embedded data file (the files are tables: the line says enough).
pub(super) fn line_error(path: &str, line: usize, message: impl Into<String>) -> InputError {
    InputError { path: path.to_string(), line: Some(line), column: None, message: message.into() }
}

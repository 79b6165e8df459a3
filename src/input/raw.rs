//! JSON elements kept as raw text while a large document is parsed, and parsed one at a
//! time later (on two threads: `chunks.rs`); their errors are placed in the whole document,
//! as a parse of the whole would place them.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::error::{strip_serde_position, InputError};

/// Parses `raw`, an element of the JSON document `text` read from `path`.
pub(crate) fn parse<T: DeserializeOwned>(path: &str, text: &str, raw: &RawValue) -> Result<T, InputError> {
    serde_json::from_str(raw.get()).map_err(|e| placed(path, text, raw.get(), &e))
}

/// For a document refused before its elements were parsed apart (an error after them, a
/// wrong version): the error a parse of the whole `text` as `T` gives, which may be an
/// earlier one inside an element, else `refused`. Only on the way to an error, so the second
/// parse costs nothing when the document is read.
pub(crate) fn first_error<'de, T: Deserialize<'de>>(
    path: &str,
    text: &'de str,
    refused: InputError,
) -> InputError {
    match serde_json::from_str::<T>(text) {
        Err(e) => InputError::from_json(path, &e),
        Ok(_) => refused,
    }
}

/// Line and byte column of `raw`, a slice of `text`, as serde counts them.
pub(crate) fn start_of(text: &str, raw: &str) -> (usize, usize) {
    let start = (raw.as_ptr() as usize).saturating_sub(text.as_ptr() as usize).min(text.len());
    let before = &text.as_bytes()[..start];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    (line, start - before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1)
}

/// An error in an element parsed on its own, placed in the whole document: serde counts
/// lines and byte columns from the element's first byte.
fn placed(path: &str, text: &str, raw: &str, err: &serde_json::Error) -> InputError {
    let message = strip_serde_position(&err.to_string());
    let (start_line, start_column) = start_of(text, raw);
    match (err.line(), err.column()) {
        (0, _) => InputError::new(path, message),
        (1, column) => InputError::at(path, start_line, start_column + column - 1, message),
        (line, column) => InputError::at(path, start_line + line - 1, column, message),
    }
}

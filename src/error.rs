//! The error type every input reader returns: one message naming the file and, where known,
//! the line and column.

use std::fmt;

/// A document could not be read. Displayed as `path:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file, or `<stdin>`.
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong, lowercase, without the location.
    pub message: String,
}

impl InputError {
    /// An error about the whole file.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        InputError { path: path.into(), line: None, column: None, message: message.into() }
    }

    /// An error at a line and column.
    pub fn at(path: impl Into<String>, line: usize, column: usize, message: impl Into<String>) -> Self {
        InputError { path: path.into(), line: Some(line), column: Some(column), message: message.into() }
    }

    /// An error from `serde_json`, which knows its line and column.
    pub fn from_json(path: &str, err: &serde_json::Error) -> Self {
        let message = strip_serde_position(&err.to_string());
        if err.line() == 0 {
            InputError::new(path, message)
        } else {
            InputError::at(path, err.line(), err.column(), message)
        }
    }
}

impl InputError {
    /// An error from the `toml` crate, at the line and column of its span in `text`.
    pub fn from_toml(path: &str, text: &str, err: &toml::de::Error) -> Self {
        let message = err.message().trim().to_string();
        match err.span() {
            Some(span) => {
                let (line, column) = line_column(text, span.start);
                InputError::at(path, line, column, message)
            }
            None => InputError::new(path, message),
        }
    }
}

/// serde's messages end in " at line L column C"; the location is printed in front instead.
pub(crate) fn strip_serde_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for InputError {}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
pub fn line_column(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = &text.as_bytes()[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

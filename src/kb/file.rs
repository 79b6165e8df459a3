//! One knowledge-base file: `[[org]]`, `[[forge]]` and `[[vendor]]` arrays in TOML.
//!
//! The embedded `data/orgs.toml`, `data/forges.toml` and `data/vendors.toml` each hold one of
//! the arrays; a user's `--kb FILE` may hold any mix. Reading is strict (unknown keys are
//! errors) and errors carry the line and column the `toml` crate reports, so a typo in a
//! user's file points at itself instead of silently dropping a fact.

use serde::Deserialize;

use crate::error::InputError;
use crate::kb::forges::Forge;
use crate::kb::orgs::Org;
use crate::kb::vendors::Vendor;

/// The entries of one knowledge-base file, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KbFile {
    /// `[[org]]` entries.
    #[serde(default)]
    pub org: Vec<Org>,
    /// `[[forge]]` entries.
    #[serde(default)]
    pub forge: Vec<Forge>,
    /// `[[vendor]]` entries.
    #[serde(default)]
    pub vendor: Vec<Vendor>,
}

impl KbFile {
    /// Parses `text`; `path` only names the file in errors.
    pub fn parse(path: &str, text: &str) -> Result<KbFile, InputError> {
        toml::from_str(text).map_err(|err| toml_error(path, text, &err))
    }

    /// Parses an embedded file, with the error in the shape index builders report problems.
    pub fn parse_embedded(path: &str, text: &str) -> Result<KbFile, Vec<String>> {
        KbFile::parse(path, text).map_err(|e| vec![e.to_string()])
    }
}

/// Turns a `toml` error into an [`InputError`] at the line and column of its span.
fn toml_error(path: &str, text: &str, err: &toml::de::Error) -> InputError {
    let message = err.message().trim().to_string();
    match err.span() {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            InputError::at(path, line, column, message)
        }
        None => InputError::new(path, message),
    }
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_reported_with_its_position() {
        let text = "[[org]]\nid = \"x\"\nnmae = \"X\"\n";
        let err = KbFile::parse("kb.toml", text).unwrap_err();
        assert_eq!(err.path, "kb.toml");
        assert_eq!(err.line, Some(3));
        assert_eq!(err.column, Some(1));
        assert!(err.message.contains("nmae"), "{}", err.message);
    }

    #[test]
    fn a_file_may_mix_every_table() {
        let text = r#"
[[org]]
id = "acme"
name = "Acme"
kind = "company"
country = "DE"
source = "https://example.org/acme"

[[forge]]
host = "git.acme.example"
kind = "code-host"
operator = "acme"
country = "DE"
source = "https://example.org/acme"
"#;
        let kb = KbFile::parse("kb.toml", text).unwrap();
        assert_eq!(kb.org.len(), 1);
        assert_eq!(kb.forge.len(), 1);
        assert!(kb.vendor.is_empty());
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\ncé=", 6), (2, 3));
        assert_eq!(line_column("", 0), (1, 1));
    }
}

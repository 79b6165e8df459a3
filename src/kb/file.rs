//! One knowledge-base file: `[[org]]`, `[[forge]]` and `[[vendor]]` arrays in TOML.
//!
//! The embedded `data/orgs.toml`, `data/forges.toml` and `data/vendors.toml` each hold one of
//! the arrays; a user's `--kb FILE` may hold any mix. Reading is strict (unknown keys are
//! errors) and errors carry the line and column the `toml` crate reports, so a typo in a
//! user's file points at itself instead of silently dropping a fact.

use serde::Deserialize;

use crate::error::InputError;
use crate::kb::forges::Forge;
use crate::kb::licenses::LicenseEntry;
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
    /// `[[license]]` entries.
    #[serde(default)]
    pub license: Vec<LicenseEntry>,
}

impl KbFile {
    /// Parses `text`; `path` only names the file in errors.
    pub fn parse(path: &str, text: &str) -> Result<KbFile, InputError> {
        toml::from_str(text).map_err(|err| InputError::from_toml(path, text, &err))
    }
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
}

//! [`Kb`]: the knowledge base one audit uses — the embedded data, extended by the user's
//! `--kb FILE`s in the same format.

use std::path::Path;

use crate::error::InputError;
use crate::kb::entry_error::EntryError;
use crate::kb::file::KbFile;
use crate::kb::forges::ForgeIndex;
use crate::kb::licenses::LicenseIndex;
use crate::kb::orgs::OrgIndex;
use crate::kb::vendors::VendorIndex;

/// The indexes attribution looks things up in; `Kb::default()` is empty.
#[derive(Debug, Clone, Default)]
pub struct Kb {
    /// Organisations.
    pub orgs: OrgIndex,
    /// Code hosts and registries.
    pub forges: ForgeIndex,
    /// Vendor lock-in patterns.
    pub vendors: VendorIndex,
    /// Licence categories.
    pub licenses: LicenseIndex,
}

impl Kb {
    /// The knowledge base shipped in the binary.
    pub fn embedded() -> Kb {
        Kb {
            orgs: OrgIndex::embedded().clone(),
            forges: ForgeIndex::embedded().clone(),
            vendors: VendorIndex::embedded().clone(),
            licenses: LicenseIndex::embedded().clone(),
        }
    }

    /// Adds the entries of a user's knowledge-base file; entries with an existing id (or host,
    /// or licence id) replace the shipped ones. Every problem is reported, with the file name.
    pub fn extend_with_file(&mut self, path: &Path) -> Result<(), Vec<InputError>> {
        let name = path.display().to_string();
        let text =
            crate::files::read::read_text(path, crate::files::read::Limit::config()).map_err(|e| vec![e])?;
        let file = KbFile::parse(&name, &text).map_err(|e| vec![e])?;
        self.extend(&name, file)
    }

    /// Adds the entries of a parsed knowledge-base file.
    pub fn extend(&mut self, name: &str, file: KbFile) -> Result<(), Vec<InputError>> {
        let mut next = self.clone();
        let mut problems: Vec<EntryError> = Vec::new();
        if let Err(e) = next.orgs.extend(file.org) {
            problems.extend(e);
        }
        if let Err(e) = next.forges.extend(file.forge) {
            problems.extend(e);
        }
        if let Err(e) = next.vendors.extend(file.vendor) {
            problems.extend(e);
        }
        next.licenses.extend(file.license);
        problems.extend(next.forges.check_references(&next.orgs));
        problems.extend(next.vendors.check_references(&next.orgs));
        if !problems.is_empty() {
            return Err(problems.iter().map(|p| p.in_file(name)).collect());
        }
        *self = next;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_file_extends_and_overrides() {
        let mut kb = Kb::embedded();
        let before = kb.orgs.len();
        let file = KbFile::parse(
            "mine.toml",
            r#"
[[org]]
id = "acme-gmbh"
name = "ACME GmbH"
kind = "company"
country = "DE"
github = ["acme-oss"]
source = "https://acme.example/impressum"

[[license]]
id = "LicenseRef-Acme-Internal"
category = "proprietary"
source = "https://acme.example/licence"
"#,
        )
        .unwrap();
        kb.extend("mine.toml", file).unwrap();
        assert_eq!(kb.orgs.len(), before + 1);
        assert_eq!(kb.orgs.by_github("acme-oss").map(|o| o.id.as_str()), Some("acme-gmbh"));
        assert_eq!(
            kb.licenses.classify("LicenseRef-Acme-Internal").category,
            crate::kb::licenses::LicenseCategory::Proprietary
        );
    }

    #[test]
    fn dangling_reference_is_an_error_and_changes_nothing() {
        let mut kb = Kb::embedded();
        let before = kb.vendors.len();
        let file = KbFile::parse(
            "mine.toml",
            r#"
[[vendor]]
id = "acme-cloud"
org = "no-such-org"
service = "ACME Cloud"
kind = "cloud"
patterns = { cargo = ["acme-cloud-*"] }
source = "https://acme.example/sdk"
"#,
        )
        .unwrap();
        let errs = kb.extend("mine.toml", file).unwrap_err();
        assert!(errs[0].to_string().starts_with("mine.toml: "), "{}", errs[0]);
        assert!(errs.iter().any(|e| e.message.contains("no-such-org")), "{errs:?}");
        assert_eq!(kb.vendors.len(), before);
    }
}

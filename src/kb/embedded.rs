//! The organisations, forges and vendors shipped in the binary: `data/orgs.toml`,
//! `data/forges.toml` and `data/vendors.toml`, indexed once, on first use.
//!
//! The embedded files are knowledge-base files like a user's `--kb FILE`, so they are read by
//! the same strict reader ([`KbFile`]). Reading sits here, above both the file format and the
//! indexes: [`KbFile`] is made of the indexes' entry types, and the indexes know nothing of
//! files, so the imports run one way (this file → `file` → `orgs`, `forges`, `vendors`).
//! The `embedded` constructors are declared here, not beside the index types, for that reason.

use std::sync::OnceLock;

use crate::error::InputError;
use crate::kb::entry_error::EntryError;
use crate::kb::file::KbFile;
use crate::kb::forges::ForgeIndex;
use crate::kb::orgs::OrgIndex;
use crate::kb::vendors::VendorIndex;

/// The embedded `data/orgs.toml`.
const ORGS: &str = include_str!("../../data/orgs.toml");
/// The embedded `data/forges.toml`.
const FORGES: &str = include_str!("../../data/forges.toml");
/// The embedded `data/vendors.toml`.
const VENDORS: &str = include_str!("../../data/vendors.toml");

/// Parses an embedded file; an error is the one problem.
fn parse(path: &str, text: &str) -> Result<KbFile, Vec<InputError>> {
    KbFile::parse(path, text).map_err(|e| vec![e])
}

/// Index problems as errors in the embedded file `path`.
fn in_file(path: &str) -> impl Fn(Vec<EntryError>) -> Vec<InputError> + '_ {
    move |problems| problems.iter().map(|p| p.in_file(path)).collect()
}

impl OrgIndex {
    /// Parses and indexes the embedded `data/orgs.toml`, reporting every problem.
    pub fn try_embedded() -> Result<OrgIndex, Vec<InputError>> {
        let path = "data/orgs.toml";
        OrgIndex::from_entries(parse(path, ORGS)?.org).map_err(in_file(path))
    }

    /// The embedded organisations, parsed once and indexed without the entry checks, which
    /// the test suite runs on them ([`OrgIndex::try_embedded`], and a test that both give the
    /// same index). Empty if the embedded file could not be parsed.
    pub fn embedded() -> &'static OrgIndex {
        static INDEX: OnceLock<OrgIndex> = OnceLock::new();
        INDEX.get_or_init(|| {
            parse("data/orgs.toml", ORGS)
                .map(|file| OrgIndex::from_checked_entries(file.org))
                .unwrap_or_default()
        })
    }
}

impl ForgeIndex {
    /// Parses and indexes the embedded `data/forges.toml`, reporting every problem.
    pub fn try_embedded() -> Result<ForgeIndex, Vec<InputError>> {
        let path = "data/forges.toml";
        ForgeIndex::from_entries(parse(path, FORGES)?.forge).map_err(in_file(path))
    }

    /// The embedded forges, parsed once. Empty if the embedded file were broken, which the test
    /// suite rules out (see [`ForgeIndex::try_embedded`]).
    pub fn embedded() -> &'static ForgeIndex {
        static INDEX: OnceLock<ForgeIndex> = OnceLock::new();
        INDEX.get_or_init(|| ForgeIndex::try_embedded().unwrap_or_default())
    }
}

impl VendorIndex {
    /// Parses and indexes the embedded `data/vendors.toml`, reporting every problem.
    pub fn try_embedded() -> Result<VendorIndex, Vec<InputError>> {
        let path = "data/vendors.toml";
        VendorIndex::from_entries(parse(path, VENDORS)?.vendor).map_err(in_file(path))
    }

    /// The embedded vendors, parsed once. Empty if the embedded file were broken, which the test
    /// suite rules out (see [`VendorIndex::try_embedded`]).
    pub fn embedded() -> &'static VendorIndex {
        static INDEX: OnceLock<VendorIndex> = OnceLock::new();
        INDEX.get_or_init(|| VendorIndex::try_embedded().unwrap_or_default())
    }
}

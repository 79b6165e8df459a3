//! The enriched SBOM: CycloneDX carrying what the audit learned, for SBOM platforms such as
//! OWASP Dependency-Track.
//!
//! When the input was one CycloneDX document, that document is kept (every field, its spec
//! version) and facts are added to the components it matches by purl or `bom-ref`: licences
//! where it had none, a supplier where it named none, `supplier.address.country` (CycloneDX
//! 1.6 and later only) and `cargo-sovereign:*` properties (1.3 and later; `docs/properties.md`).
//! JSON stays JSON, written back one component at a time (`preserved.rs`); XML stays XML,
//! its text copied with the new elements inserted (`xml.rs`). A platform that already holds
//! the document sees the same components, with more facts. `--cyclonedx-version` moves an
//! older document to 1.6 or 1.7 (`version.rs`).
//!
//! Otherwise (Cargo inputs, SPDX inputs, several inputs, standard input) a CycloneDX 1.6 (or
//! 1.7) JSON document is generated from the report (`generated.rs`).
//!
//! No timestamp and no random serial number are written: the same report gives the same bytes.
//! JSON keys come out in alphabetical order (serde_json's map), which JSON readers ignore.

mod enrich;
mod facts;
mod generated;
mod markup;
mod preserved;
pub mod version;
mod xml;

use std::io::{self, Write};

pub use enrich::properties;
pub(crate) use facts::is_url;
pub use facts::{property_pairs, PROPERTY_PREFIX};
pub use generated::generate;
pub use version::Target;

use super::{Report, Reporter};
use crate::model::InputFormat;

/// Writes the enriched CycloneDX document.
#[derive(Debug, Clone, Copy, Default)]
pub struct CycloneDx {
    /// `--cyclonedx-version`: the version to move an older input to, and the version of a
    /// generated document; `None` keeps the input's and generates 1.6.
    pub version: Option<Target>,
}

impl Reporter for CycloneDx {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let input = input_document(report);
        let input = input.as_deref().map(|b| b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b));
        if let Some(text) = input.filter(|b| b.trim_ascii_start().starts_with(b"<")) {
            if let Some(written) = xml::write(report, text, self.version, out) {
                return written;
            }
        }
        match input.and_then(|text| preserved::write(report, text, self.version, out)) {
            Some(written) => written?,
            None => {
                let version = self.version.map_or(version::GENERATED, Target::version);
                serde_json::to_writer_pretty(&mut *out, &generate(report, version))
                    .map_err(io::Error::from)?
            }
        }
        out.write_all(b"\n")
    }
}

/// The bytes of the report's one CycloneDX input, read again; `None` when there is no such
/// input or it cannot be read twice (standard input, a pipe).
fn input_document(report: &Report) -> Option<Vec<u8>> {
    let [input] = report.inputs.as_slice() else { return None };
    if input.format != InputFormat::Cyclonedx {
        return None;
    }
    let path = std::path::Path::new(input.path.as_deref()?);
    crate::files::read::reread(path, crate::files::read::Limit::input(u64::MAX))
}

//! The SPDX 2.x document: the serde types the JSON and YAML readers deserialise, and that the
//! tag-value reader fills in one package at a time, so the three serialisations share one
//! shape. Only what the model uses is read; everything else (checksums, files' contents,
//! annotations) is skipped by serde without being stored.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::input::spdx::common::{self as common, PackageFacts};
use crate::model::PackageKind;

/// A string that YAML may have written as a number or boolean (`versionInfo: 1.0`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

pub(super) fn text(t: &Option<Text>) -> Option<&str> {
    t.as_ref().map(|t| t.0.as_str())
}

/// An SPDX 2.x document: the parts the model uses. `P` is a package: parsed
/// ([`SpdxPackage`], from YAML) or still JSON text (`&RawValue`), parsed later on two threads
/// when there are many (`loader.rs`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "P: Deserialize<'de>"))]
pub(super) struct Document<P = SpdxPackage> {
    /// `SPDX-2.3`.
    #[serde(default)]
    pub spdx_version: Option<Text>,
    /// The document's own id, normally `SPDXRef-DOCUMENT`.
    #[serde(default, rename = "SPDXID")]
    pub spdx_id: Option<Text>,
    /// Ids of the elements the document describes (JSON/YAML shorthand for `DESCRIBES`).
    #[serde(default)]
    pub document_describes: Vec<Text>,
    /// Packages.
    #[serde(default = "Vec::new")]
    pub packages: Vec<P>,
    /// Files: only their ids are kept, to tell "a file" from "a dangling reference".
    #[serde(default)]
    pub files: Vec<ElementId>,
    /// Snippets: ids only, as for files.
    #[serde(default)]
    pub snippets: Vec<ElementId>,
    /// Relationships between elements.
    #[serde(default)]
    pub relationships: Vec<Relationship>,
}

/// An element of which only the id matters.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ElementId {
    /// `SPDXID`.
    #[serde(rename = "SPDXID")]
    pub spdx_id: Option<Text>,
}

/// An SPDX 2.x package.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct SpdxPackage {
    /// `SPDXID`.
    #[serde(rename = "SPDXID")]
    pub spdx_id: Option<Text>,
    /// Package name.
    pub name: Option<Text>,
    /// Version.
    pub version_info: Option<Text>,
    /// Where to get it; may be `NOASSERTION` / `NONE`.
    pub download_location: Option<Text>,
    /// Home page.
    pub homepage: Option<Text>,
    /// One-line summary.
    pub summary: Option<Text>,
    /// Longer description.
    pub description: Option<Text>,
    /// Declared licence expression.
    pub license_declared: Option<Text>,
    /// Concluded licence expression.
    pub license_concluded: Option<Text>,
    /// `Organization: …` / `Person: …` / `NOASSERTION`.
    pub supplier: Option<Text>,
    /// Same syntax as the supplier.
    pub originator: Option<Text>,
    /// External references, among them purls.
    pub external_refs: Vec<ExternalRef>,
    /// Checksums of the package's archive.
    pub checksums: Vec<SpdxChecksum>,
}

/// A package checksum: `{"algorithm": "SHA256", "checksumValue": "…"}`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct SpdxChecksum {
    /// `SHA256`, `SHA1`, `MD5`, …
    pub algorithm: Option<Text>,
    /// The digest in hexadecimal.
    pub checksum_value: Option<Text>,
}

/// An external reference of a package.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct ExternalRef {
    /// `purl`, `cpe23Type`, …
    pub reference_type: Option<Text>,
    /// The reference itself.
    pub reference_locator: Option<Text>,
}

/// `A TYPE B`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Relationship {
    /// A.
    pub spdx_element_id: Option<Text>,
    /// The relationship type, upper snake case.
    pub relationship_type: Option<Text>,
    /// B.
    pub related_spdx_element: Option<Text>,
}

/// The facts of one package.
pub(super) fn facts(p: SpdxPackage) -> PackageFacts {
    let owned = |t: Option<Text>| t.map(|t| t.0);
    let purls = p
        .external_refs
        .iter()
        .filter(|r| text(&r.reference_type).is_some_and(|t| t.trim().eq_ignore_ascii_case("purl")))
        .filter_map(|r| text(&r.reference_locator).map(str::to_string))
        .collect();
    PackageFacts {
        spdx_id: owned(p.spdx_id).unwrap_or_default(),
        name: owned(p.name),
        version: owned(p.version_info),
        purls,
        download_location: owned(p.download_location),
        homepage: owned(p.homepage),
        summary: owned(p.summary),
        description: owned(p.description),
        license_declared: owned(p.license_declared),
        license_concluded: owned(p.license_concluded),
        supplier: text(&p.supplier).and_then(common::parse_party),
        originator: text(&p.originator).and_then(common::parse_party),
        kind: PackageKind::Library,
        hashes: p
            .checksums
            .iter()
            .filter_map(|c| common::checksum(text(&c.algorithm)?, text(&c.checksum_value)?))
            .collect(),
    }
}

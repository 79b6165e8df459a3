//! CycloneDX 1.2–1.7, in JSON and in XML.
//!
//! Why a reader of our own rather than the `cyclonedx-bom` crate: that crate reads and writes
//! only specification 1.3–1.5 and rejects documents that do not validate, while the SBOMs
//! users receive today are 1.6 and 1.7 and often slightly off-schema. We need a handful of
//! fields, read leniently across every version: unknown fields are ignored, missing ones are
//! empty, and only a document we cannot make sense of is an error.
//!
//! Both syntaxes are first read into the plain [`Bom`] structure (`bom.rs`): JSON by serde
//! (`json.rs`), XML from a read-only tree (`xml.rs`). Then one function, [`add_bom`]
//! (`load.rs`), turns it into graph nodes, so JSON and XML behave the same. What a hostile
//! document may not do (nest components without end, carry thousands of XML attributes) is
//! refused by the rules in `limits.rs`.

mod bom;
mod convert;
mod json;
mod limits;
mod load;
mod model_card;
mod repository;
mod xml;

pub use bom::{
    Address, Bom, Component, Contact, Dependency, ExternalReference, License, LicenseChoice, Licensing,
    Licensor, Metadata, OrgEntity, Property, Ref,
};
pub use convert::fallback_id;
pub use json::read_json;
pub use limits::{check as check_limits, MAX_COMPONENT_DEPTH};
pub use load::{add_bom, SUPPORTED_VERSIONS};
pub use xml::read_xml;

//! Readers: every supported input format into one [`Graph`](crate::model::Graph).
//!
//! One folder per family of formats: `cargo/` (`cargo metadata`, which it can also run),
//! `cyclonedx/` (JSON and XML), `spdx/` (2.x in JSON, YAML and tag-value; 3.0 in JSON-LD). Each
//! family maps its documents into the graph by one piece of code whatever the serialisation,
//! through [`GraphBuilder`]. What the families share stands at
//! the top: [`text`] (bytes into text), [`detect`] (the format from the content, never from
//! the file name) and [`purl`] (package URLs). [`read_document`] decodes, detects and
//! dispatches.
//!
//! Readers are lenient: unknown fields are ignored, missing ones are empty, and problems that
//! do not stop reading are counted into the graph's warnings. Only a document that cannot be
//! made sense of is an [`InputError`], naming the file, line and column.

pub mod cargo;
mod chunks;
pub mod cyclonedx;
pub mod detect;
pub mod purl;
mod raw;
pub mod spdx;
pub mod text;

use crate::error::InputError;
use crate::model::{GraphBuilder, InputInfo};
use detect::Format;

/// Reads one document of any supported format into `builder`.
///
/// `path` is the name used in messages (`<stdin>` for standard input). Returns what the
/// document was.
pub fn read_document(path: &str, bytes: &[u8], builder: &mut GraphBuilder) -> Result<InputInfo, InputError> {
    let text = text::decode(path, bytes)?;
    let format = detect::detect(text).ok_or_else(|| InputError::new(path, detect::describe_unknown(text)))?;
    let info = match format {
        Format::CargoMetadata => cargo::read_json(path, text, builder)?,
        Format::CyclonedxJson => cyclonedx::read_json(path, text, builder)?,
        Format::CyclonedxXml => cyclonedx::read_xml(path, text, builder)?,
        Format::SpdxJson => spdx::read_json(path, text, builder)?,
        Format::SpdxYaml => spdx::read_yaml(path, text, builder)?,
        Format::SpdxTagValue => spdx::read_tag_value(path, text, builder)?,
        Format::Spdx3JsonLd => spdx::read_json_ld(path, text, builder)?,
    };
    builder.add_input(info.clone());
    Ok(info)
}

//! Readers: every supported input format into one [`Graph`](crate::model::Graph).
//!
//! Each file holds one format. [`read_document`] decodes the bytes, detects the format from
//! the content and dispatches; the Cargo reader can also run `cargo metadata` itself.

pub mod cargo;
pub mod cyclonedx;
pub mod detect;
pub mod purl;
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

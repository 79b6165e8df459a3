//! Recognising an input's format from its content, never from its file name.

/// The concrete formats the readers understand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `cargo metadata --format-version 1` JSON.
    CargoMetadata,
    /// CycloneDX JSON.
    CyclonedxJson,
    /// CycloneDX XML.
    CyclonedxXml,
    /// SPDX 2.x JSON.
    SpdxJson,
    /// SPDX 2.x YAML.
    SpdxYaml,
    /// SPDX 2.x tag-value.
    SpdxTagValue,
    /// SPDX 3.0 JSON-LD.
    Spdx3JsonLd,
}

/// How many bytes of the document are looked at to decide its format.
const SNIFF_BYTES: usize = 64 * 1024;

/// Guesses the format of `text` from markers near its start. `None` when nothing fits.
pub fn detect(text: &str) -> Option<Format> {
    let head = head(text);
    let trimmed = head.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if has_key(head, "bomFormat") || head.contains("\"$schema\": \"http://cyclonedx.org") {
            return Some(Format::CyclonedxJson);
        }
        if has_key(head, "spdxVersion") {
            return Some(Format::SpdxJson);
        }
        if is_spdx3(head) {
            return Some(Format::Spdx3JsonLd);
        }
        if has_key(head, "workspace_members") || has_key(head, "workspace_root") {
            return Some(Format::CargoMetadata);
        }
        // Keys may come in any order; look at the whole document as a last resort.
        if has_key(text, "bomFormat") {
            return Some(Format::CyclonedxJson);
        }
        if has_key(text, "spdxVersion") {
            return Some(Format::SpdxJson);
        }
        if has_key(text, "workspace_members") {
            return Some(Format::CargoMetadata);
        }
        if is_spdx3(text) {
            return Some(Format::Spdx3JsonLd);
        }
        return None;
    }
    if trimmed.starts_with('<') {
        if head.contains("cyclonedx.org/schema/bom") {
            return Some(Format::CyclonedxXml);
        }
        return None;
    }
    for line in head.lines().map(str::trim_start) {
        if line.starts_with("SPDXVersion:") {
            return Some(Format::SpdxTagValue);
        }
        if line.starts_with("spdxVersion:") || line.starts_with("\"spdxVersion\":") {
            return Some(Format::SpdxYaml);
        }
    }
    None
}

/// A short description for error messages when nothing matched.
pub fn describe_unknown(text: &str) -> &'static str {
    let trimmed = head(text).trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        "a JSON document that is neither CycloneDX, SPDX nor cargo metadata"
    } else if trimmed.starts_with('<') {
        if trimmed.contains("rdf:RDF") || trimmed.contains("spdx.org/rdf") {
            "an RDF/XML document: SPDX RDF is not supported, convert it to SPDX JSON"
        } else {
            "an XML document that is not CycloneDX"
        }
    } else {
        "not a CycloneDX, SPDX or cargo metadata document"
    }
}

fn head(text: &str) -> &str {
    if text.len() <= SNIFF_BYTES {
        return text;
    }
    let mut end = SNIFF_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// SPDX 3 JSON-LD: compact, with a context naming the SPDX 3 vocabulary, or expanded, without
/// a context but with JSON-LD keywords and the vocabulary's IRIs.
fn is_spdx3(text: &str) -> bool {
    let jsonld = has_key(text, "@context") || has_key(text, "@type") || has_key(text, "@graph");
    jsonld && text.contains("spdx.org/rdf/3")
}

fn has_key(text: &str, key: &str) -> bool {
    let quoted = format!("\"{key}\"");
    let mut rest = text;
    while let Some(i) = rest.find(&quoted) {
        let after = rest[i + quoted.len()..].trim_start();
        if after.starts_with(':') {
            return true;
        }
        rest = &rest[i + quoted.len()..];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_each_format() {
        assert_eq!(detect(r#"{"bomFormat": "CycloneDX"}"#), Some(Format::CyclonedxJson));
        assert_eq!(detect(r#"{"spdxVersion": "SPDX-2.3"}"#), Some(Format::SpdxJson));
        assert_eq!(
            detect(r#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}"#),
            Some(Format::Spdx3JsonLd)
        );
        let expanded =
            r#"[{"@id": "urn:p", "@type": ["https://spdx.org/rdf/3.0.1/terms/Software/Package"]}]"#;
        assert_eq!(detect(expanded), Some(Format::Spdx3JsonLd));
        assert_eq!(detect(r#"{"packages": [], "workspace_members": []}"#), Some(Format::CargoMetadata));
        assert_eq!(
            detect(r#"<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>"#),
            Some(Format::CyclonedxXml)
        );
        assert_eq!(detect("SPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\n"), Some(Format::SpdxTagValue));
        assert_eq!(detect("---\nspdxVersion: SPDX-2.3\n"), Some(Format::SpdxYaml));
    }

    #[test]
    fn a_value_is_not_a_key() {
        assert_eq!(detect(r#"{"name": "bomFormat"}"#), None);
        assert_eq!(detect("hello"), None);
    }
}

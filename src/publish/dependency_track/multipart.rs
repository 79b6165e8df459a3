//! The `multipart/form-data` body of `POST /api/v1/bom`, for documents too large for the PUT's
//! base64 field: text fields, then the document itself as the `bom` part (RFC 7578).

/// A form: its fields in order, then the document.
pub struct Form<'a> {
    /// `(name, value)` text fields.
    pub fields: Vec<(&'static str, &'a str)>,
    /// The document, sent as it is.
    pub bom: &'a [u8],
}

impl Form<'_> {
    /// The body and its `Content-Type` header. The boundary is the first of a fixed sequence
    /// that occurs nowhere in the content, so the same form always gives the same bytes.
    pub fn encode(&self) -> (Vec<u8>, String) {
        let boundary = (0u32..)
            .map(|n| format!("cargo-sovereign-boundary-{n:08x}"))
            .find(|b| !self.contains(b.as_bytes()))
            .unwrap_or_default();
        let mut body = Vec::with_capacity(self.bom.len() + 1024);
        for (name, value) in &self.fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            );
            body.extend_from_slice(value.as_bytes());
            body.extend_from_slice(b"\r\n");
        }
        let kind = if self.bom.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<') {
            "application/xml"
        } else {
            "application/json"
        };
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"bom\"; filename=\"bom\"\r\nContent-Type: {kind}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(self.bom);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        (body, format!("multipart/form-data; boundary={boundary}"))
    }

    fn contains(&self, needle: &[u8]) -> bool {
        let within = |hay: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
        within(self.bom) || self.fields.iter().any(|(_, v)| within(v.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_then_the_document_between_boundaries_that_occur_nowhere_else() {
        let bom = b"{\"bomFormat\":\"CycloneDX\",\"x\":\"cargo-sovereign-boundary-00000000\"}";
        let form = Form { fields: vec![("projectName", "acme"), ("autoCreate", "true")], bom };
        let (body, content_type) = form.encode();
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
        assert_eq!(boundary, "cargo-sovereign-boundary-00000001");
        let text = String::from_utf8(body).unwrap();
        assert!(text.starts_with(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"projectName\"\r\n\r\nacme\r\n"
        )));
        assert!(text.contains(
            "name=\"bom\"; filename=\"bom\"\r\nContent-Type: application/json\r\n\r\n{\"bomFormat\""
        ));
        assert!(text.ends_with(&format!("}}\r\n--{boundary}--\r\n")));
        assert_eq!(form.encode().0, text.into_bytes(), "not the same bytes twice");
    }

    #[test]
    fn an_xml_document_says_so() {
        let (body, _) = Form { fields: vec![], bom: b" <bom/>" }.encode();
        assert!(String::from_utf8(body).unwrap().contains("Content-Type: application/xml"));
    }
}

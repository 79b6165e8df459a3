//! Turning raw bytes into text: UTF-8 only, a leading byte-order mark is accepted, and an
//! invalid byte is reported with its line and column.

use crate::error::InputError;

/// Decodes `bytes` as UTF-8 text, skipping a UTF-8 byte-order mark.
pub fn decode<'a>(path: &str, bytes: &'a [u8]) -> Result<&'a str, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\x1f\x8b") {
        return Err(InputError::new(path, "this is a gzip file; decompress it first"));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(InputError::new(path, "UTF-16 is not supported; convert the file to UTF-8"));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            if text.trim().is_empty() {
                Err(InputError::new(path, "the file is empty"))
            } else {
                Ok(text)
            }
        }
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // The valid prefix is UTF-8 by definition.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let (line, column) = line_column(prefix, prefix.len());
            Err(InputError::at(path, line, column, "invalid UTF-8"))
        }
    }
}

pub use crate::error::line_column;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_skipped() {
        assert_eq!(decode("f", b"\xEF\xBB\xBF{}").unwrap(), "{}");
    }

    #[test]
    fn invalid_utf8_has_position() {
        let err = decode("f", b"{\n  \"a\": \"\xFF\"}").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(9)));
        assert_eq!(err.to_string(), "f:2:9: invalid UTF-8");
    }

    #[test]
    fn empty_and_blank_are_errors() {
        assert!(decode("f", b"").is_err());
        assert!(decode("f", b"  \n\t").is_err());
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\ncé=", 6), (2, 3));
        assert_eq!(line_column("", 0), (1, 1));
    }

    #[test]
    fn gzip_is_named() {
        let err = decode("f", b"\x1f\x8b\x08\x00").unwrap_err();
        assert!(err.message.contains("gzip"));
    }
}

//! What the CycloneDX readers refuse of a hostile document, so that reading stays bounded in
//! time and stack whatever the input: components nested deeper than [`MAX_COMPONENT_DEPTH`]
//! (JSON and XML alike), and in XML, elements the parser would take quadratic time over.
//!
//! The XML part is a linear pre-scan of the document's start tags, run before `roxmltree` parses
//! it. `roxmltree` checks each attribute of an element against every earlier one (duplicate check),
//! and each namespace declaration against the element's whole in-scope list: work quadratic in the
//! attributes of one element and in the namespaces in scope. One element with 100,000 attributes
//! (1.5 MB) took 45 s, 200,000 took 150 s. No CycloneDX element needs more than a handful of
//! either, so elements over [`MAX_ATTRIBUTES`] attributes, and namespace declarations piling up
//! past [`MAX_NAMESPACES`] in scope, are refused here, in one pass, with the element's line and
//! column. That bounds the parser's work per byte of input.
//!
//! The scan only counts: whatever it cannot make sense of is left for the parser to report.

use crate::error::{line_column, InputError};

/// How deep components may nest (a top-level component is at level 1). Deeper documents are
/// refused, in JSON and XML alike: the JSON parser's own recursion limit stops nesting at about
/// twice this, and no real SBOM comes near it.
pub const MAX_COMPONENT_DEPTH: usize = 32;

/// The error for components nested deeper than [`MAX_COMPONENT_DEPTH`].
pub(super) fn too_deep() -> String {
    format!("components nested more than {MAX_COMPONENT_DEPTH} levels deep are refused")
}

/// Attributes one element may carry (namespace declarations included).
pub const MAX_ATTRIBUTES: usize = 256;

/// Namespace declarations that may be in scope at once: those of an element and all its
/// ancestors. The parser copies the in-scope list into every element that declares one more,
/// checking each entry against the copy. At this limit the worst case, 50 MB of elements each
/// declaring one namespace beneath 31 declared by the root, parses in 3.1 s (release build), as
/// long as a 50 MB SBOM of ordinary components (3.75 s); at 64 it took 10.2 s. Real documents
/// declare at most five.
pub const MAX_NAMESPACES: usize = 32;

/// What a start tag declares.
struct Tag {
    attributes: usize,
    namespaces: usize,
    self_closing: bool,
    /// Byte offset just past the closing `>`.
    end: usize,
}

/// Checks every start tag of `text` against the limits above.
pub fn check(path: &str, text: &str) -> Result<(), InputError> {
    let bytes = text.as_bytes();
    // Namespace declarations of each open element, and their sum.
    let mut open: Vec<usize> = Vec::new();
    let mut in_scope = 0usize;
    let mut at = 0;
    while let Some(lt) = find(text, at, "<") {
        let rest = &bytes[lt..];
        let skip_to = |close: &str| find(text, lt, close).map(|i| i + close.len());
        let next = if rest.starts_with(b"<!--") {
            skip_to("-->")
        } else if rest.starts_with(b"<![CDATA[") {
            skip_to("]]>")
        } else if rest.starts_with(b"<?") {
            skip_to("?>")
        } else if rest.starts_with(b"<!") {
            // A document type declaration: refused by the parser, which says why.
            None
        } else if rest.starts_with(b"</") {
            in_scope -= open.pop().unwrap_or(0);
            skip_to(">")
        } else {
            let Some(tag) = start_tag(text, lt) else { return Ok(()) };
            let refuse = |what: String| {
                let (line, column) = line_column(text, lt);
                Err(InputError::at(path, line, column, what))
            };
            if tag.attributes > MAX_ATTRIBUTES {
                return refuse(format!(
                    "an element with {} attributes; more than {MAX_ATTRIBUTES} on one element are refused",
                    tag.attributes
                ));
            }
            in_scope += tag.namespaces;
            if in_scope > MAX_NAMESPACES {
                return refuse(format!(
                    "{in_scope} XML namespace declarations in scope; more than {MAX_NAMESPACES} are refused"
                ));
            }
            if tag.self_closing {
                in_scope -= tag.namespaces;
            } else {
                open.push(tag.namespaces);
            }
            Some(tag.end)
        };
        match next {
            Some(next) => at = next,
            None => return Ok(()),
        }
    }
    Ok(())
}

/// The start tag at `lt`: attributes are counted by their `=` outside quoted values, and a
/// name that is `xmlns` or starts with `xmlns:` is a namespace declaration. `None` when the
/// tag never ends.
fn start_tag(text: &str, lt: usize) -> Option<Tag> {
    let bytes = text.as_bytes();
    let mut tag = Tag { attributes: 0, namespaces: 0, self_closing: false, end: 0 };
    let mut name_start = lt + 1;
    let mut i = lt + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => {
                tag.self_closing = bytes[i - 1] == b'/';
                tag.end = i + 1;
                return Some(tag);
            }
            quote @ (b'"' | b'\'') => {
                i = find(text, i + 1, if quote == b'"' { "\"" } else { "'" })?;
                name_start = i + 1;
            }
            b'=' => {
                tag.attributes += 1;
                let name = bytes[name_start..i].trim_ascii();
                if name == b"xmlns" || name.starts_with(b"xmlns:") {
                    tag.namespaces += 1;
                }
            }
            b' ' | b'\t' | b'\r' | b'\n' => {
                // `name = "value"`: white space may sit on either side of the `=`.
                let next =
                    bytes[i..].iter().position(|b| !b.is_ascii_whitespace()).map_or(bytes.len(), |p| i + p);
                if bytes.get(next) != Some(&b'=') {
                    name_start = next;
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset of the first `needle` at or after `from` (always just after ASCII markup, so on
/// a character boundary). `memchr`'s search: the scan of a 40 MB document 80 → 44 ms against
/// `str::find`.
fn find(text: &str, from: usize, needle: &str) -> Option<usize> {
    memchr::memmem::find(text.as_bytes().get(from..)?, needle.as_bytes()).map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(n: usize) -> String {
        (0..n).map(|i| format!(" a{i}=\"x\"")).collect()
    }

    #[test]
    fn counts_attributes_of_each_element() {
        let ok = format!("<bom xmlns=\"u\">\n<c{}/><d {}></d></bom>", attrs(MAX_ATTRIBUTES - 1), attrs(3));
        check("f", &ok).unwrap();
        let bad = format!("<bom>\n  <c{}/></bom>", attrs(MAX_ATTRIBUTES + 1));
        let e = check("f", &bad).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(3)), "{e}");
        assert!(e.message.contains("257 attributes"), "{e}");
    }

    #[test]
    fn quoted_values_comments_and_cdata_are_not_counted() {
        let many = "=".repeat(1000);
        let text = format!(
            "<?xml version=\"1.0\"?><!-- <a {x}> --><bom a=\"{many}\" b='{many}' c = \"x>\"><![CDATA[<a {x}>]]></bom>",
            x = attrs(1000)
        );
        check("f", &text).unwrap();
    }

    #[test]
    fn namespaces_in_scope_add_up_and_close_with_their_element() {
        let ns = |n: usize, p: &str| (0..n).map(|i| format!(" xmlns:{p}{i}=\"u{i}\"")).collect::<String>();
        let half = MAX_NAMESPACES / 2;
        // Siblings do not add up; nesting does.
        let siblings = format!(
            "<r{}><a{}/><b{}></b><c{}/></r>",
            ns(half, "r"),
            ns(half, "a"),
            ns(half, "b"),
            ns(half, "c")
        );
        check("f", &siblings).unwrap();
        let nested = format!("<r{}>\n<a{}><b xmlns:z=\"u\"/></a></r>", ns(half, "r"), ns(half, "a"));
        let e = check("f", &nested).unwrap_err();
        let column = nested.lines().nth(1).unwrap().find("<b").unwrap() + 1;
        assert_eq!((e.line, e.column), (Some(2), Some(column)), "{e}");
        assert!(e.message.contains("namespace declarations"), "{e}");
    }

    #[test]
    fn non_ascii_names_and_values_are_counted_like_any_other() {
        let many: String = (0..=MAX_ATTRIBUTES).map(|i| format!(" é{i}='ü\"☃'")).collect();
        let e = check("f", &format!("<bom>é<c{many}/></bom>")).unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(7)), "{e}");
    }

    #[test]
    fn unfinished_markup_is_left_to_the_parser() {
        for text in ["<bom a=\"x", "<bom", "<!-- x", "<!DOCTYPE x [<!ENTITY a \"b\">]><bom/>", "a < b"] {
            check("f", text).unwrap();
        }
    }
}

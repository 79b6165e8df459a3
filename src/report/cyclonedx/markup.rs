//! Pieces of XML text for the XML writer (`xml.rs`): elements written in a prefix, a start
//! tag's name and end, the indentation a line begins with, text escaped.

use roxmltree::Node;

use crate::report::html::escape_html as escape;

/// `<address><country>…</country></address>`.
pub(super) fn address(pf: &str, country: &str) -> String {
    element(pf, "address", "", &element(pf, "country", "", &escape(country)))
}

/// `<pf:name attributes>content</pf:name>`.
pub(super) fn element(pf: &str, name: &str, attributes: &str, content: &str) -> String {
    let tag = tag(pf, name);
    format!("<{tag}{attributes}>{content}</{tag}>")
}

pub(super) fn tag(pf: &str, name: &str) -> String {
    if pf.is_empty() {
        name.to_string()
    } else {
        format!("{pf}:{name}")
    }
}

/// The element's name as written in its start tag (`bom:component`).
pub(super) fn qname<'t>(text: &'t str, node: Node) -> &'t str {
    let rest = &text[node.range().start + 1..];
    let end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(rest.len());
    &rest[..end]
}

/// The namespace prefix the element is written with (`bom`), or empty.
pub(super) fn prefix<'t>(text: &'t str, node: Node) -> &'t str {
    qname(text, node).split_once(':').map_or("", |(p, _)| p)
}

/// Where the start tag beginning at `start` ends (after its `>`; quoted `>` skipped).
pub(super) fn start_tag_end(text: &str, start: usize) -> usize {
    let mut quote = None;
    for (i, c) in text[start..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return start + i + 1,
            _ => {}
        }
    }
    text.len()
}

/// The whitespace that begins the line of `pos`, when only whitespace comes before it there
/// (`None` otherwise); at most [`MAX_INDENT`] bytes are looked at, so that a document on one
/// long line costs no more than one written on many.
pub(super) fn indent(text: &str, pos: usize) -> Option<&str> {
    let before = &text.as_bytes()[..pos];
    for (back, &b) in before.iter().rev().take(MAX_INDENT + 1).enumerate() {
        match b {
            // Only ASCII whitespace was passed: both ends are character boundaries.
            b'\n' => return Some(&text[pos - back..pos]),
            b' ' | b'\t' | b'\r' => {}
            _ => return None,
        }
    }
    (before.len() <= MAX_INDENT).then(|| &text[..pos])
}

/// The longest indentation kept.
const MAX_INDENT: usize = 256;

/// Where the whitespace before `pos` begins (its line break included).
pub(super) fn whitespace_before(text: &str, pos: usize) -> usize {
    text[..pos].trim_end_matches(char::is_whitespace).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indentation_is_the_whitespace_that_begins_the_line() {
        let text = "<a>\n    <b/>x <c/>";
        assert_eq!(indent(text, text.find("<b").unwrap()), Some("    "));
        assert_eq!(indent(text, text.find("<c").unwrap()), None);
        assert_eq!(indent("  <a/>", 2), Some("  "));
        assert_eq!(indent("\n<a/>", 1), Some(""));
        let long = format!("\n{}<a/>", " ".repeat(MAX_INDENT + 1));
        assert_eq!(indent(&long, long.len() - 4), None);
    }

    #[test]
    fn start_tags_end_outside_quotes() {
        let text = r#"<a b="x>y" c='>'>z</a>"#;
        assert_eq!(&text[..start_tag_end(text, 0)], r#"<a b="x>y" c='>'>"#);
    }
}

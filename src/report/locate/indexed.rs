//! An SBOM read for locating: the first place of each token looked for, and every place where
//! a name looked for is written, so that finding a package costs a lookup however large the
//! file. Only what will be looked for is kept (a SARIF log places at most a few thousand
//! packages; a large SBOM has millions of tokens).
//!
//! A package is placed on its name, not on its purl or id: those hold the version, and a line
//! that changes with the version moves the alert's line text with every bump. The purl (or
//! id) says which component it is; the name written nearest to it is that component's.

use crate::hash::{HashMap, HashSet};

use super::{Place, Text};

/// A place in the text: line (0-based), byte offset in the line, 1-based UTF-16 column.
type At = (usize, usize, usize);

/// An SBOM's text with its tokens and names indexed.
pub(super) struct IndexedText {
    pub(super) text: Text,
    /// Token → its first place: quoted strings, element texts, whitespace-separated words.
    first: HashMap<String, At>,
    /// Name → every place a name is written (`"name": "…"`, `<name>…</name>`,
    /// `PackageName: …`, `name: …`), in order.
    names: HashMap<String, Vec<At>>,
}

impl IndexedText {
    /// `text` with the first place of each of `tokens` and every place of each of `names`.
    pub(super) fn new(text: Text, tokens: &HashSet<&str>, names: &HashSet<&str>) -> IndexedText {
        Self::index(text, |t| tokens.contains(t), |n| names.contains(n))
    }

    /// `text` with every token and name indexed.
    #[cfg(test)]
    pub(super) fn every_token(text: Text) -> IndexedText {
        Self::index(text, |_| true, |_| true)
    }

    /// Indexes the text's lines, a large text's halves on two threads, merged so that each
    /// token's first place and each name's places in order are those of one pass.
    fn index(
        text: Text,
        token: impl Fn(&str) -> bool + Sync,
        name: impl Fn(&str) -> bool + Sync,
    ) -> IndexedText {
        let n = text.spans.len();
        let ((mut first, mut names), later) = std::thread::scope(|s| {
            let later = (n >= 65_536).then(|| s.spawn(|| index_lines(&text, n / 2..n, &token, &name)));
            let end = if later.is_some() { n / 2 } else { n };
            let here = index_lines(&text, 0..end, &token, &name);
            (here, later.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))))
        });
        if let Some((first_later, names_later)) = later {
            for (word, at) in first_later {
                first.entry(word).or_insert(at);
            }
            for (written, mut places) in names_later {
                names.entry(written).or_default().append(&mut places);
            }
        }
        IndexedText { text, first, names }
    }

    /// The first place of the first of `tokens` that occurs.
    pub(super) fn anchor(&self, tokens: &[&str]) -> Option<(At, usize)> {
        tokens.iter().filter(|t| !t.is_empty()).find_map(|t| Some((*self.first.get(*t)?, t.len())))
    }

    /// The place of the first of `tokens` that occurs.
    pub(super) fn find(&self, tokens: &[&str]) -> Option<Place> {
        let ((line, start, column), len) = self.anchor(tokens)?;
        Some(self.text.place_in_line(line, start, start + len, column))
    }

    /// The place where the first of `names` that is written is written nearest to `near`
    /// (the first place when `near` is `None`).
    pub(super) fn name_near(&self, names: &[&str], near: Option<At>) -> Option<Place> {
        let (name, places) = names.iter().find_map(|n| Some((*n, self.names.get(*n)?)))?;
        let distance =
            |&&(line, start, _): &&At| near.map_or((0, 0), |(l, s, _)| (line.abs_diff(l), start.abs_diff(s)));
        let &(line, start, column) = places.iter().min_by_key(distance)?;
        Some(self.text.place_in_line(line, start, start + name.len(), column))
    }
}

/// Tokens and names of lines `range` of `text` (see [`IndexedText`]).
fn index_lines(
    text: &Text,
    range: std::ops::Range<usize>,
    token: &impl Fn(&str) -> bool,
    name: &impl Fn(&str) -> bool,
) -> (HashMap<String, At>, HashMap<String, Vec<At>>) {
    // The fast hasher: a 100,000-component SBOM has millions of tokens.
    let mut first: HashMap<String, At> = HashMap::default();
    let mut names: HashMap<String, Vec<At>> = HashMap::default();
    for i in range {
        let Some(line) = text.line(i) else { continue };
        let base = line.as_ptr() as usize;
        // Tokens come in order along the line, so their columns are counted in one pass.
        let (mut counted, mut column) = (0, 1);
        for segment in line.split(['"', '<', '>']) {
            let trimmed = segment.trim();
            let words = std::iter::once(trimmed).chain(trimmed.split_whitespace());
            for word in words.filter(|w| !w.is_empty()) {
                if token(word) && !first.contains_key(word) {
                    let start = word.as_ptr() as usize - base;
                    column += line[counted..start].encode_utf16().count();
                    counted = start;
                    first.insert(word.to_string(), (i, start, column));
                }
            }
        }
        let (mut counted, mut column) = (0, 1);
        for (start, end) in name_values(line) {
            if !name(&line[start..end]) {
                continue;
            }
            column += line[counted..start].encode_utf16().count();
            counted = start;
            names.entry(line[start..end].to_string()).or_default().push((i, start, column));
        }
    }
    (first, names)
}

/// The byte ranges of the names written on `line`, in order: JSON `"name": "…"`, XML
/// `<name>…</name>`, SPDX tag-value `PackageName: …` and YAML `name: …`.
fn name_values(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let value_after = |from: usize, close: char| {
        line[from..].find(close).map(|len| (from, from + len)).filter(|(s, e)| e > s)
    };
    for (at, _) in line.match_indices("\"name\"") {
        let rest = &line[at + 6..];
        let after_colon = rest.trim_start().strip_prefix(':').map(str::trim_start);
        if let Some(value) = after_colon.and_then(|r| r.strip_prefix('"')) {
            out.extend(value_after(line.len() - value.len(), '"'));
        }
    }
    for (at, _) in line.match_indices("<name>") {
        out.extend(value_after(at + 6, '<'));
    }
    let trimmed = line.trim_start().trim_start_matches("- ");
    for key in ["PackageName:", "name:"] {
        if let Some(value) = trimmed.strip_prefix(key) {
            let value = value.trim();
            let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value);
            if !value.is_empty() {
                let start = value.as_ptr() as usize - line.as_ptr() as usize;
                out.push((start, start + value.len()));
            }
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indexed(lines: &[&str]) -> IndexedText {
        IndexedText::every_token(Text::of_lines("x", lines))
    }

    #[test]
    fn names_are_found_in_json_xml_tag_value_and_yaml() {
        let line = r#"{"name" : "a", "x": "name", "name":"b"}"#;
        let found: Vec<&str> = name_values(line).into_iter().map(|(s, e)| &line[s..e]).collect();
        assert_eq!(found, ["a", "b"]);
        let text = ["<name>c</name>", "PackageName: d e", "  - name: \"f\"", "name: g", "\"name\": \"\""];
        let found: Vec<String> =
            text.iter().flat_map(|l| name_values(l).into_iter().map(|(s, e)| l[s..e].to_string())).collect();
        assert_eq!(found, ["c", "d e", "f", "g"]);
    }

    #[test]
    fn the_name_nearest_the_purl_is_the_components() {
        let t = indexed(&[
            r#"{"name": "serde", "purl": "pkg:cargo/serde@1"},"#,
            r#"{"name": "serde", "purl": "pkg:cargo/serde@2"},"#,
            r#"{"name": "é", "purl": "pkg:cargo/é@1"}, {"name": "x"}, {"name": "é", "purl": "pkg:cargo/é@2"}"#,
        ]);
        let place = |purl: &str, name: &str| {
            let near = t.anchor(&[purl]).map(|(at, _)| at);
            let p = t.name_near(&[name], near).unwrap();
            (p.start_line, p.snippet)
        };
        assert_eq!(place("pkg:cargo/serde@2", "serde").0, 2);
        assert_eq!(place("pkg:cargo/serde@1", "serde").0, 1);
        assert_eq!(place("missing", "serde").0, 1);
        // On a long line, the span of the name nearest the purl, its column in UTF-16 units.
        let long = format!("{}{}", t.text.line(2).unwrap_or_default(), " ".repeat(600));
        let t = indexed(&[&long]);
        let near = t.anchor(&["pkg:cargo/é@2"]).map(|(at, _)| at);
        let p = t.name_near(&["é"], near).unwrap();
        let at = long.rfind("\"é\"").unwrap() + 1;
        assert_eq!((p.snippet.as_str(), p.start_column), ("é", long[..at].encode_utf16().count() + 1));
        assert!(t.name_near(&["missing"], near).is_none());
    }
}

//! SPDX 2.x in JSON and in YAML: the same data model written two ways, so both are
//! deserialised into the one [`Document`] and handed to the loader whole. YAML is checked for
//! absurd nesting first, and its errors are given with their position in front, like every
//! other input error.

use serde_json::value::RawValue;

use super::document::{self, Document};
use super::loader::{check_version, load};
use crate::error::{line_column, InputError};
use crate::model::{GraphBuilder, InputInfo};

/// Reads an SPDX 2.x JSON document.
pub fn read_json(path: &str, text: &str, builder: &mut GraphBuilder) -> Result<InputInfo, InputError> {
    // The packages are kept as raw text and parsed one at a time (on two threads when there
    // are many); errors inside one are placed in the whole document. A document refused
    // before its packages are parsed (an error after them, an unsupported version) is parsed
    // whole again, so that an error inside a package, which comes first, is the one given,
    // as a parse of the whole gives it.
    let first_error = |refused| crate::input::raw::first_error::<Document>(path, text, refused);
    let doc: Document<&RawValue> =
        serde_json::from_str(text).map_err(|e| first_error(InputError::from_json(path, &e)))?;
    check_version(path, document::text(&doc.spdx_version)).map_err(first_error)?;
    load(path, doc, builder, |raw| crate::input::raw::parse(path, text, raw))
}

/// Reads an SPDX 2.x YAML document.
pub fn read_yaml(path: &str, text: &str, builder: &mut GraphBuilder) -> Result<InputInfo, InputError> {
    check_flow_nesting(path, text, MAX_YAML_NESTING)?;
    let doc: Document = serde_yaml_ng::from_str(text).map_err(|e| yaml_error(path, &e))?;
    load(path, doc, builder, Ok)
}

/// Deepest `[`/`{` nesting accepted in YAML. The YAML parser slows to a crawl on documents
/// nested tens of thousands of levels deep (a hostile input found it), long before its own
/// recursion limit applies; no SPDX document comes near this depth.
const MAX_YAML_NESTING: usize = 128;

/// Refuses flow collections nested deeper than `max`, at the position where the limit is
/// crossed. Brackets inside quoted scalars and comments are not counted.
fn check_flow_nesting(path: &str, text: &str, max: usize) -> Result<(), InputError> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        if c == '\n' {
            comment = false;
        }
        match (quote, c) {
            _ if comment => {}
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') if prev.is_whitespace() => comment = true,
            (None, '[' | '{') => {
                depth += 1;
                if depth > max {
                    let (line, column) = line_column(text, i);
                    return Err(InputError::at(
                        path,
                        line,
                        column,
                        format!("YAML collections nested more than {max} levels deep"),
                    ));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = c;
    }
    Ok(())
}

/// A YAML error with its position in front, like every other input error.
fn yaml_error(path: &str, err: &serde_yaml_ng::Error) -> InputError {
    let message = strip_yaml_position(&err.to_string());
    match err.location() {
        Some(loc) => InputError::at(path, loc.line(), loc.column(), message),
        None => InputError::new(path, message),
    }
}

/// The message without the `at line L column C` the YAML parser puts inside it (at the end,
/// or before `, while parsing …`): the position is given in front.
fn strip_yaml_position(message: &str) -> String {
    let Some(i) = message.find(" at line ") else { return message.to_string() };
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &message[i + " at line ".len()..];
    let rest = &rest[digits(rest)..];
    let rest = rest.strip_prefix(" column ").map_or(rest, |r| &r[digits(r)..]);
    format!("{}{rest}", &message[..i])
}

#[cfg(test)]
mod nesting_tests {
    use super::*;

    #[test]
    fn deep_yaml_flow_nesting_is_refused_quickly() {
        let deep = format!("spdxVersion: SPDX-2.3\nx: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let e = check_flow_nesting("d.yaml", &deep, MAX_YAML_NESTING).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(132)));
        assert!(check_flow_nesting("q.yaml", "a: \"[[[[\"\nb: '{{{{' # [[[[\n", 2).is_ok());
        assert!(check_flow_nesting("n.yaml", "a: [[1, 2], {b: [3]}]\n", 3).is_ok());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_have_positions() {
        let mut b = GraphBuilder::new(false);
        let err = read_json("t.json", "{\n  \"spdxVersion\": \"SPDX-2.3\",\n  \"packages\": 7\n}", &mut b)
            .unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(15)), "{err}");
        let err =
            read_yaml("t.yaml", "spdxVersion: SPDX-2.3\npackages:\n  - name: [a, b]\n", &mut b).unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(11)), "{err}");
        assert!(!err.message.contains(" at line "), "{err}");
        let err = read_yaml("t.yaml", "spdxVersion: SPDX-2.3\n  packages: :\n", &mut b).unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        // The parser may put the position mid-message, before where the scalar started; the
        // position is given once, in front.
        let err = read_yaml("t.yaml", "spdxVersion: SPDX-2.3\nname: \"\\ud83e\"\n", &mut b).unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(10)), "{err}");
        assert!(err.message.ends_with("code, while parsing a quoted scalar at line 2 column 7"), "{err}");
    }

    #[test]
    fn yaml_shares_the_json_types_and_tolerates_bare_numbers() {
        let yaml =
            "spdxVersion: SPDX-2.2\npackages:\n- SPDXID: SPDXRef-p\n  name: tool\n  versionInfo: 1.5\n";
        let mut b = GraphBuilder::new(false);
        let info = read_yaml("<stdin>", yaml, &mut b).unwrap();
        assert_eq!((info.spec_version.as_deref(), info.path), (Some("SPDX-2.2"), None));
        assert_eq!(b.finish().packages[0].id, "tool@1.5");
    }

    /// A JSON document of `n` packages, one per line, package `bad` named by a list: purls
    /// (every seventh not a valid one), a duplicate SPDXID, a chain of dependencies.
    fn large(n: usize, bad: Option<usize>) -> String {
        let mut s = String::from(
            "{\"spdxVersion\": \"SPDX-2.3\", \"SPDXID\": \"SPDXRef-DOCUMENT\",\n\"packages\": [\n",
        );
        for i in 0..n {
            let name = if Some(i) == bad { "[5]".to_string() } else { format!("\"p{i}\"") };
            let purl = if i % 7 == 3 { "not a purl".to_string() } else { format!("pkg:npm/p{i}@1.0.{i}") };
            let id = if i == 10 { 9 } else { i };
            s += &format!(
                "{}{{\"SPDXID\": \"SPDXRef-{id}\", \"name\": {name}, \"versionInfo\": \"1.0\", \"externalRefs\": [{{\"referenceType\": \"purl\", \"referenceLocator\": \"{purl}\"}}]}}\n",
                if i > 0 { "," } else { "" }
            );
        }
        s += "],\n\"relationships\": [{\"spdxElementId\": \"SPDXRef-DOCUMENT\", \"relationshipType\": \"DESCRIBES\", \"relatedSpdxElement\": \"SPDXRef-0\"}";
        for i in 1..n {
            s += &format!(
                ",\n{{\"spdxElementId\": \"SPDXRef-{}\", \"relationshipType\": \"DEPENDS_ON\", \"relatedSpdxElement\": \"SPDXRef-{i}\"}}",
                i - 1
            );
        }
        s + "]}\n"
    }

    #[test]
    fn a_large_json_document_reads_as_the_same_text_read_as_yaml() {
        // From 4,096 packages the JSON reader parses and converts the packages on two threads;
        // the YAML reader reads them one after the other. JSON is YAML: the same text must give
        // the same graph, warnings included.
        let text = large(6_000, None);
        let (mut json, mut yaml) = (GraphBuilder::new(false), GraphBuilder::new(false));
        read_json("d.json", &text, &mut json).unwrap();
        read_yaml("d.json", &text, &mut yaml).unwrap();
        let (json, yaml) = (json.finish(), yaml.finish());
        assert_eq!(json.packages.len(), 6_000);
        assert!(json.warnings.iter().any(|w| w.contains("duplicate SPDXIDs")), "{:?}", json.warnings);
        assert!(json.warnings.iter().any(|w| w.contains("package URL is not valid") && w.ends_with(": 857")));
        assert_eq!(json, yaml);
    }

    #[test]
    fn an_error_inside_a_package_comes_before_what_follows_it_and_before_the_version() {
        // The packages are parsed after the rest of the document: an error in one must still
        // win over a later error, and over an unsupported version, as in a parse of the whole.
        let package = "{\"packages\": [{\"name\": [5]}],\n";
        for rest in ["\"spdxVersion\": \"SPDX-2.3\", \"relationships\": 7}", "\"spdxVersion\": \"SPDX-1.2\"}"]
        {
            let text = format!("{package}{rest}");
            let err = read_json("d.json", &text, &mut GraphBuilder::new(false)).unwrap_err();
            let whole = serde_json::from_str::<Document>(&text).unwrap_err();
            assert_eq!((err.line, err.column), (Some(whole.line()), Some(whole.column())), "{err}");
            assert_eq!(err.line, Some(1), "{err}");
            assert!(err.message.starts_with("invalid type: sequence"), "{err}");
        }
        // Without the package's error, the later ones are given.
        let err = read_json("d.json", "{\"spdxVersion\": \"SPDX-1.2\"}", &mut GraphBuilder::new(false))
            .unwrap_err();
        assert!(err.message.contains("SPDX-1.2"), "{err}");
        let text = "{\"spdxVersion\": \"SPDX-2.3\", \"packages\": [], \"relationships\": 7}";
        let err = read_json("d.json", text, &mut GraphBuilder::new(false)).unwrap_err();
        assert!(err.message.starts_with("invalid type: integer `7`"), "{err}");
    }

    #[test]
    fn an_error_inside_a_package_of_a_large_document_is_placed_as_a_whole_parse_places_it() {
        let text = large(6_000, Some(4_321));
        let whole = serde_json::from_str::<Document>(&text).unwrap_err();
        let err = read_json("d.json", &text, &mut GraphBuilder::new(false)).unwrap_err();
        assert_eq!((err.line, err.column), (Some(whole.line()), Some(whole.column())), "{err}");
        assert_eq!(err.line, Some(4_324), "{err}");
        assert!(err.message.starts_with("invalid type: sequence"), "{err}");
    }
}

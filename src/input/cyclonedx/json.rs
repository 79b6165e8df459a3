//! CycloneDX JSON: the document is parsed with its top-level components left as raw JSON
//! text, and each component is parsed as it is added, so a large document never holds every
//! component's fields and its graph at once. Errors inside a component are placed in the whole
//! document, as a parse of the whole would place them.

use serde_json::value::RawValue;

use super::bom::{Bom, Component};
use super::limits::{too_deep, MAX_COMPONENT_DEPTH};
use super::load::{add_bom, check_version};
use crate::error::InputError;
use crate::model::{GraphBuilder, InputInfo};

/// Reads a CycloneDX JSON document into `builder`.
pub fn read_json(path: &str, text: &str, builder: &mut GraphBuilder) -> Result<InputInfo, InputError> {
    // A document refused before its components are parsed (an error after them, a wrong
    // format or version) is parsed whole again, so that an error inside a component, which
    // comes first, is the one given, as a parse of the whole gives it.
    let first_error = |refused| crate::input::raw::first_error::<Bom>(path, text, refused);
    let bom: Bom<&RawValue> =
        serde_json::from_str(text).map_err(|e| first_error(InputError::from_json(path, &e)))?;
    match bom.bom_format.as_deref() {
        Some("CycloneDX") => {}
        Some(other) => {
            return Err(first_error(InputError::new(
                path,
                format!("bomFormat is `{other}`, expected `CycloneDX`"),
            )));
        }
        None => return Err(first_error(InputError::new(path, "missing `bomFormat`"))),
    }
    check_version(path, bom.spec_version.as_deref()).map_err(first_error)?;
    let described = bom.metadata.as_ref().and_then(|m| m.component.as_ref());
    if described.is_some_and(|c| depth(c) > MAX_COMPONENT_DEPTH) {
        return Err(InputError::new(path, format!("metadata.component: {}", too_deep())));
    }
    add_bom(path, bom, builder, |raw| {
        let component: Component = crate::input::raw::parse(path, text, raw)?;
        if depth(&component) > MAX_COMPONENT_DEPTH {
            let (line, column) = crate::input::raw::start_of(text, raw.get());
            return Err(InputError::at(
                path,
                line,
                column,
                format!("{} (found inside this component)", too_deep()),
            ));
        }
        Ok(component)
    })
}

/// How many levels `component` and its nested components span.
fn depth(component: &Component) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(component, 1)];
    while let Some((c, level)) = stack.pop() {
        deepest = deepest.max(level);
        stack.extend(c.components.iter().map(|n| (n, level + 1)));
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<crate::model::Graph, InputError> {
        let mut b = GraphBuilder::new(false);
        read_json("t.json", text, &mut b)?;
        Ok(b.finish())
    }

    #[test]
    fn errors_inside_a_component_are_placed_in_the_whole_document() {
        // Components are parsed one at a time; the position must be the one a parse of the
        // whole document gives.
        let head = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\n\"components\":[\n";
        for tail in ["  {\"name\":\"a\"}, {\"name\": 5}]}", "  {\"name\":\"a\",\n  \"version\": [1]}]}"] {
            let text = format!("{head}{tail}");
            let whole = serde_json::from_str::<Bom>(&text).unwrap_err();
            let err = read(&text).unwrap_err().to_string();
            let at = format!("t.json:{}:{}: invalid type", whole.line(), whole.column());
            assert!(err.starts_with(&at), "{err} (expected {at})");
            assert!(whole.line() >= 3, "{whole}");
        }
    }

    /// The error reading `text` gives, checked to be where a parse of the whole places it.
    fn placed_as_a_whole_parse_places_it(text: &str) -> InputError {
        let whole = serde_json::from_str::<Bom>(text).unwrap_err();
        let err = read(text).unwrap_err();
        assert_eq!((err.line, err.column), (Some(whole.line()), Some(whole.column())), "{err}");
        err
    }

    #[test]
    fn an_error_inside_a_component_of_a_large_document_is_placed_as_a_whole_parse_places_it() {
        // From 4,096 components they are parsed on two threads, in chunks: the first error in
        // the document's order is the one given, where a parse of the whole puts it.
        let mut text =
            String::from("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\n\"components\":[\n");
        for i in 0..6_000 {
            let version = if i == 4_321 || i == 5_000 { "[1]".to_string() } else { format!("\"1.{i}\"") };
            text += &format!("{}{{\"name\":\"c{i}\",\"version\":{version}}}\n", if i > 0 { "," } else { "" });
        }
        text += "]}";
        let err = placed_as_a_whole_parse_places_it(&text);
        assert_eq!(err.line, Some(4_324), "{err}");
    }

    #[test]
    fn an_error_inside_a_component_comes_before_what_follows_it_and_before_the_version() {
        let component = "{\"components\": [{\"name\": \"a\", \"version\": [1]}],\n";
        for rest in [
            "\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"dependencies\": 7}",
            "\"bomFormat\": \"CycloneDX\", \"specVersion\": \"2.0\"}",
            "\"bomFormat\": \"SPDX\"}",
        ] {
            let err = placed_as_a_whole_parse_places_it(&format!("{component}{rest}"));
            assert_eq!(err.line, Some(1), "{err}");
        }
    }

    #[test]
    fn rejects_wrong_format_and_version() {
        assert!(read(r#"{"bomFormat":"SPDX","specVersion":"1.6"}"#)
            .unwrap_err()
            .message
            .contains("bomFormat"));
        let e = read(r#"{"bomFormat":"CycloneDX","specVersion":"2.0"}"#).unwrap_err();
        assert!(e.message.contains("unsupported CycloneDX spec version `2.0`"), "{e}");
    }

    #[test]
    fn truncated_json_has_position() {
        let e = read("{\"bomFormat\":\"CycloneDX\",\n\"components\":[").unwrap_err();
        assert_eq!(e.line, Some(2));
    }
}

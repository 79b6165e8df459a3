//! A JSON object whose long arrays are made one element at a time while it is written, so that
//! the document of a large graph never exists whole in memory: only the element being written
//! does. The bytes are those of building the whole `serde_json::Value` and pretty-printing it,
//! as long as the fields are given in the order a `Value`'s map sorts its keys.

use std::cell::RefCell;

use serde::ser::{Error as _, SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use serde_json::Value;

/// The elements of an array, made as they are written.
pub(super) type Items<'a> = Box<dyn Iterator<Item = Field<'a>> + 'a>;

/// A value to write.
pub(super) enum Field<'a> {
    /// A value made beforehand.
    Value(Value),
    /// An object some of whose fields are made while it is written.
    Object(Object<'a>),
    /// An array made while it is written (once: a second write is an error).
    Items(RefCell<Option<Items<'a>>>),
}

impl<'a> Field<'a> {
    /// An array of the values `items` makes.
    pub(super) fn items(items: impl Iterator<Item = Value> + 'a) -> Field<'a> {
        Field::fields(items.map(Field::Value))
    }

    /// An array of the fields `items` makes.
    pub(super) fn fields(items: impl Iterator<Item = Field<'a>> + 'a) -> Field<'a> {
        Field::Items(RefCell::new(Some(Box::new(items))))
    }
}

/// An object with its fields, written sorted by key as a `serde_json::Map` would be.
pub(super) struct Object<'a>(pub(super) Vec<(&'static str, Field<'a>)>);

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut fields: Vec<&(&str, Field)> = self.0.iter().collect();
        fields.sort_by_key(|(key, _)| *key);
        let mut map = serializer.serialize_map(Some(fields.len()))?;
        for (key, field) in fields {
            map.serialize_entry(key, field)?;
        }
        map.end()
    }
}

impl Serialize for Field<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Value(value) => value.serialize(serializer),
            Field::Object(object) => object.serialize(serializer),
            Field::Items(items) => {
                let items =
                    items.borrow_mut().take().ok_or_else(|| S::Error::custom("an array written twice"))?;
                let mut seq = serializer.serialize_seq(None)?;
                for item in items {
                    seq.serialize_element(&item)?;
                }
                seq.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_bytes_are_those_of_the_whole_value() {
        let object = Object(vec![
            ("zeta", Field::Value(json!(1))),
            ("alpha", Field::items((0..3).map(|i| json!({ "b": i, "a": [i] })))),
            ("Upper", Field::items(std::iter::empty())),
            (
                "inner",
                Field::Object(Object(vec![
                    ("b", Field::items([json!(1)].into_iter())),
                    ("a", Field::Value(json!(null))),
                ])),
            ),
        ]);
        let whole = json!({
            "zeta": 1,
            "alpha": [{ "b": 0, "a": [0] }, { "b": 1, "a": [1] }, { "b": 2, "a": [2] }],
            "Upper": [],
            "inner": { "b": [1], "a": null },
        });
        assert_eq!(
            serde_json::to_string_pretty(&object).unwrap(),
            serde_json::to_string_pretty(&whole).unwrap()
        );
        assert!(serde_json::to_string(&object).is_err(), "written twice");
    }
}

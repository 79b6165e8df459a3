//! The input CycloneDX JSON document written back with facts added, streamed: the document's
//! top-level fields are kept as raw text borrowed from the file, and each element of a
//! top-level array (the components, the dependencies) is parsed, enriched and written one at a
//! time. A 100,000-component document never exists twice in memory (829 → under 300 MiB).
//!
//! The bytes are those of parsing the whole document into a `serde_json::Value`, enriching it
//! and pretty-printing it: the same serializer writes the same values in the same (sorted) key
//! order. A document that such a parse refuses is refused here before anything is written
//! ([`Checked`]), so the caller generates a document instead, as before.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

use super::enrich::{add_tool, enrich_tree, upgrade_field};
use super::facts::Index;
use super::version::{self, Target, Version};
use crate::report::Report;

/// Writes the report's one CycloneDX JSON input (`text`) back with facts added, in the later
/// of its version and `target`; `None`, with nothing written, when it cannot be parsed.
pub(super) fn write(
    report: &Report,
    text: &[u8],
    target: Option<Target>,
    out: &mut dyn Write,
) -> Option<io::Result<()>> {
    let top: BTreeMap<String, &RawValue> = serde_json::from_slice(text).ok()?;
    // What a parse of the whole document would refuse (the top-level object is one level).
    for raw in top.values() {
        let mut de = serde_json::Deserializer::from_str(raw.get());
        Checked { depth: MAX_DEPTH - 1 }.deserialize(&mut de).ok()?;
    }
    let field = |name: &str| top.get(name).and_then(|raw| serde_json::from_str::<Value>(raw.get()).ok());
    if field("bomFormat").as_ref().and_then(Value::as_str) != Some("CycloneDX") {
        return None;
    }
    let declared = version::parse(field("specVersion").as_ref().and_then(Value::as_str).unwrap_or("1.0"));
    let version = version::written(declared, target);
    let index = Index::new(report);
    let mut fields = BTreeMap::new();
    for (name, raw) in &top {
        let parsed = match serde_json::from_str::<Vec<&RawValue>>(raw.get()) {
            Ok(elements) => Field::Array { elements, enrich: name == "components" },
            Err(_) => {
                let mut value: Value = serde_json::from_str(raw.get()).ok()?;
                if version > declared {
                    upgrade_field(name, &mut value, version);
                }
                if name == "metadata" {
                    if let Some(metadata) = value.as_object_mut() {
                        add_tool(metadata, report, version);
                        if let Some(component) = metadata.get_mut("component") {
                            enrich_tree(component, &index, version);
                        }
                    }
                }
                Field::Value(value)
            }
        };
        fields.insert(name.as_str(), parsed);
    }
    let doc = Doc { fields, index: &index, version };
    Some(doc.write(out))
}

/// Elements rendered together; from two batches on, every other one on another thread.
const BATCH: usize = 2048;

/// serde_json's nesting limit for a whole document: 127 arrays and objects.
const MAX_DEPTH: usize = 127;

/// A top-level field of the document.
enum Field<'a> {
    /// An array, kept as its elements' raw text; the components' are enriched as written.
    Array { elements: Vec<&'a RawValue>, enrich: bool },
    /// Anything else, parsed (and enriched, for the metadata).
    Value(Value),
}

/// The document, written as `serde_json::Value` would write it.
struct Doc<'a> {
    fields: BTreeMap<&'a str, Field<'a>>,
    index: &'a Index<'a>,
    version: Version,
}

impl Doc<'_> {
    /// Writes the document as `serde_json::to_writer_pretty` writes the `Value` it stands
    /// for: keys in order, two spaces per level. Each value is pretty-printed on its own and
    /// indented to its level (JSON strings hold no raw line breaks, so every line break in a
    /// pretty-printed value is one of the printer's).
    fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.fields.is_empty() {
            return out.write_all(b"{}");
        }
        let mut separator: &[u8] = b"{\n  ";
        let mut buf = Vec::new();
        for (name, field) in &self.fields {
            out.write_all(separator)?;
            separator = b",\n  ";
            serde_json::to_writer(&mut *out, name)?;
            out.write_all(b": ")?;
            match field {
                Field::Value(value) => {
                    buf.clear();
                    serde_json::to_writer_pretty(&mut buf, value)?;
                    let mut indented = Vec::with_capacity(buf.len());
                    indent(&mut indented, &buf, b"\n  ");
                    out.write_all(&indented)?;
                }
                Field::Array { elements, enrich } => self.write_array(elements, *enrich, out)?,
            }
        }
        out.write_all(b"\n}")
    }

    /// A top-level array, each element parsed (and enriched) as it is written; a large
    /// array's batches rendered two at a time, one on another thread.
    fn write_array(&self, elements: &[&RawValue], enrich: bool, out: &mut dyn Write) -> io::Result<()> {
        if elements.is_empty() {
            return out.write_all(b"[]");
        }
        out.write_all(b"[")?;
        let batches: Vec<&[&RawValue]> = elements.chunks(BATCH).collect();
        let mut first = true;
        for pair in batches.chunks(2) {
            let (here, there) = std::thread::scope(|s| {
                let there = pair.get(1).map(|batch| s.spawn(|| self.render(batch, enrich, false)));
                let here = self.render(pair[0], enrich, first);
                (here, there.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))))
            });
            out.write_all(&here?)?;
            if let Some(there) = there {
                out.write_all(&there?)?;
            }
            first = false;
        }
        out.write_all(b"\n  ]")
    }

    /// Elements of a top-level array as written there, each after its separator.
    fn render(&self, batch: &[&RawValue], enrich: bool, first: bool) -> io::Result<Vec<u8>> {
        let mut buf = Vec::new();
        let mut one = Vec::new();
        for (k, raw) in batch.iter().enumerate() {
            let mut value: Value = serde_json::from_str(raw.get())?;
            if enrich {
                enrich_tree(&mut value, self.index, self.version);
            }
            one.clear();
            serde_json::to_writer_pretty(&mut one, &value)?;
            buf.extend_from_slice(if first && k == 0 { b"\n    " } else { b",\n    " });
            indent(&mut buf, &one, b"\n    ");
        }
        Ok(buf)
    }
}

/// `pretty` with each line break followed by `newline`'s indentation.
fn indent(out: &mut Vec<u8>, pretty: &[u8], newline: &[u8]) {
    for (i, line) in pretty.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.extend_from_slice(newline);
        }
        out.extend_from_slice(line);
    }
}

/// Accepts exactly the JSON a parse into `serde_json::Value` accepts at this nesting depth
/// (numbers in range, the nesting limit), without keeping anything.
struct Checked {
    /// How many more arrays and objects may open.
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Checked {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Checked {
    fn inner<E: de::Error>(&self) -> Result<Checked, E> {
        let depth = self.depth.checked_sub(1).ok_or_else(|| E::custom("recursion limit exceeded"))?;
        Ok(Checked { depth })
    }
}

impl<'de> Visitor<'de> for Checked {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = self.inner()?;
        while seq.next_element_seed(Checked { depth: inner.depth })?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = self.inner()?;
        while map.next_key_seed(Checked { depth: 0 })?.is_some() {
            map.next_value_seed(Checked { depth: inner.depth })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `Checked` accepts `text` with `depth` levels left.
    fn accepts(text: &str, depth: usize) -> bool {
        Checked { depth }.deserialize(&mut serde_json::Deserializer::from_str(text)).is_ok()
    }

    #[test]
    fn checked_accepts_what_a_value_accepts() {
        for text in [r#"{"a":[1,-2,3.5,"x\n",true,null,{}]}"#, "[1e400]", "[]"] {
            let value = serde_json::from_str::<Value>(text).is_ok();
            assert_eq!(accepts(text, MAX_DEPTH), value, "{text}");
        }
    }

    #[test]
    fn checked_counts_the_nesting_as_a_whole_document_would() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(serde_json::from_str::<Value>(&nested(MAX_DEPTH)).is_ok());
        assert!(serde_json::from_str::<Value>(&nested(MAX_DEPTH + 1)).is_err());
        assert!(accepts(&nested(MAX_DEPTH), MAX_DEPTH));
        assert!(!accepts(&nested(MAX_DEPTH + 1), MAX_DEPTH));
        // Inside the top-level object, one level fewer.
        assert!(!accepts(&nested(MAX_DEPTH), MAX_DEPTH - 1));
    }
}

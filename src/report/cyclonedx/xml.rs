//! The input CycloneDX XML document written back as XML, with facts added: its text is copied
//! byte for byte (declarations, comments, namespaces, prefixes, whitespace) and the new
//! elements are inserted where the schema's sequence puts them, in the prefix the component
//! itself is written with.
//!
//! Why no XML writer: `roxmltree` (already the reader) gives every node's byte range, so the
//! output is the input text with insertions, which keeps what an event writer would have to
//! re-escape or normalise (quoting, entity references, empty elements). It refuses document
//! type declarations, so no entity is ever expanded; the reader's limits (`limits.rs`) apply.

use std::io::{self, Write};
use std::ops::Range;

use roxmltree::{Document, Node, ParsingOptions};

use super::facts::{self, Index, Licence, Supplier, PROPERTY_PREFIX};
use super::markup::{address, element, indent, prefix, qname, start_tag_end, tag, whitespace_before};
use super::version::{self, Target, Version, ADDRESS, PROPERTIES};
use crate::input::cyclonedx::MAX_COMPONENT_DEPTH;
use crate::report::document::PackageReport;
use crate::report::html::escape_html as escape;
use crate::report::Report;

const NAMESPACE_PREFIX: &str = "http://cyclonedx.org/schema/bom/";

/// The elements of a component in the order of the schema's sequence (1.2–1.7), up to
/// `properties`: what is inserted goes after the last of those before it that is there.
const COMPONENT_SEQUENCE: &[&str] = &[
    "supplier",
    "manufacturer",
    "authors",
    "author",
    "publisher",
    "group",
    "name",
    "version",
    "versionRange",
    "description",
    "scope",
    "hashes",
    "licenses",
    "copyright",
    "patentAssertions",
    "cpe",
    "purl",
    "omniborId",
    "swhid",
    "swid",
    "modified",
    "pedigree",
    "externalReferences",
    "properties",
];

/// The elements of a component that come before `name` in its sequence.
fn before(name: &str) -> &'static [&'static str] {
    let at = COMPONENT_SEQUENCE.iter().position(|n| *n == name).unwrap_or(0);
    &COMPONENT_SEQUENCE[..at]
}

/// The elements of the metadata before `tools`.
const BEFORE_TOOLS: &[&str] = &["timestamp", "lifecycles"];

/// Writes the report's one CycloneDX XML input (`text`) back with facts added, in the later
/// of its version and `target`; `None`, with nothing written, when it is not such a document.
pub(super) fn write(
    report: &Report,
    text: &[u8],
    target: Option<Target>,
    out: &mut dyn Write,
) -> Option<io::Result<()>> {
    let text = std::str::from_utf8(text).ok()?;
    crate::input::cyclonedx::check_limits("", text).ok()?;
    let options = ParsingOptions { allow_dtd: false, ..ParsingOptions::default() };
    let doc = Document::parse_with_options(text, options).ok()?;
    let root = doc.root_element();
    let ns = root.tag_name().namespace()?;
    let declared = version::parse(ns.strip_prefix(NAMESPACE_PREFIX)?);
    if root.tag_name().name() != "bom" {
        return None;
    }
    let version = version::written(declared, target);
    let mut w = Writer { text, ns, version, lines: text.contains('\n'), edits: Vec::new() };
    if version > declared {
        w.upgrade(root, &format!("{NAMESPACE_PREFIX}{}", version::name(version)));
    }
    w.add_tool(root, report);
    let index = Index::new(report);
    let top = w.child(root, "metadata").and_then(|m| w.child(m, "component")).into_iter();
    let listed: Vec<Node> =
        w.child(root, "components").into_iter().flat_map(|list| w.children(list, "component")).collect();
    for component in top.chain(listed) {
        w.walk(component, &index, 1);
    }
    Some(w.finish(out))
}

/// The text, the CycloneDX namespace, and the edits made to the text so far.
struct Writer<'t> {
    text: &'t str,
    ns: &'t str,
    version: Version,
    /// Whether the text is written on lines (else what is inserted goes on no line of its own).
    lines: bool,
    /// Byte ranges of the text and what replaces them (empty ranges: insertions).
    edits: Vec<(Range<usize>, String)>,
}

impl<'t> Writer<'t> {
    fn is(&self, node: Node, name: &str) -> bool {
        node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(self.ns)
    }

    fn children<'a>(
        &self,
        node: Node<'a, 't>,
        name: &'static str,
    ) -> impl Iterator<Item = Node<'a, 't>> + use<'a, 't, '_> {
        node.children().filter(move |c| self.is(*c, name))
    }

    fn child<'a>(&self, node: Node<'a, 't>, name: &'static str) -> Option<Node<'a, 't>> {
        self.children(node, name).next()
    }

    /// Adds facts to a component and to the components nested in it.
    fn walk(&mut self, component: Node, index: &Index, depth: usize) {
        let purl = self.child(component, "purl").and_then(|n| n.text()).map(str::trim);
        if let Some(p) = index.find(purl, component.attribute("bom-ref")) {
            self.enrich(component, p);
        }
        if depth >= MAX_COMPONENT_DEPTH {
            return;
        }
        for list in self.children(component, "components").collect::<Vec<_>>() {
            for c in self.children(list, "component").collect::<Vec<_>>() {
                self.walk(c, index, depth + 1);
            }
        }
    }

    fn enrich(&mut self, component: Node, p: &PackageReport) {
        let pf = prefix(self.text, component);
        if self.version >= (1, 1) {
            if let Some(licence) = facts::licence(p) {
                let choice = match licence {
                    Licence::Expression(e) => element(pf, "expression", "", &escape(e)),
                    Licence::Name(d) => element(pf, "license", "", &element(pf, "name", "", &escape(d))),
                };
                match self.child(component, "licenses") {
                    None => self.insert(component, before("licenses"), element(pf, "licenses", "", &choice)),
                    Some(l) if !l.children().any(|c| c.is_element()) => self.insert(l, &[], choice),
                    Some(_) => {}
                }
            }
        }
        if self.version >= (1, 2) {
            match self.child(component, "supplier") {
                Some(s) => {
                    if let (Some(country), true, None) =
                        (facts::country(p), self.version >= ADDRESS, self.child(s, "address"))
                    {
                        self.insert(s, &["name"], address(pf, country));
                    }
                }
                None => {
                    if let Some(supplier) = facts::supplier(p) {
                        self.insert(component, &[], self.supplier(pf, &supplier));
                    }
                }
            }
        }
        if self.version >= PROPERTIES {
            self.properties(component, pf, p);
        }
    }

    fn supplier(&self, pf: &str, s: &Supplier) -> String {
        let mut inner = element(pf, "name", "", &escape(s.name));
        if let (Some(country), true) = (s.country, self.version >= ADDRESS) {
            inner.push_str(&address(pf, country));
        }
        if let Some(url) = s.url {
            inner.push_str(&element(pf, "url", "", &escape(url)));
        }
        element(pf, "supplier", "", &inner)
    }

    /// Replaces the component's `cargo-sovereign:*` properties with the package's.
    fn properties(&mut self, component: Node, pf: &str, p: &PackageReport) {
        let pairs = facts::property_pairs(p);
        let existing = self.child(component, "properties");
        // Each property on a line of its own, one step in from the list, where the component's
        // children have lines of their own.
        let (lead, close) = match (existing, self.layout(component)) {
            (Some(list), _) => (self.lead(list), String::new()),
            (None, Some(inner)) => (format!("\n{inner}{}", self.unit(component)), format!("\n{inner}")),
            (None, None) => (String::new(), String::new()),
        };
        let mut items = String::new();
        for (name, value) in &pairs {
            let attribute = format!(" name=\"{}\"", escape(name));
            items.push_str(&lead);
            items.push_str(&element(pf, "property", &attribute, &escape(value)));
        }
        match existing {
            Some(list) => {
                for old in self.children(list, "property").collect::<Vec<_>>() {
                    if old.attribute("name").is_some_and(|n| n.starts_with(PROPERTY_PREFIX)) {
                        let range = old.range();
                        let start = whitespace_before(self.text, range.start);
                        self.edits.push((start..range.end, String::new()));
                    }
                }
                if !pairs.is_empty() {
                    self.append(list, items);
                }
            }
            None if !pairs.is_empty() => {
                let list = format!("<{}>{items}{close}</{}>", tag(pf, "properties"), tag(pf, "properties"));
                self.insert(component, before("properties"), list);
            }
            None => {}
        }
    }

    /// Adds cargo-sovereign to `metadata/tools`, in the form the document uses.
    fn add_tool(&mut self, root: Node, report: &Report) {
        if self.version < (1, 2) {
            return;
        }
        let pf = prefix(self.text, root);
        let (name, ver) = (escape(&report.tool.name), escape(&report.tool.version));
        let legacy = element(
            pf,
            "tool",
            "",
            &[
                element(pf, "vendor", "", &name),
                element(pf, "name", "", &name),
                element(pf, "version", "", &ver),
            ]
            .concat(),
        );
        let reference = element(pf, "url", "", &escape(env!("CARGO_PKG_REPOSITORY")));
        let references =
            element(pf, "externalReferences", "", &element(pf, "reference", " type=\"vcs\"", &reference));
        let component = element(
            pf,
            "component",
            " type=\"application\"",
            &[element(pf, "name", "", &name), element(pf, "version", "", &ver), references].concat(),
        );
        let modern = element(pf, "components", "", &component);
        let Some(metadata) = self.child(root, "metadata") else {
            let tools = element(pf, "tools", "", if self.version >= (1, 5) { &modern } else { &legacy });
            self.insert(root, &[], element(pf, "metadata", "", &tools));
            return;
        };
        match self.child(metadata, "tools") {
            None => {
                let tools = element(pf, "tools", "", if self.version >= (1, 5) { &modern } else { &legacy });
                self.insert(metadata, BEFORE_TOOLS, tools);
            }
            Some(tools) => match self.child(tools, "components") {
                Some(list) => self.append(list, component),
                None if self.version < (1, 5) || self.child(tools, "tool").is_some() => {
                    self.append(tools, legacy)
                }
                None => self.insert(tools, &[], modern),
            },
        }
    }

    /// Moves every start tag naming the old CycloneDX namespace to `new`.
    fn upgrade(&mut self, root: Node, new: &str) {
        for node in root.descendants().filter(Node::is_element) {
            let start = node.range().start;
            let tag = &self.text[start..start_tag_end(self.text, start)];
            let mut from = 0;
            while let Some(at) = tag[from..].find(self.ns).map(|i| i + from) {
                from = at + self.ns.len();
                let next = tag[from..].chars().next();
                if next.is_some_and(|c| c == '"' || c == '\'' || c.is_whitespace()) {
                    self.edits.push((start + at..start + from, new.to_string()));
                }
            }
        }
    }

    /// Inserts `xml` as a child of `parent`, after its last child named in `after` (right
    /// after the start tag when none is there), on a line of its own when the text has lines.
    fn insert(&mut self, parent: Node, after: &[&str], xml: String) {
        let last = parent.children().rev().find(|c| {
            c.is_element()
                && c.tag_name().namespace() == Some(self.ns)
                && after.contains(&c.tag_name().name())
        });
        match last {
            Some(c) => {
                let text = format!("{}{xml}", self.lead(parent));
                self.edits.push((c.range().end..c.range().end, text));
            }
            None => self.open(parent, xml),
        }
    }

    /// Inserts `xml` after the last child element of `parent`.
    fn append(&mut self, parent: Node, xml: String) {
        match parent.children().rev().find(Node::is_element) {
            Some(c) => {
                let text = if xml.starts_with('\n') { xml } else { format!("{}{xml}", self.lead(parent)) };
                self.edits.push((c.range().end..c.range().end, text));
            }
            None => self.open(parent, xml),
        }
    }

    /// Inserts `xml` right after the start tag of `parent`, writing out an empty element.
    fn open(&mut self, parent: Node, xml: String) {
        let start = parent.range().start;
        let end = start_tag_end(self.text, start);
        let lead = if xml.starts_with('\n') { String::new() } else { self.lead(parent) };
        if self.text[..end].ends_with("/>") {
            let name = qname(self.text, parent);
            let close = match (self.layout(parent), indent(self.text, start)) {
                (Some(_), Some(own)) => format!("\n{own}"),
                _ => String::new(),
            };
            self.edits.push((end - 2..end, format!(">{lead}{xml}{close}</{name}>")));
        } else {
            self.edits.push((end..end, format!("{lead}{xml}")));
        }
    }

    /// What goes before a child inserted into `parent`: a line break and the children's
    /// indentation when they have lines of their own, else nothing.
    fn lead(&self, parent: Node) -> String {
        self.layout(parent).map_or_else(String::new, |inner| format!("\n{inner}"))
    }

    /// The indentation of `parent`'s children when they are on lines of their own (its first
    /// child element's; one step in from `parent` when it has none and is on a line of its
    /// own), `None` when they are written inline.
    fn layout(&self, parent: Node) -> Option<String> {
        if !self.lines {
            return None;
        }
        let open_end = start_tag_end(self.text, parent.range().start);
        match parent.children().find(Node::is_element) {
            Some(c) => {
                let gap = self.text.get(open_end..c.range().start)?;
                if gap.contains('\n') {
                    indent(self.text, c.range().start).map(str::to_string)
                } else {
                    None
                }
            }
            None => indent(self.text, parent.range().start).map(|own| format!("{own}{}", self.unit(parent))),
        }
    }

    /// One step of indentation, as the node's children are indented from it.
    fn unit(&self, node: Node) -> String {
        let own = indent(self.text, node.range().start).unwrap_or("");
        node.children()
            .find(Node::is_element)
            .and_then(|c| indent(self.text, c.range().start))
            .and_then(|inner| inner.strip_prefix(own))
            .filter(|u| !u.is_empty())
            .unwrap_or("  ")
            .to_string()
    }

    /// Writes the text with the edits made.
    fn finish(mut self, out: &mut dyn Write) -> io::Result<()> {
        self.edits.sort_by_key(|(range, _)| range.start);
        let mut out = io::BufWriter::new(out);
        let mut at = 0;
        for (range, text) in &self.edits {
            if range.start < at {
                continue; // never overlapping; skipped rather than written twice
            }
            out.write_all(&self.text.as_bytes()[at..range.start])?;
            out.write_all(text.as_bytes())?;
            at = range.end;
        }
        out.write_all(&self.text.as_bytes()[at..])?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_inserted_follows_the_schemas_sequence() {
        assert_eq!(before("supplier"), &[] as &[&str]);
        assert!(before("licenses").contains(&"hashes") && !before("licenses").contains(&"purl"));
        assert!(before("properties").contains(&"externalReferences"));
    }
}

//! CycloneDX XML, read into the same [`Bom`] structure as JSON.
//!
//! `roxmltree` builds a read-only tree with positions for error messages. Document type
//! declarations are refused outright, so entity-expansion ("billion laughs") and external
//! entities never get a chance to run, and a linear pre-scan (`limits.rs`) refuses the
//! elements on which the parser's own checks would take quadratic time.

use roxmltree::{Document, Node, ParsingOptions};

use super::bom::{
    Address, Bom, Component, Contact, Dependency, ExternalReference, License, LicenseChoice, Licensing,
    Licensor, Metadata, OrgEntity, Property, Ref,
};
use super::bom::{Contents, DataParty, Governance, ModelCard, ModelParameters, TrainingData};
use super::limits::{too_deep, MAX_COMPONENT_DEPTH};
use super::load::add_bom;
use crate::error::{line_column, InputError};
use crate::model::GraphBuilder;
use crate::model::InputInfo;

const NAMESPACE_PREFIX: &str = "http://cyclonedx.org/schema/bom/";

/// Reads a CycloneDX XML document into `builder`.
pub fn read_xml(path: &str, text: &str, builder: &mut GraphBuilder) -> Result<InputInfo, InputError> {
    super::limits::check(path, text)?;
    let options = ParsingOptions { allow_dtd: false, ..ParsingOptions::default() };
    let doc = Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        let (mut line, mut column) = (pos.row as usize, pos.col as usize);
        let message = match e {
            roxmltree::Error::DtdDetected => {
                // roxmltree reports the document start; point at the declaration itself.
                if let Some(at) = text.find("<!DOCTYPE") {
                    (line, column) = line_column(text, at);
                }
                "XML document type declarations (DTD) are refused: they allow entity expansion attacks"
                    .to_string()
            }
            other => format!("invalid XML: {}", strip_position(&other.to_string())),
        };
        InputError::at(path, line, column, message)
    })?;
    let root = doc.root_element();
    let ns = root.tag_name().namespace().unwrap_or("");
    let Some(version) = ns.strip_prefix(NAMESPACE_PREFIX) else {
        return Err(InputError::new(
            path,
            format!("the root element is not a CycloneDX <bom> (namespace `{ns}`)"),
        ));
    };
    if root.tag_name().name() != "bom" {
        return Err(InputError::new(
            path,
            format!("the root element is <{}>, expected <bom>", root.tag_name().name()),
        ));
    }
    let bom = Bom {
        bom_format: Some("CycloneDX".to_string()),
        spec_version: Some(version.to_string()),
        metadata: child(root, "metadata").map(|m| metadata(path, m)).transpose()?,
        // Converted one at a time as they are added, not all before.
        components: child(root, "components")
            .map(|list| children(list, "component").collect())
            .unwrap_or_default(),
        dependencies: child(root, "dependencies").map(dependencies).unwrap_or_default(),
    };
    add_bom(path, bom, builder, |node| component(path, node, 1))
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at ") {
        Some(i) if msg[i + 4..].chars().all(|c| c.is_ascii_digit() || c == ':') => msg[..i].to_string(),
        _ => msg.to_string(),
    }
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> Option<Node<'a, 'i>> {
    children(node, name).next()
}

/// The text of child `name`, with runs of white space (line breaks from pretty-printing)
/// folded into single spaces.
fn text_of(node: Node, name: &'static str) -> Option<String> {
    let text = child(node, name)?.text()?;
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!folded.is_empty()).then_some(folded)
}

fn metadata(path: &str, node: Node) -> Result<Metadata, InputError> {
    Ok(Metadata {
        component: child(node, "component").map(|c| component(path, c, 1)).transpose()?,
        manufacturer: child(node, "manufacturer").map(org),
        manufacture: child(node, "manufacture").map(org),
        supplier: child(node, "supplier").map(org),
    })
}

/// A component at nesting `level` (1 for a top-level one) with its nested components. Nesting
/// deeper than [`MAX_COMPONENT_DEPTH`] is refused at the first component too deep, as the JSON
/// reader refuses it, so both syntaxes read the same documents and the recursion here stays
/// bounded.
fn component(path: &str, node: Node, level: usize) -> Result<Component, InputError> {
    if level > MAX_COMPONENT_DEPTH {
        let pos = node.document().text_pos_at(node.range().start);
        return Err(InputError::at(path, pos.row as usize, pos.col as usize, too_deep()));
    }
    let nested = match child(node, "components") {
        Some(list) => {
            children(list, "component").map(|c| component(path, c, level + 1)).collect::<Result<_, _>>()?
        }
        None => Vec::new(),
    };
    Ok(Component {
        kind: node.attribute("type").map(str::to_string),
        bom_ref: node.attribute("bom-ref").map(str::to_string),
        group: text_of(node, "group"),
        name: text_of(node, "name"),
        version: text_of(node, "version"),
        description: text_of(node, "description"),
        purl: text_of(node, "purl"),
        supplier: child(node, "supplier").map(org),
        manufacturer: child(node, "manufacturer").map(org),
        author: text_of(node, "author"),
        authors: child(node, "authors")
            .map(|a| children(a, "author").map(contact).collect())
            .unwrap_or_default(),
        publisher: text_of(node, "publisher"),
        licenses: child(node, "licenses").map(licenses).unwrap_or_default(),
        external_references: child(node, "externalReferences")
            .map(|r| {
                children(r, "reference")
                    .map(|n| ExternalReference {
                        kind: n.attribute("type").map(str::to_string),
                        url: text_of(n, "url"),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        properties: child(node, "properties")
            .map(|p| {
                children(p, "property")
                    .map(|n| Property {
                        name: n.attribute("name").map(str::to_string),
                        value: n.text().map(|t| t.trim().to_string()),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        components: nested,
        model_card: child(node, "modelCard").map(model_card),
    })
}

/// `modelCard`: the training data sets of `modelParameters`.
fn model_card(node: Node) -> ModelCard {
    let datasets = child(node, "modelParameters").and_then(|p| child(p, "datasets"));
    let datasets = datasets.into_iter().flat_map(|d| children(d, "dataset"));
    let datasets = datasets.map(|d| TrainingData {
        name: text_of(d, "name"),
        contents: child(d, "contents").map(|c| Contents { url: text_of(c, "url") }),
        governance: child(d, "governance").map(|g| Governance {
            owners: child(g, "owners")
                .into_iter()
                .flat_map(|o| children(o, "owner"))
                .map(|o| DataParty { organization: child(o, "organization").map(org) })
                .collect(),
        }),
    });
    ModelCard { model_parameters: Some(ModelParameters { datasets: datasets.collect() }) }
}

fn org(node: Node) -> OrgEntity {
    OrgEntity {
        name: text_of(node, "name"),
        url: children(node, "url").filter_map(|u| u.text()).map(|t| t.trim().to_string()).collect(),
        contact: children(node, "contact").map(contact).collect(),
        address: child(node, "address").map(|a| Address { country: text_of(a, "country") }),
    }
}

fn contact(node: Node) -> Contact {
    Contact { name: text_of(node, "name"), email: text_of(node, "email") }
}

fn licenses(node: Node) -> Vec<LicenseChoice> {
    node.children()
        .filter(|c| c.is_element())
        .filter_map(|c| match c.tag_name().name() {
            "license" => Some(LicenseChoice {
                license: Some(License {
                    id: text_of(c, "id"),
                    name: text_of(c, "name"),
                    licensing: child(c, "licensing").map(|l| Licensing {
                        license_types: child(l, "licenseTypes")
                            .map(|t| {
                                children(t, "licenseType")
                                    .filter_map(|n| n.text())
                                    .map(|s| s.trim().to_string())
                                    .collect()
                            })
                            .unwrap_or_default(),
                        licensor: child(l, "licensor").map(|lr| Licensor {
                            organization: child(lr, "organization").map(org),
                            individual: child(lr, "individual").map(contact),
                        }),
                    }),
                }),
                expression: None,
            }),
            "expression" => {
                Some(LicenseChoice { license: None, expression: c.text().map(|t| t.trim().to_string()) })
            }
            _ => None,
        })
        .collect()
}

fn dependencies<'a>(node: Node<'a, '_>) -> Vec<Dependency<'a>> {
    fn reference<'a>(n: Node<'a, '_>) -> Option<Ref<'a>> {
        n.attribute("ref").map(|r| Ref(r.into()))
    }
    children(node, "dependency")
        .map(|d| Dependency {
            reference: reference(d),
            depends_on: children(d, "dependency").filter_map(reference).collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<crate::model::Graph, InputError> {
        let mut b = GraphBuilder::new(false);
        read_xml("t.xml", text, &mut b)?;
        Ok(b.finish())
    }

    #[test]
    fn reads_components_and_dependencies() {
        let g = read(
            r#"<?xml version="1.0"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
  <metadata><component type="application" bom-ref="app"><name>app</name></component></metadata>
  <components>
    <component type="library" bom-ref="a">
      <supplier><name>ACME</name><address><country>FR</country></address></supplier>
      <name>a</name><version>1.0</version>
      <licenses><expression>MIT OR Apache-2.0</expression></licenses>
      <purl>pkg:maven/org.acme/a@1.0</purl>
      <externalReferences><reference type="vcs"><url>https://git.example/a</url></reference></externalReferences>
    </component>
  </components>
  <dependencies><dependency ref="app"><dependency ref="a"/></dependency></dependencies>
</bom>"#,
        )
        .unwrap();
        assert_eq!(g.packages.len(), 2);
        let a = &g.packages[g.index_of("pkg:maven/org.acme/a@1.0").unwrap()];
        assert_eq!(a.namespace.as_deref(), Some("org.acme"));
        assert_eq!(a.license.as_deref(), Some("MIT OR Apache-2.0"));
        assert_eq!(a.supplier.as_ref().unwrap().country.as_deref(), Some("FR"));
        assert_eq!(a.repository.as_deref(), Some("https://git.example/a"));
        assert_eq!(g.edges.len(), 1);
    }

    #[test]
    fn refuses_dtd() {
        let e = read(
            r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components/></bom>"#,
        )
        .unwrap_err();
        assert!(e.message.contains("DTD"), "{e}");
        assert_eq!((e.line, e.column), (Some(1), Some(22)));
    }

    #[test]
    fn bad_xml_has_position() {
        let e =
            read("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\">\n<components>\n</bom>").unwrap_err();
        assert!(e.line.is_some(), "{e}");
        assert!(e.message.starts_with("invalid XML"), "{e}");
    }

    #[test]
    fn other_namespace_is_rejected() {
        let e = read("<bom xmlns=\"http://example.org/x\"/>").unwrap_err();
        assert!(e.message.contains("not a CycloneDX"), "{e}");
    }
}

//! The CycloneDX document, reduced to what the model needs: the plain structure both the
//! JSON reader (serde, this file's derives) and the XML reader (`xml.rs`, by hand) fill,
//! before `load.rs` turns it into graph nodes. Every field is optional and unknown
//! fields are ignored: SBOMs in circulation are often slightly off-schema.

use serde::Deserialize;

/// A CycloneDX document, reduced to what the model needs. `C` is a top-level component: parsed
/// ([`Component`], from XML) or still JSON text (`&RawValue`), parsed one at a time so that a
/// large document never holds every component's fields and its graph at once.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "C: Deserialize<'de>, 'de: 'a"))]
pub struct Bom<'a, C = Component> {
    /// Must be `CycloneDX` in JSON.
    #[serde(default)]
    pub bom_format: Option<String>,
    /// `1.2` … `1.7`.
    #[serde(default)]
    pub spec_version: Option<String>,
    /// Document metadata.
    #[serde(default)]
    pub metadata: Option<Metadata>,
    /// Top-level components.
    #[serde(default)]
    pub components: Vec<C>,
    /// The dependency graph.
    #[serde(default, borrow)]
    pub dependencies: Vec<Dependency<'a>>,
}

/// `metadata`.
#[derive(Debug, Default, Deserialize)]
pub struct Metadata {
    /// The component the document describes.
    #[serde(default)]
    pub component: Option<Component>,
    /// 1.6+ `manufacturer` of the described component.
    #[serde(default)]
    pub manufacturer: Option<OrgEntity>,
    /// Before 1.6: `manufacture`.
    #[serde(default)]
    pub manufacture: Option<OrgEntity>,
    /// Supplier of the described component.
    #[serde(default)]
    pub supplier: Option<OrgEntity>,
}

/// One component.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    /// `library`, `application`, `machine-learning-model`, `data`, …
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Reference used by `dependencies`.
    #[serde(default, rename = "bom-ref")]
    pub bom_ref: Option<String>,
    /// Maven group, npm scope.
    #[serde(default)]
    pub group: Option<String>,
    /// Name (required by the spec; lenient here).
    #[serde(default)]
    pub name: Option<String>,
    /// Version.
    #[serde(default)]
    pub version: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Package URL.
    #[serde(default)]
    pub purl: Option<String>,
    /// Supplier organisation.
    #[serde(default)]
    pub supplier: Option<OrgEntity>,
    /// 1.6+ manufacturer.
    #[serde(default)]
    pub manufacturer: Option<OrgEntity>,
    /// Before 1.6: free-text author.
    #[serde(default)]
    pub author: Option<String>,
    /// 1.6+ authors.
    #[serde(default)]
    pub authors: Vec<Contact>,
    /// Publisher, free text.
    #[serde(default)]
    pub publisher: Option<String>,
    /// Licences.
    #[serde(default)]
    pub licenses: Vec<LicenseChoice>,
    /// External references (vcs, website, …).
    #[serde(default)]
    pub external_references: Vec<ExternalReference>,
    /// Name/value properties.
    #[serde(default)]
    pub properties: Vec<Property>,
    /// Nested components.
    #[serde(default)]
    pub components: Vec<Component>,
    /// 1.5+ model card of a `machine-learning-model` (its training data sets).
    #[serde(default)]
    pub model_card: Option<ModelCard>,
}

/// An organisational entity.
#[derive(Debug, Default, Deserialize)]
pub struct OrgEntity {
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Web addresses.
    #[serde(default)]
    pub url: Vec<String>,
    /// Contacts.
    #[serde(default)]
    pub contact: Vec<Contact>,
    /// 1.6+ postal address.
    #[serde(default)]
    pub address: Option<Address>,
}

/// A person or contact.
#[derive(Debug, Default, Deserialize)]
pub struct Contact {
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// E-mail.
    #[serde(default)]
    pub email: Option<String>,
}

/// A postal address; only the country matters here.
#[derive(Debug, Default, Deserialize)]
pub struct Address {
    /// Country (ISO 3166-1 alpha-2 by the spec, free text in practice).
    #[serde(default)]
    pub country: Option<String>,
}

/// One entry of `licenses`: a licence or an expression.
#[derive(Debug, Default, Deserialize)]
pub struct LicenseChoice {
    /// A single licence.
    #[serde(default)]
    pub license: Option<License>,
    /// An SPDX expression.
    #[serde(default)]
    pub expression: Option<String>,
}

/// A licence by SPDX id or by name.
#[derive(Debug, Default, Deserialize)]
pub struct License {
    /// SPDX licence id.
    #[serde(default)]
    pub id: Option<String>,
    /// Free-text licence name.
    #[serde(default)]
    pub name: Option<String>,
    /// 1.5+ commercial licensing details.
    #[serde(default)]
    pub licensing: Option<Licensing>,
}

/// 1.5+ `licensing`: who licenses the component, and how.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Licensing {
    /// Licence types (`perpetual`, `subscription`, `user`, …).
    #[serde(default)]
    pub license_types: Vec<String>,
    /// The licensor.
    #[serde(default)]
    pub licensor: Option<Licensor>,
}

/// The licensor: an organisation or an individual.
#[derive(Debug, Default, Deserialize)]
pub struct Licensor {
    /// Organisation.
    #[serde(default)]
    pub organization: Option<OrgEntity>,
    /// Individual.
    #[serde(default)]
    pub individual: Option<Contact>,
}

/// An external reference.
#[derive(Debug, Default, Deserialize)]
pub struct ExternalReference {
    /// `vcs`, `website`, `distribution`, …
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The URL.
    #[serde(default)]
    pub url: Option<String>,
}

/// A name/value property.
#[derive(Debug, Default, Deserialize)]
pub struct Property {
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Value.
    #[serde(default)]
    pub value: Option<String>,
}

/// One `dependencies` entry: `reference` depends on each of `depends_on`. The references are
/// borrowed from the document's text where they can be (a large graph has hundreds of
/// thousands, looked up once and dropped).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dependency<'a> {
    /// The dependent's bom-ref.
    #[serde(default, rename = "ref", borrow)]
    pub reference: Option<Ref<'a>>,
    /// The dependencies' bom-refs.
    #[serde(default, borrow)]
    pub depends_on: Vec<Ref<'a>>,
}

/// A bom-ref named by the dependency graph: borrowed from the text, owned when it had escapes.
#[derive(Debug, Deserialize)]
pub struct Ref<'a>(#[serde(borrow)] pub std::borrow::Cow<'a, str>);

/// `modelCard`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelCard {
    /// `modelParameters`.
    #[serde(default)]
    pub model_parameters: Option<ModelParameters>,
}

/// `modelCard.modelParameters`.
#[derive(Debug, Default, Deserialize)]
pub struct ModelParameters {
    /// The training data sets.
    #[serde(default)]
    pub datasets: Vec<TrainingData>,
}

/// One training data set: inline, or a `ref` to a data component.
#[derive(Debug, Default, Deserialize)]
pub struct TrainingData {
    /// Its name (inline).
    #[serde(default)]
    pub name: Option<String>,
    /// Where its contents are (inline).
    #[serde(default)]
    pub contents: Option<Contents>,
    /// Who owns, keeps and looks after it (inline).
    #[serde(default)]
    pub governance: Option<Governance>,
}

/// `contents`: only the URL matters here.
#[derive(Debug, Default, Deserialize)]
pub struct Contents {
    /// Where the data is.
    #[serde(default)]
    pub url: Option<String>,
}

/// `governance`: only the owners name provenance.
#[derive(Debug, Default, Deserialize)]
pub struct Governance {
    /// The data's owners.
    #[serde(default)]
    pub owners: Vec<DataParty>,
}

/// A governance party: an organisation or a person.
#[derive(Debug, Default, Deserialize)]
pub struct DataParty {
    /// The organisation, when it is one.
    #[serde(default)]
    pub organization: Option<OrgEntity>,
}

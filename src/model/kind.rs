//! What a package is: a software library (the default), an AI model or a data set. AI models and data sets are dependencies too: an application that ships an
//! open-weight model or calls a hosted model depends on that model's publisher as much as on
//! any crate, so the model keeps the kind the input states and every report shows it.

use serde::{Deserialize, Serialize};

/// The kind of a package, as its input states it.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum PackageKind {
    /// Software: a crate, an npm package, a Maven artefact, an application, a firmware, …
    #[default]
    Library,
    /// A machine-learning model: CycloneDX `machine-learning-model`, SPDX 3.0 `ai_AIPackage`,
    /// a `pkg:huggingface/…` purl, a `[[model]]` a project declares (its weights or a hosted
    /// API such as `api:openai/gpt-4o`).
    Model,
    /// A data set: CycloneDX `data`, SPDX 3.0 `dataset_DatasetPackage`.
    Dataset,
}

impl PackageKind {
    /// True for the default kind, which reports leave unsaid.
    pub fn is_library(&self) -> bool {
        *self == PackageKind::Library
    }

    /// True for the kinds reports list in their "Models and datasets" section.
    pub fn is_ai(&self) -> bool {
        !self.is_library()
    }

    /// The kebab-case name, as the JSON report writes it.
    pub fn as_str(&self) -> &'static str {
        match self {
            PackageKind::Library => "library",
            PackageKind::Model => "model",
            PackageKind::Dataset => "dataset",
        }
    }

    /// The CycloneDX component `type` of this kind (`library` for software).
    pub fn cyclonedx_type(&self) -> Option<&'static str> {
        match self {
            PackageKind::Library => None,
            PackageKind::Model => Some("machine-learning-model"),
            PackageKind::Dataset => Some("data"),
        }
    }

    /// The kind a CycloneDX component `type` states: `machine-learning-model` and `data`;
    /// every other type is software.
    pub fn from_cyclonedx(component_type: &str) -> PackageKind {
        match component_type.trim() {
            "machine-learning-model" => PackageKind::Model,
            "data" => PackageKind::Dataset,
            _ => PackageKind::Library,
        }
    }

    /// The kind a purl type implies: `huggingface` purls name models (the Hugging Face Hub
    /// also hosts data sets, but the purl type says nothing of which: the specification's
    /// examples are models).
    pub fn from_purl_type(ty: &str) -> PackageKind {
        if ty.eq_ignore_ascii_case("huggingface") {
            PackageKind::Model
        } else {
            PackageKind::Library
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PackageKind;

    #[test]
    fn cyclonedx_types_and_purl_types_map_to_kinds() {
        assert_eq!(PackageKind::from_cyclonedx("machine-learning-model"), PackageKind::Model);
        assert_eq!(PackageKind::from_cyclonedx("data"), PackageKind::Dataset);
        assert_eq!(PackageKind::from_cyclonedx("library"), PackageKind::Library);
        assert_eq!(PackageKind::from_cyclonedx("framework"), PackageKind::Library);
        assert_eq!(PackageKind::from_purl_type("huggingface"), PackageKind::Model);
        assert_eq!(PackageKind::from_purl_type("cargo"), PackageKind::Library);
        assert!(PackageKind::Library.is_library());
        assert!(PackageKind::Dataset.is_ai());
        assert_eq!(serde_json::to_string(&PackageKind::Dataset).unwrap(), "\"dataset\"");
    }
}

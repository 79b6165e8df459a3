//! `[[model]]` in `sovereign.toml`: the AI models a project uses without an ML-BOM saying so —
//! open weights it downloads at run time (`huggingface:mistralai/Mistral-7B-v0.1`), a hosted
//! model it calls (`api:openai/gpt-4o`). Each becomes a package of kind `model`, a direct
//! dependency of the workspace's roots, audited like any other: publisher, country, licence.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::error::InputError;
use crate::model::{Package, PackageKind, Source};

/// One declared model, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredModel {
    /// Where it comes from.
    pub origin: ModelOrigin,
    /// The account that publishes it: the Hugging Face organisation, the API's provider.
    pub owner: String,
    /// The model's name.
    pub name: String,
    /// A revision (Hugging Face: a commit), when given.
    pub revision: Option<String>,
    /// Its licence or terms as declared (an SPDX id, a Hugging Face licence id, `Proprietary`).
    pub license: Option<String>,
}

/// Where a declared model comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelOrigin {
    /// Weights from the Hugging Face Hub: `huggingface:<org>/<name>[@<revision>]`.
    HuggingFace,
    /// A hosted model reached through its provider's API: `api:<provider>/<model>`.
    Api,
}

/// `[[model]]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawModel {
    id: Option<Spanned<String>>,
    license: Option<String>,
}

impl DeclaredModel {
    /// The package it becomes in the graph: `pkg:huggingface/<org>/<name>[@<revision>]` (the
    /// package URL type of the Hugging Face Hub), or `api:<provider>/<model>`.
    pub fn package(&self) -> Package {
        let (id, ecosystem, purl, source) = match self.origin {
            ModelOrigin::HuggingFace => {
                let mut purl = format!("pkg:huggingface/{}/{}", self.owner, self.name);
                if let Some(rev) = &self.revision {
                    purl.push('@');
                    purl.push_str(rev);
                }
                let source = Source::Registry { url: Some("https://huggingface.co".into()), default: true };
                (purl.clone(), "huggingface", Some(purl), source)
            }
            ModelOrigin::Api => (format!("api:{}/{}", self.owner, self.name), "api", None, Source::Unknown),
        };
        Package {
            id,
            name: self.name.clone(),
            version: self.revision.clone(),
            ecosystem: ecosystem.to_string(),
            kind: PackageKind::Model,
            namespace: Some(self.owner.clone()),
            purl,
            source,
            license: self.license.clone(),
            ..Package::default()
        }
    }
}

/// Reads `huggingface:<org>/<name>[@<revision>]` (or the purl `pkg:huggingface/…`) and
/// `api:<provider>/<model>`; `None` for anything else.
fn parse_id(id: &str) -> Option<(ModelOrigin, String, String, Option<String>)> {
    let (origin, rest) = if let Some(rest) = id.strip_prefix("huggingface:") {
        (ModelOrigin::HuggingFace, rest)
    } else if let Some(rest) = id.strip_prefix("pkg:huggingface/") {
        (ModelOrigin::HuggingFace, rest)
    } else {
        (ModelOrigin::Api, id.strip_prefix("api:")?)
    };
    let (path, revision) = match rest.split_once('@') {
        Some((path, rev)) if origin == ModelOrigin::HuggingFace => (path, Some(rev)),
        Some(_) => return None,
        None => (rest, None),
    };
    let (owner, name) = path.split_once('/')?;
    let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    let revision_ok = revision.is_none_or(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_alphanumeric()));
    (word(owner) && word(name) && revision_ok)
        .then(|| (origin, owner.to_string(), name.to_string(), revision.map(str::to_string)))
}

/// Validates the `[[model]]` entries, pushing every problem (with its position, through `at`)
/// to `errors`; `given(index)`: the entry's `id` was given but of the wrong type (reported).
pub(super) fn validate(
    raw: Vec<Spanned<RawModel>>,
    at: &dyn Fn(Range<usize>, String) -> InputError,
    given: &dyn Fn(usize) -> bool,
    errors: &mut Vec<InputError>,
) -> Vec<DeclaredModel> {
    let mut models = Vec::new();
    for (index, m) in raw.into_iter().enumerate() {
        let span = m.span();
        let m = m.into_inner();
        let Some(id) = m.id else {
            if !given(index) {
                errors.push(at(span, "a [[model]] needs an `id` such as \"huggingface:mistralai/Mistral-7B-v0.1\" or \"api:openai/gpt-4o\"".into()));
            }
            continue;
        };
        match parse_id(id.get_ref().trim()) {
            Some((origin, owner, name, revision)) => {
                let license = m.license.filter(|l| !l.trim().is_empty());
                models.push(DeclaredModel { origin, owner, name, revision, license });
            }
            None => errors.push(at(
                id.span(),
                format!(
                    "`{}` is not a model id: write `huggingface:<organisation>/<model>[@<revision>]` or `api:<provider>/<model>`, each name of ASCII letters, digits, `-`, `_` and `.` as the Hugging Face Hub allows",
                    id.get_ref()
                ),
            )),
        }
    }
    models
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_both_origins_are_read() {
        let (o, owner, name, rev) = parse_id("huggingface:meta-llama/Llama-3.1-8B-Instruct").unwrap();
        assert_eq!(
            (o, owner.as_str(), name.as_str(), rev),
            (ModelOrigin::HuggingFace, "meta-llama", "Llama-3.1-8B-Instruct", None)
        );
        let (_, _, _, rev) = parse_id("pkg:huggingface/mistralai/Mistral-7B-v0.1@7231864").unwrap();
        assert_eq!(rev.as_deref(), Some("7231864"));
        let (o, owner, name, _) = parse_id("api:openai/gpt-4o").unwrap();
        assert_eq!((o, owner.as_str(), name.as_str()), (ModelOrigin::Api, "openai", "gpt-4o"));
        for bad in [
            "openai/gpt-4o",
            "huggingface:llama",
            "api:openai/gpt-4o@1",
            "huggingface:a b/c",
            "huggingface:/x",
            "hf:a/b",
        ] {
            assert!(parse_id(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_declared_model_is_a_model_package() {
        let m = DeclaredModel {
            origin: ModelOrigin::HuggingFace,
            owner: "mistralai".into(),
            name: "Mistral-7B-v0.1".into(),
            revision: Some("abc".into()),
            license: Some("Apache-2.0".into()),
        };
        let p = m.package();
        assert_eq!(p.id, "pkg:huggingface/mistralai/Mistral-7B-v0.1@abc");
        assert_eq!(p.purl.as_deref(), Some("pkg:huggingface/mistralai/Mistral-7B-v0.1@abc"));
        assert_eq!(
            (p.kind, p.ecosystem.as_str(), p.namespace.as_deref()),
            (PackageKind::Model, "huggingface", Some("mistralai"))
        );
        let api = DeclaredModel {
            origin: ModelOrigin::Api,
            owner: "openai".into(),
            name: "gpt-4o".into(),
            revision: None,
            license: None,
        }
        .package();
        assert_eq!((api.id.as_str(), api.purl), ("api:openai/gpt-4o", None));
    }
}

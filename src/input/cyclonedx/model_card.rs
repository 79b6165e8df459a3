//! A CycloneDX 1.5+ `modelCard`, reduced to what names a model's provenance: the data sets it
//! was trained on (`modelParameters.datasets`). Each one given inline (a name, where its
//! contents are, who owns it under `governance`) becomes a `data` component nested in the
//! model, so the graph says the model depends on it; a dataset given by `ref` to a component
//! elsewhere in the document is not followed (the document's `dependencies` say that, if
//! anything).

use super::bom::{Component, ExternalReference, ModelCard};

/// The inline training data sets of `card` as `data` components: named, their contents as a
/// distribution reference, the first owning organisation as supplier.
pub fn training_data(card: Option<ModelCard>) -> Vec<Component> {
    let datasets = card.and_then(|c| c.model_parameters).map(|p| p.datasets).unwrap_or_default();
    datasets
        .into_iter()
        .filter(|d| d.name.as_deref().is_some_and(|n| !n.trim().is_empty()))
        .map(|d| Component {
            kind: Some("data".to_string()),
            name: d.name,
            supplier: d.governance.and_then(|g| g.owners.into_iter().find_map(|o| o.organization)),
            external_references: d
                .contents
                .and_then(|c| c.url)
                .map(|url| ExternalReference { kind: Some("distribution".to_string()), url: Some(url) })
                .into_iter()
                .collect(),
            ..Component::default()
        })
        .collect()
}

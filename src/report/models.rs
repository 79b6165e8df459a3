//! The "Models and datasets" section the human formats (table, Markdown, HTML) share: every
//! package whose kind is a model or a data set, with its publisher, the country it is
//! controlled from and its licence category, sorted by kind then name (case aside).

use super::document::PackageReport;
use super::Report;

/// One model or data set as the section lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelRow<'a> {
    /// `model` or `dataset`.
    pub kind: &'static str,
    /// The package as people read it: name and version.
    pub label: String,
    /// The package id (a `pkg:huggingface/…` purl, `api:<provider>/<model>`, …).
    pub id: &'a str,
    /// The controlling entity's name, when attributed.
    pub publisher: Option<&'a str>,
    /// The country control is exercised from, when known.
    pub country: Option<&'a str>,
    /// `trusted`, `untrusted` or `unknown`.
    pub jurisdiction: &'static str,
    /// The licence category, when classified.
    pub category: Option<&'a str>,
    /// The licence as declared.
    pub declared: Option<&'a str>,
}

/// The models and data sets of `report`; empty when it has none.
pub fn rows(report: &Report) -> Vec<ModelRow<'_>> {
    let mut rows: Vec<ModelRow> = report.packages.iter().filter(|p| p.kind.is_ai()).map(row).collect();
    // By kind, then by name as people read it (case aside), then by id.
    rows.sort_by_cached_key(|r| (r.kind, r.label.to_lowercase(), r.id));
    rows
}

fn row(p: &PackageReport) -> ModelRow<'_> {
    let origin = p.origin.as_deref();
    ModelRow {
        kind: p.kind.as_str(),
        label: match &p.version {
            Some(v) => format!("{} {v}", p.name),
            None => p.name.clone(),
        },
        id: &p.id,
        publisher: origin.and_then(|o| o.entity.as_deref()),
        country: origin.and_then(|o| o.control_country.as_deref()),
        jurisdiction: origin.map_or("unknown", |o| o.jurisdiction.as_str()),
        category: p.license.category.as_deref(),
        declared: p.license.declared.as_deref(),
    }
}

//! Output formats: one file per format, all rendering the same [`Report`].
//!
//! Writers take `&mut dyn Write` and never print on their own; [`crate::files::write`] puts a
//! rendered report into a file so that an interrupted run never leaves half of one.

pub mod cyclonedx;
pub mod diff;
pub mod document;
pub mod dot;
pub mod explain;
pub mod facts;
pub mod html;
pub mod json;
pub mod locate;
pub mod lookup;
pub mod markdown;
pub mod models;
pub mod paths;
pub mod sarif;
pub mod score;
pub mod spdx;
pub mod summary;
pub mod table;

use std::io::{self, Write};

pub use document::Report;

/// A rendering of the report.
pub trait Reporter {
    /// Writes `report` to `out`.
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()>;
}

/// Choices that change what a format shows.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// The table lists every dependency (`--packages`).
    pub packages: bool,
    /// The terminal's width, for the table on a terminal; `None` for a file or a pipe.
    pub width: Option<usize>,
    /// Where the project's files are, for formats that point into them (SARIF).
    pub sarif: sarif::SarifContext,
    /// The JSON report indented for reading by eye (`--pretty`); compact otherwise.
    pub pretty: bool,
    /// The SPDX version and creation time (`--spdx-version`, `SOURCE_DATE_EPOCH`).
    pub spdx: spdx::SpdxOptions,
    /// `--cyclonedx-version`: the CycloneDX version to move an older input to (and to generate).
    pub cyclonedx_version: Option<cyclonedx::Target>,
}

/// The output formats, by the name `--format` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The human summary.
    Table,
    /// The JSON document.
    Json,
    /// Markdown for job summaries and pull-request comments.
    Markdown,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// An enriched CycloneDX SBOM.
    Cyclonedx,
    /// The flagged part of the graph for Graphviz.
    Dot,
    /// One self-contained HTML page.
    Html,
    /// An SPDX document (2.3 JSON or 3.0 JSON-LD) with the facts as annotations.
    Spdx,
}

impl Format {
    /// Every format with its `--format` name.
    pub const ALL: &'static [(&'static str, Format)] = &[
        ("table", Format::Table),
        ("json", Format::Json),
        ("markdown", Format::Markdown),
        ("sarif", Format::Sarif),
        ("cyclonedx", Format::Cyclonedx),
        ("dot", Format::Dot),
        ("html", Format::Html),
        ("spdx", Format::Spdx),
    ];

    /// The format called `name`.
    pub fn from_name(name: &str) -> Option<Format> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// The format's `--format` name.
    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(_, f)| *f == self).map_or("?", |(n, _)| n)
    }

    /// The reporter for this format.
    pub fn reporter(self, options: &RenderOptions) -> Box<dyn Reporter> {
        match self {
            Format::Table => Box::new(table::Table { packages: options.packages, width: options.width }),
            Format::Json => Box::new(json::Json { pretty: options.pretty }),
            Format::Markdown => Box::new(markdown::Markdown),
            Format::Sarif => Box::new(sarif::Sarif { context: options.sarif.clone() }),
            Format::Cyclonedx => Box::new(cyclonedx::CycloneDx { version: options.cyclonedx_version }),
            Format::Dot => Box::new(dot::Dot),
            Format::Html => Box::new(html::Html),
            Format::Spdx => Box::new(spdx::Spdx { options: options.spdx }),
        }
    }
}

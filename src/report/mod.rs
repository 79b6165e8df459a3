//! Output formats: one file per format, all rendering the same [`Report`].
//!
//! Writers take `&mut dyn Write` and never print on their own; [`write::write_atomically`]
//! puts a rendered report into a file so that an interrupted run never leaves half of one.

pub mod document;
pub mod dot;
pub mod html;
pub mod json;
pub mod paths;
pub mod summary;
pub mod table;
pub mod write;

use std::io::{self, Write};

pub use document::Report;

/// A rendering of the report.
pub trait Reporter {
    /// Writes `report` to `out`.
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()>;
}

/// The output formats, by the name `--format` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The human summary.
    Table,
    /// The JSON document.
    Json,
    /// One self-contained HTML page.
    Html,
    /// The graph of paths to flagged packages, for Graphviz.
    Dot,
}

impl Format {
    /// Every format with its `--format` name.
    pub const ALL: &'static [(&'static str, Format)] =
        &[("table", Format::Table), ("json", Format::Json), ("html", Format::Html), ("dot", Format::Dot)];

    /// The format called `name`.
    pub fn from_name(name: &str) -> Option<Format> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// The reporter for this format.
    pub fn reporter(self) -> Box<dyn Reporter> {
        match self {
            Format::Table => Box::new(table::Table),
            Format::Json => Box::new(json::Json),
            Format::Html => Box::new(html::Html),
            Format::Dot => Box::new(dot::Dot),
        }
    }
}

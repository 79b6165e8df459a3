//! The `--packages` table: one row per dependency, fitted to the width given (a terminal's, or
//! [`FIXED_WIDTH`] for a file or a pipe) by wrapping cells between words.
//!
//! To fit: the name and version share the `package` cell, the ecosystem column is shown only
//! when the graph has more than one ecosystem (the summary line names them), `country` holds
//! the control country with its class (`US untrusted`), and `crit.` says critical.

use std::collections::BTreeSet;
use std::io::{self, Write};

use comfy_table::{presets, ColumnConstraint, ContentArrangement, Table as Grid, Width};

use unicode_width::UnicodeWidthStr;

use crate::model::Origin;
use crate::report::Report;
use crate::terminal::escape;

/// The width of the table when the output is not a terminal.
pub const FIXED_WIDTH: usize = 100;

/// At most this many columns are kept for the longest name (padding included); a longer
/// name is broken.
const MAX_NAME_WIDTH: usize = 28;

/// The control country and its class: `US untrusted`, or `unknown` without a country.
fn country(origin: Option<&Origin>) -> String {
    let class = origin.map_or("unknown", |o| o.jurisdiction.as_str());
    match origin.and_then(|o| o.control_country.as_deref()) {
        Some(country) => format!("{} {class}", escape(country)),
        None => class.to_string(),
    }
}

/// Every dependency: identity, licence category, controller, country, class, criticality, vendor.
pub(super) fn write(report: &Report, width: Option<usize>, out: &mut dyn Write) -> io::Result<()> {
    let packages: Vec<_> = report.packages.iter().filter(|p| !p.root).collect();
    let ecosystems: BTreeSet<&str> = packages.iter().map(|p| p.ecosystem.as_str()).collect();
    let with_ecosystem = ecosystems.len() > 1;
    let width = width.unwrap_or(FIXED_WIDTH);
    let mut header = vec!["package"];
    if with_ecosystem {
        header.push("ecosystem");
    }
    header.extend(["licence", "controlled by", "country", "crit.", "vendor"]);
    let mut grid = Grid::new();
    grid.load_style(presets::UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(u16::try_from(width).unwrap_or(u16::MAX))
        .set_header(header);
    // A package's name is its identity: the column keeps room for the longest name, whole,
    // up to a share of the width, before the other columns share what is left (the version
    // wraps under the name). A licence category or a class is not broken either.
    let longest = packages.iter().map(|p| escape(&p.name).width()).max().unwrap_or(0);
    let name_width = (longest + 2).min(MAX_NAME_WIDTH).min(width * 3 / 10);
    let first = usize::from(with_ecosystem);
    for (column, least) in
        [(0, name_width), (first + 1, "permissive".len() + 2), (first + 3, "untrusted".len() + 2)]
    {
        let least = Width::Fixed(u16::try_from(least).unwrap_or(u16::MAX));
        if let Some(column) = grid.column_mut(column) {
            column.set_constraint(ColumnConstraint::LowerBoundary(least));
        }
    }
    let cell = |s: Option<&str>, none: &str| escape(s.unwrap_or(none)).into_owned();
    for p in packages {
        let o = p.origin.as_ref();
        let mut row = vec![match &p.version {
            Some(v) => format!("{} {}", escape(&p.name), escape(v)),
            None => escape(&p.name).into_owned(),
        }];
        if with_ecosystem {
            row.push(cell(Some(&p.ecosystem), ""));
        }
        row.extend([
            cell(p.license.category.as_deref(), ""),
            cell(o.and_then(|o| o.entity.as_deref()), "–"),
            country(o.map(|o| &**o)),
            if p.graph.is_some_and(|g| g.critical) { "yes".into() } else { String::new() },
            cell(p.vendor.as_ref().map(|v| v.service.as_str()), ""),
        ]);
        grid.add_row(row);
    }
    writeln!(out, "{grid}")
}

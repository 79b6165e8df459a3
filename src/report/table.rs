//! The human summary for a terminal: what was read, how many packages per ecosystem, the
//! licences seen and the roots.

use std::io::{self, Write};

use super::{Report, Reporter};

/// Writes a short human summary.
pub struct Table;

impl Reporter for Table {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let s = &report.summary;
        writeln!(out, "cargo-sovereign {}", report.tool.version)?;
        for input in &report.inputs {
            let format = serde_json::to_value(input.format).ok();
            let format = format.as_ref().and_then(|v| v.as_str()).unwrap_or("?");
            let version = input.spec_version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
            let path = match (&input.path, input.format) {
                (Some(p), _) => p.as_str(),
                (None, crate::model::InputFormat::CargoMetadata) => "(from cargo)",
                (None, _) => "(standard input)",
            };
            writeln!(out, "input: {format}{version} {path}")?;
        }
        writeln!(out)?;
        writeln!(out, "{} packages, {} dependency edges", s.packages, s.edges)?;
        writeln!(out)?;
        writeln!(out, "Roots:")?;
        for root in &s.roots {
            writeln!(out, "  {root}")?;
        }
        writeln!(out)?;
        writeln!(out, "Packages per ecosystem:")?;
        for (eco, n) in &s.ecosystems {
            writeln!(out, "  {n:>6}  {eco}")?;
        }
        writeln!(out)?;
        writeln!(out, "Licence categories:")?;
        for (category, n) in &s.license_categories {
            writeln!(out, "  {n:>6}  {category}")?;
        }
        writeln!(out)?;
        writeln!(out, "Declared licences:")?;
        let mut licences: Vec<(&String, &usize)> = s.declared_licenses.iter().collect();
        licences.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (licence, n) in licences {
            writeln!(out, "  {n:>6}  {licence}")?;
        }
        if !s.warnings.is_empty() {
            writeln!(out)?;
            writeln!(out, "Warnings:")?;
            for w in &s.warnings {
                writeln!(out, "  {w}")?;
            }
        }
        Ok(())
    }
}

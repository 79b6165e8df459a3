//! The top entities table and the package table.
//!
//! The package table is plain HTML, complete without JavaScript; the inline script adds a
//! search box (hidden until the script runs) and sorting by clicking a column heading. Numeric
//! cells carry their value in `data-v` so they sort as numbers.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{class_colour, escape_html};
use crate::model::{Jurisdiction, Source};
use crate::report::document::PackageReport;
use crate::report::Report;

/// The entities controlling the most dependencies.
pub(super) fn entities(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    writeln!(out, "<section id=\"entities\">\n<h2>Top entities</h2>")?;
    if s.top_entities.is_empty() {
        writeln!(out, "<p>No dependency could be attributed to an entity.</p>")?;
        return writeln!(out, "</section>");
    }
    writeln!(
        out,
        "<table class=\"entities\">\n<thead><tr><th>Entity</th><th>Control country</th>\
         <th class=\"num\">Dependencies</th><th class=\"num\">Share</th></tr></thead>\n<tbody>"
    )?;
    for e in &s.top_entities {
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">\
             <span class=\"meter\" style=\"width:{:.0}px\"></span> {:.1}%</td></tr>",
            escape_html(&e.entity),
            escape_html(e.control_country.as_deref().unwrap_or("–")),
            e.packages,
            (e.share * 120.0).clamp(1.0, 120.0),
            e.share * 100.0
        )?;
    }
    writeln!(out, "</tbody>\n</table>\n</section>")
}

/// A link to a package's repository or home page, when it is a plain web address.
fn package_link(p: &PackageReport) -> Option<&str> {
    let source_url = match &p.source {
        Source::Git { url, .. } => Some(url.as_str()),
        _ => None,
    };
    [p.repository.as_deref(), p.homepage.as_deref().map(String::as_str), source_url]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|u| (u.starts_with("https://") || u.starts_with("http://")) && !u.contains(char::is_whitespace))
}

/// Every package, one row each.
pub(super) fn packages(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut finding_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &report.findings {
        if let Some(p) = &f.package {
            *finding_counts.entry(p.as_str()).or_insert(0) += 1;
        }
    }
    writeln!(out, "<section id=\"packages\">\n<h2>Packages ({})</h2>", report.packages.len())?;
    writeln!(
        out,
        "<p class=\"search\" hidden><input type=\"search\" id=\"q\" placeholder=\"Filter packages: name, \
         entity, country, licence…\" aria-label=\"filter packages\"> <span id=\"shown\"></span></p>"
    )?;
    writeln!(
        out,
        "<div class=\"scroll\"><table class=\"packages\" id=\"pkgs\">\n<thead><tr>\
         <th>Package</th><th>Version</th><th>Licence</th><th>Entity</th><th>Control country</th>\
         <th>Jurisdiction</th><th class=\"num\">Depth</th><th class=\"num\">Dependents</th>\
         <th class=\"num\">Dominated</th><th>Critical</th><th>Vendor</th><th class=\"num\">Findings</th>\
         </tr></thead>\n<tbody>"
    )?;
    for p in &report.packages {
        let origin = p.origin.as_ref();
        let class = origin.map_or(Jurisdiction::Unknown, |o| o.jurisdiction).as_str();
        let name = escape_html(&p.name);
        let name = match package_link(p) {
            Some(url) => format!("<a href=\"{}\" rel=\"noopener noreferrer\">{name}</a>", escape_html(url)),
            None => name,
        };
        let root = if p.root { " <small>root</small>" } else { "" };
        let licence = p.license.expression.as_deref().or(p.license.declared.as_deref()).unwrap_or("–");
        let category = p.license.category.as_deref().unwrap_or("unknown");
        let g = p.graph.as_ref();
        let num = |v: Option<u32>| match v {
            Some(n) => format!("<td class=\"num\" data-v=\"{n}\">{n}</td>"),
            None => "<td class=\"num\" data-v=\"-1\">–</td>".to_string(),
        };
        let findings = finding_counts.get(p.id.as_str()).copied().unwrap_or(0);
        writeln!(
            out,
            "<tr><td title=\"{}\">{name}{root}</td><td>{}</td><td title=\"{}\">{}</td><td>{}</td><td>{}</td>\
             <td><span class=\"dot\" style=\"background:{}\"></span>{class}</td>{}{}{}<td>{}</td><td>{}</td>\
             <td class=\"num\" data-v=\"{findings}\">{findings}</td></tr>",
            escape_html(&p.id),
            escape_html(p.version.as_deref().unwrap_or("–")),
            escape_html(licence),
            escape_html(category),
            escape_html(origin.and_then(|o| o.entity.as_deref()).unwrap_or("–")),
            escape_html(origin.and_then(|o| o.control_country.as_deref()).unwrap_or("–")),
            class_colour(class),
            num(g.and_then(|g| g.depth)),
            num(g.map(|g| g.dependents)),
            num(g.map(|g| g.dominated)),
            if g.is_some_and(|g| g.critical) { "yes" } else { "" },
            escape_html(p.vendor.as_ref().map_or("", |v| v.name.as_str())),
        )?;
    }
    writeln!(out, "</tbody>\n</table></div>\n</section>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_linked() {
        let mut p = crate::report::paths::tests::report(&["a"], &[], &["a"]).packages.remove(0);
        p.repository = Some("javascript:alert(1)".into());
        p.homepage = Some(Box::new("https://example.org/a".into()));
        assert_eq!(package_link(&p), Some("https://example.org/a"));
        p.homepage = Some(Box::new("https://example.org/a b".into()));
        assert_eq!(package_link(&p), None);
    }
}

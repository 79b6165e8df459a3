//! The top entities table and the package table.
//!
//! The package table is plain HTML, complete without JavaScript; the inline script adds a
//! search box (hidden until the script runs) and sorting by clicking a column heading. Numeric
//! cells carry their value in `data-v` so they sort as numbers.

use std::cmp::Reverse;
use std::io::{self, Write};

use super::{class_colour, escape_html};
use crate::model::{Jurisdiction, Source};
use crate::policy::code::Severity;
use crate::report::document::PackageReport;
use crate::report::paths::ReportGraph;
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

/// Every package, one row each; for a graph above [`LARGE_GRAPH`] packages, the
/// [`TOP_PACKAGES`] that most need a look ([`top`]), and where to find the rest.
pub(super) fn packages(report: &Report, graph: &ReportGraph, out: &mut dyn Write) -> io::Result<()> {
    let counts = finding_counts(report, graph);
    let rows: Vec<usize> = if report.packages.len() > LARGE_GRAPH {
        top(report, &counts)
    } else {
        (0..report.packages.len()).collect()
    };
    if rows.len() < report.packages.len() {
        writeln!(
            out,
            "<section id=\"packages\">\n<h2>Packages ({} of {})</h2>",
            thousands(rows.len()),
            thousands(report.packages.len())
        )?;
        writeln!(
            out,
            "<p class=\"abridged\">This graph has more than {} packages, too many for one page to \
             stay quick: the table lists the {} that most need a look (the most serious findings, \
             then the most findings, then critical ones with the most packages depending on them). \
             Every package, with its evidence, is in the JSON report: <code>cargo sovereign audit \
             --format json=report.json</code>.</p>",
            thousands(LARGE_GRAPH),
            thousands(rows.len())
        )?;
    } else {
        writeln!(out, "<section id=\"packages\">\n<h2>Packages ({})</h2>", report.packages.len())?;
    }
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
    for i in rows {
        let p = &report.packages[i];
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
        let findings = counts[i].0;
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

/// Above this many packages the page shows only the top of the package table and of each
/// finding list: at 100,000 packages the full page is over 50 MB, which browsers open slowly
/// if at all. Documented in the README (the html format).
pub(super) const LARGE_GRAPH: usize = 10_000;

/// How many packages the table of a large graph shows.
pub(super) const TOP_PACKAGES: usize = 1_000;

/// How a package ranks in [`top`]: first is most in need of a look.
type Rank = (Reverse<Option<Severity>>, Reverse<usize>, Reverse<bool>, Reverse<u32>, Reverse<u32>);

/// Each package's findings, by its place in `report.packages`: how many, and the most severe.
/// A finding names its package by id, so packages listed under one id (only a report from
/// elsewhere can) share that id's counts.
fn finding_counts(report: &Report, graph: &ReportGraph) -> Vec<Counts> {
    // One hash lookup per finding, into a list read in order below (an ordered map of a
    // million ids was searched twice per package).
    let mut counts: Vec<Counts> = vec![(0, None); report.packages.len()];
    for f in &report.findings {
        if let Some(i) = f.package.as_deref().and_then(|id| graph.index_of(id)) {
            let (n, worst) = &mut counts[i];
            *n += 1;
            *worst = (*worst).max(Some(f.severity));
        }
    }
    if graph.ids_are_unique() {
        return counts;
    }
    report.packages.iter().map(|p| graph.index_of(&p.id).map_or((0, None), |i| counts[i])).collect()
}

/// How many findings a package has, and the most severe.
type Counts = (usize, Option<Severity>);

/// The [`TOP_PACKAGES`] packages that most need a look, in that order, by their places in
/// `report.packages`: the most serious finding, then the most findings, then critical before
/// not, then the most packages reached only through them, the most depending on them, and by
/// id.
fn top(report: &Report, counts: &[Counts]) -> Vec<usize> {
    // Each package's key is worked out once (not in every comparison), and only the top is
    // sorted: a million packages' full sort by looked-up keys took seconds.
    let mut ranked: Vec<(Rank, usize)> = report
        .packages
        .iter()
        .zip(counts)
        .enumerate()
        .map(|(i, (p, &(n, worst)))| {
            let g = p.graph.unwrap_or_default();
            (
                (
                    Reverse(worst),
                    Reverse(n),
                    Reverse(g.critical),
                    Reverse(g.dominated),
                    Reverse(g.dependents),
                ),
                i,
            )
        })
        .collect();
    let packages = &report.packages;
    let order = |a: &(Rank, usize), b: &(Rank, usize)| {
        a.0.cmp(&b.0).then_with(|| packages[a.1].id.cmp(&packages[b.1].id))
    };
    if ranked.len() > TOP_PACKAGES {
        ranked.select_nth_unstable_by(TOP_PACKAGES - 1, order);
        ranked.truncate(TOP_PACKAGES);
    }
    ranked.sort_by(order);
    ranked.into_iter().map(|(_, i)| i).collect()
}

/// `12345` as `12,345`.
pub(super) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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

    /// A report of `n` packages, `p0` … (ids sorted as text).
    fn packages(n: usize) -> Report {
        let names: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        crate::report::paths::tests::report(&names, &[], &[])
    }

    fn page(report: &Report) -> String {
        let mut out = Vec::new();
        crate::report::Reporter::render(&crate::report::html::Html, report, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn rows(page: &str) -> Vec<&str> {
        page.split("<tr><td title=\"").skip(1).map(|r| r.split('"').next().unwrap()).collect()
    }

    #[test]
    fn up_to_the_threshold_every_package_has_a_row() {
        let report = packages(LARGE_GRAPH);
        let page = page(&report);
        assert_eq!(rows(&page).len(), LARGE_GRAPH);
        assert!(page.contains(&format!("<h2>Packages ({LARGE_GRAPH})</h2>")));
        assert!(!page.contains("class=\"abridged\""));
    }

    /// Issue 24: a 100,000-package page was 54 MB; above the threshold the table shows the
    /// packages that most need a look, the worst first, and says where the rest are.
    #[test]
    fn above_the_threshold_the_table_shows_the_top_packages_and_where_the_rest_are() {
        use crate::report::paths::tests::finding;
        let mut report = packages(LARGE_GRAPH + 1);
        let mut note = finding("unknown-origin", "p7");
        note.severity = Severity::Note;
        let mut warnings: Vec<_> = (0..2).map(|_| finding("unknown-license", "p9")).collect();
        for w in &mut warnings {
            w.severity = Severity::Warning;
        }
        report.findings = vec![finding("proprietary-license", "p5000"), note];
        report.findings.extend(warnings);
        let p3 = report.packages.iter_mut().find(|p| p.id == "p3").unwrap();
        p3.graph = Some(crate::model::GraphFigures { critical: true, dependents: 5, ..Default::default() });
        let page = page(&report);
        let rows = rows(&page);
        assert_eq!(rows.len(), TOP_PACKAGES);
        // The error first, then the package with two warnings, the note, the critical one, then by id.
        assert_eq!(rows[..5], ["p5000", "p9", "p7", "p3", "p0"]);
        assert!(page.contains("<h2>Packages (1,000 of 10,001)</h2>"), "{}", &page[..200]);
        assert!(page.contains("class=\"abridged\"") && page.contains("--format json=report.json"));
    }

    #[test]
    fn above_the_threshold_each_finding_code_lists_its_first_thousand() {
        use crate::report::paths::tests::finding;
        let mut report = packages(LARGE_GRAPH + 1);
        report.findings = (0..1_002).map(|i| finding("proprietary-license", &format!("p{i}"))).collect();
        for (i, f) in report.findings.iter_mut().enumerate() {
            f.message = format!("finding {i}");
        }
        let page = page(&report);
        assert!(page.contains("<li>finding 999</li>") && !page.contains("<li>finding 1000</li>"));
        assert!(page.contains("and 2 more: every finding is in the JSON report"));
        // Below the threshold every finding is listed.
        report.packages.truncate(LARGE_GRAPH);
        let page = super::tests::page(&report);
        assert!(page.contains("<li>finding 1001</li>") && !page.contains("more: every finding"));
    }

    /// A report from elsewhere may list one id twice: both rows show that id's findings.
    #[test]
    fn each_row_counts_the_findings_about_its_id() {
        use crate::report::paths::tests::finding;
        let mut report = packages(3);
        report.packages.push(report.packages[0].clone());
        report.findings = vec![
            finding("unknown-license", "p0"),
            finding("unknown-origin", "p0"),
            finding("unknown-license", "p2"),
        ];
        let page = page(&report);
        let counts: Vec<(&str, &str)> = page
            .split("<tr><td title=\"")
            .skip(1)
            .map(|r| {
                (
                    r.split('"').next().unwrap(),
                    r.rsplit("data-v=\"").next().unwrap().split('"').next().unwrap(),
                )
            })
            .collect();
        assert_eq!(counts, [("p0", "2"), ("p1", "0"), ("p2", "1"), ("p0", "2")]);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(100_001), "100,001");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}

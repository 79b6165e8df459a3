//! `diff BASE.json HEAD.json`: what a change does to the supply chain.
//!
//! Compares two JSON reports: packages added, removed and changed in version, findings new and
//! resolved, and the change in the share of critical packages controlled from untrusted
//! jurisdictions. This is the pull-request gate ("this change adds a non-European single point
//! of dependency"). A finding is matched across the two reports by its code and the package's
//! ecosystem and name (not version), so a version bump does not make an old finding look new.
//!
//! A change that only removes packages adds no risk, yet shares of a smaller graph move: a
//! package can cross a criticality threshold, an entity's share can grow. Findings that appear
//! after such a change are reported apart (`shifted_findings`) and never fail the gate.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use serde::Serialize;

use crate::kb::licenses::LicenseCategory;
use crate::model::Jurisdiction;
use crate::policy::code::{Code, Severity};
use crate::policy::finding::Finding;
use crate::report::document::PackageReport;
use crate::report::Report;
use crate::terminal::safe_writeln;

/// The differences between two reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReportDiff {
    /// Packages only in HEAD, by id.
    pub added: Vec<String>,
    /// Packages only in BASE, by id.
    pub removed: Vec<String>,
    /// Packages in both with another version: (ecosystem/name, base version, head version).
    pub changed: Vec<VersionChange>,
    /// Findings only in HEAD, brought by packages the change added or changed.
    pub new_findings: Vec<Finding>,
    /// Findings only in HEAD after a change that only removed packages: the graph shrank and
    /// its shares moved; they do not fail the gate.
    pub shifted_findings: Vec<Finding>,
    /// Findings only in BASE.
    pub resolved_findings: Vec<Finding>,
    /// Share of critical packages controlled from untrusted jurisdictions, in BASE.
    pub base_untrusted_critical_share: Option<f64>,
    /// The same in HEAD.
    pub head_untrusted_critical_share: Option<f64>,
}

/// A package whose version changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct VersionChange {
    /// `ecosystem/name`.
    pub package: String,
    /// Version in BASE.
    pub base: Option<String>,
    /// Version in HEAD.
    pub head: Option<String>,
}

pub use crate::report::json::read::read_report;

/// Compares `base` with `head`.
pub fn diff(base: &Report, head: &Report) -> ReportDiff {
    let base_ids: BTreeSet<&str> = base.packages.iter().map(|p| p.id.as_str()).collect();
    let head_ids: BTreeSet<&str> = head.packages.iter().map(|p| p.id.as_str()).collect();
    let by_name = |r: &Report| -> BTreeMap<String, Vec<Option<String>>> {
        let mut m: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
        for p in &r.packages {
            m.entry(name_key(p)).or_default().push(p.version.clone());
        }
        m
    };
    let (base_names, head_names) = (by_name(base), by_name(head));
    let mut changed = Vec::new();
    let mut renamed_ids: BTreeSet<&str> = BTreeSet::new();
    for (name, head_versions) in &head_names {
        let Some(base_versions) = base_names.get(name) else { continue };
        // Only an unambiguous one-for-one replacement counts as a version change.
        if let ([b], [h]) = (base_versions.as_slice(), head_versions.as_slice()) {
            if b != h {
                changed.push(VersionChange { package: name.clone(), base: b.clone(), head: h.clone() });
                for p in base.packages.iter().chain(&head.packages) {
                    if &name_key(p) == name {
                        renamed_ids.insert(p.id.as_str());
                    }
                }
            }
        }
    }
    let added: Vec<String> = head_ids
        .difference(&base_ids)
        .filter(|id| !renamed_ids.contains(*id))
        .map(|s| s.to_string())
        .collect();
    let removed = base_ids
        .difference(&head_ids)
        .filter(|id| !renamed_ids.contains(*id))
        .map(|s| s.to_string())
        .collect();

    let base_keys: BTreeSet<(String, String)> = base.findings.iter().map(|f| finding_key(base, f)).collect();
    let head_keys: BTreeSet<(String, String)> = head.findings.iter().map(|f| finding_key(head, f)).collect();
    let mut new_findings: Vec<Finding> =
        head.findings.iter().filter(|f| !base_keys.contains(&finding_key(head, f))).cloned().collect();
    new_findings.extend(license_changes(base, head));
    let only_removed = adds_nothing(&added, &changed);
    let shifted_findings = if only_removed { std::mem::take(&mut new_findings) } else { Vec::new() };
    let resolved_findings =
        base.findings.iter().filter(|f| !head_keys.contains(&finding_key(base, f))).cloned().collect();
    ReportDiff {
        added,
        removed,
        changed,
        new_findings,
        shifted_findings,
        resolved_findings,
        base_untrusted_critical_share: untrusted_critical_share(base),
        head_untrusted_critical_share: untrusted_critical_share(head),
    }
}

/// `license-change` findings: packages in both reports (one version each, matched by name)
/// whose licence category became more restrictive. At error when the head report raises an
/// error-level licence finding on the package (its policy denies the new category), else at
/// warning.
fn license_changes(base: &Report, head: &Report) -> Vec<Finding> {
    let (base_by_name, head_by_name) = (one_per_name(base), one_per_name(head));
    let category = |p: &PackageReport| {
        p.license
            .category
            .as_deref()
            .and_then(|c| c.parse::<LicenseCategory>().ok())
            .filter(|c| *c != LicenseCategory::Unknown)
    };
    let mut out = Vec::new();
    for (name, h) in &head_by_name {
        let (Some(h), Some(Some(b))) = (h, base_by_name.get(name)) else { continue };
        let (Some(was), Some(is)) = (category(b), category(h)) else { continue };
        if is.rank() <= was.rank() {
            continue;
        }
        let denied = head.findings.iter().any(|f| {
            f.package.as_deref() == Some(h.id.as_str())
                && f.severity == Severity::Error
                && f.code.is_license()
        });
        let declared = |p: &PackageReport| p.license.declared.clone().unwrap_or_else(|| "?".into());
        let version = |p: &PackageReport| p.version.clone().unwrap_or_else(|| "?".into());
        out.push(Finding {
            code: Code::LicenseChange,
            severity: if denied { Severity::Error } else { Severity::Warning },
            package: Some(h.id.clone()),
            message: format!(
                "{} {} -> {}: licence {} ({was}) became {} ({is})",
                h.name,
                version(b),
                version(h),
                declared(b),
                declared(h)
            ),
        });
    }
    out
}

/// Each package name with its package, or `None` when the report has several versions of it.
fn one_per_name(r: &Report) -> BTreeMap<String, Option<&PackageReport>> {
    let mut m: BTreeMap<String, Option<&PackageReport>> = BTreeMap::new();
    for p in &r.packages {
        m.entry(name_key(p)).and_modify(|e| *e = None).or_insert(Some(p));
    }
    m
}

/// Whether the change added no package and changed no version (it may have removed some).
fn adds_nothing(added: &[String], changed: &[VersionChange]) -> bool {
    added.is_empty() && changed.is_empty()
}

fn name_key(p: &PackageReport) -> String {
    match &p.namespace {
        Some(ns) => format!("{}/{}/{}", p.ecosystem, ns, p.name),
        None => format!("{}/{}", p.ecosystem, p.name),
    }
}

/// (code, what it is about): the package's versionless name, or the message for graph-wide findings.
fn finding_key(report: &Report, f: &Finding) -> (String, String) {
    let subject = f
        .package
        .as_ref()
        .and_then(|id| report.packages.iter().find(|p| &p.id == id))
        .map(name_key)
        .unwrap_or_else(|| f.message.clone());
    (f.code.as_str().to_string(), subject)
}

/// Share of critical packages whose controlling country is untrusted; `None` without analysis.
pub fn untrusted_critical_share(r: &Report) -> Option<f64> {
    let critical: Vec<&PackageReport> =
        r.packages.iter().filter(|p| p.graph.is_some_and(|g| g.critical)).collect();
    if critical.is_empty() {
        return r.packages.iter().any(|p| p.graph.is_some()).then_some(0.0);
    }
    let untrusted = critical
        .iter()
        .filter(|p| p.origin.as_ref().is_some_and(|o| o.jurisdiction == Jurisdiction::Untrusted))
        .count();
    Some(untrusted as f64 / critical.len() as f64)
}

/// Writes the diff for a person; every line is escaped for a terminal (the reports are input).
pub fn render_text(d: &ReportDiff, out: &mut dyn Write) -> io::Result<()> {
    safe_writeln!(
        out,
        "Packages: {} added, {} removed, {} changed version",
        d.added.len(),
        d.removed.len(),
        d.changed.len()
    )?;
    for id in &d.added {
        safe_writeln!(out, "  + {id}")?;
    }
    for id in &d.removed {
        safe_writeln!(out, "  - {id}")?;
    }
    for c in &d.changed {
        let v = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".into());
        safe_writeln!(out, "  ~ {} {} -> {}", c.package, v(&c.base), v(&c.head))?;
    }
    safe_writeln!(out)?;
    safe_writeln!(out, "Findings: {} new, {} resolved", d.new_findings.len(), d.resolved_findings.len())?;
    for f in &d.new_findings {
        safe_writeln!(out, "  + {} [{}] {}", f.severity, f.code, f.message)?;
    }
    if !d.shifted_findings.is_empty() {
        safe_writeln!(
            out,
            "  {} more appeared only because the change removed packages and the graph's shares moved (not counted):",
            d.shifted_findings.len()
        )?;
        for f in &d.shifted_findings {
            safe_writeln!(out, "  ~ {} [{}] {}", f.severity, f.code, f.message)?;
        }
    }
    for f in &d.resolved_findings {
        safe_writeln!(out, "  - {} [{}] {}", f.severity, f.code, f.message)?;
    }
    if let (Some(b), Some(h)) = (d.base_untrusted_critical_share, d.head_untrusted_critical_share) {
        safe_writeln!(out)?;
        safe_writeln!(
            out,
            "Critical packages controlled from untrusted jurisdictions: {:.1}% -> {:.1}% ({:+.1} points)",
            b * 100.0,
            h * 100.0,
            (h - b) * 100.0
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{GraphBuilder, Package};

    fn report(packages: &[(&str, &str)], findings: &[(&str, &str)]) -> Report {
        let mut b = GraphBuilder::new(false);
        for (name, version) in packages {
            b.add_package(Package {
                id: format!("pkg:cargo/{name}@{version}"),
                name: name.to_string(),
                version: Some(version.to_string()),
                ecosystem: "cargo".into(),
                ..Package::default()
            });
        }
        let mut r = Report::from_graph(&b.finish());
        r.findings = findings
            .iter()
            .map(|(code, pkg)| Finding {
                code: crate::policy::code::Code::from_name(code).unwrap(),
                severity: crate::policy::code::Severity::Error,
                package: Some(format!("pkg:cargo/{pkg}")),
                message: format!("{pkg} is a problem"),
            })
            .collect();
        r
    }

    #[test]
    fn version_bump_is_a_change_not_a_new_finding() {
        let base = report(&[("a", "1.0.0"), ("b", "1.0.0")], &[("vendor-lock-in", "a@1.0.0")]);
        let head = report(
            &[("a", "1.1.0"), ("c", "2.0.0")],
            &[("vendor-lock-in", "a@1.1.0"), ("git-source", "c@2.0.0")],
        );
        let d = diff(&base, &head);
        assert_eq!(d.added, vec!["pkg:cargo/c@2.0.0"]);
        assert_eq!(d.removed, vec!["pkg:cargo/b@1.0.0"]);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].package, "cargo/a");
        assert_eq!(d.new_findings.len(), 1);
        assert_eq!(d.new_findings[0].code.as_str(), "git-source");
        assert!(d.resolved_findings.is_empty());
    }

    /// Issue 22: after `cargo remove sentry` (76 packages removed, none added) a package became
    /// critical in the smaller graph and the gate failed.
    #[test]
    fn a_change_that_only_removes_packages_never_brings_new_findings() {
        let base = report(&[("a", "1.0.0"), ("b", "1.0.0"), ("c", "1.0.0")], &[]);
        let head = report(&[("a", "1.0.0")], &[("non-european-single-point", "a@1.0.0")]);
        let d = diff(&base, &head);
        assert_eq!(d.removed.len(), 2);
        assert!(d.new_findings.is_empty());
        assert_eq!(d.shifted_findings.len(), 1);
        // Adding a package makes new findings count again, whichever package they are about.
        let head = report(&[("a", "1.0.0"), ("d", "1.0.0")], &[("non-european-single-point", "a@1.0.0")]);
        assert_eq!(diff(&base, &head).new_findings.len(), 1);
    }

    #[test]
    fn reports_round_trip_through_json() {
        let r = report(&[("a", "1.0.0")], &[("git-source", "a@1.0.0")]);
        let mut json = Vec::new();
        crate::report::Reporter::render(&crate::report::json::Json::default(), &r, &mut json).unwrap();
        let back = read_report("r.json", &json).unwrap();
        assert_eq!(back.packages.len(), 1);
        assert_eq!(back.findings, r.findings);
        assert!(read_report("x.json", b"{\"a\":1}").unwrap_err().message.contains("schema_version"));
    }
}

//! Findings: for every code, a graph that triggers it and one that must not; licence rules by
//! category and by SPDX id; severities; exceptions and their expiry; roots; determinism.
//!
//! Graphs are built in code, enriched with the embedded knowledge base and analysed exactly as
//! `pipeline::run` does, with a fixed `today` so expiry does not depend on the clock.

use cargo_sovereign::enrich::online::progress::Silent;
use cargo_sovereign::enrich::Attributor;
use cargo_sovereign::kb::base::Kb;
use cargo_sovereign::model::{DepKind, Graph, GraphBuilder, Package, Party, PartyKind, Source};
use cargo_sovereign::pipeline::{self, graph_figures, Options, Policy};
use cargo_sovereign::policy::code::Code;
use cargo_sovereign::policy::config::{self, Config};
use cargo_sovereign::policy::date::Date;
use cargo_sovereign::policy::finding::Finding;
use cargo_sovereign::policy::findings::{self, Context};
use cargo_sovereign::policy::jurisdiction::{self, trusted_countries};

pub(crate) const TODAY: Date = Date::new(2026, 3, 1);

/// A crates.io package at 1.0.0 whose repository lives under `owner` on GitHub (`None`: no
/// repository, so nothing attributes it).
pub(crate) fn krate(name: &str, owner: Option<&str>, license: Option<&str>) -> Package {
    Package {
        id: format!("pkg:cargo/{name}@1.0.0"),
        name: name.to_string(),
        version: Some("1.0.0".to_string()),
        ecosystem: "cargo".to_string(),
        source: Source::Registry { url: None, default: true },
        license: license.map(str::to_string),
        repository: owner.map(|o| format!("https://github.com/{o}/{name}")),
        ..Package::default()
    }
}

/// A dependency controlled from a trusted country (SAP, DE) under MIT: no finding of its own.
pub(crate) fn trusted(name: &str) -> Package {
    krate(name, Some("SAP"), Some("MIT"))
}

/// A dependency controlled from the US (Amazon) under MIT.
pub(crate) fn american(name: &str) -> Package {
    krate(name, Some("aws"), Some("MIT"))
}

/// The workspace member every graph starts from.
pub(crate) fn root() -> Package {
    Package {
        id: "app".into(),
        name: "app".into(),
        version: Some("0.1.0".into()),
        ecosystem: "cargo".into(),
        source: Source::Path { path: ".".into() },
        license: Some("EUPL-1.2".into()),
        ..Package::default()
    }
}

/// `app` depends directly on each of `direct`; `hub` (a trusted direct dependency) depends on
/// each of `behind`, together with enough trusted leaves that no package behind it is critical.
pub(crate) fn graph(direct: Vec<Package>, behind: Vec<Package>) -> Graph {
    let mut b = GraphBuilder::new(false);
    let r = b.add_package(root());
    b.add_root(r);
    for p in direct {
        let i = b.add_package(p);
        b.add_edge(r, i, DepKind::Normal);
    }
    if !behind.is_empty() {
        let hub = b.add_package(trusted("hub"));
        b.add_edge(r, hub, DepKind::Normal);
        for p in behind.into_iter().chain((0..20).map(|n| trusted(&format!("leaf{n:02}")))) {
            let i = b.add_package(p);
            b.add_edge(hub, i, DepKind::Normal);
        }
    }
    b.finish()
}

pub(crate) fn evaluate_on(g: &Graph, c: &Config, today: Date) -> (Vec<Finding>, usize) {
    let kb = Kb::embedded();
    let attributor =
        Attributor { kb: &kb, overrides: &c.overrides, follow_parent: c.follow_parent, online: None };
    let mut facts = attributor.enrich(g);
    jurisdiction::judge(&mut facts, &trusted_countries(c).unwrap());
    let figures = graph_figures(g, c);
    findings::evaluate(&Context { graph: g, facts: &facts, figures: &figures, config: c, today })
}

pub(crate) fn run(g: &Graph, c: &Config) -> Vec<Finding> {
    evaluate_on(g, c, TODAY).0
}

pub(crate) fn defaults(g: &Graph) -> Vec<Finding> {
    run(g, &Config::default())
}

pub(crate) fn policy(text: &str) -> Config {
    config::parse("sovereign.toml", text).unwrap()
}

/// The findings with `code`, as (severity, package id).
pub(crate) fn with(findings: &[Finding], code: Code) -> Vec<(String, Option<String>)> {
    findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| (f.severity.as_str().to_string(), f.package.clone()))
        .collect()
}

pub(crate) fn one(severity: &str, package: &str) -> Vec<(String, Option<String>)> {
    vec![(severity.to_string(), Some(format!("pkg:cargo/{package}@1.0.0")))]
}

pub(crate) fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

// ------------------------------------------------------------------------------------------
// One trigger and one non-trigger per code
// ------------------------------------------------------------------------------------------

#[test]
fn clean_graph_has_no_findings() {
    let g = graph(vec![trusted("a"), trusted("b")], vec![trusted("c")]);
    assert_eq!(defaults(&g), vec![]);
}

#[test]
fn proprietary_license() {
    let f = defaults(&graph(vec![krate("closed", Some("SAP"), Some("LicenseRef-Proprietary"))], vec![]));
    assert_eq!(with(&f, Code::ProprietaryLicense), one("error", "closed"));
    let f = defaults(&graph(vec![krate("open", Some("SAP"), Some("Apache-2.0"))], vec![]));
    assert_eq!(with(&f, Code::ProprietaryLicense), vec![]);
}

#[test]
fn source_available_license() {
    let f = defaults(&graph(vec![krate("busl", Some("SAP"), Some("BUSL-1.1"))], vec![]));
    assert_eq!(with(&f, Code::SourceAvailableLicense), one("error", "busl"));
    assert_eq!(codes(&f), vec!["source-available-license"]);
    let f = defaults(&graph(vec![krate("busl", Some("SAP"), Some("BUSL-1.1 OR MIT"))], vec![]));
    assert_eq!(with(&f, Code::SourceAvailableLicense), vec![], "an OR with an open licence is open");
}

#[test]
fn non_commercial_license() {
    let f = defaults(&graph(vec![krate("nc", Some("SAP"), Some("CC-BY-NC-4.0"))], vec![]));
    assert_eq!(with(&f, Code::NonCommercialLicense), one("error", "nc"));
    let f = defaults(&graph(vec![krate("by", Some("SAP"), Some("CC-BY-4.0"))], vec![]));
    assert_eq!(with(&f, Code::NonCommercialLicense), vec![]);
}

#[test]
fn unknown_license() {
    let f = defaults(&graph(vec![krate("bare", Some("SAP"), None)], vec![]));
    assert_eq!(with(&f, Code::UnknownLicense), one("warning", "bare"));
    assert!(f[0].message.contains("no licence"), "{}", f[0].message);
    let f = defaults(&graph(vec![krate("bare", Some("SAP"), Some("NOASSERTION"))], vec![]));
    assert_eq!(with(&f, Code::UnknownLicense), one("warning", "bare"));
    let f = defaults(&graph(vec![krate("mit", Some("SAP"), Some("MIT"))], vec![]));
    assert_eq!(with(&f, Code::UnknownLicense), vec![]);
}

#[test]
fn copyleft_license() {
    for license in ["GPL-3.0-only", "LGPL-2.1-or-later", "AGPL-3.0-only", "MPL-2.0"] {
        let f = defaults(&graph(vec![krate("gpl", Some("SAP"), Some(license))], vec![]));
        assert_eq!(with(&f, Code::CopyleftLicense), one("note", "gpl"), "{license}");
    }
    let f = defaults(&graph(vec![krate("dual", Some("SAP"), Some("GPL-3.0-only OR MIT"))], vec![]));
    assert_eq!(with(&f, Code::CopyleftLicense), vec![]);
}

#[test]
fn non_european_single_point() {
    let f = defaults(&graph(vec![american("aws-thing")], vec![]));
    assert_eq!(with(&f, Code::NonEuropeanSinglePoint), one("error", "aws-thing"));
    assert!(f[0].message.contains("(US)") && f[0].message.contains("direct dependency"), "{}", f[0].message);
    // The same package, not critical (one leaf among many behind a trusted hub): no finding.
    let f = defaults(&graph(vec![], vec![american("aws-thing")]));
    assert_eq!(with(&f, Code::NonEuropeanSinglePoint), vec![]);
    // Critical but trusted: no finding.
    let f = defaults(&graph(vec![trusted("sap-thing")], vec![]));
    assert_eq!(with(&f, Code::NonEuropeanSinglePoint), vec![]);
}

#[test]
fn non_european_single_point_names_the_parent() {
    let f = defaults(&graph(vec![krate("studio", Some("EmbarkStudios"), Some("MIT"))], vec![]));
    let nesp: Vec<&Finding> = f.iter().filter(|f| f.code == Code::NonEuropeanSinglePoint).collect();
    assert_eq!(nesp.len(), 1);
    assert!(
        nesp[0].message.contains("part of Nexon") && nesp[0].message.contains("(JP)"),
        "{}",
        nesp[0].message
    );
}

#[test]
fn vendor_lock_in() {
    // Transitive and not critical: lock-in does not depend on criticality.
    let f = defaults(&graph(vec![], vec![american("aws-sdk-s3")]));
    assert_eq!(with(&f, Code::VendorLockIn), one("warning", "aws-sdk-s3"));
    assert!(f.iter().any(|f| f.message.contains("Amazon Web Services")));
    let f = defaults(&graph(vec![], vec![american("s3-compatible")]));
    assert_eq!(with(&f, Code::VendorLockIn), vec![]);
}

/// Issue 22: one `vendor-lock-in` line per crate of an SDK family drowned the decision. Now one
/// finding per entry point, the family listed under it, even when a helper crate that is not
/// the vendor's (`aws-runtime` here) uses family members too.
#[test]
fn vendor_lock_in_is_one_finding_per_entry_point() {
    let mut b = GraphBuilder::new(false);
    let app = b.add_package(root());
    b.add_root(app);
    let [config, types, asynch, runtime] =
        ["aws-config", "aws-smithy-types", "aws-smithy-async", "aws-runtime"]
            .map(|n| b.add_package(american(n)));
    for (from, to) in [(app, config), (config, types), (config, runtime), (runtime, asynch), (config, asynch)]
    {
        b.add_edge(from, to, DepKind::Normal);
    }
    let f = defaults(&b.finish());
    let lock_in: Vec<&Finding> = f.iter().filter(|f| f.code == Code::VendorLockIn).collect();
    assert_eq!(lock_in.len(), 1, "{lock_in:#?}");
    assert_eq!(lock_in[0].package.as_deref(), Some("pkg:cargo/aws-config@1.0.0"));
    assert!(
        lock_in[0]
            .message
            .contains("with 2 more of its packages behind it: aws-smithy-async, aws-smithy-types"),
        "{}",
        lock_in[0].message
    );
}

/// Which of a vendor's packages are doors: one nothing depends on, one a package outside the
/// family depends on, not one only its family (or a package the family brings in) depends on,
/// and not one whose only dependent is itself.
#[test]
fn vendor_lock_in_doors_are_decided_by_who_depends_on_them() {
    let mut b = GraphBuilder::new(false);
    let app = b.add_package(root());
    b.add_root(app);
    let [config, s3, sqs, _orphan] =
        ["aws-config", "aws-sdk-s3", "aws-sdk-sqs", "aws-sdk-orphan"].map(|n| b.add_package(american(n)));
    let [outside, helper] = ["outside", "helper"].map(|n| b.add_package(trusted(n)));
    // app → config → s3, config → helper → sqs: sqs comes in behind the family's own helper.
    // app → outside → s3: s3 has a dependent outside the family too.
    for (from, to) in
        [(app, config), (config, s3), (config, helper), (helper, sqs), (app, outside), (outside, s3)]
    {
        b.add_edge(from, to, DepKind::Normal);
    }
    let mut g = b.finish();
    let id = |name: &str| Some(format!("pkg:cargo/{name}@1.0.0"));
    let doors = |g: &Graph| -> Vec<Option<String>> {
        defaults(g).into_iter().filter(|f| f.code == Code::VendorLockIn).map(|f| f.package).collect()
    };
    assert_eq!(doors(&g), vec![id("aws-config"), id("aws-sdk-orphan"), id("aws-sdk-s3")]);
    // A graph built by hand may hold a self-loop: depending on itself makes no door.
    let orphan_index = g.packages.iter().position(|p| p.name == "aws-sdk-orphan").unwrap();
    g.edges.push(cargo_sovereign::model::Edge {
        from: orphan_index,
        to: orphan_index,
        kind: DepKind::Normal,
    });
    g.edges.sort();
    assert_eq!(doors(&g), vec![id("aws-config"), id("aws-sdk-s3")]);
}

/// Two vendors' families side by side: a package of one depending on a package of the other
/// makes that package a door (another vendor is outside the family), while each family's own
/// packages behind its door are no doors.
#[test]
fn vendor_lock_in_doors_of_two_vendors() {
    let mut b = GraphBuilder::new(false);
    let app = b.add_package(root());
    b.add_root(app);
    let [config, s3] = ["aws-config", "aws-sdk-s3"].map(|n| b.add_package(american(n)));
    let [storage, auth] = ["google-cloud-storage", "google-cloud-auth"]
        .map(|n| b.add_package(krate(n, Some("googleapis"), Some("Apache-2.0"))));
    for (from, to) in [(app, config), (config, s3), (app, storage), (storage, auth), (storage, s3)] {
        b.add_edge(from, to, DepKind::Normal);
    }
    let doors: Vec<(Option<String>, String)> = defaults(&b.finish())
        .into_iter()
        .filter(|f| f.code == Code::VendorLockIn)
        .map(|f| (f.package, f.message))
        .collect();
    let id = |name: &str| Some(format!("pkg:cargo/{name}@1.0.0"));
    let packages: Vec<Option<String>> = doors.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(packages, vec![id("aws-config"), id("aws-sdk-s3"), id("google-cloud-storage")]);
    // Each door lists its own vendor's packages behind it, not the other's.
    let [config, s3, storage] = [&doors[0].1, &doors[1].1, &doors[2].1];
    assert!(config.contains("behind it: aws-sdk-s3") && !config.contains("google-cloud"), "{config}");
    assert!(s3.contains("Amazon Web Services") && !s3.contains("behind it"), "{s3}");
    assert!(storage.contains("behind it: google-cloud-auth") && !storage.contains("aws-sdk"), "{storage}");
}

#[test]
fn entity_concentration() {
    // Amazon controls 2 of 4 dependencies: 50% > 25%.
    let g = graph(vec![american("a1"), american("a2"), trusted("s1"), trusted("s2")], vec![]);
    let f = defaults(&g);
    let ec: Vec<&Finding> = f.iter().filter(|f| f.code == Code::EntityConcentration).collect();
    assert_eq!(ec.len(), 1, "{f:#?}");
    assert_eq!((ec[0].severity.as_str(), ec[0].package.as_deref()), ("warning", None));
    assert!(ec[0].message.starts_with("Amazon.com, Inc. (US) controls 2 of 4"), "{}", ec[0].message);
    // 1 of 5: 20%, under the threshold.
    let g = graph(vec![american("a1"), trusted("s1"), trusted("s2"), trusted("s3"), trusted("s4")], vec![]);
    assert_eq!(with(&defaults(&g), Code::EntityConcentration), vec![]);
    // Trusted entities never concentrate into a finding.
    let g = graph(vec![trusted("s1"), trusted("s2")], vec![]);
    assert_eq!(with(&defaults(&g), Code::EntityConcentration), vec![]);
}

#[test]
fn jurisdiction_concentration() {
    // 2 of 3 critical packages untrusted: 67% > 50%.
    let g = graph(vec![american("a1"), krate("ms", Some("microsoft"), Some("MIT")), trusted("s1")], vec![]);
    let f = defaults(&g);
    assert_eq!(with(&f, Code::JurisdictionConcentration), vec![("warning".to_string(), None)]);
    // Exactly half is not above the threshold.
    let g = graph(vec![american("a1"), trusted("s1")], vec![]);
    assert_eq!(with(&defaults(&g), Code::JurisdictionConcentration), vec![]);
}

#[test]
fn unknown_origin() {
    // No signal at all: a note (issue 22: it was a warning naming famous community crates).
    let f = defaults(&graph(vec![krate("mystery", None, Some("MIT"))], vec![]));
    assert_eq!(with(&f, Code::UnknownOrigin), one("note", "mystery"));
    // A person's own package is an answer.
    let mut personal = krate("personal", Some("some-person"), Some("MIT"));
    personal.authors = vec![Party { name: Some("Jane Doe".into()), ..Party::default() }];
    assert_eq!(with(&defaults(&graph(vec![personal], vec![])), Code::UnknownOrigin), vec![]);
    // Not critical: no finding.
    let f = defaults(&graph(vec![], vec![krate("mystery", None, Some("MIT"))]));
    assert_eq!(with(&f, Code::UnknownOrigin), vec![]);
    // A community is an answer, not a failure.
    let f = defaults(&graph(vec![krate("serde", Some("serde-rs"), Some("MIT"))], vec![]));
    assert_eq!(f, vec![]);
}

/// Issue 22: HashiCorp's relicensing (MPL-2.0 to BUSL-1.1, 2023) as a pull request shows it.
#[test]
fn license_change() {
    use cargo_sovereign::policy::code::Severity;
    use cargo_sovereign::report::diff::diff;
    let report = |version: &str, license: &str| {
        let mut p = krate("terraform-like", Some("hashicorp"), Some(license));
        p.version = Some(version.into());
        p.id = format!("pkg:cargo/terraform-like@{version}");
        let opts = Options { today: TODAY, ..Options::default() };
        pipeline::run_graph(&opts, graph(vec![p], vec![]), &Silent).unwrap().report
    };
    let changes = |base: (&str, &str), head: (&str, &str)| -> Vec<(Severity, String)> {
        diff(&report(base.0, base.1), &report(head.0, head.1))
            .new_findings
            .into_iter()
            .filter(|f| f.code == Code::LicenseChange)
            .map(|f| (f.severity, f.message))
            .collect()
    };
    // Source-available is denied by default: an error, which fails the gate.
    assert_eq!(
        changes(("1.5.5", "MPL-2.0"), ("1.6.0", "BUSL-1.1")),
        vec![(
            Severity::Error,
            "terraform-like 1.5.5 -> 1.6.0: licence MPL-2.0 (weak-copyleft) became BUSL-1.1 (source-available)"
                .to_string()
        )]
    );
    // More restrictive but allowed: a warning. Less restrictive, or the same: nothing.
    assert_eq!(changes(("1.0.0", "MIT"), ("2.0.0", "GPL-3.0-only"))[0].0, Severity::Warning);
    assert_eq!(changes(("1.0.0", "GPL-3.0-only"), ("2.0.0", "MIT")), vec![]);
    assert_eq!(changes(("1.0.0", "Apache-2.0"), ("2.0.0", "MIT")), vec![]);
}

#[test]
fn unverified_origin() {
    // A supplier named without a country: the knowledge base knows it (Microsoft, US), but a
    // name is a weak signal, so a note instead of `non-european-single-point`.
    let mut p = krate("widgets", None, Some("MIT"));
    p.supplier = Some(Box::new(Party { name: Some("Microsoft Corporation".into()), ..Party::default() }));
    let f = defaults(&graph(vec![p], vec![]));
    assert_eq!(with(&f, Code::UnverifiedOrigin), one("note", "widgets"));
    assert_eq!(with(&f, Code::NonEuropeanSinglePoint), vec![]);
    // The repository owner is strong: the error, and no note.
    let f = defaults(&graph(vec![krate("ms", Some("microsoft"), Some("MIT"))], vec![]));
    assert_eq!(with(&f, Code::UnverifiedOrigin), vec![]);
    assert_eq!(with(&f, Code::NonEuropeanSinglePoint), one("error", "ms"));
}

#[test]
fn sbom_supplier_with_a_country_is_not_unknown_origin() {
    // Regression: an entity known only by the SBOM's name (not in the knowledge base) has no
    // kind, but it is attributed: "nobody could tell who controls" it would be false.
    let mut p = krate("widgets", None, Some("MIT"));
    p.supplier = Some(Box::new(Party {
        kind: PartyKind::Organization,
        name: Some("Acme Widgets GmbH".into()),
        country: Some("DE".into()),
        ..Party::default()
    }));
    let f = defaults(&graph(vec![p.clone()], vec![]));
    assert_eq!(f, vec![]);
    // The same supplier in the US is a single point, and still not an unknown origin.
    p.supplier.as_mut().unwrap().country = Some("US".into());
    let others = (1..5).map(|n| trusted(&format!("s{n}")));
    let f = defaults(&graph(std::iter::once(p).chain(others).collect(), vec![]));
    assert_eq!(codes(&f), vec!["non-european-single-point"]);
    assert!(f[0].message.contains("Acme Widgets GmbH (US)"), "{}", f[0].message);
}

#[test]
fn git_source() {
    let mut p = trusted("forked");
    p.source = Source::Git { url: "https://github.com/SAP/forked".into(), rev: Some("0a1b2c3".into()) };
    let f = defaults(&graph(vec![p], vec![]));
    assert_eq!(with(&f, Code::GitSource), one("note", "forked"));
    assert!(f[0].message.contains("at 0a1b2c3"), "{}", f[0].message);
    let f = defaults(&graph(vec![trusted("published")], vec![]));
    assert_eq!(with(&f, Code::GitSource), vec![]);
}

#[test]
fn single_maintainer_is_never_produced_offline() {
    // It needs registry owner data, which only online enrichment has.
    let g = graph(
        vec![american("a1"), krate("mystery", None, None), krate("serde", Some("serde-rs"), Some("MIT"))],
        vec![american("aws-sdk-s3")],
    );
    assert!(with(&defaults(&g), Code::SingleMaintainer).is_empty());
    let opts = Options {
        metadata: Some(fixture("cloud-ai-workspace/metadata.json")),
        policy: Policy::Given(Box::default()),
        today: TODAY,
        ..Options::default()
    };
    let a = pipeline::run(&opts, &Silent).unwrap();
    assert!(!a.report.findings.is_empty());
    assert!(a.report.findings.iter().all(|f| f.code != Code::SingleMaintainer));
}

#[test]
fn every_code_but_single_maintainer_is_covered_above() {
    // Keeps this file honest when a code is added: each needs a trigger test here.
    let covered = [
        Code::ProprietaryLicense,
        Code::SourceAvailableLicense,
        Code::NonCommercialLicense,
        Code::UnknownLicense,
        Code::CopyleftLicense,
        Code::NonEuropeanSinglePoint,
        Code::VendorLockIn,
        Code::PlatformBinding, // tests/it/platforms.rs
        Code::EntityConcentration,
        Code::JurisdictionConcentration,
        Code::UnknownOrigin,
        Code::LicenseChange,
        Code::UnverifiedOrigin,
        Code::SingleMaintainer,
        Code::GitSource,
        Code::ExpiredException,
    ];
    assert_eq!(Code::ALL, covered.as_slice());
}

// ------------------------------------------------------------------------------------------
// Licence rules and severities
// ------------------------------------------------------------------------------------------

pub(crate) fn fixture(rel: &str) -> String {
    format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
}

//! The policy's rules over findings: licence lists, severities turned up, down or off,
//! exceptions by package, version, entity and code with their expiry, roots, and the order
//! findings come in. Shares `findings.rs`'s graphs and helpers.

use super::findings::*;
use cargo_sovereign::model::{DepKind, Graph, GraphBuilder, Source};
use cargo_sovereign::policy::code::Code;
use cargo_sovereign::policy::config::Config;
use cargo_sovereign::policy::date::Date;
use cargo_sovereign::policy::finding::Finding;

fn gpl_graph() -> Graph {
    graph(
        vec![
            krate("gpl3", Some("SAP"), Some("GPL-3.0-only")),
            krate("gpl2", Some("SAP"), Some("GPL-2.0-only")),
            krate("lgpl", Some("SAP"), Some("LGPL-2.1-only")),
        ],
        vec![],
    )
}

fn license_severities(c: &Config) -> Vec<(String, Option<String>)> {
    with(&run(&gpl_graph(), c), Code::CopyleftLicense)
}

fn sev(list: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
    list.iter().map(|(s, p)| (s.to_string(), Some(format!("pkg:cargo/{p}@1.0.0")))).collect()
}

#[test]
fn license_lists_by_category() {
    assert_eq!(
        license_severities(&Config::default()),
        sev(&[("note", "gpl2"), ("note", "gpl3"), ("note", "lgpl")])
    );
    let c = policy("[licenses]\ndeny = [\"strong-copyleft\"]\nwarn = [\"weak-copyleft\"]\n");
    assert_eq!(license_severities(&c), sev(&[("error", "gpl2"), ("error", "gpl3"), ("warning", "lgpl")]));
    let c = policy("[licenses]\nallow = [\"strong-copyleft\", \"weak-copyleft\"]\n");
    assert_eq!(license_severities(&c), vec![]);
}

#[test]
fn spdx_id_wins_over_its_category() {
    let c = policy("[licenses]\ndeny = [\"strong-copyleft\"]\nallow = [\"GPL-3.0-only\"]\n");
    assert_eq!(license_severities(&c), sev(&[("error", "gpl2"), ("note", "lgpl")]));
    let c = policy("[licenses]\nallow = [\"strong-copyleft\"]\ndeny = [\"gpl-2.0-only\"]\n");
    assert_eq!(license_severities(&c), sev(&[("error", "gpl2"), ("note", "lgpl")]));
    // A source-available id moved from the default deny (by category) to warn (by id).
    let g = graph(vec![krate("busl", Some("SAP"), Some("BUSL-1.1"))], vec![]);
    let f = run(&g, &policy("[licenses]\nwarn = [\"BUSL-1.1\"]\n"));
    assert_eq!(with(&f, Code::SourceAvailableLicense), one("warning", "busl"));
}

#[test]
fn severity_overrides_including_off() {
    let g = graph(vec![american("aws-sdk-s3"), krate("gpl3", Some("SAP"), Some("GPL-3.0-only"))], vec![]);
    let f = defaults(&g);
    assert_eq!(with(&f, Code::VendorLockIn), one("warning", "aws-sdk-s3"));
    assert_eq!(with(&f, Code::NonEuropeanSinglePoint), one("error", "aws-sdk-s3"));
    let c = policy(
        "[severity]\nvendor-lock-in = \"off\"\nnon-european-single-point = \"note\"\ncopyleft-license = \"error\"\n",
    );
    let f = run(&g, &c);
    assert_eq!(with(&f, Code::VendorLockIn), vec![]);
    assert_eq!(with(&f, Code::NonEuropeanSinglePoint), one("note", "aws-sdk-s3"));
    assert_eq!(with(&f, Code::CopyleftLicense), one("error", "gpl3"));
    // An explicit severity beats the licence lists too.
    let c = policy(
        "[licenses]\nallow = []\ndeny = [\"strong-copyleft\"]\n[severity]\ncopyleft-license = \"off\"\n",
    );
    assert_eq!(with(&run(&g, &c), Code::CopyleftLicense), vec![]);
}

// ------------------------------------------------------------------------------------------
// Exceptions
// ------------------------------------------------------------------------------------------

fn aws_graph() -> Graph {
    let mut old = american("aws-sdk-s3");
    old.id = "pkg:cargo/aws-sdk-s3@0.9.0".into();
    old.version = Some("0.9.0".into());
    graph(vec![american("aws-sdk-s3"), old, trusted("s1"), trusted("s2"), trusted("s3")], vec![])
}

fn summary(f: &[Finding]) -> Vec<(String, Option<String>)> {
    f.iter()
        .map(|f| {
            (
                f.code.as_str().to_string(),
                f.package.as_deref().map(|p| p.trim_start_matches("pkg:cargo/").to_string()),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    list.iter().map(|(c, p)| (c.to_string(), p.map(str::to_string))).collect()
}

#[test]
fn exceptions_by_package_version_entity_and_codes() {
    let g = aws_graph();
    let everything = pairs(&[
        ("non-european-single-point", Some("aws-sdk-s3@0.9.0")),
        ("non-european-single-point", Some("aws-sdk-s3@1.0.0")),
        ("entity-concentration", None),
        ("vendor-lock-in", Some("aws-sdk-s3@0.9.0")),
        ("vendor-lock-in", Some("aws-sdk-s3@1.0.0")),
    ]);
    assert_eq!(summary(&defaults(&g)), everything);

    let (f, suppressed) =
        evaluate_on(&g, &policy("[[exception]]\npackage = \"aws-sdk-s3\"\nreason = \"contract\"\n"), TODAY);
    assert_eq!(summary(&f), pairs(&[("entity-concentration", None)]));
    assert_eq!(suppressed, 4);

    let (f, suppressed) = evaluate_on(
        &g,
        &policy("[[exception]]\npackage = \"aws-sdk-s3@0.9.0\"\nreason = \"pinned\"\n"),
        TODAY,
    );
    assert_eq!(
        summary(&f),
        pairs(&[
            ("non-european-single-point", Some("aws-sdk-s3@1.0.0")),
            ("entity-concentration", None),
            ("vendor-lock-in", Some("aws-sdk-s3@1.0.0")),
        ])
    );
    assert_eq!(suppressed, 2);

    let only_lock_in =
        "[[exception]]\npackage = \"aws-sdk-s3\"\nfindings = [\"vendor-lock-in\"]\nreason = \"x\"\n";
    assert_eq!(
        summary(&run(&g, &policy(only_lock_in))),
        pairs(&[
            ("non-european-single-point", Some("aws-sdk-s3@0.9.0")),
            ("non-european-single-point", Some("aws-sdk-s3@1.0.0")),
            ("entity-concentration", None),
        ])
    );

    // An entity, by knowledge-base id or by name: its packages and its concentration finding.
    for entity in ["amazon", "Amazon.com, Inc."] {
        let c = policy(&format!("[[exception]]\nentity = \"{entity}\"\nreason = \"contract\"\n"));
        assert_eq!(run(&g, &c), vec![], "{entity}");
    }
    let c =
        policy("[[exception]]\nentity = \"amazon\"\nfindings = [\"entity-concentration\"]\nreason = \"x\"\n");
    assert_eq!(summary(&run(&g, &c)).len(), 4);
    // Another entity covers nothing.
    let c = policy("[[exception]]\nentity = \"microsoft\"\nreason = \"x\"\n");
    assert_eq!(summary(&run(&g, &c)), everything);
}

#[test]
fn exception_applies_through_its_expiry_day_and_not_after() {
    let g = graph(vec![krate("busl", Some("SAP"), Some("BUSL-1.1"))], vec![]);
    let c =
        policy("\n[[exception]]\npackage = \"busl\"\nreason = \"licence bought\"\nexpires = 2026-06-30\n");
    let (f, suppressed) = evaluate_on(&g, &c, Date::new(2026, 6, 30));
    assert_eq!((f, suppressed), (vec![], 1));

    let (f, suppressed) = evaluate_on(&g, &c, Date::new(2026, 7, 1));
    assert_eq!(suppressed, 0);
    assert_eq!(
        summary(&f),
        pairs(&[("source-available-license", Some("busl@1.0.0")), ("expired-exception", None)])
    );
    let expired = &f[1];
    assert_eq!(expired.severity.as_str(), "warning");
    assert_eq!(
        expired.message,
        "the exception for busl at line 2 of the policy expired on 2026-06-30 and no longer applies"
    );

    // Turning the code off silences the reminder, not the finding that is back.
    let mut off = c.clone();
    off.severity.insert(Code::ExpiredException, None);
    let (f, _) = evaluate_on(&g, &off, Date::new(2027, 1, 1));
    assert_eq!(codes(&f), vec!["source-available-license"]);
    // No expiry: applies forever, no reminder.
    let forever = policy("[[exception]]\npackage = \"busl\"\nreason = \"licence bought\"\n");
    assert_eq!(evaluate_on(&g, &forever, Date::new(2999, 1, 1)).0, vec![]);
}

// ------------------------------------------------------------------------------------------
// Roots, order, determinism
// ------------------------------------------------------------------------------------------

#[test]
fn roots_never_get_package_findings() {
    let mut member = american("aws-sdk-s3");
    member.id = "member".into();
    member.license = Some("LicenseRef-Proprietary".into());
    member.source = Source::Git { url: "https://github.com/aws/x".into(), rev: None };
    let mut b = GraphBuilder::new(false);
    let r = b.add_package(root());
    let m = b.add_package(member);
    let d = b.add_package(trusted("s1"));
    b.add_edge(r, d, DepKind::Normal);
    b.add_edge(m, d, DepKind::Normal);
    b.add_root(r);
    b.add_root(m);
    let g = b.finish();
    let f = defaults(&g);
    assert_eq!(f, vec![], "a workspace member is the project itself");
}

fn mixed(order: &[usize]) -> Graph {
    let pkgs = [
        american("aws-sdk-s3"),
        krate("gpl3", Some("SAP"), Some("GPL-3.0-only")),
        krate("busl", Some("SAP"), Some("BUSL-1.1")),
        krate("mystery", None, None),
        krate("ms", Some("microsoft"), Some("MIT")),
        {
            let mut p = trusted("forked");
            p.source = Source::Git { url: "https://github.com/SAP/forked".into(), rev: None };
            p
        },
    ];
    let mut b = GraphBuilder::new(false);
    let r = b.add_package(root());
    b.add_root(r);
    for &i in order {
        let d = b.add_package(pkgs[i].clone());
        b.add_edge(r, d, DepKind::Normal);
    }
    b.finish()
}

#[test]
fn findings_are_sorted_and_deterministic() {
    let g = mixed(&[0, 1, 2, 3, 4, 5]);
    let first = defaults(&g);
    assert_eq!(first, defaults(&g));
    assert_eq!(first, defaults(&mixed(&[5, 3, 1, 4, 0, 2])), "input order must not matter");
    let mut sorted = first.clone();
    cargo_sovereign::policy::finding::sort(&mut sorted);
    assert_eq!(first, sorted);
    let severities: Vec<&str> = first.iter().map(|f| f.severity.as_str()).collect();
    let mut by_rank = severities.clone();
    by_rank.sort_by_key(|s| match *s {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    });
    assert_eq!(severities, by_rank);
    assert!(severities.contains(&"error") && severities.contains(&"warning") && severities.contains(&"note"));
    // Within one severity, by code then package.
    for w in first.windows(2) {
        if w[0].severity == w[1].severity {
            assert!((w[0].code.as_str(), &w[0].package) <= (w[1].code.as_str(), &w[1].package), "{w:#?}");
        }
    }
}

/// Issue 22: an exception or override that matches nothing was ignored in silence.
#[test]
fn exceptions_and_overrides_that_match_nothing_are_warnings_naming_their_line() {
    use cargo_sovereign::enrich::online::progress::Silent;
    use cargo_sovereign::pipeline::{self, Options, Policy};
    let d = crate::common::scratch("unmatched");
    let file = d.join("sovereign.toml");
    std::fs::write(
        &file,
        "[[exception]]\npackage = \"pdf-engine\"\nreason = \"matches\"\n\n\
         [[exception]]\npackage = \"no-such-package\"\nreason = \"a typo\"\n\n\
         [[exception]]\npackage = \"pdf-engine@0.0.1\"\nreason = \"another version\"\n\n\
         [[override]]\norg = \"no-such-org\"\ncountry = \"DE\"\n",
    )
    .unwrap();
    let opts = Options {
        sboms: vec![fixture("sbom-with-proprietary-and-us-vendor/bom.json")],
        policy: Policy::File(file.clone()),
        today: TODAY,
        ..Options::default()
    };
    let warnings = pipeline::run(&opts, &Silent).unwrap().report.summary.warnings;
    let name = file.display();
    let expected = [
        format!(
            "{name}:5: the [[exception]] for package `no-such-package` matches nothing in the audited graph"
        ),
        format!(
            "{name}:9: the [[exception]] for package `pdf-engine@0.0.1` matches nothing in the audited graph"
        ),
        format!("{name}:13: the [[override]] for `no-such-org` matches nothing in the audited graph"),
    ];
    for e in &expected {
        assert!(warnings.contains(e), "{e}\nnot in {warnings:#?}");
    }
    assert!(!warnings.iter().any(|w| w.contains("`pdf-engine`")), "{warnings:#?}");
}

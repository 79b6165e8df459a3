//! The Markdown report over the shared report fixtures: structure, escaping and the 1 MiB cap.

use crate::common;
use crate::report_common;

use cargo_sovereign::policy::code::{Code, Severity};
use cargo_sovereign::policy::finding::Finding;
use cargo_sovereign::report::markdown::{escape, Markdown, MARKDOWN_LIMIT};
use cargo_sovereign::report::Report;
use report_common::{cargo_report, render};

/// Checks the parts every rendering has and that every finding appears in full.
fn check_structure(report: &Report, md: &str) {
    assert!(md.starts_with("# cargo-sovereign report\n"));
    assert!(md.len() < MARKDOWN_LIMIT);
    assert!(md.contains(&format!("| Dependencies | {} (", report.summary.dependencies)));
    let s = &report.summary;
    assert!(md.contains(&format!("| Sovereignty score | **{}** / 100, grade {} |", s.score, s.grade)));
    assert!(md.contains("| Coverage | "));
    for class in ["trusted", "untrusted", "unknown"] {
        assert!(md.contains(&format!("| Controlled from {class} jurisdictions | ")), "{class}");
    }
    for row in
        ["| Critical dependencies | ", "| Licence categories | ", "| Vendor lock-in | ", "| Findings | "]
    {
        assert!(md.contains(row), "{row}");
    }
    let mut codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
    codes.dedup();
    assert_eq!(md.matches("<details>").count(), codes.len());
    assert_eq!(md.matches("</details>").count(), codes.len());
    for code in codes {
        assert!(md.contains(&format!("| `{code}` |")), "{code} missing from the findings table");
    }
    for f in &report.findings {
        assert!(md.contains(&format!("- {}\n", escape(&f.message))), "{} missing", f.message);
    }
    assert!(!md.contains("left out"));
}

#[test]
fn cloud_workspace_has_summary_findings_and_details() {
    let report = cargo_report(report_common::CARGO_FIXTURES[0]);
    let md = render(&Markdown, &report);
    check_structure(&report, &md);
    assert!(!report.findings.is_empty());
    assert!(md.contains("🔴") && md.contains("🟠"));
    assert!(md.contains("**Fix:** "));
    assert!(md.contains("Input: Cargo metadata 1: tests/fixtures/cloud-ai-workspace/metadata.json"));
}

#[test]
fn path_and_git_sources_structure() {
    // Its golden file is checked in `goldens`.
    let report = cargo_report(report_common::CARGO_FIXTURES[1]);
    let md = render(&Markdown, &report);
    check_structure(&report, &md);
}

#[test]
fn real_sbom() {
    let Some(shared) = common::shared_dir() else { return };
    let report =
        report_common::sbom_report(&shared.join(report_common::CYCLONEDX_SBOM).display().to_string());
    let md = render(&Markdown, &report);
    check_structure(&report, &md);
    assert!(md.contains("Input: CycloneDX 1.4: "));
}

#[test]
fn hostile_text_is_escaped() {
    let mut report = cargo_report(report_common::CARGO_FIXTURES[1]);
    let message = "evil | <script>alert(1)</script> `code` [link](http://x)".to_string();
    report.findings =
        vec![Finding { code: Code::GitSource, severity: Severity::Note, package: None, message }];
    let md = render(&Markdown, &report);
    assert!(md.contains(
        "- evil \\| &lt;script&gt;alert(1)&lt;/script&gt; \\`code\\` \\[link\\](http:&#8203;//x)\n"
    ));
    assert!(!md.contains("<script>"));
}

#[test]
fn fifty_thousand_findings_stay_under_the_limit() {
    let mut report = cargo_report(report_common::CARGO_FIXTURES[1]);
    let codes = ["non-european-single-point", "unknown-license", "vendor-lock-in", "git-source"];
    let mut findings: Vec<Finding> = (0..50_000)
        .map(|i| Finding {
            code: Code::from_name(codes[i % codes.len()]).unwrap(),
            severity: [Severity::Error, Severity::Warning, Severity::Warning, Severity::Note]
                [i % codes.len()],
            package: Some(format!("pkg:cargo/synthetic-{i:05}@1.0.0")),
            message: format!(
                "synthetic-{i:05} 1.0.0 is a synthetic package with a long enough message to fill the report"
            ),
        })
        .collect();
    cargo_sovereign::policy::finding::sort(&mut findings);
    report.set_findings(findings, 0);
    let md = render(&Markdown, &report);
    assert!(md.len() <= MARKDOWN_LIMIT, "{} bytes", md.len());
    assert!(md.len() > MARKDOWN_LIMIT - 4096, "the cap drops far more than needed: {} bytes", md.len());
    let kept = md.lines().filter(|l| l.starts_with("- synthetic-")).count();
    assert!(kept > 1000 && kept < 50_000);
    assert!(md.contains(&format!("> {} of 50000 finding details were left out", 50_000 - kept)));
    // What is left out is the end: the first finding is there, the last is not.
    assert!(md.contains(&format!("- {}\n", report.findings[0].message)));
    assert!(!md.contains(&format!("- {}\n", report.findings[49_999].message)));
    // The findings table still counts every finding, and every details block is closed.
    assert!(md.contains("| 🔴 | error | `non-european-single-point` | "));
    assert_eq!(md.matches("<details>").count(), md.matches("</details>").count());
    assert!(md.contains("| 12500 |"));
}

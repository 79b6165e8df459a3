//! Fixtures and helpers shared by the report format tests (`tests/report_*.rs`): every format
//! is rendered from the same audits.
#![allow(dead_code)]

use cargo_sovereign::audit::{self, AuditOptions};
use cargo_sovereign::policy::date::Date;
use cargo_sovereign::report::{Report, Reporter};

/// The Cargo fixtures, as paths relative to the crate root (tests run there), so that
/// rendered paths are stable.
pub const CARGO_FIXTURES: &[&str] =
    &["tests/fixtures/cloud-ai-workspace/metadata.json", "tests/fixtures/path-and-git-sources/metadata.json"];

/// A real CycloneDX 1.4 SBOM from the shared corpora, relative to `../shared`.
pub const CYCLONEDX_SBOM: &str = "corpora/cyclonedx-examples/laravel-7.12.0/bom.1.4.json";

/// A real SPDX 2.3 SBOM from the shared corpora, relative to `../shared`.
pub const SPDX_SBOM: &str = "corpora/spdx-examples/software/example11/spdx2.3/sbom.spdx.json";

/// The report of a `cargo metadata` file.
pub fn cargo_report(metadata: &str) -> Report {
    let opts = AuditOptions {
        metadata: Some(metadata.to_string()),
        today: Date::new(2026, 11, 23),
        ..Default::default()
    };
    audit::run(&opts).unwrap().report
}

/// The report of an SBOM.
pub fn sbom_report(path: &str) -> Report {
    let opts =
        AuditOptions { sboms: vec![path.to_string()], today: Date::new(2026, 11, 23), ..Default::default() };
    audit::run(&opts).unwrap().report
}

/// `reporter`'s rendering of `report`, checked to be the same bytes twice.
pub fn render(reporter: &dyn Reporter, report: &Report) -> String {
    let mut a = Vec::new();
    reporter.render(report, &mut a).unwrap();
    let mut b = Vec::new();
    reporter.render(report, &mut b).unwrap();
    assert_eq!(a, b, "rendering is not deterministic");
    String::from_utf8(a).unwrap()
}

/// Compares `actual` with the golden file `tests/snapshots/<name>`; with `UPDATE_SNAPSHOTS=1`
/// in the environment, rewrites it instead.
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_SNAPSHOTS=1 to create it)", path.display()));
    assert!(
        expected == actual,
        "{name} differs from its snapshot (UPDATE_SNAPSHOTS=1 rewrites it):\n{actual}"
    );
}

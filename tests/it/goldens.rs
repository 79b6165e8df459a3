//! Golden files: every report format over a Cargo workspace, a CycloneDX SBOM, a CycloneDX
//! ML-BOM (models and a dataset) and an SPDX SBOM, each audited through the one driver
//! (`pipeline::run`) as the binary does, offline, with the default policy and a fixed day. The snapshots are in `snapshots/`, named
//! `<fixture>.<format>.snap` (SPDX 3.0 as `<fixture>.spdx3.snap`); a change of any byte of any format fails here.
//!
//! The tool's version is the one volatile field; it is set to `0.0.0-snapshot` before
//! rendering. The table is compared as a file or a pipe gets it: without colour. The JSON
//! report is compared as `--pretty` writes it, so that a change reads line by line; its
//! compact form is the same document without the whitespace (checked here too).
//!
//! To review a change: `cargo insta review` (cargo-insta), or `INSTA_UPDATE=always cargo test`
//! and read the diff of the snapshots.

use cargo_sovereign::enrich::online::progress::Silent;
use cargo_sovereign::pipeline::{self, Options};
use cargo_sovereign::policy::date::Date;
use cargo_sovereign::report::spdx::{SpdxOptions, SpdxVersion};
use cargo_sovereign::report::{Format, RenderOptions};

/// Audits `options` (with a fixed day) and checks each format's rendering against
/// `<fixture>.<format>.snap`.
fn check_every_format(fixture: &str, options: Options) {
    let options = Options { today: Date::new(2026, 11, 23), ..options };
    let mut report = pipeline::run(&options, &Silent).unwrap().report;
    report.tool.version = "0.0.0-snapshot".into();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for &(name, format) in Format::ALL {
            let mut out = Vec::new();
            let pretty = RenderOptions { pretty: true, ..RenderOptions::default() };
            format.reporter(&pretty).render(&report, &mut out).unwrap();
            if format == Format::Json {
                let mut compact = Vec::new();
                format.reporter(&RenderOptions::default()).render(&report, &mut compact).unwrap();
                assert_eq!(compact.iter().filter(|&&b| b == b'\n').count(), 1, "one line, then a newline");
                let (a, b): (serde_json::Value, serde_json::Value) =
                    (serde_json::from_slice(&compact).unwrap(), serde_json::from_slice(&out).unwrap());
                assert_eq!(a, b, "--pretty changes only the whitespace");
            }
            if format == Format::Table {
                out = anstream::adapter::strip_bytes(&out).into_vec();
            }
            let text = String::from_utf8(out).unwrap();
            insta::assert_snapshot!(format!("{fixture}.{name}"), text);
            if format == Format::Spdx {
                // The default is SPDX 2.3; 3.0 has a golden file of its own.
                let spdx = SpdxOptions { version: SpdxVersion::V3_0, ..SpdxOptions::default() };
                let mut out = Vec::new();
                format
                    .reporter(&RenderOptions { spdx, ..RenderOptions::default() })
                    .render(&report, &mut out)
                    .unwrap();
                insta::assert_snapshot!(format!("{fixture}.spdx3"), String::from_utf8(out).unwrap());
            }
        }
    });
}

#[test]
fn cargo_path_and_git_sources() {
    check_every_format(
        "path-and-git-sources",
        Options {
            metadata: Some("tests/fixtures/path-and-git-sources/metadata.json".into()),
            ..Default::default()
        },
    );
}

#[test]
fn cyclonedx_sbom_with_proprietary_and_us_vendor() {
    check_every_format(
        "sbom-with-proprietary-and-us-vendor",
        Options {
            sboms: vec!["tests/fixtures/sbom-with-proprietary-and-us-vendor/bom.json".into()],
            ..Default::default()
        },
    );
}

#[test]
fn cyclonedx_ml_bom_with_models_from_several_publishers() {
    check_every_format(
        "ml-bom-several-publishers",
        Options {
            sboms: vec!["tests/fixtures/ml-bom-several-publishers/ml-bom.cdx.json".into()],
            ..Default::default()
        },
    );
}

#[test]
fn spdx_with_copyleft_and_git_source() {
    check_every_format(
        "spdx-with-copyleft-and-git-source",
        Options {
            sboms: vec!["tests/fixtures/spdx-with-copyleft-and-git-source/sbom.spdx.json".into()],
            ..Default::default()
        },
    );
}

#[test]
fn the_spdx_fixture_is_valid_spdx_2_3() {
    if let Some(shared) = crate::common::shared_dir() {
        let text = std::fs::read_to_string("tests/fixtures/spdx-with-copyleft-and-git-source/sbom.spdx.json")
            .unwrap();
        let doc = serde_json::from_str(&text).unwrap();
        crate::report_common::assert_valid(&shared, "spdx/spdx-2.3-schema.json", &[], &doc);
    }
}

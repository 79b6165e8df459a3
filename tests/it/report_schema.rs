//! The JSON report's schema: `docs/report.schema.json` is what the Rust types say, and real
//! reports have the shape it describes.
//!
//! After changing a report type, regenerate the file with
//! `UPDATE_SCHEMA=1 cargo test --test report_schema`.

use crate::common;

use cargo_sovereign::report::json::{json_schema, Json};
use cargo_sovereign::report::Reporter;

#[test]
fn committed_schema_matches_the_types() {
    let generated = serde_json::to_string_pretty(&json_schema()).unwrap() + "\n";
    let path = common::repo_dir().join("docs/report.schema.json");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/report.schema.json is stale: run UPDATE_SCHEMA=1 cargo test --test report_schema"
    );
}

#[test]
fn schema_names_every_top_level_field() {
    let schema = json_schema();
    let props = schema["properties"].as_object().unwrap();
    for key in [
        "schema_version",
        "tool",
        "inputs",
        "origins",
        "hosting",
        "vendors",
        "packages",
        "findings",
        "summary",
    ] {
        assert!(props.contains_key(key), "{key}");
    }
    let required: Vec<&str> =
        schema["required"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    assert!(required.contains(&"packages"));
}

/// Real reports (a Cargo workspace, a real SBOM, a hand-made SBOM with findings of every
/// severity) validate against the committed schema; a broken one does not.
#[test]
fn real_reports_validate_against_the_schema() {
    use cargo_sovereign::enrich::online::progress::Silent;
    use cargo_sovereign::pipeline::{self, Options};
    use cargo_sovereign::policy::date::Date;

    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::repo_dir().join("docs/report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).unwrap();
    let fixtures = common::repo_dir().join("tests/fixtures");
    let mut runs = vec![
        Options {
            metadata: Some(fixtures.join("cloud-ai-workspace/metadata.json").display().to_string()),
            ..Options::default()
        },
        Options {
            sboms: vec![fixtures.join("sbom-with-proprietary-and-us-vendor/bom.json").display().to_string()],
            ..Options::default()
        },
    ];
    if let Some(shared) = common::shared_dir() {
        let sbom = shared.join("corpora/cyclonedx-examples/keycloak-10.0.2/bom.json");
        runs.push(Options { sboms: vec![sbom.display().to_string()], ..Options::default() });
    }
    for mut opts in runs {
        opts.today = Date::new(2026, 11, 23);
        let report = pipeline::run(&opts, &Silent).unwrap().report;
        let mut out = Vec::new();
        Json::default().render(&report, &mut out).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&value).take(10).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let mut broken = value.clone();
        broken["origins"][0]["jurisdiction"] = serde_json::json!("somewhere");
        assert!(!validator.is_valid(&broken), "the schema must reject an unknown jurisdiction class");
    }
}

//! Fixtures and helpers shared by the report format tests (`report_*`): every format is
//! rendered from the same audits. Their golden files are checked in `goldens`.
#![allow(dead_code)]

use cargo_sovereign::enrich::online::progress::Silent;
use cargo_sovereign::pipeline::{self, Options};
use cargo_sovereign::policy::date::Date;
use cargo_sovereign::report::{Report, Reporter};
use serde_json::Value;

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
    let opts = Options {
        metadata: Some(metadata.to_string()),
        today: Date::new(2026, 11, 23),
        ..Default::default()
    };
    pipeline::run(&opts, &Silent).unwrap().report
}

/// The report of an SBOM.
pub fn sbom_report(path: &str) -> Report {
    let opts =
        Options { sboms: vec![path.to_string()], today: Date::new(2026, 11, 23), ..Default::default() };
    pipeline::run(&opts, &Silent).unwrap().report
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

/// Checks `instance` against the JSON Schema `schemas/<main>` in the shared folder, offline:
/// the schemas in `extra` (same folder) are registered by their `$id` so references to them
/// resolve without a network. Formats (`uri`, `date-time`, …) are checked too.
///
/// Two quirks of the shared copies are handled. The SARIF schema's `language` pattern has a
/// stray `]`, which JavaScript reads as a literal `]` but Rust's regex engines refuse; it is
/// escaped here to the same meaning. And the shared SARIF schema keeps its root object under
/// `definitions/Root` with nothing at the top level, so validating against the file as it is
/// would accept anything: when the top level has no `properties` and a `Root` definition
/// exists, the instance is checked against that definition.
pub fn assert_valid(shared: &std::path::Path, main: &str, extra: &[&str], instance: &serde_json::Value) {
    let errors = schema_errors(shared, main, extra, instance);
    assert!(errors.is_empty(), "{main}: {} errors:\n{}", errors.len(), errors.join("\n"));
}

/// The first errors of `instance` against the schema `main` (see [`assert_valid`]).
pub fn schema_errors(
    shared: &std::path::Path,
    main: &str,
    extra: &[&str],
    instance: &serde_json::Value,
) -> Vec<String> {
    let read = |name: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(shared.join("schemas").join(name))
            .unwrap()
            .replace(r#"-[a-zA-Z]{2}]?$""#, r#"-[a-zA-Z]{2}\\]?$""#);
        serde_json::from_str(&text).unwrap()
    };
    let main_schema = read(main);
    let main_id = main_schema["$id"].as_str().unwrap().to_string();
    let root = if main_schema.get("properties").is_none() && main_schema["definitions"].get("Root").is_some()
    {
        serde_json::json!({ "$ref": format!("{main_id}#/definitions/Root") })
    } else {
        serde_json::json!({ "$ref": main_id })
    };
    let mut builder = jsonschema::Registry::new();
    for name in std::iter::once(&main).chain(extra) {
        let schema = read(name);
        let id = schema["$id"].as_str().unwrap().to_string();
        builder = builder.add(id, jsonschema::Resource::from_contents(schema)).unwrap();
    }
    let registry = builder.prepare().unwrap();
    let validator = jsonschema::options()
        .with_registry(&registry)
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&root)
        .unwrap();
    validator.iter_errors(instance).take(20).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

/// Every field of `input` is still in `output` with the same value, except the arrays and
/// objects enrichment may extend (checked recursively: only additions are allowed).
pub fn assert_preserved(input: &Value, output: &Value, path: &str) {
    match (input, output) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let w = b.get(k).unwrap_or_else(|| panic!("{path}/{k} was dropped"));
                assert_preserved(v, w, &format!("{path}/{k}"));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert!(b.len() >= a.len(), "{path} lost items");
            for (i, v) in a.iter().enumerate() {
                assert_preserved(v, &b[i], &format!("{path}/{i}"));
            }
        }
        _ => assert_eq!(input, output, "{path} changed"),
    }
}

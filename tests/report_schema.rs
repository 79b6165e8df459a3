//! The JSON report's schema: `docs/report.schema.json` is what the Rust types say, and real
//! reports have the shape it describes.
//!
//! After changing a report type, regenerate the file with
//! `UPDATE_SCHEMA=1 cargo test --test report_schema`.

mod common;

use cargo_sovereign::report::document::json_schema;

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
    for key in ["schema_version", "tool", "inputs", "packages", "findings", "summary"] {
        assert!(props.contains_key(key), "{key}");
    }
    let required: Vec<&str> =
        schema["required"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    assert!(required.contains(&"packages"));
}

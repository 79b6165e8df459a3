//! The GitHub Action: its shell step run locally (scripts/test-action.sh), and action.yml and
//! the self-audit workflow checked against the script they drive.

use std::collections::BTreeSet;
use std::process::Command;

use serde_yaml_ng::Value;

use crate::common;

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(common::repo_dir().join(path)).unwrap();
    serde_yaml_ng::from_str(&text).unwrap()
}

fn string_keys(v: &Value) -> BTreeSet<String> {
    v.as_mapping().unwrap().keys().map(|k| k.as_str().unwrap().to_string()).collect()
}

#[test]
fn action_script_writes_outputs_and_summary() {
    if Command::new("bash").arg("--version").output().is_err() {
        eprintln!("note: bash is not installed; skipping the action script test");
        return;
    }
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("note: python3 is not installed; skipping the action script test");
        return;
    }
    let out = Command::new("bash")
        .arg(common::repo_dir().join("scripts/test-action.sh"))
        .env("CARGO_SOVEREIGN", env!("CARGO_BIN_EXE_cargo-sovereign"))
        .env("SOVEREIGN_OFFLINE", "1")
        .env("SOVEREIGN_CACHE_DIR", std::env::temp_dir().join("cargo-sovereign-tests-no-cache"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}");
    assert!(out.status.success(), "scripts/test-action.sh failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("action script: all checks passed"));
}

#[test]
fn action_yml_passes_every_input_to_the_script() {
    let action = yaml("action.yml");
    let inputs = string_keys(&action["inputs"]);
    for name in [
        "manifest-path",
        "sbom",
        "config",
        "fail-on",
        "format",
        "args",
        "sarif",
        "summary",
        "github-token",
        "version",
    ] {
        assert!(inputs.contains(name), "input {name} missing");
    }
    assert_eq!(action["inputs"]["fail-on"]["default"], "error");
    assert_eq!(action["inputs"]["sarif"]["default"], "true");
    assert_eq!(action["inputs"]["summary"]["default"], "true");
    assert_eq!(action["inputs"]["github-token"]["default"], "${{ github.token }}");
    let outputs = string_keys(&action["outputs"]);
    assert_eq!(
        outputs,
        ["errors", "findings", "report-file", "sarif-file", "score"].map(String::from).into_iter().collect()
    );
    for o in &outputs {
        assert_eq!(action["outputs"][o.as_str()]["value"], format!("${{{{ steps.audit.outputs.{o} }}}}"));
    }
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_sequence().unwrap();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert_eq!(uses.iter().filter(|u| u.starts_with("actions/cache@")).count(), 2);
    let all_runs: String = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(all_runs.contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\""));

    // The audit step hands every input to the script under the name the script reads.
    let audit = steps.iter().find(|s| s["id"] == "audit").unwrap();
    assert!(audit["run"].as_str().unwrap().contains("scripts/action-run.sh"));
    let env = audit["env"].as_mapping().unwrap();
    for (k, v) in env {
        let (k, v) = (k.as_str().unwrap(), v.as_str().unwrap());
        if let Some(rest) = k.strip_prefix("INPUT_") {
            let input = rest.to_lowercase().replace('_', "-");
            assert_eq!(v, format!("${{{{ inputs.{input} }}}}"), "{k}");
            assert!(inputs.contains(&input), "{k} names no input");
        }
    }
    assert_eq!(env[&Value::from("GITHUB_TOKEN")], "${{ inputs.github-token }}");
    let script = std::fs::read_to_string(common::repo_dir().join("scripts/action-run.sh")).unwrap();
    let read: BTreeSet<&str> = script
        .match_indices("${INPUT_")
        .map(|(i, _)| {
            let name = &script[i + 2..];
            &name[..name.find([':', '}']).unwrap()]
        })
        .collect();
    for name in read {
        // The output directory is for local runs and tests; the action writes to the workspace.
        if name != "INPUT_OUTPUT_DIR" {
            assert!(
                env.contains_key(Value::from(name)),
                "the script reads {name}, action.yml does not set it"
            );
        }
    }
}

#[test]
fn self_audit_workflow_uploads_sarif_and_proves_the_gate() {
    let wf = yaml(".github/workflows/self-audit.yml");
    let audit = &wf["jobs"]["audit"];
    assert_eq!(audit["permissions"]["security-events"], "write");
    let steps = audit["steps"].as_sequence().unwrap();
    let own = steps.iter().find(|s| s["uses"] == "./").unwrap();
    assert_eq!(own["with"]["fail-on"], "never");
    assert!(steps
        .iter()
        .any(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@v3"))));

    let gate = wf["jobs"]["gate-fails"]["steps"].as_sequence().unwrap();
    let own = gate.iter().find(|s| s["uses"] == "./").unwrap();
    assert_eq!(own["continue-on-error"], true);
    assert_eq!(own["with"]["metadata"], "tests/fixtures/cloud-ai-workspace/metadata.json");
    let id = own["id"].as_str().unwrap();
    let check = format!("${{{{ steps.{id}.outcome }}}}");
    assert!(
        gate.iter()
            .any(|s| s["env"].as_mapping().is_some_and(|m| m.values().any(|v| v.as_str() == Some(&check)))
                && s["run"].as_str().is_some_and(|r| r.contains("failure"))),
        "no step asserts that the audit failed"
    );
}

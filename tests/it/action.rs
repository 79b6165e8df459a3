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
        "metadata",
        "config",
        "fail-on",
        "format",
        "args",
        "sarif",
        "summary",
        "output-dir",
        "github-token",
        "version",
        "dependency-track-url",
        "dependency-track-project",
        "dependency-track-project-version",
    ] {
        assert!(inputs.contains(name), "input {name} missing");
    }
    assert_eq!(action["inputs"]["fail-on"]["default"], "error");
    assert_eq!(action["inputs"]["sarif"]["default"], "true");
    assert_eq!(action["inputs"]["summary"]["default"], "true");
    assert_eq!(action["inputs"]["output-dir"]["default"], ".");
    assert_eq!(action["inputs"]["github-token"]["default"], "${{ github.token }}");
    // No upload unless asked; one Dependency-Track project per repository, one version per
    // branch or tag.
    assert_eq!(action["inputs"]["dependency-track-url"]["default"], "");
    assert_eq!(
        action["inputs"]["dependency-track-project"]["default"],
        "${{ github.event.repository.name }}"
    );
    assert_eq!(action["inputs"]["dependency-track-project-version"]["default"], "${{ github.ref_name }}");
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

    // Caches: restored before and saved after, in steps of their own.
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert_eq!(uses.iter().filter(|u| u.starts_with("actions/cache/restore@")).count(), 2);
    assert_eq!(uses.iter().filter(|u| u.starts_with("actions/cache/save@")).count(), 2);
    assert!(
        !uses.iter().any(|u| u.starts_with("actions/cache@")),
        "the combined cache action saves only on success"
    );
    for s in steps.iter().filter(|s| s["run"].is_string()) {
        assert_eq!(s["shell"], "bash", "{:?}: Windows runners need `shell: bash`", s["name"]);
    }
    let install = steps.iter().find(|s| s["id"] == "install").unwrap();
    assert!(install["run"].as_str().unwrap().contains("scripts/action-install.sh"));

    // The audit and upload steps hand every input to their script under the name it reads.
    for (id, script) in [("audit", "scripts/action-run.sh"), ("upload", "scripts/action-upload.sh")] {
        let step = steps.iter().find(|s| s["id"] == id).unwrap();
        assert!(step["run"].as_str().unwrap().contains(script));
        let env = step["env"].as_mapping().unwrap();
        for (k, v) in env {
            let (k, v) = (k.as_str().unwrap(), v.as_str().unwrap());
            if let Some(rest) = k.strip_prefix("INPUT_") {
                let input = rest.to_lowercase().replace('_', "-");
                assert_eq!(v, format!("${{{{ inputs.{input} }}}}"), "{k}");
                assert!(inputs.contains(&input), "{k} names no input");
            }
        }
        assert_eq!(env[&Value::from("GITHUB_TOKEN")], "${{ inputs.github-token }}");
    }
    // The upload reads the audit's inputs too, so both send the same project.
    let env_of = |id: &str| string_keys(&steps.iter().find(|s| s["id"] == id).unwrap()["env"]);
    for k in ["INPUT_MANIFEST_PATH", "INPUT_SBOM", "INPUT_METADATA", "INPUT_CONFIG"] {
        assert!(env_of("audit").contains(k) && env_of("upload").contains(k), "{k}");
    }
}

/// What the runner sets in every step's environment (and bash itself): a step may read these
/// without action.yml setting them.
const RUNNER_SETS: &[&str] = &[
    "BASH_SOURCE",
    "GITHUB_ACTION_PATH",
    "GITHUB_JOB",
    "GITHUB_OUTPUT",
    "GITHUB_PATH",
    "GITHUB_RUN_ATTEMPT",
    "GITHUB_RUN_ID",
    "GITHUB_STEP_SUMMARY",
    "HOME",
    "PATH",
    "RANDOM",
    "RUNNER_ARCH",
    "RUNNER_OS",
    "RUNNER_TEMP",
];

/// The environment variables a shell text reads (`$NAME`, `${NAME…}`; upper-case names only,
/// the scripts' own variables being lower-case), but those it assigns itself.
fn variables_read(text: &str) -> BTreeSet<String> {
    let is_name = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_';
    let mut read = BTreeSet::new();
    for (i, _) in text.match_indices('$') {
        let rest = match text[i + 1..].strip_prefix('{') {
            // `${!NAME…}` and `${#NAME}` read NAME too.
            Some(inner) => inner.strip_prefix(['!', '#']).unwrap_or(inner),
            None => &text[i + 1..],
        };
        let name: String = rest.chars().take_while(|&c| is_name(c)).collect();
        if name.starts_with(|c: char| c.is_ascii_uppercase() || c == '_') && name.len() > 1 {
            read.insert(name);
        }
    }
    read.retain(|name| !text.lines().any(|l| l.trim_start().starts_with(&format!("{name}="))));
    read
}

/// Each variable a `run:` step (and the script it runs) reads that neither its `env:` nor the
/// runner sets, as "step: NAME".
fn unset_variables(steps: &[Value]) -> Vec<String> {
    let mut unset = Vec::new();
    for step in steps {
        let Some(run) = step["run"].as_str() else { continue };
        // The step's text, the scripts it runs and the scripts those source.
        let script_names = |text: &str| -> Vec<String> {
            text.split(['"', ' ', '\n', '/'])
                .filter(|w| w.starts_with("action-") && w.ends_with(".sh"))
                .map(String::from)
                .collect()
        };
        let mut text = run.to_string();
        let mut pending = script_names(run);
        while let Some(name) = pending.pop() {
            let path = common::repo_dir().join("scripts").join(&name);
            let script = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for line in script.lines().filter(|l| l.trim_start().starts_with("source ")) {
                pending.extend(script_names(line));
            }
            text += &script;
        }
        let set: BTreeSet<&str> = step["env"]
            .as_mapping()
            .map(|m| m.keys().map(|k| k.as_str().unwrap()).collect())
            .unwrap_or_default();
        for name in variables_read(&text) {
            if !set.contains(name.as_str()) && !RUNNER_SETS.contains(&name.as_str()) {
                unset.push(format!("{}: {name}", step["name"].as_str().unwrap()));
            }
        }
    }
    unset
}

#[test]
fn every_variable_the_action_scripts_read_is_set_by_action_yml() {
    let action = yaml("action.yml");
    let steps = action["runs"]["steps"].as_sequence().unwrap();
    assert_eq!(
        unset_variables(steps),
        Vec::<String>::new(),
        "read by a step, set by neither action.yml nor the runner"
    );
    // The check sees what the scripts read: the audit step's script reads its output folder.
    let audit = steps.iter().find(|s| s["id"] == "audit").unwrap();
    let mut without = audit.clone();
    without["env"].as_mapping_mut().unwrap().remove("INPUT_OUTPUT_DIR").unwrap();
    assert_eq!(unset_variables(&[without]), ["Audit: INPUT_OUTPUT_DIR"]);
    // And what the scripts they source read: the upload step reads the sbom input there.
    let upload = steps.iter().find(|s| s["id"] == "upload").unwrap();
    let mut without = upload.clone();
    without["env"].as_mapping_mut().unwrap().remove("INPUT_SBOM").unwrap();
    assert_eq!(unset_variables(&[without]), ["Upload to Dependency-Track: INPUT_SBOM"]);
}

#[test]
fn variables_read_sees_every_form_of_expansion() {
    let text = "a=\"${INPUT_A:-}\" b=$INPUT_B; c=${#INPUT_C} ${lower} $1 $? ${!INPUT_@}\nOWN=1; echo $OWN";
    let read: Vec<String> = variables_read(text).into_iter().collect();
    assert_eq!(read, ["INPUT_", "INPUT_A", "INPUT_B", "INPUT_C"]);
}

/// `owner/name[/path]@<40 hex> # vX.Y.Z`: every action pinned by commit, the tag in a comment.
fn assert_pinned(file: &str) {
    let text = std::fs::read_to_string(common::repo_dir().join(file)).unwrap();
    let mut seen = 0;
    for line in text.lines() {
        let step = line.trim_start().trim_start_matches("- ");
        let Some(used) = step.strip_prefix("uses: ") else { continue };
        if used.starts_with("./") {
            continue;
        }
        seen += 1;
        let (reference, comment) =
            used.split_once(" # ").unwrap_or_else(|| panic!("{file}: no tag comment: {line}"));
        let sha = reference.rsplit_once('@').unwrap_or_else(|| panic!("{file}: {line}")).1;
        assert!(
            sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()),
            "{file}: not pinned by commit: {line}"
        );
        assert!(!comment.trim().is_empty() && !comment.contains("TODO"), "{file}: {line}");
    }
    assert!(seen > 0, "{file} uses no action");
}

#[test]
fn actions_are_pinned_by_commit_with_the_tag_in_a_comment() {
    for file in ["action.yml", ".github/workflows/self-audit.yml", ".github/workflows/ci.yml"] {
        assert_pinned(file);
    }
}

#[test]
fn binstall_metadata_names_the_archive_the_action_downloads() {
    let cargo: toml::Value =
        toml::from_str(&std::fs::read_to_string(common::repo_dir().join("Cargo.toml")).unwrap()).unwrap();
    let package = &cargo["package"];
    let binstall = &package["metadata"]["binstall"];
    assert_eq!(
        binstall["pkg-url"].as_str().unwrap(),
        "{ repo }/releases/download/v{ version }/{ name }-{ target }.tar.gz"
    );
    assert_eq!(binstall["bin-dir"].as_str().unwrap(), "{ name }-{ target }/{ bin }{ binary-ext }");
    assert_eq!(binstall["pkg-fmt"].as_str().unwrap(), "tgz");
    let action = yaml("action.yml");
    let install =
        action["runs"]["steps"].as_sequence().unwrap().iter().find(|s| s["id"] == "install").unwrap();
    let releases = install["env"]["SOVEREIGN_ACTION_RELEASES"].as_str().unwrap();
    assert_eq!(releases, format!("{}/releases/download", package["repository"].as_str().unwrap()));
    let script = std::fs::read_to_string(common::repo_dir().join("scripts/action-install.sh")).unwrap();
    assert!(script.contains(r#"url="$releases/v$version/cargo-sovereign-$target.tar.gz""#));
    assert!(script.contains(r#""$tmp/cargo-sovereign-$target/cargo-sovereign$exe""#));
    // The release workflow makes exactly those archives, for every target it builds.
    let release = yaml(".github/workflows/release.yml");
    let steps = release["jobs"]["archive"]["steps"].as_sequence().unwrap();
    let run = |name: &str| {
        steps.iter().find(|s| s["name"] == name).and_then(|s| s["run"].as_str()).unwrap().to_string()
    };
    assert!(run("Archive").contains(r#"dir="cargo-sovereign-$TARGET""#));
    assert!(run("Archive").contains(r#"cp "target/$TARGET/release/cargo-sovereign$exe" "$dir/""#));
    assert!(run("Archive").contains(r#"tar -czf "$dir.tar.gz" "$dir""#));
    assert!(run("Attach to the release").contains(r#""cargo-sovereign-$TARGET.tar.gz""#));
    let targets = release["jobs"]["archive"]["strategy"]["matrix"]["include"].as_sequence().unwrap();
    assert!(targets.len() >= 4);
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
        .any(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))));

    // The gate is proved on every runner the action supports, its shell steps in bash.
    let job = &wf["jobs"]["gate-fails"];
    assert_eq!(job["runs-on"], "${{ matrix.os }}");
    let oses: Vec<&str> =
        job["strategy"]["matrix"]["os"].as_sequence().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(oses, ["ubuntu-latest", "macos-latest", "windows-latest"]);
    assert_eq!(job["defaults"]["run"]["shell"], "bash");
    let gate = job["steps"].as_sequence().unwrap();
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

//! The Action's upload step (scripts/action-upload.sh) run by bash as the runner runs it, with
//! inputs a workflow may hand it: a project name that reads like an option or a command, an
//! sbom path with a space. They reach Dependency-Track as they were written, and nothing in them
//! is run.

use super::*;

#[test]
fn the_upload_step_passes_hostile_inputs_as_plain_values() {
    if !cfg!(unix) {
        return;
    }
    let dt = dependency_track();
    let dir = workdir("action-step");
    let sbom = dir.join("sup plier bom.json");
    std::fs::copy(
        common::repo_dir().join("tests/fixtures/sbom-with-proprietary-and-us-vendor/bom.json"),
        &sbom,
    )
    .unwrap();
    let pwned = dir.join("pwned");
    let project = format!("--acme $(touch {}) `touch {}`", pwned.display(), pwned.display());
    let step = |project: &str| {
        let mut cmd = Command::new("bash");
        common::offline(&mut cmd)
            .current_dir(&dir)
            .arg(common::repo_dir().join("scripts/action-upload.sh"))
            .env("CARGO_SOVEREIGN", env!("CARGO_BIN_EXE_cargo-sovereign"))
            .env("INPUT_SBOM", "sup*bom.json")
            .env("INPUT_DEPENDENCY_TRACK_URL", &dt.url)
            .env("INPUT_DEPENDENCY_TRACK_PROJECT", project)
            .env("INPUT_DEPENDENCY_TRACK_PROJECT_VERSION", "-1")
            .env("DEPENDENCY_TRACK_API_KEY", KEY)
            .env_remove("DEPENDENCY_TRACK_URL");
        run_watched(&mut cmd)
    };
    // A line break: the tool refuses the name, and the log shows no line that begins with it
    // (the runner reads `::command::` lines as workflow commands).
    let out = step("acme\n::error::forged");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!stderr(&out).lines().any(|l| l.starts_with("::")), "{}", stderr(&out));
    assert!(dt.requests().is_empty());

    let out = step(&project);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains(KEY) && !String::from_utf8_lossy(&out.stdout).contains(KEY), "{err}");
    assert!(!pwned.exists(), "an input was run as a command");
    let (request, _) = submitted(&dt.requests_to("/api/v1/bom")[0]).expect("no BOM uploaded");
    assert_eq!(
        (request["projectName"].as_str(), request["projectVersion"].as_str()),
        (Some(project.as_str()), Some("-1"))
    );
}

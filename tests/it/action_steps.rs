//! action.yml's steps run on this machine in order, as the runner runs a composite action: each
//! `if:` evaluated, `${{ … }}` substituted, `run:` steps run by bash with their `env:`, and
//! `actions/cache/restore` and `actions/cache/save` played by a folder of saved entries. Cargo
//! is a stand-in that logs its arguments (and "installs" the test's binary); the online sources
//! are a server on 127.0.0.1. What it shows: a failing gate still saves both caches, the failure
//! still fails the action, and the next run restores them; with `dependency-track-url`, the
//! enriched SBOM reaches the Dependency-Track stand-in of `upload.rs` even when the gate fails.

mod runner;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;
use runner::*;

#[test]
fn a_failing_gate_saves_both_caches_and_still_fails_the_action() {
    if !cfg!(unix) || !have("bash") {
        return;
    }
    let job = Job::new("gate");
    let (dir, store, server) = (&job.dir, &job.store, &job.server);
    let steps = action_steps();
    let new_run = |n: &str| job.run(&steps, n);

    // A cold run: the tool is built, the audit fails the gate, both caches are saved anyway.
    let mut first = new_run("1001");
    let failed = first.run();
    let stderr =
        |run: &Run, id: &str| std::fs::read_to_string(run.dir.join(format!("files/{id}.stderr"))).unwrap();
    eprintln!("{:#?}\n{}", first.log, stderr(&first, "audit"));
    assert!(failed, "the failing gate did not fail the action");
    assert_eq!(first.done["audit"].outcome, "failure", "{}", stderr(&first, "audit"));
    assert!(first.done["audit"].outputs["errors"].parse::<u32>().unwrap() > 0);
    let log = std::fs::read_to_string(dir.join("cargo.log")).unwrap();
    let tool_dir = first.done["key"].outputs["tool-dir"].clone();
    assert_eq!(
        log.trim(),
        format!("cargo install --locked --root {tool_dir} --path {}", common::repo_dir().display())
    );
    assert!(first.what("Save cargo-sovereign").starts_with("saved cargo-sovereign-bin-Linux-X64-src-local-"));
    assert_eq!(first.what("Restore the lookup cache"), "miss");
    // The lookups are on disk when the audit reports its failure, and the save after it keeps them.
    let lookups = PathBuf::from(&first.done["key"].outputs["lookups-dir"]);
    assert!(lookups.starts_with(first.temp()), "the lookup cache is not under runner.temp");
    let written = files(&lookups);
    assert!(!written.is_empty(), "the audit wrote no lookup cache");
    let key = first.done["key"].outputs["lookups-key"].clone();
    assert!(key.starts_with("cargo-sovereign-lookups-Linux-1001-1-audit-"), "{key}");
    assert_eq!(first.what("Save the lookup cache"), format!("saved {key}"));
    assert_eq!(files(&store.join(&key)), written);
    let asked = server.requests_to("/crates/").len();
    assert!(asked > 100, "the audit asked the registry only {asked} times");

    // The next run: the tool comes from the cache, the lookups too, and the registry is not asked again.
    std::fs::remove_file(dir.join("cargo.log")).unwrap();
    let mut second = new_run("1002");
    assert!(second.run());
    eprintln!("{:#?}", second.log);
    assert!(second.what("Restore cargo-sovereign").starts_with("hit cargo-sovereign-bin-"));
    assert_eq!(second.what("Install cargo-sovereign"), "skipped");
    assert_eq!(second.what("Save cargo-sovereign"), "skipped");
    assert!(!dir.join("cargo.log").exists(), "cargo ran although the tool was restored");
    assert_eq!(second.what("Restore the lookup cache"), format!("restored {key}"));
    assert_eq!(second.done["audit"].outcome, "failure");
    assert_eq!(server.requests_to("/crates/").len(), asked, "the restored lookups were asked again");
    assert!(second
        .what("Save the lookup cache")
        .starts_with("saved cargo-sovereign-lookups-Linux-1002-1-audit-"));
}

#[test]
fn the_upload_step_sends_the_audited_project_to_dependency_track_even_when_the_gate_fails() {
    if !cfg!(unix) || !have("bash") {
        return;
    }
    let job = Job::new("upload");
    let steps = action_steps();
    let dt = crate::upload::dependency_track();

    // Without the url input the step does not run.
    let mut plain = job.run(&steps, "2001");
    plain.run();
    assert_eq!(plain.what("Upload to Dependency-Track"), "skipped");
    assert!(dt.requests().is_empty());
    let asked_before = job.server.requests_to("/crates/").len();
    assert!(asked_before > 0);

    let mut run = job.run(&steps, "2002");
    for (k, v) in [
        ("dependency-track-url", dt.url.as_str()),
        ("dependency-track-project", "cloud-ai-workspace"),
        ("dependency-track-project-version", "main"),
    ] {
        run.inputs.insert(k.into(), v.into());
    }
    // The workflow's `env:` from a secret.
    run.env.push(("DEPENDENCY_TRACK_API_KEY".into(), crate::upload::KEY.into()));
    assert!(run.run(), "the failing gate did not fail the action");
    let log = std::fs::read_to_string(run.dir.join("files/upload.stderr")).unwrap();
    assert_eq!(run.done["audit"].outcome, "failure");
    assert_eq!(run.done["upload"].outcome, "success", "{log}");
    assert!(!log.contains(crate::upload::KEY), "the key was printed: {log}");
    let puts = dt.requests_to("/api/v1/bom");
    assert_eq!(puts.len(), 1);
    let (request, bom) = crate::upload::submitted(&puts[0]).expect("no CycloneDX BOM uploaded");
    assert_eq!(
        (request["projectName"].as_str(), request["projectVersion"].as_str()),
        (Some("cloud-ai-workspace"), Some("main"))
    );
    assert!(bom["components"].as_array().is_some_and(|c| !c.is_empty()));
    // The lookups of the first run were restored and the upload read them from the same cache:
    // the registry was not asked again.
    assert_eq!(job.server.requests_to("/crates/").len(), asked_before);
    assert_eq!(run.what("Save the lookup cache").split(' ').next(), Some("saved"));
}

/// The same run with the save steps' conditions removed (GitHub then implies `success()`), as
/// the combined actions/cache behaved: the lookups of a failing run are lost. Shows that the
/// runner stand-in tells the two apart.
#[test]
fn without_its_conditions_the_lookup_save_would_be_skipped_on_a_failing_gate() {
    if !cfg!(unix) || !have("bash") {
        return;
    }
    let job = Job::new("no-condition");
    let mut steps = action_steps();
    for s in &mut steps {
        if s["uses"].as_str().is_some_and(|u| u.starts_with("actions/cache/save@")) {
            s.as_mapping_mut().unwrap().remove("if").expect("a save step without `if:`");
        }
    }
    let mut run = job.run(&steps, "7");
    assert!(run.run());
    assert_eq!(run.what("Save the lookup cache"), "skipped");
    assert!(!files(&PathBuf::from(&run.done["key"].outputs["lookups-dir"])).is_empty());
}

/// `version:` installs the release archive, named as Cargo.toml's binstall metadata says,
/// without compiling; with no archive for the version, `cargo install` of it is the fallback.
#[test]
fn a_version_installs_the_release_archive_and_builds_only_without_one() {
    if !cfg!(unix) || !have("bash") || !have("curl") || !have("tar") || !have("rustc") {
        return;
    }
    let dir = common::scratch("action-steps-version");
    let stand_ins = cargo_stand_in(&dir);
    let version = env!("CARGO_PKG_VERSION");
    let rustc = Command::new("rustc").arg("-vV").output().unwrap();
    let host = String::from_utf8(rustc.stdout).unwrap();
    let target = host.lines().find_map(|l| l.strip_prefix("host: ")).unwrap().to_string();
    let releases = dir.join("releases");
    let pkg = dir.join("pkg").join(format!("cargo-sovereign-{target}"));
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_cargo-sovereign"), pkg.join("cargo-sovereign")).unwrap();
    std::fs::create_dir_all(releases.join(format!("v{version}"))).unwrap();
    let tar = Command::new("tar")
        .arg("-czf")
        .arg(releases.join(format!("v{version}/cargo-sovereign-{target}.tar.gz")))
        .arg("-C")
        .arg(dir.join("pkg"))
        .arg(format!("cargo-sovereign-{target}"))
        .status()
        .unwrap();
    assert!(tar.success());

    let install = |version: &str, root: &Path| {
        let _ = std::fs::remove_file(dir.join("cargo.log"));
        let out = Command::new("bash")
            .arg(common::repo_dir().join("scripts/action-install.sh"))
            .env("PATH", format!("{}:{}", stand_ins.display(), std::env::var("PATH").unwrap()))
            .env("INPUT_VERSION", version)
            .env("SOVEREIGN_ACTION_TOOL_DIR", root)
            .env("SOVEREIGN_ACTION_RELEASES", format!("file://{}", releases.display()))
            .env("GITHUB_ACTION_PATH", common::repo_dir())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{stderr}");
        (std::fs::read_to_string(dir.join("cargo.log")).unwrap_or_default(), stderr)
    };

    let (cargo, stderr) = install(&format!("v{version}"), &dir.join("root-a"));
    assert!(!cargo.contains("cargo install"), "compiled although the archive exists: {cargo}\n{stderr}");
    assert!(cargo.contains("cargo binstall -V"), "cargo binstall was not tried first: {cargo}");
    assert!(stderr.contains("installed the release archive"), "{stderr}");
    let out = Command::new(dir.join("root-a/bin/cargo-sovereign")).arg("--version").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("cargo-sovereign {version}"));

    let (cargo, stderr) = install("9.9.9", &dir.join("root-b"));
    let root_b = dir.join("root-b");
    assert!(
        cargo.contains(&format!(
            "cargo install --locked --root {} cargo-sovereign --version 9.9.9",
            root_b.display()
        )),
        "no fallback to cargo install: {cargo}\n{stderr}"
    );
}

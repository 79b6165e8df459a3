//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod http_server;

use std::path::{Path, PathBuf};

/// The repository's root.
pub fn repo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch directory in the temp dir, removed with everything in it when dropped: keep it
/// until the test (and any process it runs) is done with the files.
pub struct Scratch(tempfile::TempDir);

/// A new empty scratch directory named `sovereign-<name>-…`.
pub fn scratch(name: &str) -> Scratch {
    Scratch(tempfile::Builder::new().prefix(&format!("sovereign-{name}-")).tempdir().unwrap())
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

/// `../shared` beside the checkout, where the corpora and schemas live.
///
/// Returns `None` (after saying so on stderr) when the folder is absent on a developer
/// machine, so corpus tests can be skipped there; panics when `CI` is set, because CI must
/// always have it and a silently skipped corpus test would hide a failure.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SOVEREIGN_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_dir().join("..").join("shared"));
    if dir.join("corpora").is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{} is missing: CI must have ../shared beside the checkout", dir.display());
    }
    eprintln!("note: {} is absent; skipping tests that read the shared corpora", dir.display());
    None
}

/// Every file under `dir` (recursively) whose name ends with one of `exts`, sorted.
pub fn files_with_ext(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                if exts.iter().any(|e| name.ends_with(e)) {
                    out.push(path);
                }
            }
        }
    }
    out.sort();
    out
}

/// Makes a command of the binary run without network and without the developer's lookup
/// cache: tests never reach the internet and never depend on what a cache holds.
pub fn offline(cmd: &mut std::process::Command) -> &mut std::process::Command {
    cmd.env("SOVEREIGN_OFFLINE", "1")
        .env("SOVEREIGN_CACHE_DIR", std::env::temp_dir().join("cargo-sovereign-tests-no-cache"))
}

/// Runs a command, killing it and failing the test after two minutes (a hang, not a speed
/// budget).
pub fn run_watched(cmd: &mut std::process::Command) -> std::process::Output {
    use std::process::Stdio;
    let child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let id = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output().unwrap()).unwrap());
    match rx.recv_timeout(std::time::Duration::from_secs(120)) {
        Ok(out) => out,
        Err(_) => {
            let _ = std::process::Command::new("kill").arg(id.to_string()).status();
            panic!("hang: {cmd:?} still running after two minutes");
        }
    }
}

/// A JSON report with each package's `origin`, `hosting` and `vendor` written out in place
/// instead of named by their place in the top-level `origins`, `hosting` and `vendors`, for
/// tests that look into a package's facts.
pub fn facts_inline(mut report: serde_json::Value) -> serde_json::Value {
    let tables = [("origin", "origins"), ("hosting", "hosting"), ("vendor", "vendors")];
    let lists: Vec<Vec<serde_json::Value>> =
        tables.iter().map(|(_, list)| report[*list].as_array().cloned().unwrap_or_default()).collect();
    for p in report["packages"].as_array_mut().into_iter().flatten() {
        for ((field, _), list) in tables.iter().zip(&lists) {
            if let Some(i) = p[*field].as_u64() {
                p[*field] = list[i as usize].clone();
            }
        }
    }
    report
}

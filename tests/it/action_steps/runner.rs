//! The runner of action.yml's steps on this machine: steps parsed, `if:` evaluated, `${{ … }}`
//! substituted, `run:` steps run by bash, the cache actions played by a folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_yaml_ng::Value;

use crate::common;
use crate::common::http_server::{Reply, Server};

/// What a step left: its outcome and outputs.
#[derive(Debug, Default, Clone)]
pub(super) struct Done {
    pub(super) outcome: String,
    pub(super) outputs: BTreeMap<String, String>,
}

/// One run of the action: a job on a runner, with a cache store shared between runs.
pub(super) struct Run<'a> {
    pub(super) steps: &'a [Value],
    pub(super) inputs: BTreeMap<String, String>,
    pub(super) run_id: String,
    /// The folder the runner's `runner.temp` points at, the workspace and the step files.
    pub(super) dir: PathBuf,
    /// Saved cache entries: `store/<key>/` holds the cached folder's content.
    pub(super) store: &'a Path,
    /// The job's environment (what a workflow's `env:` would set).
    pub(super) env: Vec<(String, String)>,
    pub(super) done: BTreeMap<String, Done>,
    pub(super) failed: bool,
    /// Each step's name and what happened: `skipped`, `success`, `failure`, and for caches
    /// `hit KEY`, `restored KEY`, `miss`, `saved KEY`, `exists KEY`.
    pub(super) log: Vec<(String, String)>,
    pub(super) path_dirs: Vec<String>,
}

pub(super) fn action_steps() -> Vec<Value> {
    let text = std::fs::read_to_string(common::repo_dir().join("action.yml")).unwrap();
    let action: Value = serde_yaml_ng::from_str(&text).unwrap();
    action["runs"]["steps"].as_sequence().unwrap().clone()
}

pub(super) fn action_inputs(given: &[(&str, &str)]) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(common::repo_dir().join("action.yml")).unwrap();
    let action: Value = serde_yaml_ng::from_str(&text).unwrap();
    let mut inputs: BTreeMap<String, String> = action["inputs"]
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str().unwrap().to_string(), v["default"].as_str().unwrap_or("").to_string()))
        .collect();
    for (k, v) in given {
        assert!(inputs.contains_key(*k), "no input {k}");
        inputs.insert(k.to_string(), v.to_string());
    }
    inputs
}

pub(super) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            // The stand-in's "installed" binary: a link, so no run copies the test binary.
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), target).unwrap();
        } else if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Files under `dir`, relative, sorted.
pub(super) fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = common::files_with_ext(dir, &[""])
        .iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

impl Run<'_> {
    pub(super) fn value(&self, expr: &str) -> String {
        let expr = expr.trim();
        if let Some(lit) = expr.strip_prefix('\'').and_then(|e| e.strip_suffix('\'')) {
            return lit.to_string();
        }
        let parts: Vec<&str> = expr.split('.').collect();
        match parts.as_slice() {
            ["inputs", name] => self.inputs.get(*name).unwrap_or_else(|| panic!("no input {name}")).clone(),
            ["github", "token"] => "test-token".into(),
            ["github", "run_id"] => self.run_id.clone(),
            ["github", "action_ref"] => String::new(),
            ["runner", "temp"] => self.temp().to_string_lossy().into_owned(),
            ["runner", "os"] => "Linux".into(),
            ["steps", id, "outcome"] => self.done.get(*id).map(|d| d.outcome.clone()).unwrap_or_default(),
            ["steps", id, "outputs", name] => {
                self.done.get(*id).and_then(|d| d.outputs.get(*name).cloned()).unwrap_or_default()
            }
            _ => panic!("this stand-in for the runner does not know `{expr}`: teach it"),
        }
    }

    pub(super) fn substitute(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find("}}").expect("unclosed ${{") + start;
            out.push_str(&self.value(&rest[start + 3..end]));
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// GitHub's `if:`: terms joined by `&&`; without a status function, `success() &&` is implied.
    pub(super) fn condition(&self, cond: &str) -> bool {
        let cond = cond.trim();
        let cond = cond.strip_prefix("${{").and_then(|c| c.strip_suffix("}}")).unwrap_or(cond);
        assert!(!cond.contains("||"), "`{cond}`: teach me `||`");
        let mut status_checked = false;
        let mut all = true;
        for term in cond.split("&&").map(str::trim) {
            let value = match term {
                "always()" | "!cancelled()" => {
                    status_checked = true;
                    true
                }
                "success()" => {
                    status_checked = true;
                    !self.failed
                }
                "failure()" => {
                    status_checked = true;
                    self.failed
                }
                "cancelled()" => {
                    status_checked = true;
                    false
                }
                _ => {
                    if let Some((a, b)) = term.split_once("!=") {
                        self.value(a) != self.value(b)
                    } else if let Some((a, b)) = term.split_once("==") {
                        self.value(a) == self.value(b)
                    } else {
                        assert!(!term.contains(['(', '!', '<', '>']), "`{term}`: teach me");
                        !self.value(term).is_empty()
                    }
                }
            };
            all &= value;
        }
        all && (status_checked || !self.failed)
    }

    pub(super) fn temp(&self) -> PathBuf {
        self.dir.join("runner-temp")
    }

    pub(super) fn key_dir(&self, key: &str) -> PathBuf {
        assert!(key.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)), "key {key}");
        self.store.join(key)
    }

    /// Runs every step; returns whether the action (and so the job) failed.
    pub(super) fn run(&mut self) -> bool {
        std::fs::create_dir_all(self.temp()).unwrap();
        std::fs::create_dir_all(self.dir.join("workspace")).unwrap();
        for (i, step) in self.steps.iter().enumerate() {
            let name = step["name"].as_str().unwrap().to_string();
            let id = step["id"].as_str().map(String::from).unwrap_or(format!("__{i}"));
            let cond = step["if"].as_str().unwrap_or("success()");
            if !self.condition(cond) {
                self.done.insert(id, Done { outcome: "skipped".into(), ..Done::default() });
                self.log.push((name, "skipped".into()));
                continue;
            }
            let with = |k: &str| self.substitute(step["with"][k].as_str().unwrap_or(""));
            let (done, what) = if let Some(uses) = step["uses"].as_str() {
                let (path, key) = (PathBuf::from(with("path")), with("key"));
                if uses.starts_with("actions/cache/restore@") {
                    let mut outputs = BTreeMap::from([("cache-hit".to_string(), "false".to_string())]);
                    let mut what = "miss".to_string();
                    let matched = if self.key_dir(&key).is_dir() {
                        outputs.insert("cache-hit".into(), "true".into());
                        what = format!("hit {key}");
                        Some(key.clone())
                    } else {
                        // The newest entry whose key starts with a restore key.
                        let prefixes = with("restore-keys");
                        let mut found: Vec<(std::time::SystemTime, String)> = Vec::new();
                        for prefix in prefixes.lines().map(str::trim).filter(|p| !p.is_empty()) {
                            for e in std::fs::read_dir(self.store).unwrap().flatten() {
                                let k = e.file_name().to_string_lossy().into_owned();
                                if k.starts_with(prefix) {
                                    found.push((e.metadata().unwrap().modified().unwrap(), k));
                                }
                            }
                        }
                        found.sort();
                        found.pop().map(|(_, k)| {
                            what = format!("restored {k}");
                            k
                        })
                    };
                    if let Some(k) = matched {
                        copy_dir(&self.key_dir(&k), &path);
                        outputs.insert("cache-matched-key".into(), k);
                    }
                    (Done { outcome: "success".into(), outputs }, what)
                } else if uses.starts_with("actions/cache/save@") {
                    // Entries are immutable: the real action warns and goes on.
                    let what = if self.key_dir(&key).exists() {
                        format!("exists {key}")
                    } else if !path.is_dir() {
                        "nothing to save".to_string()
                    } else {
                        copy_dir(&path, &self.key_dir(&key));
                        format!("saved {key}")
                    };
                    (Done { outcome: "success".into(), ..Done::default() }, what)
                } else {
                    panic!("this stand-in for the runner does not know {uses}: teach it");
                }
            } else {
                self.run_step(step, &id)
            };
            if done.outcome == "failure" {
                self.failed = true;
            }
            self.log.push((name, what));
            self.done.insert(id, done);
        }
        self.failed
    }

    pub(super) fn run_step(&mut self, step: &Value, id: &str) -> (Done, String) {
        assert_eq!(step["shell"], "bash", "a run step without `shell: bash` does not run on every runner");
        let files = self.dir.join("files");
        std::fs::create_dir_all(&files).unwrap();
        let script = files.join(format!("{id}.sh"));
        std::fs::write(&script, self.substitute(step["run"].as_str().unwrap())).unwrap();
        let output = files.join(format!("{id}.output"));
        let gh_path = files.join(format!("{id}.path"));
        std::fs::write(&output, "").unwrap();
        std::fs::write(&gh_path, "").unwrap();
        let mut path = self.path_dirs.clone();
        path.push(std::env::var("PATH").unwrap_or_default());
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script)
            .current_dir(self.dir.join("workspace"))
            // The developer's own settings must not reach the run (a dump address would be the
            // internet); the step's env sets what it needs.
            .env_remove("SOVEREIGN_CRATES_IO_DUMP")
            .env_remove("SOVEREIGN_OFFLINE")
            .env("PATH", path.join(":"))
            .env("GITHUB_ACTION_PATH", common::repo_dir())
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_PATH", &gh_path)
            .env("GITHUB_STEP_SUMMARY", files.join("summary.md"))
            .env("GITHUB_RUN_ID", &self.run_id)
            .env("GITHUB_RUN_ATTEMPT", "1")
            .env("GITHUB_JOB", "audit")
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("RUNNER_TEMP", self.temp());
        for v in ["SOVEREIGN_OFFLINE", "SOVEREIGN_CACHE_DIR", "CARGO_SOVEREIGN", "GH_TOKEN", "GITHUB_TOKEN"] {
            cmd.env_remove(v);
        }
        for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("INPUT_")) {
            cmd.env_remove(k);
        }
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        if let Some(env) = step["env"].as_mapping() {
            for (k, v) in env {
                cmd.env(k.as_str().unwrap(), self.substitute(v.as_str().unwrap()));
            }
        }
        let out = cmd.output().unwrap();
        std::fs::write(files.join(format!("{id}.stderr")), &out.stderr).unwrap();
        let outputs = std::fs::read_to_string(&output)
            .unwrap()
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.path_dirs.extend(std::fs::read_to_string(&gh_path).unwrap().lines().map(String::from));
        let outcome = if out.status.success() { "success" } else { "failure" };
        (Done { outcome: outcome.into(), outputs }, outcome.into())
    }

    pub(super) fn what(&self, step_name: &str) -> &str {
        &self.log.iter().find(|(n, _)| n == step_name).unwrap_or_else(|| panic!("no step {step_name}")).1
    }
}

/// A folder with a `cargo` that logs its arguments to `cargo.log` and, for `cargo install
/// --root R`, puts the test's binary in `R/bin`; `cargo binstall` is not installed.
pub(super) fn cargo_stand_in(dir: &Path) -> PathBuf {
    let bin = dir.join("stand-ins");
    std::fs::create_dir_all(&bin).unwrap();
    let script = format!(
        r#"#!/usr/bin/env bash
echo "cargo $*" >>'{log}'
case "$1" in
install)
    root=""
    while [ $# -gt 0 ]; do [ "$1" = --root ] && root="$2"; shift; done
    mkdir -p "$root/bin" && ln -s '{exe}' "$root/bin/cargo-sovereign" ;;
*) echo "error: no such command: $1" >&2; exit 101 ;;
esac
"#,
        log = dir.join("cargo.log").display(),
        exe = env!("CARGO_BIN_EXE_cargo-sovereign"),
    );
    std::fs::write(bin.join("cargo"), script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(bin.join("cargo"), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    bin
}

pub(super) fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("note: {tool} is not installed; skipping the action's steps");
    }
    ok
}

/// Every crate has one owner; GitHub knows nobody.
pub(super) fn world(req: &common::http_server::Request, _: usize) -> Reply {
    if req.path.starts_with("/crates/api/v1/crates/") && req.path.ends_with("/owners") {
        return Reply::json(
            r#"{"users":[{"id":1,"login":"maker","kind":"user","url":"https://github.com/maker","name":null,"avatar":null}]}"#,
        );
    }
    Reply::status(404)
}

pub(super) fn online_env(server: &Server) -> Vec<(String, String)> {
    [
        ("SOVEREIGN_CRATES_IO_API", format!("{}/crates/api/v1", server.url)),
        ("SOVEREIGN_GITHUB_API", format!("{}/github", server.url)),
        ("SOVEREIGN_NPM_REGISTRY", format!("{}/npm", server.url)),
        ("SOVEREIGN_PYPI", format!("{}/pypi", server.url)),
        ("SOVEREIGN_CRATES_IO_INTERVAL_MS", "0".into()),
    ]
    .map(|(k, v)| (k.to_string(), v))
    .to_vec()
}

/// A job on the failing fixture, online against a server on 127.0.0.1: the folder, the cache
/// store, the cargo stand-in and the server, shared by its runs.
pub(super) struct Job {
    pub(super) dir: common::Scratch,
    pub(super) store: PathBuf,
    pub(super) stand_ins: PathBuf,
    pub(super) server: Server,
    pub(super) inputs: BTreeMap<String, String>,
}

impl Job {
    pub(super) fn new(name: &str) -> Job {
        let dir = common::scratch(&format!("action-steps-{name}"));
        let store = dir.join("store");
        std::fs::create_dir_all(&store).unwrap();
        let stand_ins = cargo_stand_in(&dir);
        let metadata = common::repo_dir().join("tests/fixtures/cloud-ai-workspace/metadata.json");
        let inputs = action_inputs(&[("metadata", metadata.to_str().unwrap()), ("sarif", "false")]);
        Job { dir, store, stand_ins, server: Server::start(world), inputs }
    }

    pub(super) fn run<'a>(&'a self, steps: &'a [Value], run_id: &str) -> Run<'a> {
        Run {
            steps,
            inputs: self.inputs.clone(),
            run_id: run_id.to_string(),
            dir: self.dir.join(format!("run-{run_id}")),
            store: &self.store,
            env: online_env(&self.server),
            done: BTreeMap::new(),
            failed: false,
            log: Vec::new(),
            path_dirs: vec![self.stand_ins.to_string_lossy().into_owned()],
        }
    }
}

//! Running `cargo metadata` for the workspace being audited, with the options the user gave.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::metadata::Selection;
use crate::error::InputError;
use crate::files::read::{read_stream, Limit, MAX_INPUT_BYTES};

/// How to run `cargo metadata` and which part of the workspace to audit.
#[derive(Debug, Clone, Default)]
pub struct CargoOptions {
    /// `--manifest-path`.
    pub manifest_path: Option<PathBuf>,
    /// `--features`, each entry possibly comma- or space-separated.
    pub features: Vec<String>,
    /// `--all-features`.
    pub all_features: bool,
    /// `--no-default-features`.
    pub no_default_features: bool,
    /// `--locked`, `--offline`, `--frozen`: passed to cargo unchanged.
    pub locked: bool,
    /// See `locked`.
    pub offline: bool,
    /// See `locked`.
    pub frozen: bool,
    /// Which members to audit and which dependencies to keep.
    pub select: Selection,
}

/// Environment variables holding secrets this tool reads and cargo never needs.
const SECRETS: &[&str] = &["DEPENDENCY_TRACK_API_KEY"];

/// Runs `cargo metadata` and returns its JSON. Errors carry cargo's own message.
pub fn run_cargo_metadata(opts: &CargoOptions) -> Result<String, InputError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["metadata", "--format-version", "1"]);
    // Cargo runs the project's own configuration (a `rustc-wrapper`, say): it gets no secret
    // that only this tool needs. (GitHub tokens stay: git credential helpers may read them to
    // fetch private git dependencies.)
    for secret in SECRETS {
        cmd.env_remove(secret);
    }
    if let Some(path) = &opts.manifest_path {
        cmd.arg("--manifest-path").arg(path);
    }
    if opts.all_features {
        cmd.arg("--all-features");
    }
    if opts.no_default_features {
        cmd.arg("--no-default-features");
    }
    let features: Vec<&str> =
        opts.features.iter().flat_map(|f| f.split([',', ' '])).filter(|f| !f.is_empty()).collect();
    if !features.is_empty() {
        cmd.arg("--features").arg(features.join(","));
    }
    // Cargo keeps only what the targets use (as `cargo tree` does), so an offline run needs no
    // other platform's crates; what it left out cannot be counted then.
    for target in &opts.select.targets {
        cmd.arg("--filter-platform").arg(target);
    }
    for (flag, on) in [("--locked", opts.locked), ("--offline", opts.offline), ("--frozen", opts.frozen)] {
        if on {
            cmd.arg(flag);
        }
    }
    let label = opts.manifest_path.as_ref().map_or("cargo metadata".to_string(), |p| p.display().to_string());
    let cannot_run = |e: std::io::Error| InputError::new(&label, format!("cannot run `cargo metadata`: {e}"));
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(cannot_run)?;
    // Read like any input, within the input size limit (what `CARGO` names could print anything).
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let errors = std::thread::spawn(move || {
        let mut text = Vec::new();
        if let Some(stderr) = stderr {
            let _ = std::io::Read::read_to_end(&mut std::io::Read::take(stderr, 1 << 20), &mut text);
        }
        text
    });
    let out = match stdout {
        Some(stdout) => read_stream(stdout, &label, Limit::input(MAX_INPUT_BYTES)),
        None => Ok(Vec::new()),
    };
    if out.is_err() {
        let _ = child.kill();
    }
    let status = child.wait().map_err(cannot_run)?;
    let stderr = errors.join().unwrap_or_default();
    let out = out?;
    if !status.success() {
        let stderr = String::from_utf8_lossy(&stderr);
        let message = stderr.trim().trim_start_matches("error: ").to_string();
        return Err(InputError::new(&label, format!("`cargo metadata` failed: {message}")));
    }
    String::from_utf8(out).map_err(|_| InputError::new(&label, "`cargo metadata` printed invalid UTF-8"))
}

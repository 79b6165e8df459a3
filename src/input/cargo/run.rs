//! Running `cargo metadata` for the workspace being audited, with the options the user gave.

use std::path::PathBuf;
use std::process::Command;

use super::metadata::Selection;
use crate::error::InputError;

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

/// Runs `cargo metadata` and returns its JSON. Errors carry cargo's own message.
pub fn run_cargo_metadata(opts: &CargoOptions) -> Result<String, InputError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["metadata", "--format-version", "1"]);
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
    if let Some(target) = &opts.select.target {
        cmd.arg("--filter-platform").arg(target);
    }
    for (flag, on) in [("--locked", opts.locked), ("--offline", opts.offline), ("--frozen", opts.frozen)] {
        if on {
            cmd.arg(flag);
        }
    }
    let label = opts.manifest_path.as_ref().map_or("cargo metadata".to_string(), |p| p.display().to_string());
    let output =
        cmd.output().map_err(|e| InputError::new(&label, format!("cannot run `cargo metadata`: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let message = stderr.trim().trim_start_matches("error: ").to_string();
        return Err(InputError::new(&label, format!("`cargo metadata` failed: {message}")));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| InputError::new(&label, "`cargo metadata` printed invalid UTF-8"))
}

//! Which of a dependency's declared kinds count: dev ones only with `--include-dev`, and with
//! target triples (`--target`, the policy's `targets`), only those whose platform condition
//! (`cfg(windows)`, a triple) holds for one of the targets, as rustc reports them, read with
//! cargo's own parser. A metadata file holds every platform's dependencies, so what the targets
//! leave out is counted apart; cargo run live filters by platform itself (`--filter-platform`).

use std::process::Command;

use cargo_platform::{Cfg, Platform};

use super::json;
use crate::error::InputError;
use crate::model::DepKind;

/// The strongest kind among the dependency's kinds that apply, or `None` if none applies; no
/// targets means every platform.
/// A platform condition cargo wrote but this version cannot read applies (kept rather than lost).
pub(super) fn edge_kind(
    kinds: &[json::DepKindInfo],
    targets: &[(String, Vec<Cfg>)],
    include_dev: bool,
) -> Option<DepKind> {
    if kinds.is_empty() {
        // cargo before 1.41 did not report kinds.
        return Some(DepKind::Normal);
    }
    kinds
        .iter()
        .filter(|k| match &k.target {
            Some(platform) if !targets.is_empty() => platform
                .parse::<Platform>()
                .map_or(true, |p| targets.iter().any(|(triple, cfg)| p.matches(triple, cfg))),
            _ => true,
        })
        .filter_map(|k| match k.kind.as_deref() {
            None | Some("normal") => Some(DepKind::Normal),
            Some("build") => Some(DepKind::Build),
            Some("dev") if include_dev => Some(DepKind::Dev),
            _ => None,
        })
        .min()
}

/// The `cfg` values rustc reports for a target triple; `path` names the metadata in errors.
pub(super) fn rustc_cfg(path: &str, triple: &str) -> Result<Vec<Cfg>, InputError> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc).args(["--print", "cfg", "--target", triple]).output().map_err(|e| {
        InputError::new(path, format!("target triples need rustc to evaluate platform conditions: {e}"))
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let reason = stderr.lines().next().unwrap_or("").trim().trim_start_matches("error: ");
        return Err(InputError::new(
            path,
            format!("unknown target `{triple}` (rustc: {reason}); `rustc --print target-list` lists the known ones"),
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).lines().filter_map(|l| l.parse().ok()).collect())
}

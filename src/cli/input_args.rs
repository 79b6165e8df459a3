//! The arguments that say what to audit and under which policy (shared by `audit`, `explain`
//! and `fetch`), turned into the pipeline's [`Options`] before any work.

use std::path::PathBuf;

use clap::Args;

use crate::online_args::OnlineArgs;
use cargo_sovereign::enrich::online::Network;
use cargo_sovereign::files::read::MAX_INPUT_BYTES;
use cargo_sovereign::input::cargo::{CargoOptions, Selection};
use cargo_sovereign::pipeline::{Options, Policy};
use cargo_sovereign::policy::date::Date;
use cargo_sovereign::policy::load::PolicySource;
use cargo_sovereign::report::sarif::SarifContext;

/// Input and policy arguments shared by `audit` and `explain`.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Path to Cargo.toml.
    #[arg(long, value_name = "PATH", help_heading = "Cargo input")]
    pub manifest_path: Option<PathBuf>,
    /// Features to activate (comma or space separated; repeatable).
    #[arg(short = 'F', long, value_name = "FEATURES", help_heading = "Cargo input")]
    pub features: Vec<String>,
    /// Activate all features.
    #[arg(long, help_heading = "Cargo input")]
    pub all_features: bool,
    /// Do not activate the `default` feature.
    #[arg(long, help_heading = "Cargo input")]
    pub no_default_features: bool,
    /// Keep only dependencies that apply to this target triple (repeatable; replaces the
    /// policy's `targets`).
    #[arg(long, value_name = "TRIPLE", help_heading = "Cargo input")]
    pub target: Vec<String>,
    /// Audit only this workspace member (repeatable).
    #[arg(short = 'p', long = "package", value_name = "SPEC", help_heading = "Cargo input")]
    pub packages: Vec<String>,
    /// Leave this workspace member out (repeatable).
    #[arg(long, value_name = "SPEC", help_heading = "Cargo input")]
    pub exclude: Vec<String>,
    /// Include dev-dependencies.
    #[arg(long, help_heading = "Cargo input")]
    pub include_dev: bool,
    /// Passed to cargo: require Cargo.lock to be up to date.
    #[arg(long, help_heading = "Cargo input")]
    pub locked: bool,
    /// No network at all: cargo runs offline, and online enrichment uses only what the cache holds.
    #[arg(long, env = "SOVEREIGN_OFFLINE", value_parser = clap::builder::BoolishValueParser::new(), help_heading = "Online enrichment")]
    pub offline: bool,
    /// Passed to cargo: --locked and --offline.
    #[arg(long, help_heading = "Cargo input")]
    pub frozen: bool,
    /// Read a pre-generated `cargo metadata --format-version 1` JSON file (`-` for stdin).
    #[arg(long, value_name = "FILE", conflicts_with = "sbom", help_heading = "Inputs")]
    pub metadata: Option<String>,
    /// Read a CycloneDX or SPDX SBOM (any ecosystem; repeatable; `-` for stdin).
    #[arg(long, value_name = "FILE", help_heading = "Inputs")]
    pub sbom: Vec<String>,
    /// Refuse input files larger than this (bytes, or with a K, M or G suffix).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, help_heading = "Inputs")]
    pub max_input_size: Option<u64>,
    /// The policy file (default: sovereign.toml beside Cargo.toml, or Cargo.toml's
    /// [workspace.metadata.sovereign] / [package.metadata.sovereign]).
    #[arg(long, value_name = "FILE", help_heading = "Policy")]
    pub config: Option<PathBuf>,
    /// Add or override knowledge-base entries from this file (`[[org]]`, `[[forge]]`,
    /// `[[vendor]]`, `[[license]]`; repeatable).
    #[arg(long = "kb", value_name = "FILE", help_heading = "Policy")]
    pub kb_files: Vec<PathBuf>,
    /// Online enrichment.
    #[command(flatten)]
    pub online: OnlineArgs,
    /// Evaluate exception expiry as of this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE", value_parser = parse_date, hide = true)]
    pub today: Option<Date>,
}

impl InputArgs {
    /// No network with `--offline`, or `--frozen` (which tells cargo the same). Decided here
    /// once; cargo and the online stage are told the answer.
    pub fn network(&self) -> Network {
        if self.offline || self.frozen {
            Network::Offline
        } else {
            Network::Online
        }
    }

    /// The directory where the policy is looked for.
    pub fn policy_dir(&self) -> PathBuf {
        match self.manifest_path.as_ref().and_then(|p| p.parent()) {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// Where SARIF results should look for the project's files: the manifest's folder when
    /// cargo runs live (the folder of a metadata file is found from the report's inputs).
    pub fn sarif_context(&self, policy: &PolicySource) -> SarifContext {
        let live = self.metadata.is_none() && self.sbom.is_empty();
        SarifContext {
            workspace_root: live.then(|| self.policy_dir()),
            policy_file: match policy {
                PolicySource::File(p) => Some(p.clone()),
                PolicySource::CargoToml(_) | PolicySource::Defaults => None,
            },
        }
    }

    /// The pipeline's options these arguments ask for.
    pub fn to_options(&self) -> Options {
        let network = self.network();
        Options {
            cargo: CargoOptions {
                manifest_path: self.manifest_path.clone(),
                features: self.features.clone(),
                all_features: self.all_features,
                no_default_features: self.no_default_features,
                locked: self.locked,
                offline: network == Network::Offline,
                frozen: self.frozen,
                select: Selection {
                    packages: self.packages.clone(),
                    exclude: self.exclude.clone(),
                    targets: self.target.clone(),
                    include_dev: self.include_dev,
                },
            },
            metadata: self.metadata.clone(),
            sboms: self.sbom.clone(),
            max_input_bytes: self.max_input_size.unwrap_or(MAX_INPUT_BYTES),
            policy: match &self.config {
                Some(file) => Policy::File(file.clone()),
                None => Policy::Discover(self.policy_dir()),
            },
            kb_files: self.kb_files.clone(),
            today: self.today.unwrap_or_else(Date::today),
            online: Some(self.online.to_options(network)),
        }
    }
}

fn parse_size(value: &str) -> Result<u64, String> {
    let v = value.trim();
    let (digits, mult) = match v.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&v[..v.len() - 1], 1u64 << 10),
        Some('M') => (&v[..v.len() - 1], 1 << 20),
        Some('G') => (&v[..v.len() - 1], 1 << 30),
        _ => (v, 1),
    };
    let n: u64 = digits.trim().parse().map_err(|_| format!("`{value}` is not a size (e.g. 500M)"))?;
    n.checked_mul(mult).ok_or_else(|| format!("`{value}` is too large"))
}

fn parse_date(value: &str) -> Result<Date, String> {
    Date::parse(value).ok_or_else(|| format!("`{value}` is not a date (YYYY-MM-DD)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("500M").unwrap(), 500 << 20);
        assert_eq!(parse_size("10").unwrap(), 10);
        assert!(parse_size("x").is_err());
    }
}

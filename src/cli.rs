//! Command-line arguments (clap derive) and their conversion into library options.
//!
//! Works both as `cargo-sovereign …` and as `cargo sovereign …` (cargo passes `sovereign` as
//! the first argument), and `audit` is the default command.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::cli_online::{CacheArgs, FetchDumpArgs, OnlineArgs};
use cargo_sovereign::audit::{AuditOptions, DEFAULT_MAX_INPUT_BYTES};
use cargo_sovereign::input::cargo::{CargoOptions, Selection};
use cargo_sovereign::kb::base::Kb;
use cargo_sovereign::policy::config::Config;
use cargo_sovereign::policy::date::Date;
use cargo_sovereign::policy::load::PolicySource;
use cargo_sovereign::report::sarif::SarifContext;
use cargo_sovereign::report::Format;

const AFTER_HELP: &str = "\
Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on (default: error)
  2  usage, configuration or input error (the message names the file, line and column)";

/// Audit a project's dependencies for vendor lock-in and digital sovereignty.
#[derive(Debug, Parser)]
#[command(name = "cargo-sovereign", bin_name = "cargo sovereign", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit a Cargo workspace (default) or SBOM files.
    Audit(AuditArgs),
    /// Everything known about one package: licence, origin and evidence, graph figures, paths, findings.
    Explain(ExplainArgs),
    /// Compare two JSON reports: packages added and removed, findings new and resolved.
    Diff(DiffArgs),
    /// Write a commented sovereign.toml with every key at its default.
    Init(InitArgs),
    /// Query and check the knowledge base: lookup, stats, validate.
    Kb(KbArgs),
    /// Fill the online lookup cache for the current inputs ahead of time (for air-gapped or CI
    /// runs, which then use `--offline`).
    Fetch(FetchArgs),
    /// Inspect or empty the online lookup cache: info, clear, prune.
    Cache(CacheArgs),
}

/// `fetch` arguments.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// The database dump.
    #[command(flatten)]
    pub dump: FetchDumpArgs,
}

/// The level at which findings fail the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Fail on errors.
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on any finding.
    Note,
    /// Never fail because of findings.
    Never,
}

impl FailOn {
    /// Whether a finding of `severity` fails the run.
    pub fn fails(self, severity: &str) -> bool {
        let rank = |s: &str| match s {
            "error" => 3,
            "warning" => 2,
            _ => 1,
        };
        let threshold = match self {
            FailOn::Error => 3,
            FailOn::Warning => 2,
            FailOn::Note => 1,
            FailOn::Never => return false,
        };
        rank(severity) >= threshold
    }
}

/// `audit` arguments.
#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct AuditArgs {
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format, optionally written to a file: FMT or FMT=PATH (repeatable).
    /// Formats: table (default), json, markdown, sarif, cyclonedx, dot, html.
    #[arg(short = 'f', long = "format", value_name = "FMT[=PATH]", value_parser = parse_output, help_heading = "Output")]
    pub formats: Vec<OutputSpec>,
    /// Exit with code 1 when a finding is at or above this level.
    #[arg(long, value_enum, default_value = "error", help_heading = "Output")]
    pub fail_on: FailOn,
    /// In the table, list every dependency.
    #[arg(long = "packages", id = "list_packages", help_heading = "Output")]
    pub list_packages: bool,
    /// Colours in the table: auto (only on a terminal, and not with NO_COLOR), always, never.
    #[arg(long, value_enum, default_value = "auto", help_heading = "Output")]
    pub color: ColorWhen,
}

/// When to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a colour terminal, unless NO_COLOR is set.
    Auto,
    /// Always, files included.
    Always,
    /// Never.
    Never,
}

/// `explain` arguments.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The package: NAME or NAME@VERSION (or its id).
    pub package: String,
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
}

/// `diff` arguments.
#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct DiffArgs {
    /// The report before the change (`--format json` output).
    pub base: String,
    /// The report after the change.
    pub head: String,
    /// Exit with code 1 when HEAD has new findings at or above this level.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Print the difference as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `init` arguments.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the policy.
    #[arg(long, default_value = "sovereign.toml")]
    pub path: PathBuf,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

/// `kb` arguments.
#[derive(Debug, Args)]
pub struct KbArgs {
    /// What to do with the knowledge base.
    #[command(subcommand)]
    pub command: KbCommand,
}

/// The `kb` subcommands.
#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// What the knowledge base says about TEXT: organisation, forge, vendor or package,
    /// licence, country, jurisdiction group, location.
    Lookup(KbLookupArgs),
    /// How many entries the knowledge base has, by kind.
    Stats(KbStatsArgs),
    /// Check knowledge-base files (`--kb FILE` format); every problem is reported, exit code 2.
    Validate(KbValidateArgs),
}

/// `kb lookup` arguments.
#[derive(Debug, Args)]
pub struct KbLookupArgs {
    /// The text: an id, login, domain, e-mail address, URL, `ecosystem:package`, licence,
    /// country, group or place (several words are joined with spaces).
    #[arg(required = true, value_name = "TEXT")]
    pub text: Vec<String>,
    /// Print the hits as JSON.
    #[arg(long)]
    pub json: bool,
    /// Add or override knowledge-base entries from this file (repeatable).
    #[arg(long = "kb", value_name = "FILE")]
    pub kb_files: Vec<PathBuf>,
}

/// `kb stats` arguments.
#[derive(Debug, Args)]
pub struct KbStatsArgs {
    /// Print the counts as JSON.
    #[arg(long)]
    pub json: bool,
    /// Add or override knowledge-base entries from this file (repeatable).
    #[arg(long = "kb", value_name = "FILE")]
    pub kb_files: Vec<PathBuf>,
}

/// `kb validate` arguments.
#[derive(Debug, Args)]
pub struct KbValidateArgs {
    /// The files, checked in order; a file may refer to organisations of an earlier one.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

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
    /// Keep only dependencies that apply to this target triple.
    #[arg(long, value_name = "TRIPLE", help_heading = "Cargo input")]
    pub target: Option<String>,
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

/// One `--format` value.
#[derive(Debug, Clone)]
pub struct OutputSpec {
    /// The format.
    pub format: Format,
    /// The file to write, or standard output.
    pub path: Option<PathBuf>,
}

fn parse_output(value: &str) -> Result<OutputSpec, String> {
    let (name, path) = match value.split_once('=') {
        Some((n, "-")) => (n, None),
        Some((n, p)) if !p.is_empty() => (n, Some(PathBuf::from(p))),
        Some((n, _)) => return Err(format!("`{n}=` needs a file name after `=`")),
        None => (value, None),
    };
    let format = Format::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|(n, _)| *n).collect();
        format!("unknown format `{name}` (known: {})", names.join(", "))
    })?;
    Ok(OutputSpec { format, path })
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

impl InputArgs {
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

    /// The library options these arguments ask for, with the given policy and knowledge base.
    pub fn to_options(&self, config: Config, kb: Kb) -> AuditOptions {
        AuditOptions {
            cargo: CargoOptions {
                manifest_path: self.manifest_path.clone(),
                features: self.features.clone(),
                all_features: self.all_features,
                no_default_features: self.no_default_features,
                locked: self.locked,
                offline: self.offline,
                frozen: self.frozen,
                select: Selection {
                    packages: self.packages.clone(),
                    exclude: self.exclude.clone(),
                    target: self.target.clone(),
                    include_dev: self.include_dev,
                },
            },
            metadata: self.metadata.clone(),
            sboms: self.sbom.clone(),
            max_input_bytes: self.max_input_size.unwrap_or(DEFAULT_MAX_INPUT_BYTES),
            config,
            today: self.today.unwrap_or_else(Date::today),
            kb,
            online: Some(self.online.to_options(self.offline || self.frozen)),
            require_online: self.online.require_online,
        }
    }
}

/// The outputs with their paths resolved (`/dev/stdout` is standard output), checked before
/// any work: two outputs to one file, or two to standard output, are a usage error, and so is
/// a path that cannot be written to (a directory, a missing folder).
pub fn resolve_outputs(outputs: Vec<OutputSpec>) -> anyhow::Result<Vec<OutputSpec>> {
    use cargo_sovereign::files::write::Target;
    let mut seen: Vec<(PathBuf, String)> = Vec::new();
    let mut resolved = Vec::with_capacity(outputs.len());
    for mut output in outputs {
        let shown = match &output.path {
            Some(p) => format!("{}={}", output.format.name(), p.display()),
            None => output.format.name().to_string(),
        };
        let target = match &output.path {
            None => Target::Stdout,
            Some(p) => Target::of(p).map_err(|e| {
                anyhow::anyhow!("{}: cannot write a report there: {}", p.display(), io_message(&e))
            })?,
        };
        if target == Target::Stdout {
            output.path = None;
        }
        let key = target.key();
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            let place = if target == Target::Stdout {
                "standard output".to_string()
            } else {
                key.display().to_string()
            };
            anyhow::bail!("two outputs to {place}: `--format {first}` and `--format {shown}`");
        }
        seen.push((key, shown));
        resolved.push(output);
    }
    Ok(resolved)
}

fn io_message(e: &std::io::Error) -> String {
    cargo_sovereign::files::read::io_message(e)
}

impl AuditArgs {
    /// The outputs asked for; the table on standard output when none.
    pub fn outputs(&self) -> Vec<OutputSpec> {
        if self.formats.is_empty() {
            vec![OutputSpec { format: Format::Table, path: None }]
        } else {
            self.formats.clone()
        }
    }
}

/// Arguments as the user meant them: without cargo's `sovereign`, and with `audit` inserted
/// when no subcommand is named.
pub fn normalise_args(mut args: Vec<OsString>) -> Vec<OsString> {
    if args.get(1).is_some_and(|a| a == "sovereign") {
        args.remove(1);
    }
    let first = args.get(1).and_then(|a| a.to_str()).map(str::to_string);
    let is_command = |s: &str| {
        matches!(
            s,
            "audit"
                | "explain"
                | "diff"
                | "init"
                | "kb"
                | "fetch"
                | "cache"
                | "help"
                | "-h"
                | "--help"
                | "-V"
                | "--version"
        )
    };
    match first {
        Some(f) if is_command(&f) => {}
        _ => args.insert(1.min(args.len()), OsString::from("audit")),
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn cargo_subcommand_and_default_audit() {
        assert_eq!(normalise_args(os(&["cargo-sovereign", "sovereign"])), os(&["cargo-sovereign", "audit"]));
        assert_eq!(
            normalise_args(os(&["cargo-sovereign", "sovereign", "audit", "--sbom", "x"])),
            os(&["cargo-sovereign", "audit", "--sbom", "x"])
        );
        assert_eq!(
            normalise_args(os(&["cargo-sovereign", "--sbom", "x"])),
            os(&["cargo-sovereign", "audit", "--sbom", "x"])
        );
        assert_eq!(normalise_args(os(&["cargo-sovereign", "--help"])), os(&["cargo-sovereign", "--help"]));
        assert_eq!(
            normalise_args(os(&["cargo-sovereign", "sovereign", "kb", "stats"])),
            os(&["cargo-sovereign", "kb", "stats"])
        );
    }

    #[test]
    fn output_specs() {
        let o = parse_output("json=out.json").unwrap();
        assert_eq!(o.format, Format::Json);
        assert_eq!(o.path, Some(PathBuf::from("out.json")));
        assert!(parse_output("yaml").unwrap_err().contains("unknown format"));
        assert!(parse_output("json=").is_err());
        assert_eq!(parse_output("json=-").unwrap().path, None);
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("500M").unwrap(), 500 << 20);
        assert_eq!(parse_size("10").unwrap(), 10);
        assert!(parse_size("x").is_err());
    }

    #[test]
    fn clap_definition_is_valid() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}

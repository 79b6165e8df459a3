//! The command line (clap derive): the subcommands and their arguments.
//!
//! Works both as `cargo-sovereign …` and as `cargo sovereign …` (cargo passes `sovereign` as
//! the first argument), and `audit` is the default command. What to read is in
//! [`crate::input_args`], where reports go in [`crate::outputs`], online settings in
//! [`crate::online_args`].

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::choices::{parse_cyclonedx_version, FailOn};
use crate::input_args::InputArgs;
use crate::online_args::{CacheArgs, FetchDumpArgs};
use crate::outputs::{parse_output, OutputSpec};
use cargo_sovereign::report::cyclonedx::Target;
use cargo_sovereign::report::spdx::SpdxVersion;

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
    /// Audit, then upload the enriched CycloneDX SBOM to Dependency-Track and wait until it is processed.
    Upload(Box<crate::upload::UploadArgs>),
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

/// `audit` arguments.
#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct AuditArgs {
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format, optionally written to a file: FMT or FMT=PATH (repeatable).
    /// Formats: table (default), json, markdown, sarif, cyclonedx, dot, html, spdx.
    #[arg(short = 'f', long = "format", value_name = "FMT[=PATH]", value_parser = parse_output, help_heading = "Output")]
    pub formats: Vec<OutputSpec>,
    /// Exit with code 1 when a finding is at or above this level.
    #[arg(long, value_enum, default_value = "error", help_heading = "Output")]
    pub fail_on: FailOn,
    /// In the table, list every dependency.
    #[arg(long = "packages", id = "list_packages", help_heading = "Output")]
    pub list_packages: bool,
    /// Indent the JSON report (compact by default).
    #[arg(long, help_heading = "Output")]
    pub pretty: bool,
    /// The SPDX version `--format spdx` writes: 2.3 (JSON) or 3.0 (3.0.1 JSON-LD).
    #[arg(long, value_name = "VERSION", default_value = "2.3", value_parser = parse_spdx_version, help_heading = "Output")]
    pub spdx_version: SpdxVersion,
    /// CycloneDX output: move an older input document to this version (1.6 or 1.7) and
    /// generate documents in it; without it an input keeps its version and 1.6 is generated.
    #[arg(long, value_name = "VERSION", value_parser = parse_cyclonedx_version, help_heading = "Output")]
    pub cyclonedx_version: Option<Target>,
    /// Colours in the table: auto (only on a terminal, and not with NO_COLOR), always, never.
    #[arg(long, value_enum, default_value = "auto", help_heading = "Output")]
    pub color: ColorWhen,
}

/// `--spdx-version`'s value.
fn parse_spdx_version(value: &str) -> Result<SpdxVersion, String> {
    SpdxVersion::from_name(value).ok_or_else(|| {
        let names: Vec<&str> = SpdxVersion::ALL.iter().map(|(n, _)| *n).collect();
        format!("unknown SPDX version `{value}` (known: {})", names.join(", "))
    })
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
    /// The package: NAME (every version in the graph) or NAME@VERSION (or its id).
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
                | "upload"
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
    fn clap_definition_is_valid() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}

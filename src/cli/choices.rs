//! Values more than one subcommand takes: the level at which findings fail the run
//! (`--fail-on`) and the CycloneDX version to write (`--cyclonedx-version`).

use cargo_sovereign::policy::code::Severity;
use cargo_sovereign::report::cyclonedx::Target;

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
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Note => true,
            FailOn::Never => false,
        }
    }
}

/// `--cyclonedx-version`'s value.
pub fn parse_cyclonedx_version(value: &str) -> Result<Target, String> {
    Target::from_name(value).ok_or_else(|| {
        let names: Vec<&str> = Target::ALL.iter().map(|(n, _)| *n).collect();
        format!("not a CycloneDX version this tool writes: `{value}` (use {})", names.join(" or "))
    })
}

//! `upload`: run the audit's pipeline, render the enriched CycloneDX into memory and hand it to
//! Dependency-Track, then wait until the server has processed it.
//!
//! The upload happens whatever the findings: Dependency-Track is where a portfolio's findings
//! are kept, so a project with findings is the one most worth sending. Findings change the exit
//! code only when `--fail-on` asks (default `never`); upload errors are exit code 2.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::{anyhow, bail};
use clap::Args;

use cargo_sovereign::enrich::online::secret::Secret;
use cargo_sovereign::publish::dependency_track::{
    Options, Project, Server, API_KEY_ENV, MAX_BOM_CHARS, URL_ENV,
};
use cargo_sovereign::report::cyclonedx::{self, CycloneDx, Target};
use cargo_sovereign::report::Reporter;
use cargo_sovereign::terminal;
use cargo_sovereign::text::plural;

use crate::choices::FailOn;
use crate::input_args::InputArgs;
use crate::run;

const AFTER_HELP: &str = "\
The API key is read from DEPENDENCY_TRACK_API_KEY only (never from the command line); its team
needs the BOM_UPLOAD permission, and PROJECT_CREATION_UPLOAD for a project that does not exist yet.

Exit codes:
  0  uploaded (and processed, unless --no-wait)
  1  uploaded, and findings at or above --fail-on (default: never)
  2  usage, input or upload error (401, 403, 404, 413, server unreachable, still processing)";

/// `upload` arguments.
#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct UploadArgs {
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// The Dependency-Track project's name (created when missing).
    #[arg(long, value_name = "NAME", help_heading = "Dependency-Track")]
    pub project: String,
    /// The project's version.
    #[arg(long, value_name = "VERSION", help_heading = "Dependency-Track")]
    pub project_version: String,
    /// Move an older CycloneDX input to this version (1.6 or 1.7) before uploading, and
    /// generate documents in it; without it an input keeps its version and 1.6 is generated.
    #[arg(long, value_name = "VERSION", value_parser = crate::choices::parse_cyclonedx_version)]
    pub cyclonedx_version: Option<Target>,
    // The environment's value is not shown in `--help`: it may carry credentials.
    /// The Dependency-Track API server's base URL (the one serving /api/v1/).
    #[arg(long, value_name = "URL", env = URL_ENV, hide_env_values = true, help_heading = "Dependency-Track")]
    pub url: Option<String>,
    /// Create a missing project under this parent project (with --parent-version).
    #[arg(long, value_name = "NAME", requires = "parent_version", help_heading = "Dependency-Track")]
    pub parent_name: Option<String>,
    /// The parent project's version.
    #[arg(long, value_name = "VERSION", requires = "parent_name", help_heading = "Dependency-Track")]
    pub parent_version: Option<String>,
    /// Wait at most this long for the server to process the BOM.
    #[arg(long, value_name = "SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86_400), help_heading = "Dependency-Track")]
    pub wait_timeout: u64,
    /// Do not wait for the server to process the BOM: exit once it is accepted.
    #[arg(long, conflicts_with = "wait_timeout", help_heading = "Dependency-Track")]
    pub no_wait: bool,
    /// Exit with code 1 after the upload when a finding is at or above this level.
    #[arg(long, value_enum, default_value = "never", help_heading = "Dependency-Track")]
    pub fail_on: FailOn,
    /// The first retry's delay in milliseconds (for tests).
    #[arg(long, value_name = "MS", default_value_t = 1000, hide = true)]
    pub retry_delay_ms: u64,
    /// Documents whose base64 is longer are sent by multipart POST (for tests; the server's
    /// documented limit otherwise).
    #[arg(long, value_name = "CHARS", default_value_t = MAX_BOM_CHARS, hide = true)]
    pub max_put_chars: usize,
    /// Milliseconds between two questions about the processing token (for tests).
    #[arg(long, value_name = "MS", default_value_t = 2000, hide = true)]
    pub poll_interval_ms: u64,
    /// Seconds one exchange with the server may take, its answer read in full (for tests).
    #[arg(long, value_name = "SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..), hide = true)]
    pub request_timeout_secs: u64,
}

/// Runs `upload`.
pub fn run(args: UploadArgs) -> anyhow::Result<ExitCode> {
    // The server and the key are checked before any work: a missing one is known at once.
    let url = args.url.clone().filter(|u| !u.trim().is_empty()).ok_or_else(|| {
        anyhow!("no Dependency-Track server: give --url or set {URL_ENV} to the API server's base URL")
    })?;
    let key = match std::env::var(API_KEY_ENV) {
        Ok(k) if !k.trim().is_empty() => Secret::from(k),
        Ok(_) => bail!("{API_KEY_ENV} is empty: set it to a Dependency-Track API key"),
        Err(std::env::VarError::NotPresent) => {
            bail!("no API key: set {API_KEY_ENV} to a Dependency-Track API key (it is never read from the command line)")
        }
        Err(std::env::VarError::NotUnicode(_)) => bail!("{API_KEY_ENV} is not valid UTF-8"),
    };
    let parent = [("--parent-name", &args.parent_name), ("--parent-version", &args.parent_version)];
    let given = parent.iter().filter_map(|(name, value)| value.as_ref().map(|v| (*name, v)));
    for (name, value) in
        [("--project", &args.project), ("--project-version", &args.project_version)].into_iter().chain(given)
    {
        if value.trim().is_empty() || value.chars().any(char::is_control) {
            bail!("{name} must be printable text, and not empty");
        }
    }
    let options = Options {
        retry_delay: Duration::from_millis(args.retry_delay_ms),
        poll_interval: Duration::from_millis(args.poll_interval_ms.max(1)),
        max_put_chars: args.max_put_chars,
        request_timeout: Duration::from_secs(args.request_timeout_secs),
        ..Options::default()
    };
    let server = Server::new(&url, key, options)?;
    if server.in_clear() {
        say!(
            "warning: {} is plain http: the API key and the SBOM cross the network unencrypted, readable and changeable on the way; use https",
            terminal::escape(&server.shown())
        );
    }
    let project = Project {
        name: args.project.trim().to_string(),
        version: args.project_version.trim().to_string(),
        parent: args
            .parent_name
            .zip(args.parent_version)
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string())),
    };

    let (report, _policy) = run::report(&args.input)?;
    if let Some(w) = cyclonedx::version::warning(&report, args.cyclonedx_version) {
        say!("warning: {}", terminal::escape(&w));
    }
    let mut bom = Vec::new();
    CycloneDx { version: args.cyclonedx_version }
        .render(&report, &mut bom)
        .map_err(|e| anyhow!("cannot write the CycloneDX document: {e}"))?;
    let failed = report.findings.iter().any(|f| args.fail_on.fails(f.severity));
    let packages = plural(report.packages.len(), "package", "packages");
    drop(report);

    let quiet = args.input.online.quiet;
    let address = server.shown();
    let shown = terminal::escape(&address);
    let named = format!("{} {}", terminal::escape(&project.name), terminal::escape(&project.version));
    let token = server.submit(&project, &bom)?;
    if !quiet && !args.no_wait {
        say!("uploaded {named} to {shown} ({packages}, token {token}); waiting for processing");
    }
    if !args.no_wait {
        server.wait(&token, Duration::from_secs(args.wait_timeout))?;
    }
    if !quiet {
        let state = if args.no_wait { "accepted, not waited for" } else { "processed" };
        say!("dependency-track: {named}: {state} (token {token})");
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

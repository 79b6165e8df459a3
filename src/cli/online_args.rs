//! Command-line arguments of online enrichment (shared by `audit`, `explain` and `fetch`) and
//! of `cache`, and their conversion into [`OnlineOptions`].

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};

use cargo_sovereign::enrich::online::http::HttpOptions;
use cargo_sovereign::enrich::online::secret::Secret;
use cargo_sovereign::enrich::online::source::Source;
use cargo_sovereign::enrich::online::sources::{crates::Crates, npm::Npm, pypi::Pypi};
use cargo_sovereign::enrich::online::{dump, github, Bases, Network, OnlineOptions};

/// Online enrichment arguments.
#[derive(Debug, Clone, Args)]
pub struct OnlineArgs {
    /// Fail (exit code 2) when any online lookup fails, or, with --offline, when the cache
    /// cannot be read, instead of warning.
    #[arg(long, help_heading = "Online enrichment")]
    pub require_online: bool,
    /// Where the lookup cache lives [default: the platform's cache directory].
    #[arg(long, value_name = "DIR", env = "SOVEREIGN_CACHE_DIR", help_heading = "Online enrichment")]
    pub cache_dir: Option<PathBuf>,
    /// Cached answers older than this are asked again (e.g. 7d, 12h, 30m, 0).
    #[arg(long, value_name = "AGE", default_value = "7d", value_parser = parse_age, help_heading = "Online enrichment")]
    pub cache_max_age: Duration,
    /// Lookups in flight at once for GitHub, npm and PyPI (the Rust registry is always asked
    /// one request per second).
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64), help_heading = "Online enrichment")]
    pub jobs: u16,
    /// GitHub token (default: $GITHUB_TOKEN, else $GH_TOKEN); sent to the GitHub API only.
    /// Prefer the environment: on the command line every user of the machine can read it.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "GITHUB_TOKEN",
        hide_env_values = true,
        help_heading = "Online enrichment"
    )]
    pub github_token: Option<String>,
    /// When GitHub's rate limit is spent, wait for it to reset instead of leaving the rest unknown.
    #[arg(long, help_heading = "Online enrichment")]
    pub wait_for_rate_limit: bool,
    /// The longest --wait-for-rate-limit waits in all (e.g. 15m, 2h); a reset further away
    /// gives up as without it.
    #[arg(long, value_name = "AGE", default_value = "15m", value_parser = parse_age, help_heading = "Online enrichment")]
    pub max_rate_limit_wait: Duration,
    /// Seconds a service may send nothing (for its answer, then for each part of the body)
    /// before the request fails; connections time out after 10 s, a whole exchange after 30 s
    /// (60 s for npm and PyPI, whose answers may be large). Timeouts are not retried.
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600), help_heading = "Online enrichment")]
    pub timeout: u64,
    /// No progress bars or progress lines on stderr, and no summary line when every report
    /// goes to a file.
    #[arg(short, long, help_heading = "Online enrichment")]
    pub quiet: bool,
    /// The Rust registry's web API base URL.
    #[arg(long, value_name = "URL", env = "SOVEREIGN_CRATES_IO_API", default_value = Crates::DEFAULT_BASE, help_heading = "Online sources")]
    pub crates_io_api: String,
    /// GitHub's REST API base URL.
    #[arg(long, value_name = "URL", env = "SOVEREIGN_GITHUB_API", default_value = github::DEFAULT_BASE, help_heading = "Online sources")]
    pub github_api: String,
    /// The npm registry's base URL.
    #[arg(long, value_name = "URL", env = "SOVEREIGN_NPM_REGISTRY", default_value = Npm::DEFAULT_BASE, help_heading = "Online sources")]
    pub npm_registry: String,
    /// PyPI's JSON API base URL.
    #[arg(long, value_name = "URL", env = "SOVEREIGN_PYPI", default_value = Pypi::DEFAULT_BASE, help_heading = "Online sources")]
    pub pypi_api: String,
    /// Spacing of Rust registry requests in milliseconds, for mirrors and tests only: ignored
    /// (one second is kept) when the base URL is the public one.
    #[arg(long, value_name = "MS", env = "SOVEREIGN_CRATES_IO_INTERVAL_MS", hide = true)]
    pub crates_io_interval_ms: Option<u64>,
    /// The Rust registry's database dump, a URL or a path: loaded into the cache (at most once a
    /// day) when more than 200 crates' owners are to be looked up. Default: the registry's
    /// public dump, when the registry's API is the public one.
    #[arg(long, value_name = "URL|PATH", env = "SOVEREIGN_CRATES_IO_DUMP", help_heading = "Online sources")]
    pub crates_io_dump_url: Option<String>,
    /// Never load the database dump: ask the registry about each crate (one a second).
    #[arg(long, help_heading = "Online enrichment")]
    pub no_dump: bool,
}

impl OnlineArgs {
    /// The library options; `network` is decided from the shared `--offline` and `--frozen`.
    pub fn to_options(&self, network: Network) -> OnlineOptions {
        let set = |t: &String| !t.trim().is_empty();
        if self.github_token.as_ref().is_some_and(set) && token_on_command_line(std::env::args_os()) {
            static WARNED: std::sync::Once = std::sync::Once::new();
            WARNED.call_once(|| say!("warning: {TOKEN_ON_COMMAND_LINE}"));
        }
        let token =
            self.github_token.clone().filter(set).or_else(|| std::env::var("GH_TOKEN").ok().filter(set));
        let public = self.crates_io_api.trim_end_matches('/') == Crates::DEFAULT_BASE;
        let interval = match self.crates_io_interval_ms {
            Some(ms) if !public => Duration::from_millis(ms),
            _ => Duration::from_secs(1),
        };
        OnlineOptions {
            bases: Bases::default()
                .with(Crates::NAME, &self.crates_io_api)
                .with(github::NAME, &self.github_api)
                .with(Npm::NAME, &self.npm_registry)
                .with(Pypi::NAME, &self.pypi_api),
            github_token: token.map(Secret::from),
            network,
            required: self.require_online,
            jobs: usize::from(self.jobs),
            cache_dir: self.cache_dir.clone(),
            max_age: self.cache_max_age,
            wait_for_rate_limit: self.wait_for_rate_limit,
            max_rate_limit_wait: self.max_rate_limit_wait,
            http: {
                let timeout = Duration::from_secs(self.timeout);
                let defaults = HttpOptions::default();
                HttpOptions { timeout, deadline: defaults.deadline.max(timeout), ..defaults }
            },
            crates_interval: interval,
            dump: match (&self.crates_io_dump_url, public) {
                _ if self.no_dump => None,
                (Some(source), _) if set(source) => Some(source.clone()),
                (_, true) => Some(dump::DEFAULT_URL.to_string()),
                // A private registry or a stand-in: no dump unless one is named.
                (_, false) => None,
            },
            ..OnlineOptions::default()
        }
    }
}

/// Said once when the token is on the command line, where `ps` shows it to every user.
const TOKEN_ON_COMMAND_LINE: &str = "--github-token on the command line can be read by every user of this machine (ps, /proc); set GITHUB_TOKEN or GH_TOKEN instead";

/// Whether the arguments give `--github-token` itself (not only through the environment).
fn token_on_command_line(args: impl IntoIterator<Item = std::ffi::OsString>) -> bool {
    args.into_iter()
        .take_while(|a| a != "--")
        .any(|a| a.to_str().is_some_and(|a| a == "--github-token" || a.starts_with("--github-token=")))
}

/// `fetch` arguments: fill the cache for the current inputs.
#[derive(Debug, Args)]
pub struct FetchDumpArgs {
    /// First load every crate's owners from the Rust registry's database dump: a local
    /// `db-dump.tar.gz`, or (without PATH) downloaded from $SOVEREIGN_CRATES_IO_DUMP or the
    /// registry's public address. Streams the archive; nothing is kept but the owners.
    #[arg(long, value_name = "PATH", num_args = 0..=1, default_missing_value = "")]
    pub crates_io_dump: Option<String>,
}

/// `cache` arguments.
#[derive(Debug, Args)]
pub struct CacheArgs {
    /// What to do with the cache.
    #[command(subcommand)]
    pub command: CacheCommand,
    /// The cache directory [default: the platform's cache directory].
    #[arg(long, value_name = "DIR", env = "SOVEREIGN_CACHE_DIR", global = true)]
    pub cache_dir: Option<PathBuf>,
}

/// The `cache` subcommands.
#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// Where the cache is, its size, rows per source, oldest and newest row.
    Info,
    /// Delete every cached answer.
    Clear,
    /// Delete answers older than AGE.
    Prune {
        /// The age (e.g. 30d, 12h).
        #[arg(long, value_name = "AGE", default_value = "7d", value_parser = parse_age)]
        older_than: Duration,
    },
}

/// `7d`, `12h`, `30m`, `45s` or plain seconds.
pub fn parse_age(value: &str) -> Result<Duration, String> {
    let v = value.trim();
    let (digits, unit) = match v.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&v[..i], c.to_ascii_lowercase()),
        _ => (v, 's'),
    };
    let n: u64 = digits.trim().parse().map_err(|_| format!("`{value}` is not an age (e.g. 7d, 12h, 30m)"))?;
    let secs = match unit {
        'd' => n.checked_mul(86_400),
        'h' => n.checked_mul(3_600),
        'm' => n.checked_mul(60),
        's' => Some(n),
        _ => return Err(format!("`{value}`: unknown unit (use d, h, m or s)")),
    };
    secs.map(Duration::from_secs).ok_or_else(|| format!("`{value}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages() {
        assert_eq!(parse_age("2d").unwrap(), Duration::from_secs(172_800));
        assert_eq!(parse_age("0").unwrap(), Duration::ZERO);
        assert_eq!(parse_age("90m").unwrap(), Duration::from_secs(5_400));
        assert!(parse_age("3w").is_err());
        assert!(parse_age("d").is_err());
    }

    #[test]
    fn a_token_is_seen_on_the_command_line_only_when_given_there() {
        let os = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert!(token_on_command_line(os(&["x", "audit", "--github-token", "t"])));
        assert!(token_on_command_line(os(&["x", "audit", "--github-token=t"])));
        assert!(!token_on_command_line(os(&["x", "audit", "--offline"])));
        assert!(!token_on_command_line(os(&["x", "audit", "--", "--github-token"])));
    }
}

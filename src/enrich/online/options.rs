//! How the online stage runs: where each service lives, whether the network may be used,
//! and the limits it keeps to. Plain values, settled before any work.

use std::path::PathBuf;
use std::time::Duration;

use super::http::HttpOptions;
use super::secret::Secret;
use super::{cache, crates, github, npm, pypi};

/// Whether the online stage may ask the services. Decided once, where the options are made
/// (the binary: `--offline`, or `--frozen`, which tells cargo the same), and only read after.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Network {
    /// No request at all: only what the cache holds, however old.
    Offline,
    /// The cache first, then the services for what it does not hold fresh.
    #[default]
    Online,
}

impl Network {
    /// Whether requests may be made.
    pub fn asks(self) -> bool {
        self == Network::Online
    }
}

/// Where each service lives; tests and mirrors point these elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bases {
    /// The Rust registry's web API, up to and including `/api/v1`.
    pub crates: String,
    /// GitHub's REST API.
    pub github: String,
    /// The npm registry.
    pub npm: String,
    /// PyPI's JSON API, up to and including `/pypi`.
    pub pypi: String,
}

impl Default for Bases {
    fn default() -> Self {
        Bases {
            crates: crates::DEFAULT_BASE.into(),
            github: github::DEFAULT_BASE.into(),
            npm: npm::DEFAULT_BASE.into(),
            pypi: pypi::DEFAULT_BASE.into(),
        }
    }
}

/// How to run the online stage. `Debug` shows no token ([`Secret`]).
#[derive(Debug, Clone)]
pub struct OnlineOptions {
    /// Service addresses.
    pub bases: Bases,
    /// The GitHub token, sent only to `bases.github`.
    pub github_token: Option<Secret>,
    /// Whether the services may be asked, or only the cache read.
    pub network: Network,
    /// Every lookup must succeed: a failed one, or an offline run's unreadable cache, stops
    /// the run instead of leaving a warning (`--require-online`).
    pub required: bool,
    /// Lookups in flight at once for GitHub, npm and PyPI.
    pub jobs: usize,
    /// The cache directory; `None` for the platform's default.
    pub cache_dir: Option<PathBuf>,
    /// Cached answers younger than this are used without asking.
    pub max_age: Duration,
    /// Wait for GitHub's rate limit to reset instead of giving up.
    pub wait_for_rate_limit: bool,
    /// The longest the run may wait for rate limits in all; a reset further away gives up as
    /// without `wait_for_rate_limit`.
    pub max_rate_limit_wait: Duration,
    /// Timeouts, retries, backoff.
    pub http: HttpOptions,
    /// Spacing of requests to the Rust registry's web API (its rule: at least one second).
    pub crates_interval: Duration,
    /// The longest the run waits in all for another process's lock on the cache; past it,
    /// answers are used without being stored.
    pub cache_lock_wait: Duration,
}

impl Default for OnlineOptions {
    fn default() -> Self {
        OnlineOptions {
            bases: Bases::default(),
            github_token: None,
            network: Network::Online,
            required: false,
            jobs: 8,
            cache_dir: None,
            max_age: Duration::from_secs(7 * 24 * 3600),
            wait_for_rate_limit: false,
            max_rate_limit_wait: Duration::from_secs(15 * 60),
            http: HttpOptions::default(),
            crates_interval: Duration::from_secs(1),
            cache_lock_wait: cache::wait::ALLOWANCE,
        }
    }
}

impl OnlineOptions {
    /// The cache directory in use, if any can be found.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        self.cache_dir.clone().or_else(cache::default_dir)
    }
}

//! How the online stage runs: where each service lives, whether the network may be used,
//! and the limits it keeps to. Plain values, settled before any work.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use super::cache;
use super::secret::Secret;

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

/// Where the services live when not at their public address (mirrors, the tests' servers on
/// 127.0.0.1), by source name ([`Source::NAME`](super::source::Source::NAME), and
/// [`github::NAME`](super::github::NAME)): a source added needs no field here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bases(BTreeMap<String, String>);

impl Bases {
    /// These bases, with the service named `name` at `url`.
    pub fn with(mut self, name: &str, url: impl Into<String>) -> Bases {
        self.set(name, url);
        self
    }

    /// Puts the service named `name` at `url`.
    pub fn set(&mut self, name: &str, url: impl Into<String>) {
        self.0.insert(name.to_string(), url.into());
    }

    /// Where the service named `name` was put, if it was.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Where the service named `name` lives: where it was put, else at `public`.
    pub fn get_or<'a>(&'a self, name: &str, public: &'a str) -> &'a str {
        self.get(name).unwrap_or(public)
    }
}

/// Crates to look up (none fresh in the cache) above which an audit loads the registry's
/// database dump first (the reasoning is in `dump/load.rs`).
pub const DUMP_THRESHOLD: usize = 200;

/// How to run the online stage. `Debug` shows no token ([`Secret`]).
#[derive(Debug, Clone)]
pub struct OnlineOptions {
    /// Service addresses other than the public ones.
    pub bases: Bases,
    /// The GitHub token, sent only to GitHub's base.
    pub github_token: Option<Secret>,
    /// Whether the services may be asked, or only the cache read.
    pub network: Network,
    /// Every lookup must succeed: a failed one, or an offline run's unreadable cache, stops
    /// the run instead of leaving a warning (`--require-online`).
    pub required: bool,
    /// Lookups in flight at once for the sources that are not paced (GitHub, npm, PyPI).
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
    /// Where the Rust registry's database dump is (a URL or a path), loaded into the cache
    /// before the registry is asked about more than `dump_threshold` crates, at most once a
    /// day; `None`: never (`--no-dump`, or a registry other than the public one).
    pub dump: Option<String>,
    /// Crates to look up, none fresh in the cache, above which the dump is loaded first.
    pub dump_threshold: usize,
    /// Load the dump even if one was loaded less than a day ago (`fetch --crates-io-dump`).
    pub dump_force: bool,
    /// Ask only about the packages `explain` names (a name, `NAME@VERSION` or an id): the
    /// other packages keep their offline evidence.
    pub only: Option<String>,
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
            dump: None,
            dump_threshold: DUMP_THRESHOLD,
            dump_force: false,
            only: None,
        }
    }
}

impl OnlineOptions {
    /// Whether the stage asks about `package` (see [`OnlineOptions::only`]: a name,
    /// `NAME@VERSION` or a package id, as `explain` takes them).
    pub fn asks_about(&self, package: &crate::model::Package) -> bool {
        let Some(spec) = self.only.as_deref() else { return true };
        let name = match spec.rsplit_once('@') {
            Some((name, _)) if !name.is_empty() => name,
            _ => spec,
        };
        package.name == name || package.id == spec || package.purl.as_deref() == Some(spec)
    }

    /// The cache directory in use, if any can be found.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        self.cache_dir.clone().or_else(cache::default_dir)
    }
}

/// How to talk to the services.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Connection timeout.
    pub connect_timeout: Duration,
    /// How long a service may send nothing: for its answer's headers, then for each piece of
    /// its body.
    pub timeout: Duration,
    /// The longest one exchange of a small answer may take, however steadily the body arrives;
    /// a service whose answers may be larger gets it once per started
    /// [`DEADLINE_SHARE`](super::service::DEADLINE_SHARE) of its cap
    /// ([`Service::new`](super::service::Service::new)).
    pub deadline: Duration,
    /// Retries after the first attempt (server errors, connection errors, truncated bodies,
    /// 429); never after a timeout or a deadline.
    pub retries: u32,
    /// The first backoff; doubled at each retry, plus up to as much again of jitter.
    pub backoff: Duration,
    /// The longest `Retry-After` honoured; a longer one is a failure.
    pub max_retry_after: Duration,
    /// Failed attempts in a row after which a service is given up for the run.
    pub give_up_after: u32,
    /// The time a service's failed attempts (and the waits before retrying them) may take in
    /// all before it is given up for the run.
    pub failure_budget: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(10),
            deadline: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(60),
            give_up_after: 5,
            failure_budget: Duration::from_secs(60),
        }
    }
}

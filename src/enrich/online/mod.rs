//! Online evidence: who may publish each package (the Rust registry's owners, npm maintainers,
//! PyPI e-mail addresses) and what those accounts' GitHub profiles say (location, company, web
//! site, e-mail), fetched politely and kept in a local cache.
//!
//! This stage only collects answers ([`OnlineData`]); `enrich::online_evidence` turns them into
//! evidence rows like any other signal. Network trouble never stops an audit: a failed lookup
//! leaves the package with its offline evidence, and each source adds one summarised warning.
//! People are never guessed from names or time zones: only what a profile states is used.

pub mod body;
pub mod cache;
pub mod crates;
pub mod dump;
pub mod github;
pub mod http;
pub mod lookup;
pub mod npm;
mod options;
pub mod pool;
mod profiles;
pub mod progress;
pub mod pypi;
pub mod secret;
pub mod service;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::Ordering;

use crate::enrich::signals::parse_repo_url;
use crate::kb::base::Kb;
use crate::model::{Graph, Owner, Package, Source};

use github::{Account, Profile};
use http::Http;
use lookup::{Ctx, Tally};
use profiles::RateWait;
use progress::Progress;
use service::Service;

pub use options::{Bases, Network, OnlineOptions};

/// Everything the online sources answered.
#[derive(Debug, Clone, Default)]
pub struct OnlineData {
    /// Rust registry owners by crate name.
    pub owners: BTreeMap<String, Vec<Owner>>,
    /// GitHub profiles by [`github::key`].
    pub profiles: BTreeMap<String, Profile>,
    /// What each distinct profile location names: the country and the gazetteer's confidence
    /// (read once per text, though many packages share an owner and many owners a city).
    pub locations: BTreeMap<String, Option<(String, f64)>>,
    /// npm packuments by package name (`@scope/name` for scoped ones).
    pub npm: BTreeMap<String, npm::Packument>,
    /// PyPI projects by name.
    pub pypi: BTreeMap<String, pypi::Project>,
    /// One line per source that had trouble, and cache problems.
    pub warnings: Vec<String>,
    /// Lookups that failed (and one more when an offline run could not read its cache).
    pub failures: usize,
    /// HTTP requests made.
    pub requests: usize,
    /// Lookups answered from the cache without a request.
    pub from_cache: usize,
}

impl OnlineData {
    /// The country a profile's location names, with the gazetteer's confidence.
    pub fn located(&self, profile: &Profile) -> Option<(String, f64)> {
        let text = profile.location.as_deref()?;
        match self.locations.get(text) {
            Some(known) => known.clone(),
            None => locate(text),
        }
    }

    /// A user's (or organisation's) profile, looked up by login.
    pub fn profile(&self, login: &str) -> Option<&Profile> {
        self.profiles
            .get(&github::key(Account::User, login))
            .or_else(|| self.profiles.get(&github::key(Account::Org, login)))
    }
}

/// Percent-encodes one URL path segment (package names are ASCII in practice; anything else
/// is escaped rather than trusted).
pub fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// True for a crate from the Rust registry itself (not a mirror, git or path).
fn is_public_crate(p: &Package) -> bool {
    p.ecosystem == "cargo" && matches!(p.source, Source::Registry { default: true, .. })
}

/// The npm name with its scope: `@scope/name`.
pub fn npm_name(p: &Package) -> String {
    match p.namespace.as_deref().filter(|n| !n.is_empty()) {
        Some(ns) if ns.starts_with('@') => format!("{ns}/{}", p.name),
        Some(ns) => format!("@{ns}/{}", p.name),
        None => p.name.clone(),
    }
}

/// The GitHub owner of a repository URL, when it is on github.com.
pub fn github_owner(url: &str) -> Option<String> {
    let repo = parse_repo_url(url)?;
    (repo.host == "github.com").then_some(repo.owner?).filter(|o| github::is_login(o))
}

const CRATES: &str = "registry owners";
const GITHUB: &str = "GitHub profiles";
const NPM: &str = "npm packuments";
const PYPI: &str = "PyPI projects";

/// The part of the online stage that needs neither the knowledge base nor the network: the
/// cache opened and its rows for the graph's registry packages read ahead. The binary makes
/// it while the knowledge base loads ([`open`]); [`collect_opened`] goes on from it.
pub struct Opened {
    cache: Option<cache::Cache>,
    /// An offline run found a cache it cannot read: every answer in it is lost to the run.
    lost: bool,
    warnings: Vec<String>,
    preloaded: lookup::Preloaded,
    names: RegistryNames,
}

/// The registry packages of a graph worth asking about: Rust registry crates, sorted, each
/// once; npm and PyPI packages as (source label, name), sorted, each once.
struct RegistryNames {
    crates: Vec<String>,
    others: Vec<(&'static str, String)>,
}

/// The registry packages of `graph` worth asking about.
fn registry_names(graph: &Graph) -> RegistryNames {
    let crate_names: BTreeSet<&str> =
        graph.packages.iter().filter(|p| is_public_crate(p)).map(|p| p.name.as_str()).collect();
    let mut others: BTreeSet<(&'static str, String)> = BTreeSet::new();
    for p in &graph.packages {
        match p.ecosystem.as_str() {
            "npm" => {
                others.insert((NPM, npm_name(p)));
            }
            "pypi" => {
                others.insert((PYPI, p.name.to_ascii_lowercase()));
            }
            _ => {}
        }
    }
    RegistryNames {
        crates: crate_names.into_iter().map(str::to_string).collect(),
        others: others.into_iter().collect(),
    }
}

impl RegistryNames {
    /// The npm or PyPI names (`label` [`NPM`] or [`PYPI`]).
    fn of(&self, label: &'static str) -> impl Iterator<Item = &str> {
        self.others.iter().filter(move |(s, _)| *s == label).map(|(_, n)| n.as_str())
    }
}

/// Opens the cache `opts` names (offline: only one that exists) and reads ahead its rows for
/// `graph`'s registry packages. Problems become warnings: the stage goes on without a cache.
/// An offline run that cannot read the cache it finds also counts it as a failed lookup, so
/// `--require-online` stops there rather than passing on less evidence.
pub fn open(graph: &Graph, opts: &OnlineOptions) -> Opened {
    let mut warnings = Vec::new();
    let mut lost = false;
    let dir = opts.cache_dir();
    let cache = match (&dir, opts.network) {
        (Some(d), Network::Offline) => cache::Cache::open_existing(d).unwrap_or_else(|e| {
            lost = true;
            warnings.push(format!(
                "{e}; this offline run cannot use the answers cached earlier (registry owners, GitHub profiles, npm and PyPI), so every package keeps only offline evidence"
            ));
            None
        }),
        (Some(d), Network::Online) => match cache::Cache::open_with_allowance(d, opts.cache_lock_wait) {
            Ok((c, warning)) => {
                warnings.extend(warning);
                Some(c)
            }
            Err(e) => {
                warnings.push(format!(
                    "{e}; this run goes on without a cache: no answer cached earlier is used and none is stored"
                ));
                None
            }
        },
        (None, _) => {
            if opts.network.asks() {
                warnings.push("no cache directory (set --cache-dir or SOVEREIGN_CACHE_DIR)".into());
            }
            None
        }
    };
    let names = registry_names(graph);
    let preloaded = lookup::Preloaded::default();
    lookup::preload(cache.as_ref(), &preloaded, crates::SOURCE, names.crates.iter().map(String::as_str));
    lookup::preload(cache.as_ref(), &preloaded, npm::SOURCE, names.of(NPM));
    lookup::preload(cache.as_ref(), &preloaded, pypi::SOURCE, names.of(PYPI));
    Opened { cache, lost, warnings, preloaded, names }
}

/// Asks every source about `graph`'s packages (or only the cache, offline).
pub fn collect(graph: &Graph, kb: &Kb, opts: &OnlineOptions, progress: &dyn Progress) -> OnlineData {
    collect_opened(open(graph, opts), graph, kb, opts, progress)
}

/// [`collect`], going on from what [`open`] made of the same graph and options.
pub fn collect_opened(
    opened: Opened,
    graph: &Graph,
    kb: &Kb,
    opts: &OnlineOptions,
    progress: &dyn Progress,
) -> OnlineData {
    let Opened { cache, lost, warnings, preloaded, names } = opened;
    let mut data = OnlineData { warnings, failures: usize::from(lost), ..OnlineData::default() };
    // Offline, there is no client: every lookup reads the cache alone, and that is instant,
    // nothing to show progress of.
    let client = opts
        .network
        .asks()
        .then(|| Http::new(opts.http.clone(), &opts.bases.github, opts.github_token.clone()));
    let progress: &dyn Progress = if client.is_some() { progress } else { &progress::Silent };
    let ctx = Ctx {
        http: client.as_ref(),
        cache: cache.as_ref(),
        now: cache::now(),
        max_age: i64::try_from(opts.max_age.as_secs()).unwrap_or(i64::MAX),
        requests: Default::default(),
        preloaded,
    };
    let tallies: [Tally; 4] = Default::default();
    let [t_crates, t_github, t_npm, t_pypi] = &tallies;
    let http = &opts.http;
    let s_crates = Service::new(crates::MAX_BODY, http).paced(opts.crates_interval);
    let s_github = Service::new(github::MAX_BODY, http);
    let s_npm = Service::new(npm::MAX_BODY, http);
    let s_pypi = Service::new(pypi::MAX_BODY, http);
    let waits = RateWait::new(opts.max_rate_limit_wait);

    let (crate_names, others) = (&names.crates, &names.others);

    // Phase 1: the registries. The Rust registry one request at a time, paced; npm and PyPI
    // through the pool meanwhile. Answers all fresh in the cache need no thread.
    let crates_job = || {
        progress.start(CRATES, crate_names.len());
        let out: Vec<(String, Option<Vec<Owner>>)> = crate_names
            .iter()
            .map(|name| {
                let url = crates::url(&opts.bases.crates, name);
                let got = ctx.fetch(t_crates, crates::SOURCE, name, &url, crates::parse, &s_crates);
                progress.advance(CRATES);
                (name.to_string(), got.flatten())
            })
            .collect();
        progress.finish(CRATES);
        out
    };
    let others_fresh = ctx.http.is_none()
        || (ctx.all_fresh(npm::SOURCE, names.of(NPM)) && ctx.all_fresh(pypi::SOURCE, names.of(PYPI)));
    let others_job = || {
        let npm_total = others.iter().filter(|(s, _)| *s == NPM).count();
        if npm_total > 0 {
            progress.start(NPM, npm_total);
        }
        if others.len() > npm_total {
            progress.start(PYPI, others.len() - npm_total);
        }
        let jobs = if others_fresh { 1 } else { opts.jobs };
        let answers = pool::map(jobs, others, |(source, name)| {
            let got = if *source == NPM {
                let url = npm::url(&opts.bases.npm, name);
                Other::Npm(ctx.fetch(t_npm, npm::SOURCE, name, &url, npm::parse, &s_npm).flatten())
            } else {
                let url = pypi::url(&opts.bases.pypi, name);
                Other::Pypi(ctx.fetch(t_pypi, pypi::SOURCE, name, &url, pypi::parse, &s_pypi).flatten())
            };
            progress.advance(source);
            got
        });
        for (label, n) in [(NPM, npm_total), (PYPI, others.len() - npm_total)] {
            if n > 0 {
                progress.finish(label);
            }
        }
        answers
    };
    let (owners, other_answers) = if others.is_empty() || crate_names.is_empty() {
        (crates_job(), others_job())
    } else {
        std::thread::scope(|s| {
            let crates = s.spawn(crates_job);
            let answers = others_job();
            (crates.join().unwrap_or_default(), answers)
        })
    };
    for (name, found) in owners {
        if let Some(list) = found {
            data.owners.insert(name, list);
        }
    }
    for ((_, name), answer) in others.iter().zip(other_answers) {
        match answer {
            Other::Npm(Some(p)) => {
                data.npm.insert(name.clone(), p);
            }
            Other::Pypi(Some(p)) => {
                data.pypi.insert(name.clone(), p);
            }
            _ => {}
        }
    }

    // Phase 2: GitHub, once per distinct account.
    profiles::collect(&ctx, t_github, &s_github, &waits, (graph, kb, opts), progress, &mut data);

    for text in data.profiles.values().filter_map(|p| p.location.as_deref()) {
        if !data.locations.contains_key(text) {
            data.locations.insert(text.to_string(), locate(text));
        }
    }

    for (label, t) in [(CRATES, t_crates), (NPM, t_npm), (PYPI, t_pypi), (GITHUB, t_github)] {
        data.failures += t.failed();
        data.from_cache += t.from_cache.load(Ordering::Relaxed);
        data.warnings.extend(t.summary(label));
        if t.rate_limited.load(Ordering::Relaxed) {
            let reset = client.as_ref().and_then(|c| c.budget().reset);
            data.warnings.push(profiles::rate_limit_warning(label, reset, &waits));
        }
    }
    data.requests = ctx.requests.load(Ordering::Relaxed);
    data.warnings.extend(cache.as_ref().and_then(cache::Cache::flush));
    data
}

/// [`crate::kb::geo::location::locate`], as (country, confidence).
fn locate(text: &str) -> Option<(String, f64)> {
    crate::kb::geo::location::locate(text).map(|l| (l.country, f64::from(l.confidence)))
}

enum Other {
    Npm(Option<npm::Packument>),
    Pypi(Option<pypi::Project>),
}

//! Online evidence: who may publish each package (the Rust registry's owners, npm maintainers,
//! PyPI e-mail addresses) and what those accounts' GitHub profiles say (location, company, web
//! site, e-mail), fetched politely and kept in a local cache.
//!
//! This stage only collects answers ([`OnlineData`]); `enrich::online_evidence` turns them into
//! evidence rows like any other signal. Network trouble never stops an audit: a failed lookup
//! leaves the package with its offline evidence, and each source adds one summarised warning.
//! People are never guessed from names or time zones: only what a profile states is used.
//!
//! Two phases. First the registries, each asked about its own packages: every one is a
//! [`Source`](source::Source) in a file of its own under `sources/`, listed in
//! [`SOURCES`] (`registries.rs` drives them). Then GitHub, once per account those answers
//! and the packages' repositories name (`profiles.rs`). Every lookup goes through the same
//! path (`lookup.rs`): the cache, then HTTP (`http.rs`, with each service's limits and
//! breaker, `service.rs`), then the cache again.

pub mod body;
pub mod cache;
mod data;
pub mod dump;
pub mod github;
pub mod http;
pub mod lookup;
mod options;
pub mod pool;
mod profiles;
pub mod progress;
mod registries;
pub mod rows;
pub mod secret;
pub mod service;
pub mod source;
pub mod sources;

use std::sync::atomic::Ordering;

use crate::kb::base::Kb;
use crate::model::Graph;
use http::Http;
use lookup::{Ctx, Tally};
use profiles::RateWait;
use progress::Progress;

pub use data::{Answer, Kept, OnlineData};
pub use options::{Bases, Network, OnlineOptions, DUMP_THRESHOLD};
pub use sources::SOURCES;

/// The part of the online stage that needs neither the knowledge base nor the network: the
/// cache opened and its rows for the graph's registry packages read ahead. The binary makes
/// it while the knowledge base loads ([`open`]); [`collect_opened`] goes on from it.
pub struct Opened {
    cache: Option<cache::Cache>,
    /// An offline run found a cache it cannot read: every answer in it is lost to the run.
    lost: bool,
    warnings: Vec<String>,
    preloaded: lookup::Preloaded,
    /// What each source is asked about (indexed like [`SOURCES`]).
    keys: Vec<Vec<String>>,
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
    let keys = registries::keys(graph, opts);
    let preloaded = lookup::Preloaded::default();
    for (source, keys) in SOURCES.iter().zip(&keys) {
        lookup::preload(cache.as_ref(), &preloaded, source.name(), keys.iter().map(String::as_str));
    }
    Opened { cache, lost, warnings, preloaded, keys }
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
    let Opened { cache, lost, warnings, preloaded, keys } = opened;
    let mut data = OnlineData::default();
    (data.warnings, data.failures) = (warnings, usize::from(lost));
    // Offline, there is no client: every lookup reads the cache alone, and that is instant,
    // nothing to show progress of.
    let github = opts.bases.get_or(github::NAME, github::DEFAULT_BASE);
    let client = opts.network.asks().then(|| Http::new(opts.http.clone(), github, opts.github_token.clone()));
    let progress: &dyn Progress = if client.is_some() { progress } else { &progress::Silent };
    let ctx = Ctx {
        http: client.as_ref(),
        cache: cache.as_ref(),
        now: cache::now(),
        max_age: i64::try_from(opts.max_age.as_secs()).unwrap_or(i64::MAX),
        requests: Default::default(),
        preloaded,
    };

    // Phase 0: every crate's owners from the database dump, when many are to be asked.
    if let (Some(cache), true) = (cache.as_ref(), opts.network.asks()) {
        load_dump(&ctx, cache, &keys, opts, progress, &mut data);
    }

    // Phase 1: the registries.
    let mut tallies = Vec::new();
    for (source, asked) in SOURCES.iter().zip(registries::ask(&ctx, &keys, opts, progress)) {
        data.keep(source.name(), asked.answers);
        tallies.push((source.label(), asked.tally));
    }

    // Phase 2: GitHub, once per distinct account.
    let waits = RateWait::new(opts.max_rate_limit_wait);
    let github = Tally::default();
    profiles::collect(&ctx, &github, &waits, (graph, kb, opts), progress, &mut data);
    tallies.push((github::LABEL, github));
    data.locate_profiles();

    for (label, t) in &tallies {
        let total = t.total.load(Ordering::Relaxed);
        if total > 0 && t.failed() >= total {
            data.failed_sources.push((*label).to_string());
        }
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

/// Loads the Rust registry's database dump into the cache when `opts` names one, more crates
/// than its threshold are to be asked (none fresh in the cache), and none was loaded in the
/// last day (or `dump_force`); then reads the crates' rows ahead again. A dump that cannot be
/// loaded is a warning: the registry is asked one crate at a time instead.
fn load_dump(
    ctx: &Ctx,
    cache: &cache::Cache,
    keys: &[Vec<String>],
    opts: &OnlineOptions,
    progress: &dyn Progress,
    data: &mut OnlineData,
) {
    use source::Source as _;
    use sources::crates::Crates;
    let Some(source) = &opts.dump else { return };
    let Some(crates) = SOURCES.iter().zip(keys).find_map(|(s, k)| (s.name() == Crates::NAME).then_some(k))
    else {
        return;
    };
    let stale = ctx.stale(Crates::NAME, crates.iter().map(String::as_str));
    let due = stale > opts.dump_threshold
        && !dump::load::is_fresh(cache, ctx.now)
        && !dump::load::failed_recently(cache, ctx.now);
    if !(opts.dump_force || due) {
        return;
    }
    match dump::load::load(source, cache, ctx.now, &opts.http, progress) {
        Ok((stats, name)) => {
            data.dump = Some(stats.summary());
            data.warnings.extend(stats.warning(&name));
            ctx.preload(Crates::NAME, crates.iter().map(String::as_str));
        }
        Err(e) => {
            dump::load::note_failure(cache, ctx.now);
            data.warnings.push(format!(
                "{e}; the registry is asked about each crate instead (one a second), and the dump is not tried again for {} hours",
                dump::load::RETRY_AFTER / 3600
            ));
            // Another process may have stored the owners meanwhile.
            ctx.preload(Crates::NAME, crates.iter().map(String::as_str));
        }
    }
}

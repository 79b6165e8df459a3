//! The online stage's second phase: GitHub profiles, once per distinct account, within
//! GitHub's rate-limit budget. When the budget is spent the rest stay unknown, or, with
//! `--wait-for-rate-limit`, the lookups wait for the reset — but never longer in all than
//! the run's maximum (`--max-rate-limit-wait`): a service announcing a reset days away is not
//! believed into a stall.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::cache;
use super::data::OnlineData;
use super::github::{self, Account, Accounts, Profile};
use super::lookup::{Ctx, Tally};
use super::options::OnlineOptions;
use super::pool;
use super::progress::Progress;
use super::service::Service;
use super::sources::SOURCES;
use crate::kb::base::Kb;
use crate::model::Graph;

/// Asks GitHub for the profile of every account worth asking about, into `data.profiles`.
pub(super) fn collect(
    ctx: &Ctx,
    tally: &Tally,
    waits: &RateWait,
    (graph, kb, opts): (&Graph, &Kb, &OnlineOptions),
    progress: &dyn Progress,
    data: &mut OnlineData,
) {
    let accounts = accounts(graph, kb, opts, data);
    if !accounts.is_empty() && ctx.http.is_some() && opts.github_token.is_none() {
        data.warnings.push(
            "no GitHub token (GITHUB_TOKEN, GH_TOKEN or --github-token): GitHub allows only 60 requests per hour without one"
                .into(),
        );
    }
    let keys: Vec<String> = accounts.iter().map(|(account, login)| github::key(*account, login)).collect();
    ctx.preload(github::NAME, keys.iter().map(String::as_str));
    progress.start(github::LABEL, accounts.len());
    let jobs = if ctx.http.is_none() || ctx.all_fresh(github::NAME, keys.iter().map(String::as_str)) {
        1
    } else {
        opts.jobs
    };
    let service = Service::new(github::MAX_BODY, &opts.http);
    let profiles = pool::map(jobs, &accounts, |(account, login)| {
        let got = fetch(ctx, tally, &service, waits, opts, progress, *account, login);
        progress.advance(github::LABEL);
        got
    });
    progress.finish(github::LABEL);
    for ((account, login), profile) in accounts.iter().zip(profiles) {
        if let Some(p) = profile {
            data.profiles.insert(github::key(*account, login), p);
        }
    }
}

/// The run's allowance for waiting on rate limits: every wait must end within `max` of the
/// first one's start (waits in parallel threads overlap; they are not added up).
#[derive(Debug)]
pub struct RateWait {
    max: Duration,
    until: OnceLock<Instant>,
    /// The wait refused for being too long, in seconds (0 when none was).
    refused: AtomicU64,
}

impl RateWait {
    /// An allowance of `max` for the run.
    pub fn new(max: Duration) -> RateWait {
        RateWait { max, until: OnceLock::new(), refused: AtomicU64::new(0) }
    }

    /// Whether a wait of `wait` fits the allowance; a refusal is remembered for the warning.
    fn allows(&self, wait: Duration) -> bool {
        let now = Instant::now();
        let until = *self.until.get_or_init(|| now + self.max);
        let fits = now.checked_add(wait).is_some_and(|end| end <= until);
        if !fits {
            self.refused.fetch_max(wait.as_secs().max(1), Ordering::Relaxed);
        }
        fits
    }

    fn refused(&self) -> Option<u64> {
        Some(self.refused.load(Ordering::Relaxed)).filter(|s| *s > 0)
    }
}

/// The warning for a source whose rate limit stopped its lookups, `reset` its reset time.
pub(super) fn rate_limit_warning(label: &str, reset: Option<i64>, waits: &RateWait) -> String {
    let when =
        reset.map(|r| format!(" (it resets in {})", minutes(r.saturating_sub(cache::now()).max(0) as u64)));
    match waits.refused() {
        Some(secs) => format!(
            "{label}: rate limit reached; the reset is {} away, longer than --max-rate-limit-wait ({}), so the remaining accounts stay unknown",
            minutes(secs),
            minutes(waits.max.as_secs())
        ),
        None => format!(
            "{label}: rate limit reached{}; the remaining accounts stay unknown (use --wait-for-rate-limit or a token)",
            when.unwrap_or_default()
        ),
    }
}

/// `15 min`, rounded up.
fn minutes(secs: u64) -> String {
    format!("{} min", secs.div_ceil(60).max(1))
}

/// Distinct GitHub accounts worth asking about: those the registry sources' answers name
/// (owners, teams' organisations, repository owners) and the owners of the packages'
/// repositories, unless the knowledge base already knows them.
fn accounts(graph: &Graph, kb: &Kb, opts: &OnlineOptions, data: &OnlineData) -> Vec<(Account, String)> {
    let mut accounts = Accounts::new(kb);
    for source in SOURCES {
        for answer in data.answers(source.name()) {
            source.accounts(answer, &mut accounts);
        }
    }
    for url in graph.packages.iter().filter(|p| opts.asks_about(p)).filter_map(|p| p.repository.as_deref()) {
        accounts.repository(url);
    }
    accounts.into_list()
}

/// A GitHub lookup that respects the rate-limit budget: when it is spent, either wait for the
/// reset (`--wait-for-rate-limit`, within the run's allowance) or stop asking.
#[allow(clippy::too_many_arguments)]
fn fetch(
    ctx: &Ctx,
    tally: &Tally,
    service: &Service,
    waits: &RateWait,
    opts: &OnlineOptions,
    progress: &dyn Progress,
    account: Account,
    login: &str,
) -> Option<Profile> {
    let key = github::key(account, login);
    let url = github::url(opts.bases.get_or(github::NAME, github::DEFAULT_BASE), account, login);
    for round in 0..2 {
        if let Some(http) = ctx.http {
            let budget = http.budget();
            let now = cache::now();
            if budget.remaining == Some(0) && budget.reset.is_some_and(|r| r > now) {
                let ahead = budget.reset.unwrap_or(now).saturating_sub(now).saturating_add(1);
                let wait = Duration::from_secs(u64::try_from(ahead).unwrap_or(0));
                if opts.wait_for_rate_limit
                    && !tally.rate_limited.load(Ordering::Relaxed)
                    && waits.allows(wait)
                {
                    progress.waiting(github::LABEL, wait.as_secs());
                    std::thread::sleep(wait);
                } else {
                    tally.rate_limited.store(true, Ordering::Relaxed);
                }
            }
        }
        let got = ctx.fetch(tally, github::NAME, &key, &url, github::parse, service);
        let limited = tally.rate_limited.load(Ordering::Relaxed);
        if got.is_some() || !limited || !opts.wait_for_rate_limit || round == 1 || waits.refused().is_some() {
            return got.flatten();
        }
        // Waiting is allowed: forget the stop and try once more after the reset.
        tally.rate_limited.store(false, Ordering::Relaxed);
        if let Ok(mut f) = tally.failures.lock() {
            if let Some(n) = f.get_mut("rate limit reached") {
                *n = n.saturating_sub(1);
            }
            f.retain(|_, n| *n > 0);
        }
        tally.total.fetch_sub(1, Ordering::Relaxed);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_beyond_the_allowance_is_refused_and_remembered() {
        let waits = RateWait::new(Duration::from_secs(900));
        assert!(waits.allows(Duration::from_secs(60)));
        assert!(!waits.allows(Duration::from_secs(1_000_000)));
        assert_eq!(waits.refused(), Some(1_000_000));
        let w = rate_limit_warning("GitHub profiles", None, &waits);
        assert!(w.contains("16667 min away, longer than --max-rate-limit-wait (15 min)"), "{w}");
        // A reset time at either end of the range is said, not an overflow.
        let calm = RateWait::new(Duration::from_secs(900));
        let w = rate_limit_warning("GitHub profiles", Some(-i64::MAX), &calm);
        assert!(w.contains("(it resets in 1 min)"), "{w}");
        assert!(rate_limit_warning("GitHub profiles", Some(i64::MAX), &calm).contains("min)"));
    }
}

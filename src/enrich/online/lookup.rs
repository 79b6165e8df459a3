//! One lookup: the cache first, then the network, then the cache again (a stale answer beats
//! none when the service is down). Also the per-source tally behind the summarised warnings.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::cache::{Cache, Row, FUTURE_SLACK};
use super::http::{Answer, Failure, Http};
use super::service::{GivenUp, Service};
use crate::hash::HashMap;

/// What a lookup found: `Some(Some(v))` an answer, `Some(None)` "no such thing", `None` unknown.
pub type Found<T> = Option<Option<T>>;

/// What every lookup of a run shares.
pub struct Ctx<'a> {
    /// The clients; `None` when offline.
    pub http: Option<&'a Http>,
    /// The cache; `None` when it cannot be used.
    pub cache: Option<&'a Cache>,
    /// Now (Unix seconds).
    pub now: i64,
    /// Rows younger than this many seconds are used without asking.
    pub max_age: i64,
    /// HTTP requests made.
    pub requests: AtomicUsize,
    /// Rows read ahead by [`Ctx::preload`]; each is taken by its lookup.
    pub preloaded: Preloaded,
}

/// Rows read ahead, by (source, key), `None` for a key the cache does not hold.
pub type Preloaded = Mutex<HashMap<(String, String), Option<Row>>>;

/// Reads the rows of `keys` of `source` that `cache` holds into `preloaded`, in one query
/// per batch ([`Ctx::preload`]; also used before a run's context exists). A cache that
/// cannot answer leaves each lookup to ask it on its own.
pub fn preload<'k>(
    cache: Option<&Cache>,
    preloaded: &Preloaded,
    source: &str,
    keys: impl IntoIterator<Item = &'k str>,
) {
    let Some(cache) = cache else { return };
    let keys: Vec<&str> = keys.into_iter().collect();
    // Bounded batches keep each query's argument small on a very large graph.
    for batch in keys.chunks(10_000) {
        let Ok(mut rows) = cache.get_many(source, batch) else { return };
        let mut preloaded = preloaded.lock().unwrap_or_else(|p| p.into_inner());
        for key in batch {
            preloaded.insert((source.to_string(), key.to_string()), rows.remove(*key));
        }
    }
}

/// One source's state during a run.
#[derive(Default)]
pub struct Tally {
    /// Set after a lookup could not connect at all before any lookup was answered: the rest
    /// are not tried (no network, or the service is down). A connection failing once the
    /// service has answered is a failure like another, left to the service's breaker.
    pub unreachable: AtomicBool,
    /// Set once the service has answered a lookup.
    pub answered: AtomicBool,
    /// Set when the rate limit is spent: the rest are not tried.
    pub rate_limited: AtomicBool,
    /// Lookups attempted.
    pub total: AtomicUsize,
    /// Failures by reason (lookups not asked because the service was given up aside).
    pub failures: Mutex<BTreeMap<String, usize>>,
    /// Lookups not asked because the service was given up.
    pub not_asked: AtomicUsize,
    /// Why it was given up.
    pub given_up: OnceLock<GivenUp>,
    /// Lookups answered from the cache only.
    pub from_cache: AtomicUsize,
}

impl Tally {
    fn fail(&self, f: &Failure) {
        if let Failure::GivenUp(why) = f {
            self.given_up.get_or_init(|| *why);
            self.not_asked.fetch_add(1, Ordering::Relaxed);
            return;
        }
        match self.failures.lock() {
            Ok(mut m) => *m.entry(f.reason()).or_insert(0) += 1,
            Err(p) => *p.into_inner().entry(f.reason()).or_insert(0) += 1,
        }
    }

    /// Failed lookups (those not asked included).
    pub fn failed(&self) -> usize {
        let asked: usize = match self.failures.lock() {
            Ok(m) => m.values().sum(),
            Err(p) => p.into_inner().values().sum(),
        };
        asked + self.not_asked.load(Ordering::Relaxed)
    }

    /// `label: 12 of 480 lookups failed (timeout)`, or `None` when none failed; a service
    /// given up says so, with how many lookups it left unasked.
    pub fn summary(&self, label: &str) -> Option<String> {
        let failures = match self.failures.lock() {
            Ok(m) => m.clone(),
            Err(p) => p.into_inner().clone(),
        };
        let failed = self.failed();
        if failed == 0 {
            return None;
        }
        let not_asked = self.not_asked.load(Ordering::Relaxed);
        let given_up = (not_asked > 0)
            .then(|| self.given_up.get().map(|why| format!("; {why}, {not_asked} not asked")))
            .flatten();
        let mut reasons: Vec<(String, usize)> = failures.into_iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let why = match reasons.as_slice() {
            [(r, _)] => r.clone(),
            _ => reasons.iter().map(|(r, n)| format!("{n} {r}")).collect::<Vec<_>>().join(", "),
        };
        let why = if why.is_empty() { String::new() } else { format!(" ({why})") };
        let total = self.total.load(Ordering::Relaxed);
        let given_up = given_up.unwrap_or_default();
        // No connection could be made: the source was given up at once; say how not to ask.
        let offline = if self.unreachable.load(Ordering::Relaxed) {
            "; no connection could be made, so the rest were not tried (without a network, `--offline` skips the lookups)"
        } else {
            ""
        };
        Some(format!(
            "{label}: {failed} of {total} lookups failed{why}{given_up}{offline}; those packages keep only offline evidence"
        ))
    }
}

fn decode<T: DeserializeOwned>(row: &Row) -> Option<Option<T>> {
    match row.status {
        404 => Some(None),
        200 => row.body.as_deref().and_then(|b| serde_json::from_str(b).ok()).map(Some),
        _ => None,
    }
}

impl Ctx<'_> {
    /// Reads the cached rows of `keys` of `source` in one query, for the lookups that follow.
    /// A cache that cannot answer leaves each lookup to ask it on its own.
    pub fn preload<'k>(&self, source: &str, keys: impl IntoIterator<Item = &'k str>) {
        preload(self.cache, &self.preloaded, source, keys);
    }

    /// Whether every one of `keys` of `source` was read ahead and is fresh enough to be used
    /// without asking: then the lookups are only decoding, not worth a thread each.
    pub fn all_fresh<'k>(&self, source: &str, mut keys: impl Iterator<Item = &'k str>) -> bool {
        let preloaded = self.preloaded.lock().unwrap_or_else(|p| p.into_inner());
        keys.all(|key| self.fresh_ahead(&preloaded, source, key))
    }

    /// How many of `keys` of `source` have no fresh row read ahead: the lookups that would ask.
    pub fn stale<'k>(&self, source: &str, keys: impl Iterator<Item = &'k str>) -> usize {
        let preloaded = self.preloaded.lock().unwrap_or_else(|p| p.into_inner());
        keys.filter(|key| !self.fresh_ahead(&preloaded, source, key)).count()
    }

    /// Whether `key` of `source` was read ahead into `preloaded` and is fresh.
    fn fresh_ahead(
        &self,
        preloaded: &HashMap<(String, String), Option<Row>>,
        source: &str,
        key: &str,
    ) -> bool {
        let row = preloaded.get(&(source.to_string(), key.to_string()));
        row.is_some_and(|r| r.as_ref().is_some_and(|r| self.is_fresh(r)))
    }

    /// Whether `row` is young enough to be used without asking: younger than the maximum
    /// age, and not dated more than [`FUTURE_SLACK`] ahead (such a row would never expire).
    fn is_fresh(&self, row: &Row) -> bool {
        let age = self.now.saturating_sub(row.fetched_at);
        age < self.max_age && age >= -FUTURE_SLACK
    }

    /// The cached row for (`source`, `key`): read ahead, or asked of the cache now.
    fn cached(&self, source: &str, key: &str) -> Option<Row> {
        let mut preloaded = self.preloaded.lock().unwrap_or_else(|p| p.into_inner());
        if !preloaded.is_empty() {
            if let Some(row) = preloaded.remove(&(source.to_string(), key.to_string())) {
                return row;
            }
        }
        drop(preloaded);
        self.cache.and_then(|c| c.get(source, key).ok().flatten())
    }

    /// Looks `key` of `source` up, asking `url` of `service` when the cache has nothing fresh.
    pub fn fetch<T: Serialize + DeserializeOwned>(
        &self,
        tally: &Tally,
        source: &str,
        key: &str,
        url: &str,
        parse: impl Fn(&[u8]) -> Option<T>,
        service: &Service,
    ) -> Found<T> {
        tally.total.fetch_add(1, Ordering::Relaxed);
        let cached = self.cached(source, key);
        let decoded = cached.as_ref().and_then(decode::<T>);
        let fresh = cached.as_ref().is_some_and(|r| self.is_fresh(r));
        let Some(http) = self.http else {
            // Offline: whatever the cache holds, however old.
            tally.from_cache.fetch_add(usize::from(decoded.is_some()), Ordering::Relaxed);
            return decoded;
        };
        if fresh && decoded.is_some() {
            tally.from_cache.fetch_add(1, Ordering::Relaxed);
            return decoded;
        }
        let blocked = if tally.unreachable.load(Ordering::Relaxed) {
            Some(Failure::Unreachable)
        } else if tally.rate_limited.load(Ordering::Relaxed) {
            Some(Failure::RateLimited(None))
        } else {
            service.breaker.given_up().map(Failure::GivenUp)
        };
        if let Some(f) = blocked {
            tally.fail(&f);
            return decoded;
        }
        let etag = cached.as_ref().filter(|_| decoded.is_some()).and_then(|r| r.etag.as_deref());
        self.requests.fetch_add(1, Ordering::Relaxed);
        let result = http.get(url, etag, service);
        if result.is_ok() {
            tally.answered.store(true, Ordering::Relaxed);
        }
        self.store(tally, source, key, result, decoded, parse)
    }

    fn store<T: Serialize + DeserializeOwned>(
        &self,
        tally: &Tally,
        source: &str,
        key: &str,
        result: Result<Answer, Failure>,
        decoded: Found<T>,
        parse: impl Fn(&[u8]) -> Option<T>,
    ) -> Found<T> {
        let put = |row: Row| {
            if let Some(c) = self.cache {
                let _ = c.put(source, key, &row);
            }
        };
        match result {
            Ok(Answer::NotModified) if decoded.is_some() => {
                if let Some(c) = self.cache {
                    let _ = c.touch(source, key, self.now);
                }
                decoded
            }
            Ok(Answer::NotModified) => {
                tally.fail(&Failure::Malformed);
                None
            }
            Ok(Answer::NotFound) => {
                put(Row { status: 404, body: None, etag: None, fetched_at: self.now });
                Some(None)
            }
            Ok(Answer::Body { bytes, etag }) => match parse(&bytes) {
                Some(v) => {
                    if let Ok(body) = serde_json::to_string(&v) {
                        put(Row { status: 200, body: Some(body), etag, fetched_at: self.now });
                    }
                    Some(Some(v))
                }
                None => {
                    tally.fail(&Failure::Malformed);
                    decoded
                }
            },
            Err(f) => {
                match f {
                    Failure::Unreachable if !tally.answered.load(Ordering::Relaxed) => {
                        tally.unreachable.store(true, Ordering::Relaxed)
                    }
                    Failure::RateLimited(Some(_)) => tally.rate_limited.store(true, Ordering::Relaxed),
                    _ => {}
                }
                tally.fail(&f);
                decoded
            }
        }
    }
}

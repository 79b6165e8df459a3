//! One service's limits and state during a run: the largest answer it may send, the longest one
//! exchange may take, the spacing of its requests, and the breaker that gives it up once its
//! failures have cost the run enough.
//!
//! The breaker counts failed *attempts*, retries included, and the time they took (the waits
//! before retrying them included), so a service that accepts connections and never answers
//! costs `threshold` timeouts, not `lookups × retries × timeout`, and one that drips its
//! answers a byte at a time costs about the time budget, not a deadline per lookup. A complete
//! answer (2xx, 304, 404) closes the count of failures in a row again, but not the time they
//! cost: a service answering one request in two still runs out of time. A refusal or a
//! malformed body counts for neither (it comes back at once, it costs nothing).

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::options::HttpOptions;

/// The largest answer cap the deadline for small answers is meant for: a service whose answers
/// may be larger gets that deadline once for each started share of its cap. 32 MiB in 30 s is
/// about 1 MiB/s; the 64 MiB caps of npm and PyPI get 60 s.
pub const DEADLINE_SHARE: u64 = 32 << 20;

/// How a run talks to one service.
#[derive(Debug)]
pub struct Service {
    /// The largest body accepted; a longer one fails that lookup ("answer too large").
    pub max_body: u64,
    /// The longest one exchange may take, however steadily the body arrives.
    pub deadline: Duration,
    /// Spaces requests, for services that ask for it.
    pub pacer: Option<Pacer>,
    /// Gives the service up once its failures have cost the run enough.
    pub breaker: Breaker,
}

impl Service {
    /// A service with this body cap, no pacing, the deadline and the breaker `http` sets: its
    /// deadline once for each started [`DEADLINE_SHARE`] of the cap.
    pub fn new(max_body: u64, http: &HttpOptions) -> Service {
        let shares = u32::try_from(max_body.div_ceil(DEADLINE_SHARE)).unwrap_or(u32::MAX).max(1);
        Service {
            max_body,
            deadline: http.deadline.saturating_mul(shares),
            pacer: None,
            breaker: Breaker::new(http.give_up_after, http.failure_budget),
        }
    }

    /// The same, with requests spaced at least `interval` apart, one at a time.
    pub fn paced(self, interval: Duration) -> Service {
        Service { pacer: Some(Pacer::new(interval)), ..self }
    }
}

/// Spaces requests at least `interval` apart, one at a time (the Rust registry's rule).
#[derive(Debug)]
pub struct Pacer {
    interval: Duration,
    last: Mutex<Option<Instant>>,
}

impl Pacer {
    /// A pacer with this interval.
    pub fn new(interval: Duration) -> Pacer {
        Pacer { interval, last: Mutex::new(None) }
    }

    /// Blocks until the next request may start; holding the lock while waiting keeps callers
    /// strictly one at a time.
    pub fn wait(&self) {
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(t) = *last {
            let next = t + self.interval;
            let now = Instant::now();
            if next > now {
                std::thread::sleep(next - now);
            }
        }
        *last = Some(Instant::now());
    }
}

/// Why a service was given up for the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GivenUp {
    /// This many attempts failed in a row.
    InARow(u32),
    /// Its failed attempts, and the waits before retrying them, took this long in all.
    Spent(Duration),
}

impl std::fmt::Display for GivenUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GivenUp::InARow(n) => write!(f, "given up after {n} failed attempts in a row"),
            GivenUp::Spent(d) => write!(f, "given up once failed attempts had taken {} s", d.as_secs()),
        }
    }
}

/// Counts failed attempts in a row and the time failures took, and opens (gives the service up
/// for the run) at either threshold. Shared by every thread asking the same service: the time
/// of attempts failing in parallel adds up, as each held a lookup up.
#[derive(Debug)]
pub struct Breaker {
    threshold: u32,
    budget: Duration,
    in_a_row: AtomicU32,
    spent_ms: AtomicU64,
    open: OnceLock<GivenUp>,
}

impl Breaker {
    /// A breaker opening after `threshold` failures in a row (at least one), or once failures
    /// have taken `budget` in all.
    pub fn new(threshold: u32, budget: Duration) -> Breaker {
        Breaker {
            threshold: threshold.max(1),
            budget,
            in_a_row: AtomicU32::new(0),
            spent_ms: AtomicU64::new(0),
            open: OnceLock::new(),
        }
    }

    /// Why the service was given up; `None` while it is not.
    pub fn given_up(&self) -> Option<GivenUp> {
        self.open.get().copied()
    }

    /// True once the service is given up.
    pub fn is_open(&self) -> bool {
        self.open.get().is_some()
    }

    /// One more failed attempt, which took `took`.
    pub fn failed(&self, took: Duration) {
        let n = self.in_a_row.fetch_add(1, Ordering::Relaxed).saturating_add(1);
        if n >= self.threshold {
            self.open.get_or_init(|| GivenUp::InARow(self.threshold));
        }
        self.spent(took);
    }

    /// Time lost to failures outside an attempt: the wait before retrying one.
    pub fn spent(&self, took: Duration) {
        let ms = u64::try_from(took.as_millis()).unwrap_or(u64::MAX);
        let total = self.spent_ms.fetch_add(ms, Ordering::Relaxed).saturating_add(ms);
        if Duration::from_millis(total) >= self.budget {
            self.open.get_or_init(|| GivenUp::Spent(self.budget));
        }
    }

    /// A complete answer: the count in a row starts again (the time spent stays spent, and an
    /// open breaker stays open).
    pub fn succeeded(&self) {
        self.in_a_row.store(0, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::{Breaker, GivenUp, HttpOptions, Service};
    use std::time::Duration;

    #[test]
    fn the_breaker_opens_after_threshold_failures_in_a_row_only() {
        let b = Breaker::new(3, Duration::from_secs(60));
        b.failed(Duration::ZERO);
        b.failed(Duration::ZERO);
        b.succeeded();
        b.failed(Duration::ZERO);
        b.failed(Duration::ZERO);
        assert!(!b.is_open());
        b.failed(Duration::ZERO);
        assert_eq!(b.given_up(), Some(GivenUp::InARow(3)));
        b.succeeded();
        assert!(b.is_open(), "an open breaker stays open for the run");
        assert_eq!(Breaker::new(0, Duration::from_secs(60)).threshold, 1);
    }

    #[test]
    fn the_breaker_opens_once_failures_took_the_budget_even_with_answers_in_between() {
        let b = Breaker::new(5, Duration::from_secs(60));
        // A service that drips one answer in two until the deadline, and answers the others.
        b.failed(Duration::from_secs(30));
        b.succeeded();
        b.spent(Duration::from_millis(500));
        assert!(!b.is_open());
        b.failed(Duration::from_millis(29_500));
        assert_eq!(b.given_up(), Some(GivenUp::Spent(Duration::from_secs(60))));
        assert_eq!(
            GivenUp::Spent(Duration::from_secs(60)).to_string(),
            "given up once failed attempts had taken 60 s"
        );
    }

    #[test]
    fn a_deadline_grows_with_the_cap_of_the_answers() {
        let http = HttpOptions::default();
        assert_eq!(Service::new(4 << 20, &http).deadline, Duration::from_secs(30));
        assert_eq!(Service::new(1 << 20, &http).deadline, Duration::from_secs(30));
        assert_eq!(Service::new(64 << 20, &http).deadline, Duration::from_secs(60));
        assert_eq!(Service::new((64 << 20) + 1, &http).deadline, Duration::from_secs(90));
    }
}

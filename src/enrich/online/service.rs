//! One service's limits and state during a run: the largest answer it may send, the spacing
//! of its requests, and the breaker that gives it up after too many failures in a row.
//!
//! The breaker counts failed *attempts*, retries included, so a service that accepts
//! connections and never answers costs `threshold` timeouts, not `lookups × retries ×
//! timeout`. Only a complete answer (2xx, 304, 404) closes the count again; a refusal or a
//! malformed body neither counts nor resets it (it comes back at once, it costs nothing).

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How a run talks to one service.
#[derive(Debug)]
pub struct Service {
    /// The largest body accepted; a longer one fails that lookup ("answer too large").
    pub max_body: u64,
    /// Spaces requests, for services that ask for it.
    pub pacer: Option<Pacer>,
    /// Gives the service up after too many failed attempts in a row.
    pub breaker: Breaker,
}

impl Service {
    /// A service with this body cap, no pacing, and a breaker tripping after `give_up_after`
    /// failed attempts in a row.
    pub fn new(max_body: u64, give_up_after: u32) -> Service {
        Service { max_body, pacer: None, breaker: Breaker::new(give_up_after) }
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

/// Counts failed attempts in a row and opens (gives the service up for the run) at the
/// threshold. Shared by every thread asking the same service.
#[derive(Debug)]
pub struct Breaker {
    threshold: u32,
    in_a_row: AtomicU32,
    open: AtomicBool,
}

impl Breaker {
    /// A breaker opening after `threshold` failures in a row (at least one).
    pub fn new(threshold: u32) -> Breaker {
        Breaker { threshold: threshold.max(1), in_a_row: AtomicU32::new(0), open: AtomicBool::new(false) }
    }

    /// The number of failures in a row that opens it.
    pub fn threshold(&self) -> u32 {
        self.threshold
    }

    /// True once the service is given up.
    pub fn is_open(&self) -> bool {
        self.open.load(Ordering::Relaxed)
    }

    /// One more failed attempt.
    pub fn failed(&self) {
        let n = self.in_a_row.fetch_add(1, Ordering::Relaxed).saturating_add(1);
        if n >= self.threshold {
            self.open.store(true, Ordering::Relaxed);
        }
    }

    /// A complete answer: the count starts again (an open breaker stays open).
    pub fn succeeded(&self) {
        self.in_a_row.store(0, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::Breaker;

    #[test]
    fn the_breaker_opens_after_threshold_failures_in_a_row_only() {
        let b = Breaker::new(3);
        b.failed();
        b.failed();
        b.succeeded();
        b.failed();
        b.failed();
        assert!(!b.is_open());
        b.failed();
        assert!(b.is_open());
        b.succeeded();
        assert!(b.is_open(), "an open breaker stays open for the run");
        assert_eq!(Breaker::new(0).threshold(), 1);
    }
}

//! HTTP for the online sources, with the services' published rules built in: a `User-Agent`
//! naming the tool, timeouts, at most three retries with exponential backoff and jitter on
//! server errors, connections broken off, truncated bodies and 429 (honouring `Retry-After`);
//! none when no connection could be made at all (the source is given up at once),
//! conditional requests with stored ETags, and GitHub's rate-limit headers.
//!
//! Every wait is bounded: a request fails when the service sends nothing for `timeout` (for
//! its headers, then for each piece of its body), a whole exchange is cut off at its service's
//! deadline (30 s for small answers; more for services whose answers may run to tens of MiB),
//! a timeout or a deadline is never retried (the retry would cost as much again), a body is
//! read up to its service's cap and no further, and a service is given up for the run once
//! too many attempts failed in a row or its failures took a minute in all ([`Service`]). A
//! server that sends one byte every two seconds took 10 minutes for 10 crates (five attempts
//! of the then 2-minute deadline); it now takes the one-minute budget.
//!
//! The GitHub token is attached only to requests for the GitHub base URL, and that client
//! follows redirects only to the same host, so the token never travels elsewhere. Errors are
//! described without headers, so it never appears in a message either.

use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use reqwest::blocking::{Client, Response};
use reqwest::header::{HeaderMap, ACCEPT, AUTHORIZATION, ETAG, IF_NONE_MATCH, RETRY_AFTER};
use reqwest::redirect::Policy;
use reqwest::StatusCode;

pub use super::options::HttpOptions;

use super::body::{read_capped, BodyError};
use super::secret::Secret;
use super::service::{GivenUp, Service};

/// Sent on every request.
pub const USER_AGENT: &str = concat!(
    "cargo-sovereign/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/cargo-sovereign/cargo-sovereign)"
);

/// A successful exchange.
#[derive(Debug)]
pub enum Answer {
    /// 2xx with its body and validator.
    Body {
        /// The body.
        bytes: Vec<u8>,
        /// The `ETag` header, when present.
        etag: Option<String>,
    },
    /// 304: what the cache holds is still right.
    NotModified,
    /// 404 or 410: the service has no such thing.
    NotFound,
}

/// Why an exchange failed, after any retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The request or connection timed out.
    Timeout,
    /// The connection broke off or failed in a way worth retrying (after the retries).
    Connect,
    /// No connection could be made at all (name resolution, refused, no route): not retried.
    Unreachable,
    /// The service answered 5xx.
    Server(u16),
    /// The service refused the request (4xx other than 404, 410, 429).
    Refused(u16),
    /// The body stopped before its end.
    Truncated,
    /// The body is not what the service documents.
    Malformed,
    /// The rate-limit budget is spent until this Unix time (when known).
    RateLimited(Option<i64>),
    /// The body was longer than the service's cap (the cap, in bytes).
    TooLarge(u64),
    /// Not asked: the service is given up for the run.
    GivenUp(GivenUp),
}

impl Failure {
    /// A short reason for the per-source summary.
    pub fn reason(&self) -> String {
        match self {
            Failure::Timeout => "timeout".into(),
            Failure::Connect => "connection failed".into(),
            Failure::Unreachable => "no connection".into(),
            Failure::Server(code) => format!("server error {code}"),
            Failure::Refused(code) => format!("HTTP {code}"),
            Failure::Truncated => "truncated answer".into(),
            Failure::Malformed => "malformed answer".into(),
            Failure::RateLimited(_) => "rate limit reached".into(),
            Failure::TooLarge(cap) => format!("answer too large, over {}", size(*cap)),
            Failure::GivenUp(why) => why.to_string(),
        }
    }

    /// Whether this failure says something about the service's health (it counts towards
    /// giving the service up): not a refusal or a malformed answer, which come back at once,
    /// nor a spent budget with its reset time, which has its own rule.
    fn counts(&self) -> bool {
        !matches!(
            self,
            Failure::Refused(_) | Failure::Malformed | Failure::GivenUp(_) | Failure::RateLimited(Some(_))
        )
    }
}

/// `64 MiB`, `512 KiB` or `100 bytes`.
pub(crate) fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
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

/// GitHub's rate-limit budget as its last answer stated it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// `x-ratelimit-remaining`.
    pub remaining: Option<u64>,
    /// `x-ratelimit-reset` (Unix seconds).
    pub reset: Option<i64>,
}

/// The clients, each built on its first request: a run that finds every answer in the cache
/// starts no HTTP machinery (each blocking client has its own thread and TLS set-up).
#[derive(Debug)]
pub struct Http {
    plain: OnceLock<Option<Client>>,
    github: OnceLock<Option<Client>>,
    github_base: String,
    token: Option<Secret>,
    options: HttpOptions,
    budget: Mutex<Budget>,
}

/// The host (and port) of a URL, for comparing origins.
fn origin(url: &str) -> Option<String> {
    let u = reqwest::Url::parse(url).ok()?;
    Some(format!("{}://{}:{}", u.scheme(), u.host_str()?, u.port_or_known_default()?))
}

impl Http {
    /// Clients for these options; `github_base` is the only URL prefix the token goes to.
    pub fn new(options: HttpOptions, github_base: &str, token: Option<Secret>) -> Http {
        Http {
            plain: OnceLock::new(),
            github: OnceLock::new(),
            github_base: github_base.trim_end_matches('/').to_string(),
            token: token.filter(|t| !t.is_blank()),
            options,
            budget: Mutex::new(Budget::default()),
        }
    }

    /// The options in use.
    pub fn options(&self) -> &HttpOptions {
        &self.options
    }

    /// GitHub's budget as last seen.
    pub fn budget(&self) -> Budget {
        match self.budget.lock() {
            Ok(b) => *b,
            Err(p) => *p.into_inner(),
        }
    }

    /// The client for GitHub (redirects only within its host, so the token never leaves it) or
    /// for every other service; `None` when the TLS set-up failed.
    fn client(&self, github: bool) -> Option<&Client> {
        let build = |policy: Policy| {
            Client::builder()
                .user_agent(USER_AGENT)
                .connect_timeout(self.options.connect_timeout)
                // For the headers, then for each read of the body (reqwest's blocking reads).
                .timeout(self.options.timeout)
                .redirect(policy)
                .build()
                .ok()
        };
        if github {
            self.github
                .get_or_init(|| {
                    let home = origin(&self.github_base);
                    build(Policy::custom(move |attempt| {
                        if attempt.previous().len() >= 5 || origin(attempt.url().as_str()) != home {
                            attempt.stop()
                        } else {
                            attempt.follow()
                        }
                    }))
                })
                .as_ref()
        } else {
            self.plain.get_or_init(|| build(Policy::limited(5))).as_ref()
        }
    }

    fn is_github(&self, url: &str) -> bool {
        url.starts_with(&format!("{}/", self.github_base))
    }

    /// GETs `url` from `service`, retrying as the module documents; the service's pacer
    /// spaces every attempt and its breaker counts them, and the time failures take.
    pub fn get(&self, url: &str, etag: Option<&str>, service: &Service) -> Result<Answer, Failure> {
        let github = self.is_github(url);
        let mut failure = Failure::Connect;
        for attempt in 0..=self.options.retries {
            if attempt > 0 {
                let wait = self.backoff(attempt);
                std::thread::sleep(wait);
                service.breaker.spent(wait);
            }
            // Checked after the sleep too: other threads may have given the service up. A
            // lookup already tried keeps its own failure; one never tried was not asked.
            if let Some(why) = service.breaker.given_up() {
                return Err(if attempt == 0 { Failure::GivenUp(why) } else { failure });
            }
            if let Some(p) = &service.pacer {
                p.wait();
            }
            let started = Instant::now();
            let step = self.attempt(url, etag, github, service);
            match &step {
                Step::Done(_) => service.breaker.succeeded(),
                Step::Fail(f) | Step::Retry(f, _) if f.counts() => service.breaker.failed(started.elapsed()),
                Step::Fail(_) | Step::Retry(..) => {}
            }
            match step {
                Step::Done(answer) => return Ok(answer),
                Step::Fail(f) => return Err(f),
                Step::Retry(f, wait) => {
                    failure = f;
                    match wait {
                        Some(w) if attempt < self.options.retries => {
                            std::thread::sleep(w);
                            service.breaker.spent(w);
                        }
                        _ => {}
                    }
                }
            }
        }
        Err(failure)
    }

    /// One exchange, within `service`'s deadline and cap.
    fn attempt(&self, url: &str, etag: Option<&str>, github: bool, service: &Service) -> Step {
        let started = Instant::now();
        let Some(client) = self.client(github) else { return Step::Fail(Failure::Connect) };
        let mut req = client.get(url);
        if github {
            req = req
                .header(ACCEPT, "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28");
            if let Some(t) = &self.token {
                req = req.header(AUTHORIZATION, format!("Bearer {}", t.expose()));
            }
        } else {
            req = req.header(ACCEPT, "application/json");
        }
        if let Some(tag) = etag {
            req = req.header(IF_NONE_MATCH, tag);
        }
        let resp = match req.send() {
            Ok(r) => r,
            // A timeout is not retried: a service that let a whole timeout pass would likely
            // do it again, and each try costs as much.
            Err(e) if e.is_timeout() => return Step::Fail(Failure::Timeout),
            // No connection at all (refused, no route, no such host): no network, or the
            // service is down. Not retried: the source is given up at its first one.
            Err(e) if e.is_connect() => return Step::Fail(Failure::Unreachable),
            Err(_) => return Step::Retry(Failure::Connect, None),
        };
        if github {
            self.note_budget(resp.headers());
        }
        self.judge(resp, github, service, started + service.deadline)
    }

    fn judge(&self, resp: Response, github: bool, service: &Service, deadline: Instant) -> Step {
        let status = resp.status();
        let headers = resp.headers().clone();
        if status == StatusCode::NOT_MODIFIED {
            return Step::Done(Answer::NotModified);
        }
        if status == StatusCode::NOT_FOUND || status == StatusCode::GONE {
            return Step::Done(Answer::NotFound);
        }
        let spent = github && header_u64(&headers, "x-ratelimit-remaining") == Some(0);
        if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::FORBIDDEN {
            if spent {
                return Step::Fail(Failure::RateLimited(header_i64(&headers, "x-ratelimit-reset")));
            }
            match header_u64(&headers, RETRY_AFTER.as_str()).map(Duration::from_secs) {
                Some(w) if w <= self.options.max_retry_after => {
                    return Step::Retry(Failure::RateLimited(None), Some(w))
                }
                Some(_) => return Step::Fail(Failure::RateLimited(None)),
                None if status == StatusCode::TOO_MANY_REQUESTS => {
                    return Step::Retry(Failure::RateLimited(None), None)
                }
                None => return Step::Fail(Failure::Refused(status.as_u16())),
            }
        }
        if status.is_server_error() {
            return Step::Retry(Failure::Server(status.as_u16()), None);
        }
        if !status.is_success() {
            return Step::Fail(Failure::Refused(status.as_u16()));
        }
        let etag = headers.get(ETAG).and_then(|v| v.to_str().ok()).map(str::to_string);
        let declared = resp.content_length();
        // Stopped when the service is given up meanwhile (other lookups' failures used up its
        // budget): with lookups in parallel, one that began just before would otherwise run
        // to its deadline.
        match read_capped(resp, declared, service.max_body, deadline, || service.breaker.is_open()) {
            Ok(bytes) => Step::Done(Answer::Body { bytes, etag }),
            Err(BodyError::TooLarge(cap)) => Step::Fail(Failure::TooLarge(cap)),
            // Not retried, as a timeout before the headers: a deadline cut it off (or the
            // service was given up).
            Err(BodyError::Timeout | BodyError::Stopped) => Step::Fail(Failure::Timeout),
            Err(BodyError::Truncated) => Step::Retry(Failure::Truncated, None),
        }
    }

    fn note_budget(&self, headers: &HeaderMap) {
        let remaining = header_u64(headers, "x-ratelimit-remaining");
        let reset = header_i64(headers, "x-ratelimit-reset");
        if remaining.is_none() && reset.is_none() {
            return;
        }
        let mut b = match self.budget.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        b.remaining = remaining.or(b.remaining);
        b.reset = reset.or(b.reset);
    }

    /// Exponential backoff with jitter: `backoff × 2^(attempt-1)` plus up to as much again.
    fn backoff(&self, attempt: u32) -> Duration {
        let base = self.options.backoff.saturating_mul(1 << attempt.saturating_sub(1).min(10));
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        base + base.mul_f64(f64::from(nanos % 1000) / 1000.0)
    }
}

enum Step {
    Done(Answer),
    Fail(Failure),
    Retry(Failure, Option<Duration>),
}

fn header_u64(h: &HeaderMap, name: &str) -> Option<u64> {
    h.get(name)?.to_str().ok()?.trim().parse().ok()
}

fn header_i64(h: &HeaderMap, name: &str) -> Option<i64> {
    h.get(name)?.to_str().ok()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::online::OnlineOptions;

    #[test]
    fn no_debug_output_shows_the_token() {
        let token = "ghp_SECRETtoken0123456789";
        let http = Http::new(HttpOptions::default(), "https://api.github.com", Some(Secret::from(token)));
        // With its clients built, as during a run.
        assert!(http.client(true).is_some() && http.client(false).is_some());
        let shown = format!("{http:?} {http:#?}");
        assert!(!shown.contains(token) && shown.contains("<redacted>"), "{shown}");
        let opts = OnlineOptions { github_token: Some(token.into()), ..OnlineOptions::default() };
        let shown = format!("{opts:?} {opts:#?}");
        assert!(!shown.contains(token) && shown.contains("<redacted>"), "{shown}");
    }

    #[test]
    fn a_spent_budget_or_a_refusal_does_not_count_towards_giving_a_service_up() {
        for f in [
            Failure::Timeout,
            Failure::Connect,
            Failure::Server(503),
            Failure::Truncated,
            Failure::TooLarge(1),
        ] {
            assert!(f.counts(), "{f:?}");
        }
        // A 429 without a reset time is the service pushing back: it counts too.
        assert!(Failure::RateLimited(None).counts());
        for f in [
            Failure::RateLimited(Some(1)),
            Failure::Refused(401),
            Failure::Malformed,
            Failure::GivenUp(GivenUp::InARow(5)),
        ] {
            assert!(!f.counts(), "{f:?}");
        }
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(64 << 20), "64 MiB");
        assert_eq!(size(512 << 10), "512 KiB");
        assert_eq!(size(1000), "1000 bytes");
    }
}

//! Loading the dump into the cache: from a URL (downloaded as a stream, progress in bytes) or a
//! path, and remembering when, so an audit loads it at most once a day. The audit asks for it
//! when more crates need their owners than
//! [`DUMP_THRESHOLD`](crate::enrich::online::DUMP_THRESHOLD); `fetch` whenever any does.
//!
//! The threshold weighs one download against one request a second: the dump was 1.7 GiB in
//! September 2026, about 35 s at a CI runner's bandwidth and three minutes at 10 MB/s, while
//! 200 crates take 200 s to ask about. Below it, asking is no slower on a modest connection
//! and spares the download.

use std::io::{self, Read};
use std::path::Path;
use std::time::Duration;

use super::super::cache::{Cache, Row};
use super::super::http::{self, HttpOptions};
use super::super::progress::Progress;
use super::super::secret::redact_url;
use super::{import, DumpStats};

/// How long a loaded dump stands: the registry publishes one a day.
pub const FRESH_FOR: i64 = 24 * 3600;

/// The least a download or a pipe may pause (more with a longer `--timeout`).
const IDLE: Duration = Duration::from_secs(60);

/// The cache's note of the last load (source, key).
const MARK: (&str, &str) = ("crates-io-dump", "loaded");

/// The cache's note of the last load that failed.
const FAILED: (&str, &str) = ("crates-io-dump", "failed");

/// How long a failed load keeps audits from trying again (a dump that breaks off, a proxy
/// that caps downloads, a format that changed would otherwise be downloaded on every run).
pub const RETRY_AFTER: i64 = 6 * 3600;

/// What [`Progress`] calls the download.
pub const PROGRESS: &str = "database dump";

/// Whether loading the dump failed less than [`RETRY_AFTER`] before `now`.
pub fn failed_recently(cache: &Cache, now: i64) -> bool {
    marked_within(cache, FAILED, RETRY_AFTER, now)
}

/// Notes that loading the dump failed at `now`.
pub fn note_failure(cache: &Cache, now: i64) {
    let _ = cache.put(FAILED.0, FAILED.1, &Row { status: 200, body: None, etag: None, fetched_at: now });
}

/// Whether the dump was loaded less than [`FRESH_FOR`] before `now`.
pub fn is_fresh(cache: &Cache, now: i64) -> bool {
    marked_within(cache, MARK, FRESH_FOR, now)
}

/// Whether the cache holds `mark`, noted less than `secs` before `now`.
fn marked_within(cache: &Cache, (source, key): (&str, &str), secs: i64, now: i64) -> bool {
    cache.get(source, key).ok().flatten().is_some_and(|row| (0..secs).contains(&(now - row.fetched_at)))
}

/// Loads the dump at `source` (an `http(s)://` URL or a path) into `cache`, reporting the bytes
/// read to `progress`; returns what it stored and the name it goes by in messages (a URL
/// without its credentials).
pub fn load(
    source: &str,
    cache: &Cache,
    now: i64,
    options: &HttpOptions,
    progress: &dyn Progress,
) -> Result<(DumpStats, String), String> {
    // However it ends, the progress shown ends with it.
    let _finish = Finish(progress);
    let idle = options.timeout.max(IDLE);
    let (name, reader, total): (String, Box<dyn Read>, Option<u64>) = if source.starts_with("http://")
        || source.starts_with("https://")
    {
        // The URL may carry credentials (`user:password@`, a signed query): shown without
        // them, here and in every message, reqwest's own included (`without_url`).
        let name = redact_url(source);
        // Said before asking: a server that refuses is then named in the same place.
        progress.start_bytes(PROGRESS, &name, None);
        // No overall timeout, the dump is large; each wait for data is bounded (the
        // blocking client's timeout applies to the answer's headers, then to each read).
        let client = reqwest::blocking::Client::builder()
            .user_agent(http::USER_AGENT)
            .connect_timeout(options.connect_timeout)
            .timeout(idle)
            .build()
            .map_err(|e| format!("{name}: {e}"))?;
        let resp =
            client.get(source).send().map_err(|e| format!("{name}: cannot download: {}", e.without_url()))?;
        if !resp.status().is_success() {
            return Err(format!("{name}: the server answered {}", resp.status()));
        }
        (name, Box::new(WithoutUrl(resp)), None)
    } else {
        let file = super::file::open(Path::new(source), idle)
            .map_err(|e| format!("{source}: cannot open: {}", crate::files::read::io_message(&e)))?;
        let total = std::fs::metadata(source).ok().filter(|m| m.is_file()).map(|m| m.len());
        (source.to_string(), file, total)
    };
    if let Some(total) = total {
        progress.start_bytes(PROGRESS, &name, Some(total));
    }
    let counted = Counted { inner: reader, progress, done: 0 };
    let stats = import(&name, io::BufReader::with_capacity(1 << 16, counted), cache, now)
        .map_err(|e| e.to_string())?;
    let mark = Row {
        status: 200,
        body: Some(format!("{{\"crates\":{}}}", stats.crates)),
        etag: None,
        fetched_at: now,
    };
    cache.put(MARK.0, MARK.1, &mark).map_err(|e| format!("{name}: {e}"))?;
    Ok((stats, name))
}

/// Ends the download's progress when dropped.
struct Finish<'p>(&'p dyn Progress);

impl Drop for Finish<'_> {
    fn drop(&mut self) {
        self.0.finish(PROGRESS);
    }
}

/// A reader that reports how many bytes went through it.
struct Counted<'p, R> {
    inner: R,
    progress: &'p dyn Progress,
    done: u64,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done += n as u64;
        self.progress.bytes(PROGRESS, self.done);
        Ok(n)
    }
}

/// A download whose read errors do not quote its URL: reqwest's errors name the URL they
/// concern, query included, and a broken-off download's error would reach the message.
struct WithoutUrl<R>(R);

impl<R: io::Read> io::Read for WithoutUrl<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            if !e.get_ref().is_some_and(|inner| inner.is::<reqwest::Error>()) {
                return e;
            }
            let kind = e.kind();
            match e.into_inner().map(|inner| inner.downcast::<reqwest::Error>()) {
                Some(Ok(r)) => io::Error::new(kind, r.without_url()),
                Some(Err(other)) => io::Error::new(kind, other),
                None => io::Error::from(kind),
            }
        })
    }
}

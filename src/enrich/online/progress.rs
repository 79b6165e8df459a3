//! How the online stage reports progress without printing: the binary passes an
//! implementation (progress bars on a terminal, log lines otherwise); the library only calls it.

/// Receives progress events, from several threads at once.
pub trait Progress: Sync {
    /// A source starts: `total` lookups to do.
    fn start(&self, source: &str, total: usize);
    /// One lookup of `source` is done (from the cache or the network).
    fn advance(&self, source: &str);
    /// `source` waits `seconds` for its rate limit to reset.
    fn waiting(&self, source: &str, seconds: u64);
    /// A source is done.
    fn finish(&self, source: &str);
    /// Reading `name` (a URL without credentials, or a path) starts: `total` bytes when
    /// known; `what` names it for [`Progress::bytes`] and [`Progress::finish`].
    fn start_bytes(&self, _what: &str, _name: &str, _total: Option<u64>) {}
    /// `done` bytes of a download are in.
    fn bytes(&self, _what: &str, _done: u64) {}
}

/// Reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: &str, _: usize) {}
    fn advance(&self, _: &str) {}
    fn waiting(&self, _: &str, _: u64) {}
    fn finish(&self, _: &str) {}
}

//! The extension point of the online stage: a per-package registry is one file under
//! `sources/` implementing [`Source`] — what to ask for a package ([`Source::key`]), where
//! ([`Source::url`]), how large an answer may be ([`Source::MAX_BODY`]), how fast
//! ([`Source::pacing`]), what to keep of it ([`Source::parse`]), what evidence it gives
//! ([`Source::evidence`]) and which GitHub accounts it names ([`Source::accounts`]) — and one
//! line adding it to [`SOURCES`](super::sources::SOURCES). HTTP, retries, the circuit breaker,
//! the cache and the progress bars are shared: a source sees none of them.
//!
//! What [`Source::parse`] keeps is what the cache holds, as JSON, under [`Source::NAME`]: a
//! change to the answer's type must still read the rows cached before it.

use std::borrow::Cow;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;

pub use super::http::path_segment;

use super::data::{downcast, Answer, Kept};
use super::github::Accounts;
use super::lookup::{Ctx, Tally};
use super::options::{Bases, OnlineOptions};
use super::rows::Rows;
use super::service::Service;
use crate::model::Package;

/// A registry that answers about packages, one request per package.
pub trait Source: Sync + 'static {
    /// What is kept of an answer; serialised, it is the cache's row.
    type Answer: Serialize + DeserializeOwned + Kept;
    /// The cache's name for its rows, and its base's in [`Bases`]. Never to change: the rows
    /// cached under it would be lost.
    const NAME: &'static str;
    /// What warnings and progress call it (`npm packuments`).
    const LABEL: &'static str;
    /// The public service's base URL.
    const DEFAULT_BASE: &'static str;
    /// The largest answer read; a longer one fails its lookup.
    const MAX_BODY: u64;

    /// The key to ask about `p` under, as the registry spells its name; `None` for a package it
    /// does not answer about.
    fn key<'p>(&self, p: &'p Package) -> Option<Cow<'p, str>>;

    /// The URL asking about `key`, at `base`.
    fn url(&self, base: &str, key: &str) -> String;

    /// How its requests are spaced.
    fn pacing(&self, _opts: &OnlineOptions) -> Pacing {
        Pacing::Pooled
    }

    /// What to keep of an answer's body; `None` when it is not the documented shape.
    fn parse(&self, body: &[u8]) -> Option<Self::Answer>;

    /// The evidence `answer` gives about `p` (who may publish it, e-mail domains, its
    /// repository), through the shared rows.
    fn evidence(&self, p: &Package, answer: &Self::Answer, rows: &mut Rows);

    /// The GitHub accounts `answer` names, whose profiles the second phase asks for.
    fn accounts(&self, answer: &Self::Answer, accounts: &mut Accounts);
}

/// How a source's requests are spaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pacing {
    /// Through the shared pool, `--jobs` at once.
    Pooled,
    /// One at a time on a thread of its own, at least this far apart (the Rust registry's
    /// rule); the pooled sources are asked meanwhile.
    Serial(Duration),
}

/// A [`Source`] as the run drives it, its answer's type erased so that sources of different
/// answers share one list. Every [`Source`] is one.
pub trait AnySource: Sync {
    /// [`Source::NAME`].
    fn name(&self) -> &'static str;
    /// [`Source::LABEL`].
    fn label(&self) -> &'static str;
    /// [`Source::key`].
    fn key<'p>(&self, p: &'p Package) -> Option<Cow<'p, str>>;
    /// The service's limits for a run: its body cap and its pacing.
    fn service(&self, opts: &OnlineOptions) -> (Service, Pacing);
    /// Looks `key` up (the cache, then the service at its base in `bases`); `None` when
    /// there is no answer, failed or not found.
    fn ask(&self, ctx: &Ctx, tally: &Tally, service: &Service, bases: &Bases, key: &str) -> Option<Answer>;
    /// [`Source::evidence`], for one of its own answers.
    fn evidence(&self, p: &Package, answer: &Answer, rows: &mut Rows);
    /// [`Source::accounts`], for one of its own answers.
    fn accounts(&self, answer: &Answer, accounts: &mut Accounts);
}

impl<S: Source> AnySource for S {
    fn name(&self) -> &'static str {
        S::NAME
    }

    fn label(&self) -> &'static str {
        S::LABEL
    }

    fn key<'p>(&self, p: &'p Package) -> Option<Cow<'p, str>> {
        Source::key(self, p)
    }

    fn service(&self, opts: &OnlineOptions) -> (Service, Pacing) {
        let service = Service::new(S::MAX_BODY, &opts.http);
        match Source::pacing(self, opts) {
            Pacing::Serial(interval) => (service.paced(interval), Pacing::Serial(interval)),
            Pacing::Pooled => (service, Pacing::Pooled),
        }
    }

    fn ask(&self, ctx: &Ctx, tally: &Tally, service: &Service, bases: &Bases, key: &str) -> Option<Answer> {
        let url = Source::url(self, bases.get_or(S::NAME, S::DEFAULT_BASE), key);
        let found = ctx.fetch(tally, S::NAME, key, &url, |body| Source::parse(self, body), service);
        found.flatten().map(|answer| Box::new(answer) as Answer)
    }

    fn evidence(&self, p: &Package, answer: &Answer, rows: &mut Rows) {
        if let Some(answer) = downcast::<S::Answer>(answer) {
            Source::evidence(self, p, answer, rows);
        }
    }

    fn accounts(&self, answer: &Answer, accounts: &mut Accounts) {
        if let Some(answer) = downcast::<S::Answer>(answer) {
            Source::accounts(self, answer, accounts);
        }
    }
}

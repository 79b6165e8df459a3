//! What the online stage found: each registry source's answers, GitHub profiles and the places
//! their locations name, and what the run did (requests, answers from the cache, failures,
//! warnings).

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt::Debug;

use super::github::{self, Account, Profile};

/// A source's answer with its type erased, so that the answers of every source sit in one map;
/// the source that made it reads it back as its own type
/// ([`Source::Answer`](super::source::Source::Answer)).
pub trait Kept: Any + Debug + Send + Sync {}

impl<T: Any + Debug + Send + Sync> Kept for T {}

/// One kept answer.
pub type Answer = Box<dyn Kept>;

/// Everything the online sources answered.
#[derive(Debug, Default)]
pub struct OnlineData {
    /// Each registry source's answers by key, by source name: a source added needs no field.
    answers: BTreeMap<&'static str, BTreeMap<String, Answer>>,
    /// GitHub profiles by [`github::key`].
    pub profiles: BTreeMap<String, Profile>,
    /// What each distinct profile location names: the country and the gazetteer's confidence
    /// (read once per text, though many packages share an owner and many owners a city).
    pub locations: BTreeMap<String, Option<(String, f64)>>,
    /// One line per source that had trouble, and cache problems.
    pub warnings: Vec<String>,
    /// Lookups that failed (and one more when an offline run could not read its cache).
    pub failures: usize,
    /// HTTP requests made.
    pub requests: usize,
    /// Lookups answered from the cache without a request.
    pub from_cache: usize,
    /// The sources (by label) every lookup of which failed.
    pub failed_sources: Vec<String>,
    /// What loading the Rust registry's database dump did, when it was loaded.
    pub dump: Option<String>,
}

impl OnlineData {
    /// What the source named `source` answered about `key`.
    pub fn answer(&self, source: &str, key: &str) -> Option<&Answer> {
        self.answers.get(source)?.get(key)
    }

    /// Every answer of the source named `source`.
    pub fn answers(&self, source: &str) -> impl Iterator<Item = &Answer> {
        self.answers.get(source).into_iter().flat_map(BTreeMap::values)
    }

    /// How many keys the source named `source` answered about.
    pub fn answered(&self, source: &str) -> usize {
        self.answers.get(source).map_or(0, BTreeMap::len)
    }

    /// Keeps the answers of the source named `source`.
    pub(super) fn keep(&mut self, source: &'static str, answers: BTreeMap<String, Answer>) {
        self.answers.insert(source, answers);
    }

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

    /// Reads every distinct profile location once, for [`OnlineData::located`].
    pub(super) fn locate_profiles(&mut self) {
        for text in self.profiles.values().filter_map(|p| p.location.as_deref()) {
            if !self.locations.contains_key(text) {
                self.locations.insert(text.to_string(), locate(text));
            }
        }
    }
}

/// [`crate::kb::geo::location::locate`], as (country, confidence).
fn locate(text: &str) -> Option<(String, f64)> {
    crate::kb::geo::location::locate(text).map(|l| (l.country, f64::from(l.confidence)))
}

/// `answer` as the type its source keeps (`None` if it is another source's).
pub fn downcast<T: Any>(answer: &Answer) -> Option<&T> {
    let any: &dyn Any = &**answer;
    any.downcast_ref::<T>()
}

//! The online stage's first phase: every registry source ([`SOURCES`]) asked about the graph's
//! packages it answers for. A paced source (the Rust registry: one request a second, one at a
//! time) runs on a thread of its own while the others share the pool; answers all fresh in
//! the cache need no thread.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::data::Answer;
use super::lookup::{Ctx, Tally};
use super::options::OnlineOptions;
use super::pool;
use super::progress::Progress;
use super::service::Service;
use super::source::Pacing;
use super::sources::SOURCES;
use crate::model::Graph;

/// What the graph's packages (those `opts` asks about) are asked under, for each source
/// (indexed like [`SOURCES`]): sorted, each once.
pub(super) fn keys(graph: &Graph, opts: &OnlineOptions) -> Vec<Vec<String>> {
    let mut keys: Vec<BTreeSet<Cow<str>>> = vec![BTreeSet::new(); SOURCES.len()];
    for p in graph.packages.iter().filter(|p| opts.asks_about(p)) {
        for (source, keys) in SOURCES.iter().zip(&mut keys) {
            keys.extend(source.key(p));
        }
    }
    keys.into_iter().map(|keys| keys.into_iter().map(Cow::into_owned).collect()).collect()
}

/// One source's answers by key, and how its lookups went.
#[derive(Default)]
pub(super) struct Asked {
    pub answers: BTreeMap<String, Answer>,
    pub tally: Tally,
}

/// Asks every source about its `keys` (indexed like [`SOURCES`]); the answers come back
/// likewise.
pub(super) fn ask(
    ctx: &Ctx,
    keys: &[Vec<String>],
    opts: &OnlineOptions,
    progress: &dyn Progress,
) -> Vec<Asked> {
    let phase = Phase {
        ctx,
        keys,
        opts,
        progress,
        services: SOURCES.iter().map(|s| s.service(opts)).collect(),
        tallies: SOURCES.iter().map(|_| Tally::default()).collect(),
    };
    let (paced, pooled): (Vec<usize>, Vec<usize>) =
        (0..SOURCES.len()).partition(|&i| matches!(phase.services[i].1, Pacing::Serial(_)));
    let items: Vec<(usize, &str)> =
        pooled.iter().flat_map(|&i| keys[i].iter().map(move |k| (i, k.as_str()))).collect();
    let overlap = !items.is_empty() && paced.iter().any(|&i| !keys[i].is_empty());
    let (paced_answers, pooled_answers): (Vec<Vec<Option<Answer>>>, _) = if overlap {
        std::thread::scope(|s| {
            let phase = &phase;
            let threads: Vec<_> = paced.iter().map(|&i| s.spawn(move || phase.in_turn(i))).collect();
            let pooled_answers = phase.in_pool(&pooled, &items);
            (threads.into_iter().map(|t| t.join().unwrap_or_default()).collect(), pooled_answers)
        })
    } else {
        (paced.iter().map(|&i| phase.in_turn(i)).collect(), phase.in_pool(&pooled, &items))
    };

    let mut asked: Vec<Asked> =
        phase.tallies.into_iter().map(|tally| Asked { tally, ..Asked::default() }).collect();
    let paced_items = paced.iter().zip(paced_answers).flat_map(|(&i, answers)| {
        keys[i].iter().zip(answers).map(move |(key, answer)| ((i, key.as_str()), answer))
    });
    for ((i, key), answer) in paced_items.chain(items.into_iter().zip(pooled_answers)) {
        if let Some(answer) = answer {
            asked[i].answers.insert(key.to_string(), answer);
        }
    }
    asked
}

/// What every lookup of the phase shares.
struct Phase<'a> {
    ctx: &'a Ctx<'a>,
    keys: &'a [Vec<String>],
    opts: &'a OnlineOptions,
    progress: &'a dyn Progress,
    /// Each source's limits and pacing (indexed like [`SOURCES`]).
    services: Vec<(Service, Pacing)>,
    /// How each source's lookups go (indexed like [`SOURCES`]).
    tallies: Vec<Tally>,
}

impl Phase<'_> {
    /// Source `i`'s answer about `key`.
    fn one(&self, i: usize, key: &str) -> Option<Answer> {
        SOURCES[i].ask(self.ctx, &self.tallies[i], &self.services[i].0, &self.opts.bases, key)
    }

    /// A paced source's keys, one after the other.
    fn in_turn(&self, i: usize) -> Vec<Option<Answer>> {
        let label = SOURCES[i].label();
        self.progress.start(label, self.keys[i].len());
        let answers = self.keys[i]
            .iter()
            .map(|key| {
                let got = self.one(i, key);
                self.progress.advance(label);
                got
            })
            .collect();
        self.progress.finish(label);
        answers
    }

    /// The `items` (source, key) of the `pooled` sources, through the pool together: one
    /// at a time when the cache holds every answer fresh (decoding is not worth a thread).
    fn in_pool(&self, pooled: &[usize], items: &[(usize, &str)]) -> Vec<Option<Answer>> {
        let asking = pooled.iter().filter(|&&i| !self.keys[i].is_empty());
        let fresh = self.ctx.http.is_none()
            || pooled
                .iter()
                .all(|&i| self.ctx.all_fresh(SOURCES[i].name(), self.keys[i].iter().map(String::as_str)));
        for &i in asking.clone() {
            self.progress.start(SOURCES[i].label(), self.keys[i].len());
        }
        let answers = pool::map(if fresh { 1 } else { self.opts.jobs }, items, |&(i, key)| {
            let got = self.one(i, key);
            self.progress.advance(SOURCES[i].label());
            got
        });
        for &i in asking {
            self.progress.finish(SOURCES[i].label());
        }
        answers
    }
}

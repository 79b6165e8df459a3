//! Waiting for other processes' locks within one allowance for the whole run, and keeping what
//! could not be stored meanwhile.
//!
//! Another process holding the cache's write lock (a long `BEGIN IMMEDIATE`, `BEGIN
//! EXCLUSIVE`) would otherwise cost a full busy timeout per stored answer. Instead SQLite's
//! busy handler draws on one allowance per opened cache, a few seconds ([`ALLOWANCE`]): once
//! spent, every lock is given up at once; the answers not stored are kept in memory (the run
//! uses them either way) and tried once more, together, at the end of the run.

use std::cell::Cell;
use std::time::{Duration, Instant};

use rusqlite::{params, Connection};

use super::Row;

/// What a run may wait for other processes' locks in all, by default.
pub const ALLOWANCE: Duration = Duration::from_secs(5);

/// The statement storing one answer.
pub(super) const INSERT: &str = "INSERT OR REPLACE INTO answers (source, key, status, body, etag, fetched_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

thread_local! {
    /// What the statement running on this thread may still wait ([`within`]).
    static LEFT: Cell<Duration> = const { Cell::new(Duration::ZERO) };
}

/// SQLite's busy handler: sleeps a little and tries again while the allowance lasts.
pub(super) fn on_busy(tries: i32) -> bool {
    let left = LEFT.get();
    if left.is_zero() {
        return false;
    }
    let step = match tries {
        0 => 1,
        1 => 2,
        2 => 5,
        3 => 10,
        4 => 25,
        _ => 50,
    };
    let started = Instant::now();
    std::thread::sleep(Duration::from_millis(step).min(left));
    LEFT.set(left.saturating_sub(started.elapsed()));
    true
}

/// Runs `f` (statements on a connection whose busy handler is [`on_busy`]) with `allowance`
/// to wait for locks; returns its result and what is left of the allowance.
pub(super) fn within<T>(allowance: Duration, f: impl FnOnce() -> T) -> (T, Duration) {
    LEFT.set(allowance);
    let result = f();
    (result, LEFT.replace(Duration::ZERO))
}

/// A change a lock kept from being stored.
#[derive(Debug, Clone)]
pub(super) enum Unstored {
    /// An answer to store.
    Put { source: String, key: String, row: Row },
    /// An answer confirmed at `at`.
    Touch { source: String, key: String, at: i64 },
}

impl Unstored {
    /// Makes the change on `conn`.
    pub(super) fn apply(&self, conn: &Connection) -> rusqlite::Result<()> {
        match self {
            Unstored::Put { source, key, row } => conn
                .prepare_cached(INSERT)?
                .execute(params![source, key, row.status, row.body, row.etag, row.fetched_at])
                .map(|_| ()),
            Unstored::Touch { source, key, at } => conn
                .prepare_cached("UPDATE answers SET fetched_at = ?3 WHERE source = ?1 AND key = ?2")?
                .execute(params![source, key, at])
                .map(|_| ()),
        }
    }
}

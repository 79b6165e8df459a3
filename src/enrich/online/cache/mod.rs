//! The enrichment cache: one SQLite file holding every answer fetched from an online source,
//! so a second run asks nothing and an air-gapped run can use answers fetched earlier.
//!
//! One row per (source, key): the answer as we keep it (our own compact JSON, not the raw
//! response), the HTTP status that produced it (200, or 404 for "no such package"), the ETag to
//! revalidate with, and the fetch time in Unix seconds. Rows older than the maximum age are
//! revalidated, not trusted. Several processes may share the file: SQLite's write-ahead log
//! serialises writers, and a run waits for another's lock a few seconds in all, never more
//! ([`wait`]); what it could not store meanwhile it still uses, and says so once. A file that
//! is of no use to anyone (not a database, corrupt, an older version's cache) is moved aside
//! and recreated by a run that may write, with one warning; one that may be of use to someone
//! else (another user's, a newer version's, another program's) is left alone, and so is
//! everything by an offline run, which only reads: each says what is lost (`open.rs`).

mod open;
#[cfg(test)]
mod tests;
pub mod wait;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::hash::{HashMap, HashSet};
use rusqlite::{params, Connection, OptionalExtension};
use wait::Unstored;

/// The file name inside the cache directory.
pub const FILE_NAME: &str = "cache.sqlite3";
/// Marks the file as ours; bumped when the table layout changes incompatibly.
const SCHEMA: &str = "cargo-sovereign-cache-1";
/// How far ahead of now (seconds) a row may be dated and still be believed: machines sharing
/// a cache disagree a little about the time. A row dated further ahead — a clock set wrong, or
/// a crafted file — is stale (asked again, and deleted by [`Cache::prune`]): believed, it
/// would never expire.
pub const FUTURE_SLACK: i64 = 86_400;

/// One stored answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 200 for an answer, 404 for "the service has no such thing".
    pub status: u16,
    /// The answer as JSON; `None` for a 404.
    pub body: Option<String>,
    /// The validator to send with `If-None-Match`.
    pub etag: Option<String>,
    /// When it was fetched or last revalidated (Unix seconds).
    pub fetched_at: i64,
}

/// Figures for `cache info`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Info {
    /// The cache file.
    pub path: PathBuf,
    /// Its size in bytes (the write-ahead log included).
    pub bytes: u64,
    /// Rows per source, sorted by source.
    pub rows: Vec<(String, u64)>,
    /// The oldest row's fetch time (Unix seconds).
    pub oldest: Option<i64>,
    /// The newest row's fetch time (Unix seconds).
    pub newest: Option<i64>,
}

/// Why the cache could not be used at all.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct CacheError {
    /// The file or directory concerned.
    pub path: String,
    /// What went wrong.
    pub message: String,
    /// Another process's lock outlasted the run's allowance: the file may be perfectly good.
    pub busy: bool,
}

fn err(path: &Path, e: impl std::fmt::Display) -> CacheError {
    CacheError { path: path.display().to_string(), message: e.to_string(), busy: false }
}

/// Whether SQLite gave up on another connection's lock.
fn is_busy(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
    matches!(e.sqlite_error_code(), Some(DatabaseBusy | DatabaseLocked))
}

/// A SQLite error as a [`CacheError`] about `path`.
fn sql_err(path: &Path, e: &rusqlite::Error) -> CacheError {
    CacheError { busy: is_busy(e), ..err(path, e) }
}

/// An open cache, shareable between threads.
#[derive(Debug)]
pub struct Cache {
    inner: Mutex<Inner>,
    path: PathBuf,
    /// What the whole run may wait for other processes' locks.
    allowance: Duration,
}

/// The connection and what waiting for locks has cost so far.
#[derive(Debug)]
struct Inner {
    conn: Connection,
    /// What is left of the allowance.
    wait_left: Duration,
    /// Set once a lock outlasted the allowance.
    waited_out: bool,
    /// Answers a lock kept from being stored, in order, for [`Cache::flush`].
    unstored: Vec<Unstored>,
}

/// Now, in Unix seconds.
pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// The platform's cache directory for this tool: `$XDG_CACHE_HOME/cargo-sovereign` or
/// `~/.cache/cargo-sovereign` on Linux and other Unixes, `~/Library/Caches/cargo-sovereign` on
/// macOS, `%LOCALAPPDATA%\cargo-sovereign\cache` on Windows.
pub fn default_dir() -> Option<PathBuf> {
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if cfg!(windows) {
        return env("LOCALAPPDATA").map(|d| d.join("cargo-sovereign").join("cache"));
    }
    if cfg!(target_os = "macos") {
        return env("HOME").map(|h| h.join("Library").join("Caches").join("cargo-sovereign"));
    }
    env("XDG_CACHE_HOME")
        .filter(|p| p.is_absolute())
        .or_else(|| env("HOME").map(|h| h.join(".cache")))
        .map(|d| d.join("cargo-sovereign"))
}

impl Cache {
    /// The cache file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> Result<MutexGuard<'_, Inner>, CacheError> {
        self.inner.lock().map_err(|_| err(&self.path, "cache lock poisoned"))
    }

    /// Runs `f` on the connection, SQLite waiting for other processes' locks only as long as
    /// the run's allowance lasts.
    fn with<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T, CacheError> {
        let mut inner = self.lock()?;
        let (result, left) = wait::within(inner.wait_left, || f(&inner.conn));
        inner.wait_left = left;
        if result.as_ref().is_err_and(is_busy) {
            inner.waited_out = true;
        }
        result.map_err(|e| sql_err(&self.path, &e))
    }

    /// The stored answer for (`source`, `key`).
    pub fn get(&self, source: &str, key: &str) -> Result<Option<Row>, CacheError> {
        self.with(|c| {
            // Prepared once per connection: a warm run reads a row per package and account.
            c.prepare_cached(
                "SELECT status, body, etag, fetched_at FROM answers WHERE source = ?1 AND key = ?2",
            )?
            .query_row(params![source, key], |r| {
                Ok(Row { status: r.get(0)?, body: r.get(1)?, etag: r.get(2)?, fetched_at: r.get(3)? })
            })
            .optional()
        })
    }

    /// The stored answers for many keys of `source` at once, by key: one query instead of a
    /// query per key (a warm run reads every package's row). When the cache holds not many
    /// more rows of `source` than asked for, they are all read in key order, which SQLite does
    /// faster than looking each key up.
    pub fn get_many(&self, source: &str, keys: &[&str]) -> Result<HashMap<String, Row>, CacheError> {
        let row_of = |r: &rusqlite::Row| -> rusqlite::Result<(String, Row)> {
            let row = Row { status: r.get(1)?, body: r.get(2)?, etag: r.get(3)?, fetched_at: r.get(4)? };
            Ok((r.get(0)?, row))
        };
        let held: i64 = self.with(|c| {
            c.prepare_cached("SELECT COUNT(*) FROM answers WHERE source = ?1")?
                .query_row([source], |r| r.get(0))
        })?;
        if usize::try_from(held).unwrap_or(usize::MAX) <= keys.len().saturating_mul(2) {
            let wanted: HashSet<&str> = keys.iter().copied().collect();
            return self.with(|c| {
                let mut stmt = c.prepare_cached(
                    "SELECT key, status, body, etag, fetched_at FROM answers WHERE source = ?1",
                )?;
                let rows = stmt.query_map([source], row_of)?;
                let mut out = HashMap::default();
                for row in rows {
                    let (key, row) = row?;
                    if wanted.contains(key.as_str()) {
                        out.insert(key, row);
                    }
                }
                Ok(out)
            });
        }
        let keys = serde_json::to_string(keys).map_err(|e| err(&self.path, e))?;
        self.with(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT key, status, body, etag, fetched_at FROM answers
                 WHERE source = ?1 AND key IN (SELECT value FROM json_each(?2))",
            )?;
            let rows = stmt.query_map(params![source, keys], row_of)?;
            rows.collect()
        })
    }

    /// Stores (or replaces) an answer. When another process's lock outlasts the allowance,
    /// the answer is kept for [`Cache::flush`] and the error returned.
    pub fn put(&self, source: &str, key: &str, row: &Row) -> Result<(), CacheError> {
        self.write(Unstored::Put { source: source.into(), key: key.into(), row: row.clone() })
    }

    /// Marks an answer as confirmed at `at` (a 304 Not Modified); kept like [`Cache::put`].
    pub fn touch(&self, source: &str, key: &str, at: i64) -> Result<(), CacheError> {
        self.write(Unstored::Touch { source: source.into(), key: key.into(), at })
    }

    fn write(&self, change: Unstored) -> Result<(), CacheError> {
        let result = self.with(|c| change.apply(c));
        if let Err(e) = &result {
            if e.busy {
                self.lock()?.unstored.push(change);
            }
        }
        result
    }

    /// Stores many answers in one transaction (the database dump import), taking them one at
    /// a time; returns how many.
    pub fn put_many(
        &self,
        source: &str,
        rows: impl IntoIterator<Item = (String, Row)>,
    ) -> Result<usize, CacheError> {
        self.with(|c| {
            let tx = c.unchecked_transaction()?;
            let mut n = 0;
            {
                let mut stmt = tx.prepare(wait::INSERT)?;
                for (key, row) in rows {
                    stmt.execute(params![source, key, row.status, row.body, row.etag, row.fetched_at])?;
                    n += 1;
                }
            }
            tx.commit().map(|()| n)
        })
    }

    /// Stores what a lock kept from being stored (one more try, in one transaction, within
    /// what is left of the allowance). `None` when the run never outlasted a lock; otherwise
    /// the one warning to give, naming the file and what was not stored.
    pub fn flush(&self) -> Option<String> {
        let mut inner = self.lock().ok()?;
        let unstored = std::mem::take(&mut inner.unstored);
        let (stored, left) = wait::within(inner.wait_left, || {
            let tx = inner.conn.unchecked_transaction()?;
            for change in &unstored {
                change.apply(&tx)?;
            }
            tx.commit()
        });
        inner.wait_left = left;
        let lost = if stored.is_ok() { 0 } else { unstored.len() };
        if !inner.waited_out && lost == 0 {
            return None;
        }
        let secs = self.allowance.as_secs_f64();
        Some(match lost {
            0 => format!(
                "{}: locked by another process for more than {secs} s; the answers it held back were stored at the end",
                self.path.display()
            ),
            n => format!(
                "{}: locked by another process; after waiting {secs} s in all, {n} answers were not stored (this run still uses them; a later run asks again)",
                self.path.display()
            ),
        })
    }

    /// Size, rows per source, oldest and newest row.
    pub fn info(&self) -> Result<Info, CacheError> {
        let rows = self.with(|c| {
            let mut stmt =
                c.prepare("SELECT source, COUNT(*) FROM answers GROUP BY source ORDER BY source")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?;
            rows.collect::<Result<Vec<_>, _>>()
        })?;
        let (oldest, newest) = self.with(|c| {
            c.query_row("SELECT MIN(fetched_at), MAX(fetched_at) FROM answers", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
        })?;
        let side = |suffix: &str| {
            let mut p = self.path.clone().into_os_string();
            p.push(suffix);
            std::fs::metadata(PathBuf::from(p)).map(|m| m.len()).unwrap_or(0)
        };
        Ok(Info { path: self.path.clone(), bytes: side("") + side("-wal"), rows, oldest, newest })
    }

    /// Deletes every row; returns how many there were.
    pub fn clear(&self) -> Result<u64, CacheError> {
        let n = self.with(|c| c.execute("DELETE FROM answers", []))? as u64;
        self.with(|c| c.execute_batch("VACUUM"))?;
        Ok(n)
    }

    /// Deletes rows fetched before `cutoff` (Unix seconds), and rows dated more than
    /// [`FUTURE_SLACK`] ahead of now; returns how many.
    pub fn prune(&self, cutoff: i64) -> Result<u64, CacheError> {
        let ahead = now().saturating_add(FUTURE_SLACK);
        let n = self.with(|c| {
            c.execute("DELETE FROM answers WHERE fetched_at < ?1 OR fetched_at > ?2", params![cutoff, ahead])
        })? as u64;
        self.with(|c| c.execute_batch("VACUUM"))?;
        Ok(n)
    }
}

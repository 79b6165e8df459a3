//! The enrichment cache: one SQLite file holding every answer fetched from an online source,
//! so a second run asks nothing and an air-gapped run can use answers fetched earlier.
//!
//! One row per (source, key): the answer as we keep it (our own compact JSON, not the raw
//! response), the HTTP status that produced it (200, or 404 for "no such package"), the ETag to
//! revalidate with, and the fetch time in Unix seconds. Rows older than the maximum age are
//! revalidated, not trusted. Several processes may share the file: SQLite's write-ahead log and
//! a busy timeout serialise writers. A file that is not our cache (corrupt, or another
//! program's) is moved aside and recreated, with one warning, never an error.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::hash::{HashMap, HashSet};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

/// The file name inside the cache directory.
pub const FILE_NAME: &str = "cache.sqlite3";
/// Marks the file as ours; bumped when the table layout changes incompatibly.
const SCHEMA: &str = "cargo-sovereign-cache-1";

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
}

/// An open cache, shareable between threads.
#[derive(Debug)]
pub struct Cache {
    conn: Mutex<Connection>,
    path: PathBuf,
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

/// How long opening waits for another process's lock before giving up (with an error, the
/// file left alone).
const BUSY_WAIT: Duration = Duration::from_secs(10);

/// Why a file could not be opened as our cache.
enum Failure {
    /// Another connection holds a lock; the file may be perfectly good.
    Busy(CacheError),
    /// Not a database, not ours, or not this version.
    Broken(CacheError),
}

impl Failure {
    fn of(path: &Path, e: rusqlite::Error) -> Failure {
        use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
        match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => Failure::Busy(err(path, e)),
            _ => Failure::Broken(err(path, e)),
        }
    }

    fn into_error(self) -> CacheError {
        match self {
            Failure::Busy(e) | Failure::Broken(e) => e,
        }
    }
}

fn err(path: &Path, e: impl std::fmt::Display) -> CacheError {
    CacheError { path: path.display().to_string(), message: e.to_string() }
}

impl Cache {
    /// Opens (creating when needed) the cache in `dir`. A file that is not a cache of ours is
    /// renamed to `cache.sqlite3.broken-<time>` and a fresh one created; the returned warning
    /// says so.
    pub fn open(dir: &Path) -> Result<(Cache, Option<String>), CacheError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| err(dir, format!("cannot create the cache directory: {e}")))?;
        let path = dir.join(FILE_NAME);
        match Self::open_waiting(&path) {
            Ok(cache) => Ok((cache, None)),
            // Another process holding the file is no reason to throw its answers away.
            Err(Failure::Busy(e)) => Err(e),
            Err(Failure::Broken(first)) => {
                let aside = dir.join(format!("{FILE_NAME}.broken-{}", now()));
                std::fs::rename(&path, &aside).map_err(|e| {
                    err(&path, format!("{}; and it cannot be moved aside: {e}", first.message))
                })?;
                for suffix in ["-wal", "-shm"] {
                    let side = dir.join(format!("{FILE_NAME}{suffix}"));
                    let _ = std::fs::remove_file(side);
                }
                let cache = Self::open_waiting(&path).map_err(Failure::into_error)?;
                let warning = format!(
                    "{}: not a usable cache ({}); moved aside to {} and started a new one",
                    path.display(),
                    first.message,
                    aside.display()
                );
                Ok((cache, Some(warning)))
            }
        }
    }

    /// `open_file`, tried again while another process holds a lock SQLite does not wait for
    /// by itself (switching to the write-ahead log, two first runs creating the tables).
    fn open_waiting(path: &Path) -> Result<Cache, Failure> {
        // Measured from the start: each attempt may itself wait on SQLite's busy timeout.
        let started = std::time::Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            match Self::open_file(path) {
                Err(Failure::Busy(_)) if started.elapsed() < BUSY_WAIT => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(250));
                }
                other => return other,
            }
        }
    }

    /// Opens an existing cache read-only for `--offline` runs; `None` when there is none.
    pub fn open_existing(dir: &Path) -> Option<Cache> {
        let path = dir.join(FILE_NAME);
        if !path.is_file() {
            return None;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).ok()?;
        conn.busy_timeout(Duration::from_secs(10)).ok()?;
        let marker: Option<String> =
            conn.query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| r.get(0)).ok();
        (marker.as_deref() == Some(SCHEMA)).then(|| Cache { conn: Mutex::new(conn), path })
    }

    fn open_file(path: &Path) -> Result<Cache, Failure> {
        let fail = |e: rusqlite::Error| Failure::of(path, e);
        let conn = Connection::open(path).map_err(fail)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(fail)?;
        // `journal_mode` answers with a row, so it is read rather than executed.
        let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(fail)?;
        // A cache can be refetched: losing the last answers to a power cut is acceptable, an
        // fsync per stored answer is not (a first run stores a thousand). A torn file is moved
        // aside like any broken one. The log is still folded into the file when the last
        // connection closes: left in place, every later run would first re-read all of it.
        conn.pragma_update(None, "synchronous", "OFF").map_err(fail)?;
        let tables: Vec<String> = {
            let mut stmt = conn
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                .map_err(fail)?;
            let rows = stmt.query_map([], |r| r.get(0)).map_err(fail)?;
            rows.collect::<Result<_, _>>().map_err(fail)?
        };
        if tables.is_empty() {
            conn.execute_batch(
                "BEGIN IMMEDIATE;
                 CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 CREATE TABLE IF NOT EXISTS answers (
                     source TEXT NOT NULL, key TEXT NOT NULL, status INTEGER NOT NULL,
                     body TEXT, etag TEXT, fetched_at INTEGER NOT NULL,
                     PRIMARY KEY (source, key));
                 INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', 'cargo-sovereign-cache-1');
                 COMMIT;",
            )
            .map_err(fail)?;
        }
        let marker: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| r.get(0))
            .optional()
            .map_err(|e| match Failure::of(path, e) {
                Failure::Broken(e) => {
                    Failure::Broken(err(path, format!("not a cargo-sovereign cache ({})", e.message)))
                }
                busy => busy,
            })?;
        if marker.as_deref() != Some(SCHEMA) {
            return Err(Failure::Broken(err(path, "not a cargo-sovereign cache of this version")));
        }
        Ok(Cache { conn: Mutex::new(conn), path: path.to_path_buf() })
    }

    /// The cache file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn with<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T, CacheError> {
        let conn = self.conn.lock().map_err(|_| err(&self.path, "cache lock poisoned"))?;
        f(&conn).map_err(|e| err(&self.path, e))
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

    /// Stores (or replaces) an answer.
    pub fn put(&self, source: &str, key: &str, row: &Row) -> Result<(), CacheError> {
        self.with(|c| {
            c.prepare_cached(
                "INSERT OR REPLACE INTO answers (source, key, status, body, etag, fetched_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![source, key, row.status, row.body, row.etag, row.fetched_at])
            .map(|_| ())
        })
    }

    /// Stores many answers in one transaction (the database dump import).
    pub fn put_many(&self, source: &str, rows: &[(String, Row)]) -> Result<(), CacheError> {
        let mut conn = self.conn.lock().map_err(|_| err(&self.path, "cache lock poisoned"))?;
        let tx = conn.transaction().map_err(|e| err(&self.path, e))?;
        {
            let mut stmt = tx
                .prepare(
                    "INSERT OR REPLACE INTO answers (source, key, status, body, etag, fetched_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(|e| err(&self.path, e))?;
            for (key, row) in rows {
                stmt.execute(params![source, key, row.status, row.body, row.etag, row.fetched_at])
                    .map_err(|e| err(&self.path, e))?;
            }
        }
        tx.commit().map_err(|e| err(&self.path, e))
    }

    /// Marks an answer as confirmed now (a 304 Not Modified).
    pub fn touch(&self, source: &str, key: &str, at: i64) -> Result<(), CacheError> {
        self.with(|c| {
            c.execute(
                "UPDATE answers SET fetched_at = ?3 WHERE source = ?1 AND key = ?2",
                params![source, key, at],
            )
            .map(|_| ())
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

    /// Deletes rows fetched before `cutoff` (Unix seconds); returns how many.
    pub fn prune(&self, cutoff: i64) -> Result<u64, CacheError> {
        let n =
            self.with(|c| c.execute("DELETE FROM answers WHERE fetched_at < ?1", params![cutoff]))? as u64;
        self.with(|c| c.execute_batch("VACUUM"))?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("sovereign-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn stores_touches_prunes_and_clears() {
        let dir = tmp("roundtrip");
        let (cache, warning) = Cache::open(&dir).unwrap();
        assert!(warning.is_none());
        let row = Row { status: 200, body: Some("[]".into()), etag: Some("\"x\"".into()), fetched_at: 100 };
        cache.put("crates", "serde", &row).unwrap();
        cache.put("github", "users/a", &Row { status: 404, body: None, etag: None, fetched_at: 50 }).unwrap();
        assert_eq!(cache.get("crates", "serde").unwrap(), Some(row));
        cache.touch("crates", "serde", 200).unwrap();
        assert_eq!(cache.get("crates", "serde").unwrap().unwrap().fetched_at, 200);
        let info = cache.info().unwrap();
        assert_eq!(info.rows, vec![("crates".to_string(), 1), ("github".to_string(), 1)]);
        assert_eq!((info.oldest, info.newest), (Some(50), Some(200)));
        assert_eq!(cache.prune(100).unwrap(), 1);
        assert_eq!(cache.clear().unwrap(), 1);
        assert_eq!(cache.info().unwrap().rows, vec![]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn get_many_answers_the_keys_it_holds_for_that_source() {
        let dir = tmp("many");
        let (cache, _) = Cache::open(&dir).unwrap();
        let row = |at| Row { status: 200, body: Some("[]".into()), etag: None, fetched_at: at };
        cache.put("crates", "serde", &row(1)).unwrap();
        cache.put("crates", "it's \"odd\"", &row(2)).unwrap();
        cache.put("github", "serde", &row(3)).unwrap();
        let got = cache.get_many("crates", &["serde", "absent", "it's \"odd\""]).unwrap();
        let mut keys: Vec<(&str, i64)> = got.iter().map(|(k, r)| (k.as_str(), r.fetched_at)).collect();
        keys.sort();
        assert_eq!(keys, vec![("it's \"odd\"", 2), ("serde", 1)]);
        assert!(cache.get_many("npm", &["serde"]).unwrap().is_empty());
        // Many more rows held than asked for: each key is looked up instead of a full read.
        for i in 0..10 {
            cache.put("crates", &format!("other{i}"), &row(4)).unwrap();
        }
        let got = cache.get_many("crates", &["serde", "absent"]).unwrap();
        assert_eq!(got.keys().collect::<Vec<_>>(), vec!["serde"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_foreign_file_is_moved_aside() {
        let dir = tmp("foreign");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(FILE_NAME), b"this is not a database, just text\n").unwrap();
        let (cache, warning) = Cache::open(&dir).unwrap();
        assert!(warning.unwrap().contains("moved aside"));
        cache.put("npm", "x", &Row { status: 404, body: None, etag: None, fetched_at: 1 }).unwrap();
        let aside = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains("broken"))
            .count();
        assert_eq!(aside, 1);
        // Another program's SQLite database is not ours either.
        drop(cache);
        let other = tmp("other-db");
        std::fs::create_dir_all(&other).unwrap();
        let c = Connection::open(other.join(FILE_NAME)).unwrap();
        c.execute_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);").unwrap();
        drop(c);
        let (_, warning) = Cache::open(&other).unwrap();
        assert!(warning.unwrap().contains("not a cargo-sovereign cache"));
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&other);
    }

    #[test]
    fn first_runs_opening_at_once_all_get_the_same_cache() {
        for round in 0..20 {
            let dir = tmp(&format!("race-{round}"));
            let opens: Vec<_> = (0..4)
                .map(|_| {
                    let dir = dir.clone();
                    std::thread::spawn(move || Cache::open(&dir).map(|(_, warning)| warning))
                })
                .collect();
            for o in opens {
                assert_eq!(o.join().unwrap().unwrap(), None, "round {round}");
            }
            assert!(std::fs::read_dir(&dir)
                .unwrap()
                .all(|e| { !e.unwrap().file_name().to_string_lossy().contains("broken") }));
            let _ = std::fs::remove_dir_all(&dir);
        }
    }

    #[test]
    fn a_cache_locked_by_another_process_is_kept() {
        let dir = tmp("locked");
        let (cache, _) = Cache::open(&dir).unwrap();
        cache.put("npm", "x", &Row { status: 404, body: None, etag: None, fetched_at: 1 }).unwrap();
        drop(cache);
        // Another process's connection holding the file's lock until it closes.
        let holder = Connection::open(dir.join(FILE_NAME)).unwrap();
        holder.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;").unwrap();
        let started = std::time::Instant::now();
        std::thread::scope(|s| {
            s.spawn(move || {
                std::thread::sleep(Duration::from_millis(300));
                holder.execute_batch("COMMIT;").unwrap();
                drop(holder);
            });
            let opened = Cache::open(&dir);
            assert!(started.elapsed() >= Duration::from_millis(300));
            let (cache, warning) = opened.unwrap();
            assert_eq!(warning, None);
            assert_eq!(cache.get("npm", "x").unwrap().map(|r| r.status), Some(404));
        });
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn offline_runs_never_create_a_cache() {
        let dir = tmp("absent");
        assert!(Cache::open_existing(&dir).is_none());
        assert!(!dir.exists());
    }
}

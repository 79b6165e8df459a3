//! Opening the cache: for writing (creating it, moving a broken file aside), or read-only for
//! `--offline` runs, which never create or move anything and tell "no cache" apart from "a
//! cache that cannot be read" — the second is an error the caller must report, because every
//! answer in it is lost to the run.
//!
//! A run that may write moves a file aside only when it is sure the file is of no use to
//! anyone: not a database at all or a corrupt one, or a cache of an *older* version of ours. A
//! file it merely cannot open (another user's, a read-only mount, an I/O error), a cache of a
//! newer version (a newer tool shares the directory), or another program's database is left
//! as it is: the run says so, naming the file, and goes on without it. Moving those aside
//! would replace another user's or a newer tool's cache with ours, and the next run of theirs
//! would move ours aside in turn. Nor is a file this user may not write handed to SQLite at
//! all: it would open it read-only without a word, and could leave files of this user's
//! (`-wal`, `-shm`) in the other user's directory.

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::wait::{self, ALLOWANCE};
use super::{err, is_busy, now, sql_err, Cache, CacheError, Inner, FILE_NAME, SCHEMA};

/// Why a file could not be opened as our cache.
enum Failure {
    /// Another connection holds a lock; the file may be perfectly good.
    Busy(CacheError),
    /// Of no use to anyone: not a database, a corrupt one, or an older version's cache. It may
    /// be moved aside.
    Broken(CacheError),
    /// Not usable by this run, but perhaps by someone else: it cannot be opened for writing, or
    /// it is a newer version's cache or another program's database. It is left as it is.
    Kept(CacheError),
}

impl Failure {
    fn of(path: &Path, e: rusqlite::Error) -> Failure {
        use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
        match e.sqlite_error_code() {
            _ if is_busy(&e) => Failure::Busy(sql_err(path, &e)),
            Some(NotADatabase | DatabaseCorrupt) => Failure::Broken(sql_err(path, &e)),
            // Permissions, a read-only file or mount, I/O errors, a full disk: nothing says the
            // file is bad.
            _ if std::fs::symlink_metadata(path).is_err() => {
                Failure::Kept(err(path, format!("cannot be created: {e}")))
            }
            _ => Failure::Kept(err(path, format!("cannot be opened for writing: {e}"))),
        }
    }

    fn into_error(self) -> CacheError {
        match self {
            Failure::Busy(e) | Failure::Broken(e) | Failure::Kept(e) => e,
        }
    }
}

impl Cache {
    /// Opens (creating when needed) the cache in `dir`. A file that is not a database, a corrupt
    /// one or an older version's cache is renamed to `cache.sqlite3.broken-<time>` and a fresh
    /// one created; the returned warning says so. Any other file it cannot use (one it may not
    /// write, a newer version's cache, another program's database) is left as it is, and the
    /// error says so. Waits for other processes' locks [`ALLOWANCE`] in all.
    pub fn open(dir: &Path) -> Result<(Cache, Option<String>), CacheError> {
        Self::open_with_allowance(dir, ALLOWANCE)
    }

    /// [`Cache::open`], waiting for other processes' locks at most `allowance` in all, opening
    /// included, for the life of the returned cache.
    pub fn open_with_allowance(
        dir: &Path,
        allowance: Duration,
    ) -> Result<(Cache, Option<String>), CacheError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| err(dir, format!("cannot create the cache directory: {e}")))?;
        let path = dir.join(FILE_NAME);
        let started = Instant::now();
        match Self::open_waiting(&path, allowance, started) {
            Ok(cache) => Ok((cache, None)),
            // Another process holding the file is no reason to throw its answers away.
            Err(Failure::Busy(e)) => Err(e),
            // Said only of a file there is: one that could not be created was not left anywhere.
            Err(Failure::Kept(e)) if std::fs::symlink_metadata(&path).is_ok() => {
                Err(CacheError { message: format!("{}; left as it is", e.message), ..e })
            }
            Err(Failure::Kept(e)) => Err(e),
            Err(Failure::Broken(first)) => {
                let aside = dir.join(format!("{FILE_NAME}.broken-{}", now()));
                std::fs::rename(&path, &aside).map_err(|e| {
                    err(&path, format!("{}; and it cannot be moved aside: {e}", first.message))
                })?;
                for suffix in ["-wal", "-shm"] {
                    let side = dir.join(format!("{FILE_NAME}{suffix}"));
                    let _ = std::fs::remove_file(side);
                }
                let cache = Self::open_waiting(&path, allowance, started).map_err(Failure::into_error)?;
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
    /// by itself (switching to the write-ahead log, two first runs creating the tables), until
    /// the allowance counted from `started` is spent.
    fn open_waiting(path: &Path, allowance: Duration, started: Instant) -> Result<Cache, Failure> {
        let mut pause = Duration::from_millis(5);
        loop {
            let left = allowance.saturating_sub(started.elapsed());
            let (opened, _) = wait::within(left, || Self::open_file(path));
            match opened {
                Err(Failure::Busy(_)) if started.elapsed() < allowance => {
                    std::thread::sleep(pause.min(allowance.saturating_sub(started.elapsed())));
                    pause = (pause * 2).min(Duration::from_millis(250));
                }
                Ok(mut cache) => {
                    cache.allowance = allowance;
                    cache.inner.get_mut().unwrap_or_else(|p| p.into_inner()).wait_left =
                        allowance.saturating_sub(started.elapsed());
                    return Ok(cache);
                }
                other => return other,
            }
        }
    }

    /// Opens an existing cache read-only for `--offline` runs: `Ok(None)` when there is none,
    /// an error saying what was found when there is a file that cannot be used as our cache
    /// (not a file, unreadable, corrupt, another program's, another version's). Creates and
    /// moves nothing.
    pub fn open_existing(dir: &Path) -> Result<Option<Cache>, CacheError> {
        let path = dir.join(FILE_NAME);
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(err(&path, format!("cannot be read: {e}"))),
        };
        if !meta.is_file() {
            let what = if meta.is_dir() { "a directory" } else { "not a regular file" };
            return Err(err(&path, format!("is {what}, not a cache file")));
        }
        let (opened, left) = wait::within(ALLOWANCE, || Self::read_only(&path));
        let conn = opened?;
        let inner = Inner { conn, wait_left: left, waited_out: false, unstored: Vec::new() };
        Ok(Some(Cache { inner: Mutex::new(inner), path, allowance: ALLOWANCE }))
    }

    /// A read-only connection to `path` whose schema marker is ours.
    fn read_only(path: &Path) -> Result<Connection, CacheError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| sql_err(path, &e))?;
        conn.busy_handler(Some(wait::on_busy)).map_err(|e| sql_err(path, &e))?;
        check_schema(&conn).map_err(|e| schema_err(path, &e))?;
        Ok(conn)
    }

    fn open_file(path: &Path) -> Result<Cache, Failure> {
        let fail = |e: rusqlite::Error| Failure::of(path, e);
        // A file this user may not write is someone else's, or on a read-only mount: SQLite
        // would open it read-only without a word (every answer of the run then unstored,
        // unsaid), and reading a write-ahead-log database can leave `-wal` and `-shm` files of
        // this user's beside it. So it is not handed to SQLite at all.
        match std::fs::OpenOptions::new().read(true).write(true).open(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                let why = crate::files::read::io_message(&e);
                return Err(Failure::Kept(err(path, format!("cannot be opened for writing: {why}"))));
            }
            _ => {}
        }
        let conn = Connection::open(path).map_err(fail)?;
        conn.busy_handler(Some(wait::on_busy)).map_err(fail)?;
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
        // Ours before anything is changed: a file that is not (another program's database, a
        // newer version's cache) is left exactly as it was found.
        check_schema(&conn).map_err(|e| schema_failure(path, &e))?;
        // Should SQLite still have opened it read-only (a file that became read-only since),
        // every answer of the run would go unstored unsaid.
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(fail)? {
            return Err(Failure::Kept(err(path, "cannot be opened for writing: opened read-only")));
        }
        // `journal_mode` answers with a row, so it is read rather than executed.
        let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(fail)?;
        // A cache can be refetched: losing the last answers to a power cut is acceptable, an
        // fsync per stored answer is not (a first run stores a thousand). A torn file is moved
        // aside like any broken one. The log is still folded into the file when the last
        // connection closes: left in place, every later run would first re-read all of it.
        conn.pragma_update(None, "synchronous", "OFF").map_err(fail)?;
        let inner = Inner { conn, wait_left: Duration::ZERO, waited_out: false, unstored: Vec::new() };
        Ok(Cache { inner: Mutex::new(inner), path: path.to_path_buf(), allowance: Duration::ZERO })
    }
}

/// Why a database is not our cache.
enum SchemaError {
    /// SQLite could not read it (not a database, unreadable, locked).
    Sql(rusqlite::Error),
    /// It is a database with another schema marker (or none).
    Marker(Option<String>),
}

/// Whether `conn`'s schema marker is this version's.
fn check_schema(conn: &Connection) -> Result<(), SchemaError> {
    let marker: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| r.get(0))
        .optional()
        .map_err(SchemaError::Sql)?;
    match marker {
        Some(m) if m == SCHEMA => Ok(()),
        other => Err(SchemaError::Marker(other)),
    }
}

/// The version number of a schema marker of ours (`cargo-sovereign-cache-<n>`).
fn version(marker: &str) -> Option<u32> {
    marker.strip_prefix("cargo-sovereign-cache-")?.parse().ok()
}

/// What a schema problem means for a run that may write: only a file that is not a database,
/// a corrupt one or an older version's cache may be moved aside.
fn schema_failure(path: &Path, e: &SchemaError) -> Failure {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    let broken = match e {
        SchemaError::Sql(s) if is_busy(s) => return Failure::Busy(sql_err(path, s)),
        SchemaError::Sql(s) => matches!(s.sqlite_error_code(), Some(NotADatabase | DatabaseCorrupt)),
        SchemaError::Marker(Some(m)) => version(m).zip(version(SCHEMA)).is_some_and(|(v, ours)| v < ours),
        SchemaError::Marker(None) => false,
    };
    let e = schema_err(path, e);
    if broken {
        Failure::Broken(e)
    } else {
        Failure::Kept(e)
    }
}

/// What a schema problem means, said about `path`.
fn schema_err(path: &Path, e: &SchemaError) -> CacheError {
    match e {
        SchemaError::Sql(s) if is_busy(s) => sql_err(path, s),
        SchemaError::Sql(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::NotADatabase =>
        {
            err(path, "not a cargo-sovereign cache (not a SQLite database: corrupt or another file)")
        }
        SchemaError::Sql(s) => err(path, format!("not a cargo-sovereign cache ({s})")),
        SchemaError::Marker(Some(m)) if m.starts_with("cargo-sovereign-cache-") => {
            let which = match version(m).zip(version(SCHEMA)) {
                Some((v, ours)) if v > ours => "a newer",
                Some((v, ours)) if v < ours => "an older",
                _ => "another",
            };
            err(path, format!("a cache of {which} version of cargo-sovereign (it is `{m}`, this version reads `{SCHEMA}`)"))
        }
        SchemaError::Marker(_) => err(path, "not a cargo-sovereign cache (no schema marker of ours)"),
    }
}

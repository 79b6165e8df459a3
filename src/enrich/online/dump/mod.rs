//! The Rust registry's daily database dump (`db-dump.tar.gz`): every crate's owners at once,
//! for a cache filled in one download instead of one request per second.
//!
//! The archive is read as a stream (gzip, then tar, then CSV), never held in memory: only four
//! tables are kept, as small maps. `data/crates.csv` (`id`, `name`), `data/users.csv` (`id`,
//! `gh_login`), `data/teams.csv` (`id`, `login`) and `data/crate_owners.csv` (`crate_id`,
//! `owner_id`, `owner_kind`: 0 a user, 1 a team). Columns are found by their header, so added
//! columns do not matter. The result is stored in the cache exactly as the web API's answers
//! would be, so an audit cannot tell where an answer came from.
//!
//! Memory stays bounded whatever the archive holds ([`DumpLimits`]): a CSV record longer than
//! a cap is refused ([`guard`]: the CSV reader holds a whole record, so one crafted field of a
//! gigabyte would otherwise cost gigabytes), and so is a table with more rows than a cap, or a
//! table that comes twice (each would get a budget of its own). Both caps are far above the
//! real dump's (its longest records are READMEs of a few hundred KiB; its largest table has a
//! few hundred thousand rows). What is kept of a row is capped too, at what the registry
//! allows ([`MAX_CRATE_NAME`], [`MAX_LOGIN`], [`MAX_TEAM_LOGIN`]): a longer name or login
//! cannot be real, so its row is skipped and counted ([`Skipped`], said in one warning) — 20
//! crate names of 50 MiB each in a 1 MB archive were all kept, 1.3 GB. A crate owned by a
//! skipped account is not stored either: its owner list would be incomplete, and the web API
//! is asked instead.

pub mod file;
pub mod guard;
pub mod load;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::rc::Rc;

use super::cache::{Cache, CacheError, Row};
use super::source::Source;
use super::sources::crates::Crates;
use crate::model::{Owner, OwnerKind};
use guard::{RecordCount, RecordGuard};

/// The public dump's address.
pub const DEFAULT_URL: &str = "https://static.crates.io/db-dump.tar.gz";

/// The longest crate name the registry allows, in bytes (names are ASCII).
pub const MAX_CRATE_NAME: usize = 64;
/// The longest GitHub login, in bytes.
pub const MAX_LOGIN: usize = 39;
/// The longest team login kept, in bytes: `github:`, an organisation login of up to 39, `:`
/// and a team slug, whose length GitHub does not publish — 81 is more than any real one.
pub const MAX_TEAM_LOGIN: usize = 128;

/// What an import found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DumpStats {
    /// Crates stored.
    pub crates: usize,
    /// Owner links read.
    pub owner_links: usize,
    /// Users read.
    pub users: usize,
    /// Teams read.
    pub teams: usize,
    /// Rows skipped and crates not stored because of them.
    pub skipped: Skipped,
}

/// Rows whose kept field is longer than the registry allows, skipped, and the crates not
/// stored because an owner of theirs was.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Crate names over [`MAX_CRATE_NAME`].
    pub crate_names: usize,
    /// User logins over [`MAX_LOGIN`].
    pub logins: usize,
    /// Team logins over [`MAX_TEAM_LOGIN`].
    pub team_logins: usize,
    /// Crates owned by a skipped user or team: not stored, so the web API is asked for them.
    pub crates_withheld: usize,
}

impl DumpStats {
    /// `database dump: owners of N crates stored (…)`: what a load did, for people.
    pub fn summary(&self) -> String {
        format!(
            "database dump: owners of {} crates stored ({} owner links, {} users, {} teams)",
            self.crates, self.owner_links, self.users, self.teams
        )
    }

    /// The one warning about the rows skipped from dump `name`, if any were.
    pub fn warning(&self, name: &str) -> Option<String> {
        let s = &self.skipped;
        let rows = s.crate_names + s.logins + s.team_logins;
        if rows == 0 {
            return None;
        }
        let counts: Vec<String> = [
            (s.crate_names, "crate names", MAX_CRATE_NAME),
            (s.logins, "user logins", MAX_LOGIN),
            (s.team_logins, "team logins", MAX_TEAM_LOGIN),
        ]
        .iter()
        .filter(|(n, ..)| *n > 0)
        .map(|(n, what, max)| format!("{what} over {max} bytes: {n}"))
        .collect();
        let withheld = match s.crates_withheld {
            0 => String::new(),
            n => format!("; {n} crates they own were not stored (the registry is asked for those)"),
        };
        Some(format!(
            "{name}: {rows} rows skipped, longer than the registry allows ({}){withheld}",
            counts.join(", ")
        ))
    }
}

/// How large a dump may be where it is held in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DumpLimits {
    /// The longest CSV record, in bytes.
    pub max_record: u64,
    /// The most rows of one table.
    pub max_rows: usize,
}

impl Default for DumpLimits {
    fn default() -> Self {
        DumpLimits { max_record: 64 << 20, max_rows: 2_000_000 }
    }
}

/// Why a dump could not be imported. Each names the dump (`name`), and the archive entry and
/// line where known.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    /// The bytes are not a gzip-compressed tar archive, or it breaks off.
    #[error("{name}: not a tar.gz archive, or a broken one: {message}")]
    Archive {
        /// The dump.
        name: String,
        /// What the decoder said.
        message: String,
    },
    /// An entry's CSV is wrong or cannot be read.
    #[error("{name}: {entry}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Table {
        /// The dump.
        name: String,
        /// The archive entry.
        entry: String,
        /// The line, when known.
        line: Option<u64>,
        /// What is wrong.
        message: String,
    },
    /// A table the owners need is missing.
    #[error("{name}: not a registry database dump (missing {missing})")]
    Missing {
        /// The dump.
        name: String,
        /// The missing entries, `data/crates.csv, data/users.csv`.
        missing: String,
    },
    /// The cache could not store the result.
    #[error("{0}")]
    Cache(#[from] CacheError),
}

#[derive(Default)]
struct Tables {
    crates: BTreeMap<u64, String>,
    users: BTreeMap<u64, String>,
    teams: BTreeMap<u64, String>,
    links: Vec<(u64, u64, u8)>,
    /// Where each table was read, so that a second copy is refused.
    seen: [Option<String>; 4],
    /// Ids of the users and teams skipped.
    skipped_users: BTreeSet<u64>,
    skipped_teams: BTreeSet<u64>,
    skipped: Skipped,
}

/// Reads a dump from `reader` (the `.tar.gz` bytes) into `cache`; `name` is for messages.
pub fn import(name: &str, reader: impl Read, cache: &Cache, now: i64) -> Result<DumpStats, DumpError> {
    import_with_limits(name, reader, cache, now, DumpLimits::default())
}

/// [`import`] within `limits`.
pub fn import_with_limits(
    name: &str,
    reader: impl Read,
    cache: &Cache,
    now: i64,
    limits: DumpLimits,
) -> Result<DumpStats, DumpError> {
    let archive_err =
        |e: std::io::Error| DumpError::Archive { name: name.to_string(), message: e.to_string() };
    let gz = flate2::read::GzDecoder::new(reader);
    let mut archive = tar::Archive::new(gz);
    let entries = archive.entries().map_err(archive_err)?;
    let mut t = Tables::default();
    for entry in entries {
        let entry = entry.map_err(archive_err)?;
        let path = entry.path().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
        let table = match path.rsplit('/').next().unwrap_or("") {
            "crates.csv" if path.contains("/data/") || path.starts_with("data/") => 0,
            "users.csv" if path.contains("data/") => 1,
            "teams.csv" if path.contains("data/") => 2,
            "crate_owners.csv" if path.contains("data/") => 3,
            _ => continue,
        };
        let at = Entry { name, path: &path, limits };
        if let Some(first) = &t.seen[table] {
            return Err(
                at.error(None, format!("a second copy of {first}; this is not a registry database dump"))
            );
        }
        read_table(&at, table, entry, &mut t)?;
    }
    let missing: Vec<&str> = ["crates.csv", "users.csv", "teams.csv", "crate_owners.csv"]
        .iter()
        .zip(&t.seen)
        .filter(|(_, seen)| seen.is_none())
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        return Err(DumpError::Missing {
            name: name.to_string(),
            missing: format!("data/{}", missing.join(", data/")),
        });
    }
    // Each crate's owners, made and stored one crate at a time: the links sorted by crate
    // are found by a binary search, no second map of every crate is built.
    let Tables { crates, users, teams, mut links, skipped_users, skipped_teams, mut skipped, .. } = t;
    links.sort_unstable();
    let owner = |&(_, owner_id, kind): &(u64, u64, u8)| match kind {
        0 => users.get(&owner_id).map(|l| Owner { kind: OwnerKind::User, login: l.clone() }),
        1 => teams.get(&owner_id).map(|l| Owner { kind: OwnerKind::Team, login: l.clone() }),
        _ => None,
    };
    let skipped_owner = |&(_, owner_id, kind): &(u64, u64, u8)| match kind {
        0 => skipped_users.contains(&owner_id),
        1 => skipped_teams.contains(&owner_id),
        _ => false,
    };
    let withheld = std::cell::Cell::new(0);
    let rows = crates.iter().filter_map(|(id, name)| {
        let first = links.partition_point(|l| l.0 < *id);
        let of_crate = || links[first..].iter().take_while(|l| l.0 == *id);
        if of_crate().any(skipped_owner) {
            withheld.set(withheld.get() + 1);
            return None;
        }
        let mut list: Vec<Owner> = of_crate().filter_map(owner).collect();
        list.sort();
        list.dedup();
        // Serialising a list of owners cannot fail: it has no map with non-string keys.
        let body = serde_json::to_string(&list).unwrap_or_default();
        Some((name.clone(), Row { status: 200, body: Some(body), etag: None, fetched_at: now }))
    });
    let stored = cache.put_many(Crates::NAME, rows)?;
    skipped.crates_withheld = withheld.get();
    Ok(DumpStats {
        crates: stored,
        owner_links: links.len(),
        users: users.len(),
        teams: teams.len(),
        skipped,
    })
}

/// Where a table is read from, for messages, and the limits it is read within.
struct Entry<'a> {
    name: &'a str,
    path: &'a str,
    limits: DumpLimits,
}

impl Entry<'_> {
    fn error(&self, line: Option<u64>, message: impl Into<String>) -> DumpError {
        DumpError::Table {
            name: self.name.to_string(),
            entry: self.path.to_string(),
            line,
            message: message.into(),
        }
    }
}

fn read_table(at: &Entry, table: usize, r: impl Read, t: &mut Tables) -> Result<(), DumpError> {
    let count = Rc::new(RecordCount::default());
    let guarded = RecordGuard::new(r, at.limits.max_record, count.clone());
    let mut csv = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(guarded);
    let too_long = |line: Option<u64>| {
        let limit = super::http::size(at.limits.max_record);
        at.error(line, format!("a record longer than {limit}; this is not a registry database dump"))
    };
    let headers = match csv.byte_headers() {
        Ok(h) => h.clone(),
        Err(_) if count.tripped() => return Err(too_long(Some(1))),
        Err(e) => return Err(at.error(e.position().map(|p| p.line()), e.to_string())),
    };
    count.record_ended();
    let col = |want: &str| {
        headers
            .iter()
            .position(|h| h == want.as_bytes())
            .ok_or_else(|| at.error(None, format!("no `{want}` column")))
    };
    let cols: Vec<usize> = match table {
        0 => vec![col("id")?, col("name")?],
        1 => vec![col("id")?, col("gh_login")?],
        2 => vec![col("id")?, col("login")?],
        _ => vec![col("crate_id")?, col("owner_id")?, col("owner_kind")?],
    };
    let mut record = csv::ByteRecord::new();
    let mut rows = 0usize;
    // Where the next record starts: the line a record too long is reported at.
    let mut next_line = csv.position().line();
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                count.record_ended();
                next_line = csv.position().line();
            }
            Err(_) if count.tripped() => return Err(too_long(Some(next_line))),
            Err(e) => return Err(at.error(e.position().map(|p| p.line()), e.to_string())),
        }
        rows += 1;
        if rows > at.limits.max_rows {
            let limit = at.limits.max_rows;
            return Err(
                at.error(None, format!("more than {limit} rows; this is not a registry database dump"))
            );
        }
        let bytes = |i: usize| record.get(cols[i]);
        let num = |i: usize| {
            // An id is a number of a few digits: anything longer is not parsed at all.
            bytes(i)
                .filter(|b| b.len() <= 24)
                .and_then(|b| std::str::from_utf8(b).ok()?.trim().parse::<u64>().ok())
        };
        match table {
            0..=2 => {
                let (Some(id), Some(text)) = (num(0), bytes(1)) else { continue };
                if text.is_empty() {
                    continue;
                }
                // Checked before anything is copied: a crafted field may be megabytes long.
                let (max, count, ids) = match table {
                    0 => (MAX_CRATE_NAME, &mut t.skipped.crate_names, None),
                    1 => (MAX_LOGIN, &mut t.skipped.logins, Some(&mut t.skipped_users)),
                    _ => (MAX_TEAM_LOGIN, &mut t.skipped.team_logins, Some(&mut t.skipped_teams)),
                };
                if text.len() > max {
                    *count += 1;
                    if let Some(ids) = ids {
                        ids.insert(id);
                    }
                    continue;
                }
                let text = String::from_utf8_lossy(text).into_owned();
                let map = match table {
                    0 => &mut t.crates,
                    1 => &mut t.users,
                    _ => &mut t.teams,
                };
                map.insert(id, text);
            }
            _ => {
                if let (Some(c), Some(o), Some(k)) = (num(0), num(1), num(2)) {
                    t.links.push((c, o, u8::try_from(k).unwrap_or(u8::MAX)));
                }
            }
        }
    }
    if let Some(seen) = t.seen.get_mut(table) {
        *seen = Some(at.path.to_string());
    }
    Ok(())
}

//! The Rust registry's daily database dump (`db-dump.tar.gz`): every crate's owners at once,
//! for a cache filled in one download instead of one request per second.
//!
//! The archive is read as a stream (gzip, then tar, then CSV), never held in memory: only four
//! tables are kept, as small maps. `data/crates.csv` (`id`, `name`), `data/users.csv` (`id`,
//! `gh_login`), `data/teams.csv` (`id`, `login`) and `data/crate_owners.csv` (`crate_id`,
//! `owner_id`, `owner_kind`: 0 a user, 1 a team). Columns are found by their header, so added
//! columns do not matter. The result is stored in the cache exactly as the web API's answers
//! would be, so an audit cannot tell where an answer came from.

use std::collections::BTreeMap;
use std::io::Read;

use super::cache::{Cache, Row};
use super::crates::{Owner, OwnerKind, SOURCE};

/// The public dump's address.
pub const DEFAULT_URL: &str = "https://static.crates.io/db-dump.tar.gz";

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
}

#[derive(Default)]
struct Tables {
    crates: BTreeMap<u64, String>,
    users: BTreeMap<u64, String>,
    teams: BTreeMap<u64, String>,
    links: Vec<(u64, u64, u8)>,
    seen: [bool; 4],
}

/// Reads a dump from `reader` (the `.tar.gz` bytes) into `cache`; `name` is for messages.
pub fn import(name: &str, reader: impl Read, cache: &Cache, now: i64) -> Result<DumpStats, String> {
    let gz = flate2::read::GzDecoder::new(reader);
    let mut archive = tar::Archive::new(gz);
    let entries = archive.entries().map_err(|e| format!("{name}: not a tar.gz archive: {e}"))?;
    let mut t = Tables::default();
    for entry in entries {
        let entry = entry.map_err(|e| format!("{name}: broken archive: {e}"))?;
        let path = entry.path().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
        let table = match path.rsplit('/').next().unwrap_or("") {
            "crates.csv" if path.contains("/data/") || path.starts_with("data/") => 0,
            "users.csv" if path.contains("data/") => 1,
            "teams.csv" if path.contains("data/") => 2,
            "crate_owners.csv" if path.contains("data/") => 3,
            _ => continue,
        };
        read_table(name, &path, table, entry, &mut t)?;
    }
    let missing: Vec<&str> = ["crates.csv", "users.csv", "teams.csv", "crate_owners.csv"]
        .iter()
        .zip(t.seen)
        .filter(|(_, seen)| !seen)
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "{name}: not a registry database dump (missing data/{})",
            missing.join(", data/")
        ));
    }
    let mut owners: BTreeMap<&str, Vec<Owner>> =
        t.crates.values().map(|n| (n.as_str(), Vec::new())).collect();
    for (crate_id, owner_id, kind) in &t.links {
        let Some(krate) = t.crates.get(crate_id) else { continue };
        let owner = match kind {
            0 => t.users.get(owner_id).map(|l| Owner { kind: OwnerKind::User, login: l.clone() }),
            1 => t.teams.get(owner_id).map(|l| Owner { kind: OwnerKind::Team, login: l.clone() }),
            _ => None,
        };
        if let (Some(o), Some(list)) = (owner, owners.get_mut(krate.as_str())) {
            list.push(o);
        }
    }
    let mut rows = Vec::with_capacity(owners.len());
    for (krate, mut list) in owners {
        list.sort();
        list.dedup();
        let body = serde_json::to_string(&list).map_err(|e| e.to_string())?;
        rows.push((krate.to_string(), Row { status: 200, body: Some(body), etag: None, fetched_at: now }));
    }
    cache.put_many(SOURCE, &rows).map_err(|e| e.to_string())?;
    Ok(DumpStats {
        crates: rows.len(),
        owner_links: t.links.len(),
        users: t.users.len(),
        teams: t.teams.len(),
    })
}

fn read_table(name: &str, path: &str, table: usize, r: impl Read, t: &mut Tables) -> Result<(), String> {
    let mut csv = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(r);
    let headers = csv.byte_headers().map_err(|e| format!("{name}: {path}: {e}"))?.clone();
    let col = |want: &str| {
        headers
            .iter()
            .position(|h| h == want.as_bytes())
            .ok_or_else(|| format!("{name}: {path}: no `{want}` column"))
    };
    let cols: Vec<usize> = match table {
        0 => vec![col("id")?, col("name")?],
        1 => vec![col("id")?, col("gh_login")?],
        2 => vec![col("id")?, col("login")?],
        _ => vec![col("crate_id")?, col("owner_id")?, col("owner_kind")?],
    };
    let mut record = csv::ByteRecord::new();
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| format!(":{}", p.line())).unwrap_or_default();
                return Err(format!("{name}: {path}{line}: {e}"));
            }
        }
        let field = |i: usize| record.get(cols[i]).map(|b| String::from_utf8_lossy(b).into_owned());
        let num = |i: usize| field(i).and_then(|s| s.trim().parse::<u64>().ok());
        match table {
            0..=2 => {
                let (Some(id), Some(text)) = (num(0), field(1)) else { continue };
                if text.is_empty() {
                    continue;
                }
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
        *seen = true;
    }
    Ok(())
}

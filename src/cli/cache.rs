//! `cache info | clear | prune`: look after the online lookup cache.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{anyhow, bail};

use cargo_sovereign::enrich::online::cache::{self, Cache};
use cargo_sovereign::terminal::escape;

use crate::online_args::{CacheArgs, CacheCommand};

/// Runs `cache`.
pub fn run(args: CacheArgs) -> anyhow::Result<ExitCode> {
    let dir = args
        .cache_dir
        .clone()
        .or_else(cache::default_dir)
        .ok_or_else(|| anyhow!("no cache directory: set --cache-dir or SOVEREIGN_CACHE_DIR"))?;
    let mut out = crate::stdio::stdout();
    // A file that cannot be read as a cache is said as such (exit 2), never "no cache", and
    // left as it is: moving it aside is for a run that means to write.
    let cache = match Cache::open_existing(&dir) {
        Ok(Some(cache)) => cache,
        Ok(None) => {
            writeln!(out, "no cache at {}", dir.join(cache::FILE_NAME).display())?;
            return Ok(ExitCode::SUCCESS);
        }
        Err(e) => bail!("{e}; remove it to start a new cache"),
    };
    let cache = match args.command {
        CacheCommand::Info => cache,
        // Reopened writable for clear and prune.
        CacheCommand::Clear | CacheCommand::Prune { .. } => {
            drop(cache);
            Cache::open(&dir)?.0
        }
    };
    match args.command {
        CacheCommand::Info => {
            let info = cache.info()?;
            writeln!(out, "cache: {}", info.path.display())?;
            writeln!(out, "size: {} bytes", info.bytes)?;
            let total: u64 = info.rows.iter().map(|(_, n)| n).sum();
            writeln!(out, "rows: {total}")?;
            // Source names and times are whatever the file holds: escaped, and subtracted
            // without overflow.
            for (source, n) in &info.rows {
                writeln!(out, "  {}: {n}", escape(source))?;
            }
            let now = cache::now();
            if let (Some(oldest), Some(newest)) = (info.oldest, info.newest) {
                writeln!(out, "oldest row: {}", age(now.saturating_sub(oldest)))?;
                writeln!(out, "newest row: {}", age(now.saturating_sub(newest)))?;
            }
        }
        CacheCommand::Clear => {
            let n = cache.clear()?;
            writeln!(out, "deleted {}", rows(n))?;
        }
        CacheCommand::Prune { older_than } => {
            let secs = older_than.as_secs();
            let cutoff = cache::now().saturating_sub(i64::try_from(secs).unwrap_or(i64::MAX));
            let n = cache.prune(cutoff)?;
            writeln!(out, "deleted {} older than {} (or dated more than a day ahead)", rows(n), span(secs))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `3 d 4 h`-style, coarse.
/// `1 row`, `2 rows`.
fn rows(n: u64) -> String {
    cargo_sovereign::text::plural(usize::try_from(n).unwrap_or(usize::MAX), "row", "rows")
}

fn span(secs: u64) -> String {
    match secs {
        s if s >= 86_400 => format!("{} d {} h", s / 86_400, s % 86_400 / 3_600),
        s if s >= 3_600 => format!("{} h {} min", s / 3_600, s % 3_600 / 60),
        s if s >= 60 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

/// How long ago, coarse; a negative age (a row dated ahead of this clock) is said as such.
fn age(secs: i64) -> String {
    if secs < 0 {
        format!("{} in the future", span(secs.unsigned_abs()))
    } else {
        format!("{} ago", span(secs.unsigned_abs()))
    }
}

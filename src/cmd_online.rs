//! `fetch` and `cache`: filling the online lookup cache ahead of time, and looking after it.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{anyhow, bail, Context as _};

use cargo_sovereign::enrich::online::cache::{self, Cache};
use cargo_sovereign::enrich::online::{dump, http};

use crate::cli::FetchArgs;
use crate::cli_online::{CacheArgs, CacheCommand};

/// The least a dump's download or pipe may pause (more with a longer `--timeout`).
const DUMP_IDLE: Duration = Duration::from_secs(60);

pub fn run_fetch(args: FetchArgs) -> anyhow::Result<ExitCode> {
    let online = args.input.online.to_options(args.input.offline || args.input.frozen);
    if online.offline {
        bail!("`fetch` needs the network; drop --offline");
    }
    let dir = online
        .cache_dir()
        .ok_or_else(|| anyhow!("no cache directory: set --cache-dir or SOVEREIGN_CACHE_DIR"))?;
    if let Some(source) = &args.dump.crates_io_dump {
        // How long the download or a pipe may send nothing.
        let idle = online.http.timeout.max(DUMP_IDLE);
        let (cache, warning) = Cache::open(&dir)?;
        if let Some(w) = warning {
            say!("warning: {}", cargo_sovereign::terminal::escape(&w));
        }
        let stats = if source.is_empty() || source.starts_with("http://") || source.starts_with("https://") {
            let url = if source.is_empty() {
                std::env::var("SOVEREIGN_CRATES_IO_DUMP").unwrap_or_else(|_| dump::DEFAULT_URL.to_string())
            } else {
                source.clone()
            };
            if !args.input.online.quiet {
                say!("downloading {}", cargo_sovereign::terminal::escape(&url));
            }
            // No overall timeout, the dump is large; but each wait for data is bounded (the
            // blocking client's timeout applies to the answer's headers, then to each read).
            let client = reqwest::blocking::Client::builder()
                .user_agent(http::USER_AGENT)
                .connect_timeout(online.http.connect_timeout)
                .timeout(idle)
                .build()?;
            let resp = client.get(&url).send().with_context(|| format!("{url}: cannot download"))?;
            if !resp.status().is_success() {
                bail!("{url}: the server answered {}", resp.status());
            }
            dump::import(&url, resp, &cache, cache::now())?
        } else {
            let file = dump::file::open(Path::new(source), idle)
                .map_err(|e| anyhow!("{source}: cannot open: {}", lowercase(&e.to_string())))?;
            dump::import(source, io::BufReader::new(file), &cache, cache::now())?
        };
        say!(
            "database dump: owners of {} crates stored ({} owner links, {} users, {} teams)",
            stats.crates,
            stats.owner_links,
            stats.users,
            stats.teams
        );
    }
    let (audit, _) = crate::audit_with_policy(&args.input)?;
    let data = audit.online.unwrap_or_default();
    let mut out = crate::stdio::stdout();
    writeln!(
        out,
        "cached: {} crate owner lists, {} GitHub profiles, {} npm packuments, {} PyPI projects ({} requests, {} answered from the cache, {} failed)",
        data.owners.len(),
        data.profiles.len(),
        data.npm.len(),
        data.pypi.len(),
        data.requests,
        data.from_cache,
        data.failures
    )?;
    writeln!(out, "cache: {}", dir.join(cache::FILE_NAME).display())?;
    out.flush()?;
    Ok(if data.failures > 0 && args.input.online.require_online {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn run_cache(args: CacheArgs) -> anyhow::Result<ExitCode> {
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
            for (source, n) in &info.rows {
                writeln!(out, "  {source}: {n}")?;
            }
            let now = cache::now();
            if let (Some(oldest), Some(newest)) = (info.oldest, info.newest) {
                writeln!(out, "oldest row: {}", age(now - oldest))?;
                writeln!(out, "newest row: {}", age(now - newest))?;
            }
        }
        CacheCommand::Clear => {
            let n = cache.clear()?;
            writeln!(out, "deleted {n} rows")?;
        }
        CacheCommand::Prune { older_than } => {
            let cutoff = cache::now() - i64::try_from(older_than.as_secs()).unwrap_or(i64::MAX / 2);
            let n = cache.prune(cutoff)?;
            writeln!(
                out,
                "deleted {n} rows older than {}",
                span(i64::try_from(older_than.as_secs()).unwrap_or(0))
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `3 d 4 h`-style, coarse.
fn span(secs: i64) -> String {
    match secs.max(0) {
        s if s >= 86_400 => format!("{} d {} h", s / 86_400, s % 86_400 / 3_600),
        s if s >= 3_600 => format!("{} h {} min", s / 3_600, s % 3_600 / 60),
        s if s >= 60 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

/// An I/O message as the tool's messages are: lowercase first letter, no OS error number.
fn lowercase(message: &str) -> String {
    let message = message.split(" (os error").next().unwrap_or(message);
    let mut c = message.chars();
    c.next().map(|f| f.to_lowercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn age(secs: i64) -> String {
    format!("{} ago", span(secs))
}

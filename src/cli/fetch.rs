//! `fetch`: fill the online lookup cache ahead of time (for air-gapped or CI runs, which then
//! use `--offline`), optionally from the Rust registry's database dump first.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{anyhow, bail, Context as _};

use cargo_sovereign::enrich::online::cache::{self, Cache};
use cargo_sovereign::enrich::online::{dump, http};

use crate::args::FetchArgs;

/// The least a dump's download or pipe may pause (more with a longer `--timeout`).
const DUMP_IDLE: Duration = Duration::from_secs(60);

/// Runs `fetch`.
pub fn run(args: FetchArgs) -> anyhow::Result<ExitCode> {
    let online = args.input.online.to_options(args.input.offline());
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
            let file = dump::file::open(Path::new(source), idle).map_err(|e| {
                anyhow!("{source}: cannot open: {}", cargo_sovereign::files::read::io_message(&e))
            })?;
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
    let audit = crate::run::audit(&args.input)?;
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

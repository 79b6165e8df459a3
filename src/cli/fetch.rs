//! `fetch`: fill the online lookup cache ahead of time (for air-gapped or CI runs, which then
//! use `--offline`): the Rust registry's database dump first when any crate is to be looked up
//! and none was loaded in the last day (or whenever `--crates-io-dump` asks), then every
//! source's lookups.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{anyhow, bail};

use cargo_sovereign::enrich::online::cache::{self, Cache};
use cargo_sovereign::enrich::online::dump;
use cargo_sovereign::enrich::online::source::Source;
use cargo_sovereign::enrich::online::sources::{crates::Crates, npm::Npm, pypi::Pypi};
use cargo_sovereign::terminal::escape;

use crate::args::FetchArgs;
use crate::bars::Bars;

/// Runs `fetch`.
pub fn run(args: FetchArgs) -> anyhow::Result<ExitCode> {
    let mut online = args.input.online.to_options(args.input.network());
    if !online.network.asks() {
        bail!("`fetch` needs the network; drop --offline");
    }
    let dir = online
        .cache_dir()
        .ok_or_else(|| anyhow!("no cache directory: set --cache-dir or SOVEREIGN_CACHE_DIR"))?;
    let mut loaded = None;
    match args.dump.crates_io_dump.as_deref() {
        // Named: loaded now, whenever it was last, and a dump that cannot be is an error.
        Some(source) => {
            let source = match (source, &online.dump) {
                ("", Some(configured)) => configured.clone(),
                // `--no-dump`, or a registry other than the public one (whose owners the public
                // dump does not hold) with no dump named.
                ("", None) => bail!(
                    "--crates-io-dump without a path: no dump to load (--no-dump was given, or --crates-io-api is not the public registry); name one: --crates-io-dump PATH, or set SOVEREIGN_CRATES_IO_DUMP"
                ),
                (named, _) => named.to_string(),
            };
            let (cache, warning) = Cache::open(&dir)?;
            if let Some(w) = warning {
                say!("warning: {}", escape(&w));
            }
            let bars = Bars::new(args.input.online.quiet);
            let (stats, name) = dump::load::load(&source, &cache, cache::now(), &online.http, &bars)
                .map_err(|e| anyhow!("{}", escape(&e)))?;
            loaded = Some(stats.summary());
            if let Some(w) = stats.warning(&name) {
                say!("warning: {}", escape(&w));
            }
            online.dump = None;
        }
        // Otherwise as an audit would, but for any crate to look up.
        None => online.dump_threshold = 0,
    }
    let audit = crate::run::audit_with(&args.input, online.clone())?;
    let data = audit.online.unwrap_or_default();
    if let Some(line) = loaded.as_ref().or(data.dump.as_ref()) {
        say!("{line}");
    }
    let mut out = crate::stdio::stdout();
    writeln!(
        out,
        "cached: {} crate owner lists, {} GitHub profiles, {} npm packuments, {} PyPI projects ({} requests, {} answered from the cache, {} failed)",
        data.answered(Crates::NAME),
        data.profiles.len(),
        data.answered(Npm::NAME),
        data.answered(Pypi::NAME),
        data.requests,
        data.from_cache,
        data.failures
    )?;
    writeln!(out, "cache: {}", dir.join(cache::FILE_NAME).display())?;
    out.flush()?;
    if !data.failed_sources.is_empty() {
        // A cache filled with nothing from a source is no preparation for an offline run.
        bail!("every lookup failed for: {} (see the warnings above)", data.failed_sources.join(", "));
    }
    Ok(if data.failures > 0 && args.input.online.require_online {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

//! `fetch`: fill the online lookup cache ahead of time (for air-gapped or CI runs, which then
//! use `--offline`), optionally from the Rust registry's database dump first.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{anyhow, bail, Context as _};

use cargo_sovereign::enrich::online::cache::{self, Cache};
use cargo_sovereign::enrich::online::secret::redact_url;
use cargo_sovereign::enrich::online::source::Source;
use cargo_sovereign::enrich::online::sources::{crates::Crates, npm::Npm, pypi::Pypi};
use cargo_sovereign::enrich::online::{dump, http};
use cargo_sovereign::terminal::escape;

use crate::args::FetchArgs;

/// The least a dump's download or pipe may pause (more with a longer `--timeout`).
const DUMP_IDLE: Duration = Duration::from_secs(60);

/// Runs `fetch`.
pub fn run(args: FetchArgs) -> anyhow::Result<ExitCode> {
    let online = args.input.online.to_options(args.input.network());
    if !online.network.asks() {
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
            say!("warning: {}", escape(&w));
        }
        let (stats, name) =
            if source.is_empty() || source.starts_with("http://") || source.starts_with("https://") {
                let url = if source.is_empty() {
                    std::env::var("SOVEREIGN_CRATES_IO_DUMP")
                        .unwrap_or_else(|_| dump::DEFAULT_URL.to_string())
                } else {
                    source.clone()
                };
                // The URL may carry credentials (`user:password@`, a signed query): shown without
                // them, here and in every message, reqwest's own included (`without_url`).
                let shown = escape(&redact_url(&url)).into_owned();
                if !args.input.online.quiet {
                    say!("downloading {shown}");
                }
                // No overall timeout, the dump is large; but each wait for data is bounded (the
                // blocking client's timeout applies to the answer's headers, then to each read).
                let client = reqwest::blocking::Client::builder()
                    .user_agent(http::USER_AGENT)
                    .connect_timeout(online.http.connect_timeout)
                    .timeout(idle)
                    .build()?;
                let resp = client
                    .get(&url)
                    .send()
                    .map_err(reqwest::Error::without_url)
                    .with_context(|| format!("{shown}: cannot download"))?;
                if !resp.status().is_success() {
                    bail!("{shown}: the server answered {}", resp.status());
                }
                (dump::import(&shown, WithoutUrl(resp), &cache, cache::now())?, shown)
            } else {
                let file = dump::file::open(Path::new(source), idle).map_err(|e| {
                    anyhow!("{source}: cannot open: {}", cargo_sovereign::files::read::io_message(&e))
                })?;
                (dump::import(source, io::BufReader::new(file), &cache, cache::now())?, source.clone())
            };
        say!(
            "database dump: owners of {} crates stored ({} owner links, {} users, {} teams)",
            stats.crates,
            stats.owner_links,
            stats.users,
            stats.teams
        );
        if let Some(w) = stats.warning(&name) {
            say!("warning: {}", escape(&w));
        }
    }
    let audit = crate::run::audit(&args.input)?;
    let data = audit.online.unwrap_or_default();
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
    Ok(if data.failures > 0 && online.required { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// A download whose read errors do not quote its URL: reqwest's errors name the URL they
/// concern, query included, and a broken-off download's error would reach the message.
struct WithoutUrl<R>(R);

impl<R: io::Read> io::Read for WithoutUrl<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            if !e.get_ref().is_some_and(|inner| inner.is::<reqwest::Error>()) {
                return e;
            }
            let kind = e.kind();
            match e.into_inner().map(|inner| inner.downcast::<reqwest::Error>()) {
                Some(Ok(r)) => io::Error::new(kind, r.without_url()),
                Some(Err(other)) => io::Error::new(kind, other),
                None => io::Error::from(kind),
            }
        })
    }
}

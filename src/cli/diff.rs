//! `diff BASE HEAD`: what a change does, from two JSON reports (the pull-request gate).

use std::io::Write;
use std::process::ExitCode;

use cargo_sovereign::files::read::{self, Limit};

use crate::args::DiffArgs;
use crate::stdio;

/// Runs `diff`.
pub fn run(args: DiffArgs) -> anyhow::Result<ExitCode> {
    if args.base == "-" && args.head == "-" {
        anyhow::bail!("<stdin>: standard input is given as both reports; it can be read once");
    }
    let read = |path: &str| -> anyhow::Result<_> {
        let (name, bytes) = read::read(path, Limit::report())?;
        Ok(cargo_sovereign::report::diff::read_report(&name, &bytes)?)
    };
    let (base, head) = (read(&args.base)?, read(&args.head)?);
    let d = cargo_sovereign::report::diff::diff(&base, &head);
    let mut out = stdio::stdout();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &d)?;
        writeln!(out)?;
    } else {
        cargo_sovereign::report::diff::render_text(&d, &mut out)?;
    }
    out.flush()?;
    let failed = d.new_findings.iter().any(|f| args.fail_on.fails(f.severity));
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

//! `explain PKG`: everything known about one package, with the evidence.

use std::io::Write;
use std::process::ExitCode;

use anyhow::bail;

use crate::args::ExplainArgs;
use crate::{run, stdio};

/// Runs `explain`.
pub fn run(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let audit = run::audit(&args.input)?;
    let found = cargo_sovereign::report::explain::find(&audit.graph, &args.package);
    if found.is_empty() {
        bail!("no package `{}` in the dependency graph", args.package);
    }
    let mut out = stdio::stdout();
    for (n, &i) in found.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        cargo_sovereign::report::explain::render(&audit.graph, &audit.report, i, &mut out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

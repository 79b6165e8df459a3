//! `explain NAME[@VERSION]`: everything known about a package, with the evidence; every
//! version of it when no version is given.

use std::io::Write;
use std::process::ExitCode;

use cargo_sovereign::report::explain;

use crate::args::ExplainArgs;
use crate::{run, stdio};

/// Runs `explain`.
pub fn run(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    // Online, only this package and its owners are looked up: the rest of the graph keeps its
    // offline evidence (its findings and figures do not depend on the lookups).
    let mut online = args.input.online.to_options(args.input.network());
    online.only = Some(args.package.clone());
    let audit = run::audit_with(&args.input, online)?;
    let found = explain::find(&audit.graph, &args.package)?;
    let mut out = stdio::stdout();
    explain::render_all(&audit.graph, &audit.report, &found, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

//! `explain NAME[@VERSION]`: everything known about a package, with the evidence; every
//! version of it when no version is given.

use std::io::Write;
use std::process::ExitCode;

use cargo_sovereign::report::explain;

use crate::args::ExplainArgs;
use crate::{run, stdio};

/// Runs `explain`.
pub fn run(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let audit = run::audit(&args.input)?;
    let found = explain::find(&audit.graph, &args.package)?;
    let mut out = stdio::stdout();
    explain::render_all(&audit.graph, &audit.report, &found, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

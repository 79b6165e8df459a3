//! `audit` (the default subcommand): run the pipeline and write every report asked for.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{anyhow, bail};

use cargo_sovereign::files;
use cargo_sovereign::report::{Format, RenderOptions};

use crate::args::{AuditArgs, ColorWhen};
use crate::{outputs, run, stdio};

/// Runs `audit`.
pub fn run(args: AuditArgs) -> anyhow::Result<ExitCode> {
    // Where each output goes is settled before any work: two outputs to one place are a
    // usage error, not a report silently overwritten.
    let outputs = outputs::resolve_outputs(outputs::or_table(&args.formats))?;
    let (owned, policy) = run::report(&args.input)?;
    let report = &owned;
    let options = RenderOptions { packages: args.list_packages, sarif: args.input.sarif_context(&policy) };
    let mut stdout = stdio::stdout();
    let mut problems = Vec::new();
    // Every output is attempted: one that cannot be written does not stop the others.
    for output in &outputs {
        let reporter = output.format.reporter(&options);
        let written = match &output.path {
            Some(path) => {
                files::write::write(
                    path,
                    &mut stdout,
                    &mut stdio::Tolerant::named(io::stderr(), "standard error"),
                    |w| {
                        // Only the table has styles; every other format goes straight to the file.
                        if output.format != Format::Table || args.color == ColorWhen::Always {
                            return reporter.render(report, w);
                        }
                        let mut rendered = Vec::new();
                        reporter.render(report, &mut rendered)?;
                        w.write_all(&anstream::adapter::strip_bytes(&rendered).into_vec())
                    },
                )
                .map_err(|e| {
                    anyhow!("{}: cannot write the report: {}", path.display(), files::read::io_message(&e))
                })
            }
            None if output.format != Format::Table => {
                reporter.render(report, &mut stdout).and_then(|()| stdout.flush()).map_err(|e| anyhow!("{e}"))
            }
            None => {
                // Only the table has styles, kept on a colour terminal and stripped elsewhere;
                // the other formats go straight out (stripping costs a fifth of a large audit).
                let choice = match args.color {
                    ColorWhen::Auto => anstream::ColorChoice::Auto,
                    ColorWhen::Always => anstream::ColorChoice::Always,
                    ColorWhen::Never => anstream::ColorChoice::Never,
                };
                let mut out = stdio::Tolerant::new(io::BufWriter::new(anstream::AutoStream::new(
                    io::stdout().lock(),
                    choice,
                )));
                reporter.render(report, &mut out).and_then(|()| out.flush()).map_err(|e| anyhow!("{e}"))
            }
        };
        if let Err(e) = written {
            problems.push(e);
        }
    }
    let _ = stdout.flush();
    let failed = report.findings.iter().any(|f| args.fail_on.fails(f.severity));
    // The process ends here: handing a large graph's many small allocations back one by one
    // would cost a tenth of the run, for memory the system reclaims at exit anyway.
    std::mem::forget(owned);
    if !problems.is_empty() {
        let lines: Vec<String> = problems.iter().map(|e| e.to_string()).collect();
        bail!("{}", lines.join("\nerror: "));
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

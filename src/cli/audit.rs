//! `audit` (the default subcommand): run the pipeline and write every report asked for.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{anyhow, bail};

use std::path::PathBuf;

use cargo_sovereign::files;
use cargo_sovereign::policy::code::Severity;
use cargo_sovereign::report::spdx::{Created, SpdxOptions};
use cargo_sovereign::report::{cyclonedx, Format, RenderOptions, Report};
use cargo_sovereign::terminal;
use cargo_sovereign::text::plural;

use crate::args::{AuditArgs, ColorWhen};
use crate::{outputs, run, stdio, width};

/// Runs `audit`.
pub fn run(args: AuditArgs) -> anyhow::Result<ExitCode> {
    // Where each output goes is settled before any work: two outputs to one place are a
    // usage error, not a report silently overwritten.
    let outputs = outputs::resolve_outputs(outputs::or_table(&args.formats))?;
    let spdx = spdx_options(&args, &outputs)?;
    let (owned, policy) = run::report(&args.input)?;
    let report = &owned;
    let options = RenderOptions {
        packages: args.list_packages,
        width: None,
        sarif: args.input.sarif_context(&policy),
        pretty: args.pretty,
        spdx,
        cyclonedx_version: args.cyclonedx_version,
    };
    // An input too old for the facts: said once, whichever outputs are CycloneDX.
    if outputs.iter().any(|o| o.format == Format::Cyclonedx) {
        if let Some(w) = cyclonedx::version::warning(report, args.cyclonedx_version) {
            say!("warning: {}", terminal::escape(&w));
        }
    }
    // The table on standard output is wrapped to the terminal; in a file it keeps its lines.
    let on_stdout = RenderOptions { width: width::stdout(), ..options.clone() };
    let mut stdout = stdio::stdout();
    let mut problems = Vec::new();
    let mut files_written = Vec::new();
    // Every output is attempted: one that cannot be written does not stop the others.
    for output in &outputs {
        let reporter = output.format.reporter(if output.path.is_none() { &on_stdout } else { &options });
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
                        reporter.render(report, &mut terminal::StripStyles::new(w))
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
                    ColorWhen::Auto => anstream::AutoStream::choice(&io::stdout()),
                    ColorWhen::Always => anstream::ColorChoice::Always,
                    ColorWhen::Never => anstream::ColorChoice::Never,
                };
                if choice == anstream::ColorChoice::Never {
                    let mut out = terminal::StripStyles::new(&mut stdout);
                    let written = reporter.render(report, &mut out).and_then(|()| out.flush());
                    problems.extend(written.err().map(|e| anyhow!("{e}")));
                    continue;
                }
                let mut out = stdio::Tolerant::new(io::BufWriter::new(anstream::AutoStream::new(
                    io::stdout().lock(),
                    choice,
                )));
                reporter.render(report, &mut out).and_then(|()| out.flush()).map_err(|e| anyhow!("{e}"))
            }
        };
        match (written, &output.path) {
            (Err(e), _) => problems.push(e),
            (Ok(()), Some(path)) => files_written.push((output.format, path)),
            (Ok(()), None) => {}
        }
    }
    let _ = stdout.flush();
    let failed = report.findings.iter().any(|f| args.fail_on.fails(f.severity));
    // Nothing went to the terminal: say in one line what was found and where it went.
    if !args.input.online.quiet && outputs.iter().all(|o| o.path.is_some()) {
        let mut err = stdio::Tolerant::named(io::stderr(), "standard error");
        let _ = writeln!(err, "{}", files_summary(report, &files_written));
    }
    // The process ends here: handing a large graph's many small allocations back one by one
    // would cost a tenth of the run, for memory the system reclaims at exit anyway.
    std::mem::forget(owned);
    if !problems.is_empty() {
        let lines: Vec<String> = problems.iter().map(|e| e.to_string()).collect();
        bail!("{}", lines.join("\nerror: "));
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The SPDX version asked for, and the creation time: `SOURCE_DATE_EPOCH` when set (a value
/// that is not a time is an error, as the reproducible-builds convention asks, but only when
/// an SPDX document is written), else the epoch.
fn spdx_options(args: &AuditArgs, outputs: &[outputs::OutputSpec]) -> anyhow::Result<SpdxOptions> {
    let mut created = Created::default();
    if outputs.iter().any(|o| o.format == Format::Spdx) {
        if let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH").filter(|v| !v.is_empty()) {
            let text = value.to_string_lossy();
            created = Created::from_source_date_epoch(&text).ok_or_else(|| {
                anyhow!(
                    "SOURCE_DATE_EPOCH={}: not a number of seconds since 1970-01-01 (up to the year 9999)",
                    terminal::escape(&text)
                )
            })?;
        }
    }
    Ok(SpdxOptions { version: args.spdx_version, created })
}

/// One line for a run whose every output went to a file: the findings by severity and where
/// each report was written.
fn files_summary(report: &Report, written: &[(Format, &PathBuf)]) -> String {
    let count = |severity: Severity| report.findings.iter().filter(|f| f.severity == severity).count();
    let findings = format!(
        "{}, {}, {}",
        plural(count(Severity::Error), "error", "errors"),
        plural(count(Severity::Warning), "warning", "warnings"),
        plural(count(Severity::Note), "note", "notes")
    );
    let places: Vec<String> = written
        .iter()
        .map(|(format, path)| {
            format!("{} to {}", format.name(), terminal::escape(&path.display().to_string()))
        })
        .collect();
    if places.is_empty() {
        format!("cargo-sovereign: {findings}; no report written")
    } else {
        format!("cargo-sovereign: {findings}; {}", places.join(", "))
    }
}

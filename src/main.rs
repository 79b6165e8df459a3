//! `cargo-sovereign`: parse arguments, call the library, map errors to exit codes.

#[macro_use]
mod stdio;
mod allocator;
mod bars;
mod cli;
mod cli_online;
mod cmd_online;
mod signals;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use clap::Parser;

use cargo_sovereign::audit::{self, Audit, AuditOptions};
use cargo_sovereign::enrich::online;
use cargo_sovereign::files;
use cargo_sovereign::kb::base::Kb;
use cargo_sovereign::kb::inspect::{lookup, stats, validate};
use cargo_sovereign::model::Graph;
use cargo_sovereign::policy::config::Config;
use cargo_sovereign::policy::{load, template};
use cargo_sovereign::report::{Format, RenderOptions, Report};
use cli::{
    AuditArgs, Cli, ColorWhen, Command, DiffArgs, ExplainArgs, InitArgs, InputArgs, KbArgs, KbCommand,
};

fn main() -> ExitCode {
    allocator::tune();
    signals::remove_temporary_files_on_interrupt();
    let cli = Cli::parse_from(cli::normalise_args(std::env::args_os().collect()));
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            say!("error: {}", cargo_sovereign::terminal::escape_lines(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Audit(args) => run_audit(args),
        Command::Explain(args) => run_explain(args),
        Command::Diff(args) => run_diff(args),
        Command::Init(args) => run_init(args),
        Command::Kb(args) => run_kb(args),
        Command::Fetch(args) => cmd_online::run_fetch(args),
        Command::Cache(args) => cmd_online::run_cache(args),
    }
}

/// Loads the policy and runs the pipeline; warnings go to stderr.
fn audit(input: &InputArgs) -> anyhow::Result<Audit> {
    audit_with_policy(input).map(|(audit, _)| audit)
}

/// [`audit`], also saying where the policy came from.
pub(crate) fn audit_with_policy(input: &InputArgs) -> anyhow::Result<(Audit, load::PolicySource)> {
    let (opts, graph, opened, policy) = prepare(input)?;
    let audit = audit::run_graph(&opts, graph, opened, &bars::Bars::new(input.online.quiet))?;
    warn(&audit.report);
    Ok((audit, policy))
}

/// The report alone: the graph is not kept (its strings move into the report).
fn report_with_policy(input: &InputArgs) -> anyhow::Result<(Report, load::PolicySource)> {
    let (opts, graph, opened, policy) = prepare(input)?;
    let report = audit::run_report(&opts, graph, opened, &bars::Bars::new(input.online.quiet))?;
    warn(&report);
    Ok((report, policy))
}

/// Prints the report's warnings on stderr.
fn warn(report: &Report) {
    for w in &report.summary.warnings {
        say!("warning: {}", cargo_sovereign::terminal::escape(w));
    }
}

/// The policy, the knowledge base and the inputs, loaded; the online cache opened.
type Prepared = (AuditOptions, Graph, Option<online::Opened>, load::PolicySource);

/// Loads the policy, the knowledge base and the inputs.
fn prepare(input: &InputArgs) -> anyhow::Result<Prepared> {
    // Reading the inputs (or running `cargo metadata`) needs neither the policy nor the
    // knowledge base: the three load side by side. Errors keep their order: policy, then
    // knowledge base, then inputs.
    let (settings, graph, opened) = std::thread::scope(|s| {
        let settings = s.spawn(|| {
            let (config, policy) =
                load::load(input.config.as_deref(), &input.policy_dir()).map_err(all_errors)?;
            let kb = load_kb(&input.kb_files)?;
            anyhow::Ok((config, policy, kb))
        });
        let early = input.to_options(Config::default(), Kb::default());
        let graph = audit::load_graph(&early);
        // Reading a Cargo graph takes less time than loading the knowledge base: meanwhile,
        // the cache is opened and the graph's rows read ahead (no network), and, when
        // profiles will be read, the location tables are loaded.
        let opened = match (&graph, &early.online) {
            (Ok(g), Some(o)) => Some(online::open(g, o)),
            _ => None,
        };
        if !(input.offline || input.frozen) {
            cargo_sovereign::kb::geo::location::warm();
        }
        (settings.join().unwrap_or_else(|p| std::panic::resume_unwind(p)), graph, opened)
    });
    let (config, policy, kb) = settings?;
    let opts = input.to_options(config, kb);
    audit::trusted_countries(&opts.config)?;
    let graph = graph.map_err(audit::AuditError::Input)?;
    Ok((opts, graph, opened, policy))
}

/// The embedded knowledge base extended with the user's `--kb` files, in order.
fn load_kb(files: &[std::path::PathBuf]) -> anyhow::Result<Kb> {
    let mut kb = Kb::embedded();
    for file in files {
        kb.extend_with_file(file).map_err(all_errors)?;
    }
    Ok(kb)
}

/// Several errors as one, each on its own `error:` line.
pub(crate) fn all_errors(errors: Vec<cargo_sovereign::error::InputError>) -> anyhow::Error {
    let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    anyhow!("{}", lines.join("\nerror: "))
}

fn run_audit(args: AuditArgs) -> anyhow::Result<ExitCode> {
    // Where each output goes is settled before any work: two outputs to one place are a
    // usage error, not a report silently overwritten.
    let outputs = cli::resolve_outputs(args.outputs())?;
    let (owned, policy) = report_with_policy(&args.input)?;
    let report = &owned;
    let options = RenderOptions { packages: args.list_packages, sarif: args.input.sarif_context(&policy) };
    let mut stdout = stdio::stdout();
    let mut problems = Vec::new();
    // Every output is attempted: one that cannot be written does not stop the others.
    for output in &outputs {
        let reporter = output.format.reporter(&options);
        let written = match &output.path {
            Some(path) => {
                files::write::write(path, &mut stdout, &mut stdio::Tolerant::new(io::stderr()), |w| {
                    // Only the table has styles; every other format goes straight to the file.
                    if output.format != Format::Table || args.color == ColorWhen::Always {
                        return reporter.render(report, w);
                    }
                    let mut rendered = Vec::new();
                    reporter.render(report, &mut rendered)?;
                    w.write_all(&anstream::adapter::strip_bytes(&rendered).into_vec())
                })
                .map_err(|e| {
                    anyhow!("{}: cannot write the report: {}", path.display(), files::read::io_message(&e))
                })
            }
            None if output.format != Format::Table => reporter
                .render(report, &mut stdout)
                .and_then(|()| stdout.flush())
                .map_err(|e| anyhow!("standard output: {}", files::read::io_message(&e))),
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
                reporter
                    .render(report, &mut out)
                    .and_then(|()| out.flush())
                    .map_err(|e| anyhow!("standard output: {}", files::read::io_message(&e)))
            }
        };
        if let Err(e) = written {
            problems.push(e);
        }
    }
    let _ = stdout.flush();
    let failed = report.findings.iter().any(|f| args.fail_on.fails(&f.severity));
    // The process ends here: handing a large graph's many small allocations back one by one
    // would cost a tenth of the run, for memory the system reclaims at exit anyway.
    std::mem::forget(owned);
    if !problems.is_empty() {
        let lines: Vec<String> = problems.iter().map(|e| e.to_string()).collect();
        bail!("{}", lines.join("\nerror: "));
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn run_explain(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let audit = audit(&args.input)?;
    let found = cargo_sovereign::explain::find(&audit.graph, &args.package);
    if found.is_empty() {
        bail!("no package `{}` in the dependency graph", args.package);
    }
    let mut out = stdio::stdout();
    for (n, &i) in found.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        cargo_sovereign::explain::render(&audit, i, &mut out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_diff(args: DiffArgs) -> anyhow::Result<ExitCode> {
    let read = |path: &str| -> anyhow::Result<_> {
        let (name, bytes) = audit::read_input(path, audit::DEFAULT_MAX_INPUT_BYTES)?;
        Ok(cargo_sovereign::diff::read_report(&name, &bytes)?)
    };
    let (base, head) = (read(&args.base)?, read(&args.head)?);
    let d = cargo_sovereign::diff::diff(&base, &head);
    let mut out = stdio::stdout();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &d)?;
        writeln!(out)?;
    } else {
        cargo_sovereign::diff::render_text(&d, &mut out)?;
    }
    out.flush()?;
    let failed = d.new_findings.iter().any(|f| args.fail_on.fails(&f.severity));
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn run_init(args: InitArgs) -> anyhow::Result<ExitCode> {
    if args.path.exists() && !args.force {
        bail!("{}: already exists (use --force to replace it)", args.path.display());
    }
    let (mut stdout, mut stderr) = (stdio::stdout(), stdio::Tolerant::new(io::stderr()));
    files::write::write(&args.path, &mut stdout, &mut stderr, |w| w.write_all(template::TEMPLATE.as_bytes()))
        .map_err(|e| anyhow!("{}: cannot write: {}", args.path.display(), files::read::io_message(&e)))?;
    say!("wrote {}", args.path.display());
    Ok(ExitCode::SUCCESS)
}

fn run_kb(args: KbArgs) -> anyhow::Result<ExitCode> {
    let mut out = stdio::stdout();
    let mut problems = Vec::new();
    match args.command {
        KbCommand::Lookup(a) => {
            let found = lookup::lookup(&load_kb(&a.kb_files)?, &a.text.join(" "));
            if a.json {
                serde_json::to_writer_pretty(&mut out, &found)?;
                writeln!(out)?;
            } else {
                lookup::render(&found, &mut out)?;
            }
        }
        KbCommand::Stats(a) => {
            let counts = stats::stats(&load_kb(&a.kb_files)?);
            if a.json {
                serde_json::to_writer_pretty(&mut out, &counts)?;
                writeln!(out)?;
            } else {
                stats::render(&counts, &mut out)?;
            }
        }
        KbCommand::Validate(a) => {
            let mut kb = Kb::embedded();
            for file in &a.files {
                match validate::validate_file(&mut kb, file) {
                    Ok(summary) => writeln!(out, "{}", summary.line())?,
                    Err(e) => problems.extend(e),
                }
            }
        }
    }
    out.flush()?;
    if problems.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(all_errors(problems))
    }
}

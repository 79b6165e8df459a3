//! `cargo-sovereign`: parse arguments, call the library, map errors to exit codes.

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse_from(cli::normalise_args(std::env::args_os().collect()));
    match run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Audit(args) => {
            let (_graph, report) = cargo_sovereign::audit::run(&args.to_options())?;
            for w in &report.summary.warnings {
                eprintln!("warning: {w}");
            }
            for output in args.outputs() {
                let reporter = output.format.reporter();
                match &output.path {
                    Some(path) => cargo_sovereign::report::write::write_atomically(path, |w| {
                        reporter.render(&report, w)
                    })
                    .map_err(|e| anyhow::anyhow!("{}: cannot write the report: {e}", path.display()))?,
                    None => {
                        let stdout = io::stdout();
                        let mut out = io::BufWriter::new(stdout.lock());
                        reporter.render(&report, &mut out)?;
                        out.flush()?;
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}

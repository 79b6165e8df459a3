//! `cargo-sovereign`: parse the arguments, run the subcommand, map errors to exit codes
//! (0 clean, 1 findings at or above `--fail-on`, 2 usage, input or configuration error).

#[macro_use]
mod stdio;
mod allocator;
mod args;
mod audit;
mod bars;
mod cache;
mod choices;
mod diff;
mod explain;
mod fetch;
mod init;
mod input_args;
mod kb;
mod online_args;
mod outputs;
mod run;
mod signals;
mod upload;
mod width;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    allocator::tune();
    signals::remove_temporary_files_on_interrupt();
    let cli = Cli::parse_from(args::normalise_args(std::env::args_os().collect()));
    let result = match cli.command {
        Command::Audit(args) => audit::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Init(args) => init::run(args),
        Command::Kb(args) => kb::run(args),
        Command::Fetch(args) => fetch::run(args),
        Command::Cache(args) => cache::run(args),
        Command::Upload(args) => upload::run(*args),
    };
    result.unwrap_or_else(|e| {
        say!("error: {}", cargo_sovereign::terminal::escape_lines(&format!("{e:#}")));
        ExitCode::from(2)
    })
}

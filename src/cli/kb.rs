//! `kb lookup | stats | validate`: ask and check the knowledge base.

use std::io::Write;
use std::process::ExitCode;

use cargo_sovereign::kb::base::Kb;
use cargo_sovereign::kb::inspect::{lookup, stats, validate};
use cargo_sovereign::pipeline::{read_kb, PipelineError};

use crate::args::{KbArgs, KbCommand};
use crate::stdio;

/// Runs `kb`.
pub fn run(args: KbArgs) -> anyhow::Result<ExitCode> {
    let mut out = stdio::stdout();
    let mut problems = Vec::new();
    match args.command {
        KbCommand::Lookup(a) => {
            let found = lookup::lookup(&read_kb(&a.kb_files)?, &a.text.join(" "));
            if a.json {
                serde_json::to_writer_pretty(&mut out, &found)?;
                writeln!(out)?;
            } else {
                lookup::render(&found, &mut out)?;
            }
        }
        KbCommand::Stats(a) => {
            let counts = stats::stats(&read_kb(&a.kb_files)?);
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
        Err(PipelineError::Config(problems).into())
    }
}

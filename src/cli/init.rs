//! `init`: write a commented `sovereign.toml` with every key at its default.

use std::io;
use std::process::ExitCode;

use anyhow::{anyhow, bail};

use cargo_sovereign::files;
use cargo_sovereign::files::target::Target;
use cargo_sovereign::policy::template;

use crate::args::InitArgs;
use crate::stdio;

/// Runs `init`.
pub fn run(args: InitArgs) -> anyhow::Result<ExitCode> {
    let shown = cargo_sovereign::terminal::escape(&args.path.to_string_lossy()).into_owned();
    let target = Target::of(&args.path)
        .map_err(|e| anyhow!("{shown}: cannot write the policy there: {}", files::read::io_message(&e)))?;
    // Only a file would be replaced; a stream, a device or a pipe is written to.
    if matches!(&target, Target::Replace(p) if p.exists()) && !args.force {
        bail!("{shown}: already exists (use --force to replace it)");
    }
    let (mut stdout, mut stderr) = (stdio::stdout(), stdio::Tolerant::named(io::stderr(), "standard error"));
    files::write::write(&args.path, &mut stdout, &mut stderr, |w| w.write_all(template::TEMPLATE.as_bytes()))
        .map_err(|e| anyhow!("{shown}: cannot write: {}", files::read::io_message(&e)))?;
    if matches!(target, Target::Replace(_)) {
        say!("wrote {shown}");
    }
    Ok(ExitCode::SUCCESS)
}

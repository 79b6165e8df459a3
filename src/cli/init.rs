//! `init`: write a commented `sovereign.toml` with every key at its default.

use std::io;
use std::process::ExitCode;

use anyhow::{anyhow, bail};

use cargo_sovereign::files;
use cargo_sovereign::policy::template;

use crate::args::InitArgs;
use crate::stdio;

/// Runs `init`.
pub fn run(args: InitArgs) -> anyhow::Result<ExitCode> {
    if args.path.exists() && !args.force {
        bail!("{}: already exists (use --force to replace it)", args.path.display());
    }
    let (mut stdout, mut stderr) = (stdio::stdout(), stdio::Tolerant::new(io::stderr()));
    files::write::write(&args.path, &mut stdout, &mut stderr, |w| w.write_all(template::TEMPLATE.as_bytes()))
        .map_err(|e| anyhow!("{}: cannot write: {}", args.path.display(), files::read::io_message(&e)))?;
    say!("wrote {}", args.path.display());
    Ok(ExitCode::SUCCESS)
}

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
    let text = template::render(&host_triple());
    files::write::write(&args.path, &mut stdout, &mut stderr, |w| w.write_all(text.as_bytes()))
        .map_err(|e| anyhow!("{shown}: cannot write: {}", files::read::io_message(&e)))?;
    if matches!(target, Target::Replace(_)) {
        say!("wrote {shown}");
    }
    Ok(ExitCode::SUCCESS)
}

/// This machine's target triple, as rustc reports it (`RUSTC` names another rustc); the
/// commonest Linux triple when rustc cannot say.
fn host_triple() -> String {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    std::process::Command::new(rustc)
        .arg("-vV")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            let text = String::from_utf8_lossy(&o.stdout).into_owned();
            let host = text.lines().find_map(|l| l.strip_prefix("host: "))?.trim().to_string();
            cargo_sovereign::policy::config::is_triple(&host).then_some(host)
        })
        .unwrap_or_else(|| "x86_64-unknown-linux-gnu".to_string())
}

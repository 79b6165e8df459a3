//! `--format FMT[=PATH]`: which reports to write and where, settled before any work.

use std::path::PathBuf;

use cargo_sovereign::files::target::{Place, Target};
use cargo_sovereign::report::Format;

/// One `--format` value.
#[derive(Debug, Clone)]
pub struct OutputSpec {
    /// The format.
    pub format: Format,
    /// The file to write, or standard output.
    pub path: Option<PathBuf>,
}

pub fn parse_output(value: &str) -> Result<OutputSpec, String> {
    let (name, path) = match value.split_once('=') {
        Some((n, "-")) => (n, None),
        Some((n, p)) if !p.is_empty() => (n, Some(PathBuf::from(p))),
        Some((n, _)) => return Err(format!("`{n}=` needs a file name after `=`")),
        None => (value, None),
    };
    let format = Format::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|(n, _)| *n).collect();
        format!("unknown format `{name}` (known: {})", names.join(", "))
    })?;
    Ok(OutputSpec { format, path })
}

/// The outputs with their paths resolved (`/dev/stdout`, or the file standard output is
/// redirected to, is standard output), checked before any work: two outputs to one place
/// (one file by two names, hard links included, or two to standard output) are a usage error,
/// and so is a path that cannot be written to (a directory, a missing folder).
pub fn resolve_outputs(outputs: Vec<OutputSpec>) -> anyhow::Result<Vec<OutputSpec>> {
    let mut seen: Vec<(Place, String)> = Vec::new();
    let mut resolved = Vec::with_capacity(outputs.len());
    for mut output in outputs {
        let shown = match &output.path {
            Some(p) => format!("{}={}", output.format.name(), p.display()),
            None => output.format.name().to_string(),
        };
        let target = match &output.path {
            None => Target::Stdout,
            Some(p) => Target::of(p).map_err(|e| {
                anyhow::anyhow!("{}: cannot write a report there: {}", p.display(), io_message(&e))
            })?,
        };
        if target == Target::Stdout {
            output.path = None;
        }
        if let Some(place) = target.place() {
            if let Some((_, first)) = seen.iter().find(|(p, _)| *p == place) {
                let named = match (&place, &output.path) {
                    (Place::Stream(name), _) => (*name).to_string(),
                    (_, Some(p)) => p.display().to_string(),
                    (_, None) => "standard output".to_string(),
                };
                anyhow::bail!("two outputs to {named}: `--format {first}` and `--format {shown}`");
            }
            seen.push((place, shown));
        }
        resolved.push(output);
    }
    Ok(resolved)
}

fn io_message(e: &std::io::Error) -> String {
    cargo_sovereign::files::read::io_message(e)
}

/// The outputs asked for; the table on standard output when none.
pub fn or_table(formats: &[OutputSpec]) -> Vec<OutputSpec> {
    if formats.is_empty() {
        vec![OutputSpec { format: Format::Table, path: None }]
    } else {
        formats.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_specs() {
        let o = parse_output("json=out.json").unwrap();
        assert_eq!(o.format, Format::Json);
        assert_eq!(o.path, Some(PathBuf::from("out.json")));
        assert!(parse_output("yaml").unwrap_err().contains("unknown format"));
        assert!(parse_output("json=").is_err());
        assert_eq!(parse_output("json=-").unwrap().path, None);
    }
}

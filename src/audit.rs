//! The audit as a library call: plain options in, a [`Graph`] and a [`Report`] out.
//!
//! The binary turns command-line arguments into [`AuditOptions`]; tests and other programs can
//! build them directly.

use std::io::Read;
use std::path::Path;

use crate::error::InputError;
use crate::input::builder::GraphBuilder;
use crate::input::cargo::{self, CargoOptions};
use crate::kb::licenses::LicenseIndex;
use crate::model::Graph;
use crate::report::Report;

/// Default refusal threshold for one input file: 1 GiB.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 1 << 30;

/// What to audit.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// How to run `cargo metadata` and which part of the workspace to keep.
    pub cargo: CargoOptions,
    /// A pre-generated `cargo metadata` JSON file (`-` for standard input) instead of running cargo.
    pub metadata: Option<String>,
    /// SBOM files (`-` for standard input). When set, cargo is not run.
    pub sboms: Vec<String>,
    /// Refuse input files larger than this many bytes.
    pub max_input_bytes: u64,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            cargo: CargoOptions::default(),
            metadata: None,
            sboms: Vec::new(),
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
        }
    }
}

/// Reads every input into one graph.
pub fn load_graph(opts: &AuditOptions) -> Result<Graph, InputError> {
    let mut builder = GraphBuilder::new(opts.cargo.select.include_dev);
    if let Some(path) = &opts.metadata {
        let (name, bytes) = read_input(path, opts.max_input_bytes)?;
        let text = crate::input::text::decode(&name, &bytes)?;
        let info = cargo::read_metadata(&name, text, &opts.cargo.select, false, &mut builder)?;
        builder.add_input(info);
    }
    for path in &opts.sboms {
        let (name, bytes) = read_input(path, opts.max_input_bytes)?;
        crate::input::read_document(&name, &bytes, &mut builder)?;
    }
    if opts.metadata.is_none() && opts.sboms.is_empty() {
        let json = cargo::run_cargo_metadata(&opts.cargo)?;
        let label =
            opts.cargo.manifest_path.as_ref().map_or("cargo metadata".into(), |p| p.display().to_string());
        let info = cargo::read_metadata(&label, &json, &opts.cargo.select, true, &mut builder)?;
        builder.add_input(info);
    }
    Ok(builder.finish())
}

/// Reads the graph and builds the report.
pub fn run(opts: &AuditOptions) -> Result<(Graph, Report), InputError> {
    let graph = load_graph(opts)?;
    let facts = crate::enrich::enrich(&graph, LicenseIndex::embedded());
    let mut report = Report::from_graph(&graph);
    report.add_facts(&facts);
    Ok((graph, report))
}

/// Reads a file (or standard input for `-`) up to `max` bytes. Returns the name to use in
/// messages and the bytes.
pub fn read_input(path: &str, max: u64) -> Result<(String, Vec<u8>), InputError> {
    if path == "-" {
        let name = "<stdin>".to_string();
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(max.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| InputError::new(&name, format!("cannot read: {e}")))?;
        check_size(&name, bytes.len() as u64, max)?;
        return Ok((name, bytes));
    }
    let p = Path::new(path);
    let meta = std::fs::metadata(p).map_err(|e| InputError::new(path, io_message(&e)))?;
    if meta.is_dir() {
        return Err(InputError::new(path, "is a directory, not a file"));
    }
    if meta.is_file() {
        check_size(path, meta.len(), max)?;
    }
    let file = std::fs::File::open(p).map_err(|e| InputError::new(path, io_message(&e)))?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::new(path, format!("cannot read: {}", io_message(&e))))?;
    check_size(path, bytes.len() as u64, max)?;
    Ok((path.to_string(), bytes))
}

fn check_size(name: &str, len: u64, max: u64) -> Result<(), InputError> {
    if len > max {
        return Err(InputError::new(
            name,
            format!("larger than the input size limit of {max} bytes (raise it with --max-input-size)"),
        ));
    }
    Ok(())
}

/// An I/O error in lowercase words, without the OS error number.
fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            let s = s.split(" (os error").next().unwrap_or(&s).to_string();
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
                None => s,
            }
        }
    }
}

//! The JSON report: the contract for other tools. Pretty-printed, with a final newline.

use std::io::{self, Write};

use super::{Report, Reporter};

/// Writes the report as JSON.
pub struct Json;

impl Reporter for Json {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::from)?;
        out.write_all(b"\n")
    }
}

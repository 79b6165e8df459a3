//! The JSON report: the contract for other tools, in the shape of [`wire::Document`]
//! (`docs/report.schema.json`). Compact by default (a large graph's report stays within a
//! few times its input); indented with `--pretty`. A final newline either way.

mod compact;
pub mod read;
pub mod wire;

use std::io::{self, Write};

use super::{Report, Reporter};

/// Writes the report as JSON.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json {
    /// Indented, two spaces a level, for reading by eye.
    pub pretty: bool,
}

impl Reporter for Json {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let doc = wire::Written::new(report);
        if self.pretty {
            serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
        } else {
            compact::write(&doc, out)?;
        }
        out.write_all(b"\n")
    }
}

/// The JSON Schema of the report, as committed in `docs/report.schema.json`.
pub fn json_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(wire::Document)).unwrap_or_default();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "$id".to_string(),
            serde_json::Value::String(
                "https://github.com/cargo-sovereign/cargo-sovereign/blob/main/docs/report.schema.json"
                    .to_string(),
            ),
        );
    }
    schema
}

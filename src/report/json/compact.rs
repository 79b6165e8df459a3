//! The compact JSON report written field by field, its two long lists (packages, findings)
//! serialised in chunks on two threads and written in order.
//!
//! Compact JSON of a value does not depend on where the value sits, so writing each field of
//! [`Written`] with `serde_json` and joining them gives the very bytes the derived
//! serialisation gives (a test holds the two equal). The indented form depends on the depth
//! and keeps the derived path.

use std::io::{self, Write};
use std::sync::mpsc;

use serde::Serialize;

use super::wire::{finding_entry, package_entry, Written};

/// Items per chunk: large enough that handing a chunk over costs nothing next to writing it,
/// small enough that the chunks in flight (at most three) stay a few megabytes.
const CHUNK: usize = 4_096;

/// Writes `doc` as compact JSON, without the final newline.
pub fn write(doc: &Written, out: &mut dyn Write) -> io::Result<()> {
    write!(out, "{{\"schema_version\":{}", doc.schema_version)?;
    field(out, "tool", doc.tool)?;
    field(out, "inputs", doc.inputs)?;
    field(out, "origins", &doc.origins)?;
    field(out, "hosting", &doc.hosting)?;
    field(out, "vendors", &doc.vendors)?;
    out.write_all(b",\"packages\":")?;
    let (packages, places) = &doc.packages;
    array(out, packages, |i, p| package_entry(p, places.get(i).copied().unwrap_or_default()))?;
    out.write_all(b",\"findings\":")?;
    array(out, doc.findings, |_, f| finding_entry(f))?;
    field(out, "summary", doc.summary)?;
    out.write_all(b"}")
}

/// `,"name":value`.
fn field<T: Serialize + ?Sized>(out: &mut dyn Write, name: &str, value: &T) -> io::Result<()> {
    write!(out, ",\"{name}\":")?;
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)
}

/// `items` as a JSON array of what `entry` makes of each: the odd chunks are serialised on a
/// second thread while this one serialises the even ones, and every chunk is written in order.
fn array<'a, T: Sync, E: Serialize>(
    out: &mut dyn Write,
    items: &'a [T],
    entry: impl Fn(usize, &'a T) -> E + Sync,
) -> io::Result<()> {
    let chunks = items.len().div_ceil(CHUNK);
    let text = |c: usize| -> io::Result<Vec<u8>> {
        let range = c * CHUNK..((c + 1) * CHUNK).min(items.len());
        let mut buf = Vec::with_capacity(range.len() * 256);
        for (i, item) in items.iter().enumerate().take(range.end).skip(range.start) {
            if i > 0 {
                buf.push(b',');
            }
            serde_json::to_writer(&mut buf, &entry(i, item)).map_err(io::Error::from)?;
        }
        Ok(buf)
    };
    out.write_all(b"[")?;
    std::thread::scope(|s| {
        // One chunk waits in the channel at most; when this side stops on an error, the
        // receiver goes away and the helper's next send ends it.
        let (tx, rx) = mpsc::sync_channel(1);
        if chunks > 1 {
            let text = &text;
            s.spawn(move || {
                for c in (1..chunks).step_by(2) {
                    if tx.send(text(c)).is_err() {
                        break;
                    }
                }
            });
        }
        for c in 0..chunks {
            let chunk = match c % 2 {
                0 => text(c)?,
                _ => rx.recv().map_err(|_| io::Error::other("the report's serialising thread stopped"))??,
            };
            out.write_all(&chunk)?;
        }
        Ok::<(), io::Error>(())
    })?;
    out.write_all(b"]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::paths::tests::{finding, report};

    /// The derived serialisation, which the compact writer must equal byte for byte.
    fn derived(doc: &Written) -> Vec<u8> {
        serde_json::to_vec(doc).unwrap()
    }

    fn written(doc: &Written) -> Vec<u8> {
        let mut out = Vec::new();
        write(doc, &mut out).unwrap();
        out
    }

    #[test]
    fn equals_the_derived_serialisation_across_chunks() {
        for n in [0, 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7] {
            let names: Vec<String> = (0..n).map(|i| format!("p{i:06}")).collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let edges: Vec<(&str, &str)> = names.windows(2).map(|w| (w[0], w[1])).collect();
            let mut r = report(&names, &edges, &names[..n.min(1)]);
            r.findings = names.iter().step_by(3).map(|p| finding("unknown-license", p)).collect();
            let doc = Written::new(&r);
            let text = written(&doc);
            assert_eq!(
                String::from_utf8_lossy(&text),
                String::from_utf8_lossy(&derived(&doc)),
                "{n} packages"
            );
            let back: serde_json::Value = serde_json::from_slice(&text).unwrap();
            assert_eq!(back["packages"].as_array().map(Vec::len), Some(n));
        }
    }

    #[test]
    fn a_failing_writer_stops_the_writing() {
        struct Full(usize);
        impl Write for Full {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                if self.0 < buf.len() {
                    return Err(io::Error::other("disk full"));
                }
                self.0 -= buf.len();
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let names: Vec<String> = (0..5 * CHUNK).map(|i| format!("p{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let r = report(&names, &[], &[]);
        let doc = Written::new(&r);
        let err = write(&doc, &mut Full(100_000)).unwrap_err();
        assert_eq!(err.to_string(), "disk full");
    }
}

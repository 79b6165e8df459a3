//! Format detection and every SBOM reader (CycloneDX JSON and XML, SPDX JSON, YAML, tag-value
//! and 3.0) on arbitrary bytes, then the graph's analysis: errors are fine, panics and hangs
//! are not.
#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::sbom(data));

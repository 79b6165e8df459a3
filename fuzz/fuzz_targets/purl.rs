//! Package URL parsing: a purl that parses can be built again from its parts, and that purl
//! parses to the same parts.
#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::purl(data));

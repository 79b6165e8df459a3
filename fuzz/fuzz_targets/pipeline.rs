//! The whole pipeline on arbitrary bytes: detection, every reader, offline enrichment, the
//! graph analysis, the policy, every report format, `explain` and `diff`. Errors reading the
//! input are fine; a panic, a hang or a broken invariant anywhere after is not.
#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::pipeline(data));

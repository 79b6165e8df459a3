//! Licence strings: any text gets a verdict, and the normalised expression of a verdict gets
//! the same category again.
#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::license(data));

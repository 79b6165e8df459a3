//! Free-text locations (GitHub profiles): any text, a country or nothing, never a panic.
#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::location(data));

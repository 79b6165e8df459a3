//! The policy file (`sovereign.toml`): any text is a policy or a list of errors with positions.
#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::policy(data));

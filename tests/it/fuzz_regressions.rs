//! Every input a fuzz target ever failed on (tests/fixtures/fuzz/<target>/), replayed through
//! the same checks the target makes (fuzz/properties.rs).

use crate::fuzz_properties as properties;

use std::path::Path;

/// Runs `check` on every file of tests/fixtures/fuzz/<target>/ and returns how many there were.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz").join(target);
    let mut files: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => return 0,
    };
    files.sort();
    for f in &files {
        let data = std::fs::read(f).unwrap();
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            panic!("{} fails the {target} fuzz target's checks", f.display());
        }
    }
    files.len()
}

#[test]
fn sbom_inputs() {
    assert!(replay("sbom", properties::sbom) >= 1);
}

#[test]
fn purl_inputs() {
    assert!(replay("purl", properties::purl) >= 1);
}

#[test]
fn license_location_and_policy_inputs() {
    replay("license", properties::license);
    replay("location", properties::location);
    replay("policy", properties::policy);
}

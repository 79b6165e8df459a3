//! Same inputs, same bytes: the order of a document's components, dependencies, packages and
//! relationships must not change any output. Each test shuffles real inputs (with a fixed seed)
//! and compares every report format byte for byte.

use crate::common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// A small deterministic generator (xorshift), so the shuffle is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Shuffles every array found under the keys in `keys`, at any depth.
fn shuffle(v: &mut Value, keys: &[&str], rng: &mut Rng) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if keys.contains(&k.as_str()) {
                    if let Value::Array(items) = child {
                        rng.shuffle(items);
                    }
                }
                shuffle(child, keys, rng);
            }
        }
        Value::Array(items) => {
            for item in items {
                shuffle(item, keys, rng);
            }
        }
        _ => {}
    }
}

const FORMATS: [(&str, &str); 8] = [
    ("table", "report.txt"),
    ("json", "report.json"),
    ("markdown", "report.md"),
    ("sarif", "report.sarif"),
    ("cyclonedx", "report.cdx.json"),
    ("html", "report.html"),
    ("dot", "report.dot"),
    ("spdx", "report.spdx.json"),
];

/// Writes `doc` as `dir/name` and runs the audit in `dir` writing every format there.
fn outputs(dir: &Path, name: &str, flag: &str, doc: &Value) -> Vec<(String, Vec<u8>)> {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), serde_json::to_vec_pretty(doc).unwrap()).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"));
    common::offline(&mut cmd).current_dir(dir).args([
        "audit",
        flag,
        name,
        "--fail-on",
        "never",
        "--today",
        "2026-06-01",
    ]);
    for (format, file) in FORMATS {
        cmd.arg("--format").arg(format!("{format}={file}"));
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    FORMATS.iter().map(|(f, file)| (f.to_string(), std::fs::read(dir.join(file)).unwrap())).collect()
}

fn tmp(name: &str) -> common::Scratch {
    common::scratch(&format!("determinism-{name}"))
}

/// Original and shuffled copies must give identical bytes in every format but `skip`.
fn same_outputs(name: &str, file: &str, flag: &str, original: &Value, keys: &[&str], skip: &[&str]) {
    let mut shuffled = original.clone();
    shuffle(&mut shuffled, keys, &mut Rng(0x9E37_79B9_7F4A_7C15));
    assert_ne!(&shuffled, original, "the shuffle changed nothing");
    let (dir_a, dir_b) = (tmp(&format!("{name}-a")), tmp(&format!("{name}-b")));
    let a = outputs(&dir_a, file, flag, original);
    let b = outputs(&dir_b, file, flag, &shuffled);
    for ((format, x), (_, y)) in a.iter().zip(&b) {
        if skip.contains(&format.as_str()) {
            continue;
        }
        assert!(x == y, "{name}: the {format} output depends on the input's order");
    }
}

#[test]
fn cargo_metadata_order_does_not_matter() {
    let path = common::repo_dir().join("tests/fixtures/cloud-ai-workspace/metadata.json");
    let doc: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    same_outputs(
        "metadata",
        "metadata.json",
        "--metadata",
        &doc,
        &["packages", "nodes", "deps", "dependencies"],
        &[],
    );
}

#[test]
fn cyclonedx_order_does_not_matter() {
    let Some(shared) = common::shared_dir() else { return };
    let path = shared.join("corpora/cyclonedx-examples/keycloak-10.0.2/bom.json");
    let doc: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    // SARIF points at the line of each component in the input, which a shuffle moves; and the
    // cyclonedx format returns the input document itself, enriched, in the input's order.
    same_outputs(
        "cyclonedx",
        "bom.json",
        "--sbom",
        &doc,
        &["components", "dependencies", "dependsOn"],
        &["sarif", "cyclonedx"],
    );
}

#[test]
fn spdx_order_does_not_matter() {
    let Some(shared) = common::shared_dir() else { return };
    let path = shared.join("corpora/spdx-examples/software/example8/spdx2.3/examplemaven-0.0.1.spdx.json");
    let doc: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    same_outputs(
        "spdx",
        "sbom.spdx.json",
        "--sbom",
        &doc,
        &["packages", "relationships", "files"],
        &["sarif"],
    );
}

//! The checksums of `Cargo.lock`: `cargo metadata` gives none, the lock file has the SHA-256 of
//! every registry package's `.crate` archive (`checksum = "…"`; in the first lock format, the
//! `[metadata]` table's `"checksum NAME VERSION (SOURCE)"` keys).

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::line_column;
use crate::files::read::{read_text, Limit, MAX_INPUT_BYTES};

/// SHA-256 digests by (name, version, source) as cargo spells them.
#[derive(Debug, Default)]
pub struct Checksums(HashMap<(String, String, String), String>);

impl Checksums {
    /// The digest of the package `name` `version` from `source`.
    pub fn get(&self, name: &str, version: &str, source: &str) -> Option<&str> {
        self.0.get(&(name.to_string(), version.to_string(), source.to_string())).map(String::as_str)
    }
}

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    package: Vec<Locked>,
    #[serde(default)]
    metadata: HashMap<String, String>,
}

#[derive(Deserialize)]
struct Locked {
    name: String,
    version: String,
    source: Option<String>,
    checksum: Option<String>,
}

/// The checksums of `Cargo.lock` in `workspace_root`: none when the workspace root is not an
/// absolute path or has no lock file; a warning, and none, when the file cannot be read.
pub fn read(workspace_root: &str, warn: &mut dyn FnMut(String)) -> Checksums {
    let root = Path::new(workspace_root);
    let path = root.join("Cargo.lock");
    if !root.is_absolute() || !path.is_file() {
        return Checksums::default();
    }
    let parsed =
        read_text(&path, Limit::input(MAX_INPUT_BYTES)).map_err(|e| e.to_string()).and_then(|text| {
            toml::from_str::<Lock>(&text).map_err(|e| {
                let (line, column) = line_column(&text, e.span().map_or(0, |s| s.start));
                format!("{}:{line}:{column}: {}", path.display(), e.message())
            })
        });
    match parsed {
        Ok(lock) => Checksums(collect(lock)),
        Err(e) => {
            warn(format!("{e}; the SBOM gets no hashes"));
            Checksums::default()
        }
    }
}

fn collect(lock: Lock) -> HashMap<(String, String, String), String> {
    let mut out = HashMap::new();
    for p in lock.package {
        if let (Some(source), Some(checksum)) = (p.source, p.checksum) {
            insert(&mut out, p.name, p.version, source, checksum);
        }
    }
    for (key, checksum) in lock.metadata {
        let Some(rest) = key.strip_prefix("checksum ") else { continue };
        let mut parts = rest.splitn(3, ' ');
        if let (Some(name), Some(version), Some(source)) = (parts.next(), parts.next(), parts.next()) {
            if let Some(source) = source.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
                insert(&mut out, name.into(), version.into(), source.into(), checksum);
            }
        }
    }
    out
}

/// Keeps a checksum that is a SHA-256 digest (64 hexadecimal digits), in lowercase.
fn insert(
    out: &mut HashMap<(String, String, String), String>,
    name: String,
    version: String,
    source: String,
    checksum: String,
) {
    if checksum.len() == 64 && checksum.bytes().all(|b| b.is_ascii_hexdigit()) {
        out.insert((name, version, source), checksum.to_ascii_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "registry+https://github.com/rust-lang/crates.io-index";

    #[test]
    fn both_lock_formats_give_checksums() {
        let digest = "a".repeat(64);
        let v4 = format!(
            "version = 4\n[[package]]\nname = \"serde\"\nversion = \"1.0.0\"\nsource = \"{SOURCE}\"\nchecksum = \"{digest}\"\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n"
        );
        let lock = Checksums(collect(toml::from_str(&v4).unwrap()));
        assert_eq!(lock.get("serde", "1.0.0", SOURCE), Some(digest.as_str()));
        assert_eq!(lock.0.len(), 1);
        let v1 = format!("[[package]]\nname = \"serde\"\nversion = \"1.0.0\"\nsource = \"{SOURCE}\"\n\n[metadata]\n\"checksum serde 1.0.0 ({SOURCE})\" = \"{}\"\n", "B".repeat(64));
        let lock = Checksums(collect(toml::from_str(&v1).unwrap()));
        assert_eq!(lock.get("serde", "1.0.0", SOURCE), Some("b".repeat(64).as_str()));
    }

    #[test]
    fn what_is_no_sha_256_digest_is_left_out() {
        let text = format!("[[package]]\nname = \"x\"\nversion = \"1.0.0\"\nsource = \"{SOURCE}\"\nchecksum = \"<unknown>\"\n");
        assert!(collect(toml::from_str(&text).unwrap()).is_empty());
    }

    #[test]
    fn a_relative_workspace_root_reads_nothing() {
        let mut warnings = Vec::new();
        assert!(read("", &mut |w| warnings.push(w)).0.is_empty());
        assert!(warnings.is_empty());
    }
}

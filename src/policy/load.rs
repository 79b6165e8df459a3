//! Finding the policy: `--config FILE`, else `sovereign.toml` beside the workspace's
//! Cargo.toml (or in the current directory for SBOM inputs), else
//! `[workspace.metadata.sovereign]` or `[package.metadata.sovereign]` in that Cargo.toml,
//! else the built-in defaults.

use std::path::{Path, PathBuf};

use crate::error::InputError;
use crate::files::read::{read_text, Limit};
use crate::policy::config::{self, Config};

/// Where the policy came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicySource {
    /// A policy file.
    File(PathBuf),
    /// A metadata table in a Cargo.toml.
    CargoToml(PathBuf),
    /// Built-in defaults.
    Defaults,
}

/// Loads the policy: `explicit` if given, else discovered in `dir` (where Cargo.toml and
/// sovereign.toml are looked for).
pub fn load(explicit: Option<&Path>, dir: &Path) -> Result<(Config, PolicySource), Vec<InputError>> {
    if let Some(path) = explicit {
        return read_file(path).map(|c| (c, PolicySource::File(path.to_path_buf())));
    }
    let file = dir.join("sovereign.toml");
    if file.is_file() {
        return read_file(&file).map(|c| (c, PolicySource::File(file)));
    }
    let manifest = dir.join("Cargo.toml");
    if manifest.is_file() {
        if let Some(config) = from_cargo_toml(&manifest)? {
            return Ok((config, PolicySource::CargoToml(manifest)));
        }
    }
    Ok((Config::default(), PolicySource::Defaults))
}

fn read_file(path: &Path) -> Result<Config, Vec<InputError>> {
    let name = path.display().to_string();
    let text = read_text(path, Limit::config()).map_err(|e| vec![e])?;
    config::parse(&name, &text)
}

/// The policy in a Cargo.toml's `[workspace.metadata.sovereign]` or
/// `[package.metadata.sovereign]` table, if it has one.
fn from_cargo_toml(path: &Path) -> Result<Option<Config>, Vec<InputError>> {
    let name = path.display().to_string();
    let text = read_text(path, Limit::config()).map_err(|e| vec![e])?;
    let Ok(doc) = text.parse::<toml::Table>() else {
        // cargo reports a broken manifest far better than we could.
        return Ok(None);
    };
    for section in ["workspace", "package"] {
        let table = doc
            .get(section)
            .and_then(|s| s.get("metadata"))
            .and_then(|m| m.get("sovereign"))
            .and_then(|s| s.as_table());
        if let Some(table) = table {
            // Re-serialise the table so the strict parser sees it as a document of its own;
            // messages name the table, since its lines are not those of the Cargo.toml.
            let label = format!("{name} [{section}.metadata.sovereign]");
            let text = toml::to_string(table).map_err(|e| vec![InputError::new(&label, e.to_string())])?;
            return config::parse(&label, &text)
                .map(Some)
                .map_err(|errs| errs.into_iter().map(|e| InputError::new(&e.path, e.message)).collect());
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new temporary folder, removed when the guard drops, and its path.
    fn tmp(name: &str) -> (tempfile::TempDir, PathBuf) {
        let guard = tempfile::Builder::new().prefix(&format!("sovereign-load-{name}-")).tempdir().unwrap();
        let d = guard.path().to_path_buf();
        (guard, d)
    }

    #[test]
    fn discovery_order() {
        let (_guard, d) = tmp("order");
        assert_eq!(load(None, &d).unwrap().1, PolicySource::Defaults);
        std::fs::write(
            d.join("Cargo.toml"),
            "[package]\nname='x'\n[package.metadata.sovereign]\ntrusted=['eu']\n",
        )
        .unwrap();
        let (c, src) = load(None, &d).unwrap();
        assert_eq!(c.trusted, vec!["eu"]);
        assert!(matches!(src, PolicySource::CargoToml(_)));
        std::fs::write(d.join("sovereign.toml"), "trusted = ['DE']\n").unwrap();
        assert_eq!(load(None, &d).unwrap().0.trusted, vec!["DE"]);
    }

    #[test]
    fn bad_metadata_table_is_reported() {
        let (_guard, d) = tmp("bad");
        std::fs::write(d.join("Cargo.toml"), "[workspace.metadata.sovereign]\ncolour = 1\n").unwrap();
        let errs = load(None, &d).unwrap_err();
        assert!(errs[0].to_string().contains("[workspace.metadata.sovereign]"), "{}", errs[0]);
        assert!(errs[0].message.contains("colour"));
    }
}

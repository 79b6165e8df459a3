//! Where a finding points in the user's files, for formats that link to source (SARIF).
//!
//! Code scanning shows an alert on a line of a file in the repository, so each package is
//! placed on the text that brings it in: its `[[package]]` entry in Cargo.lock, or, for a
//! direct dependency, its line in the member's Cargo.toml; for SBOM inputs, the line of the
//! SBOM that names it. Reading these files is part of rendering, not of the audit: a file that
//! is missing or unreadable only makes the location coarser (line 1 of the manifest), it never
//! fails the run.

use std::path::{Path, PathBuf};

use super::document::PackageReport;
use crate::model::{InputFormat, Source};
use crate::report::Report;

/// A place in a text file: 1-based lines, 1-based columns in UTF-16 code units (SARIF's
/// default), the end column exclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file, as a path relative to the working directory where the paths given were.
    pub path: PathBuf,
    /// First line.
    pub start_line: usize,
    /// First column.
    pub start_column: usize,
    /// Last line.
    pub end_line: usize,
    /// Column after the last character.
    pub end_column: usize,
    /// The text of the region.
    pub snippet: String,
}

/// A file read for locating, with its lines.
struct Text {
    path: PathBuf,
    lines: Vec<String>,
}

impl Text {
    fn read(path: PathBuf) -> Option<Text> {
        let bytes = std::fs::read(&path).ok()?;
        let text =
            String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).into_owned();
        let lines = text.lines().map(str::to_string).collect();
        Some(Text { path, lines })
    }

    /// Lines `first..=last` (0-based) as a place.
    fn place(&self, first: usize, last: usize) -> Place {
        let lines = self.lines.get(first..=last).unwrap_or_default();
        let end_column = lines.last().map_or(0, |l| l.encode_utf16().count()) + 1;
        Place {
            path: self.path.clone(),
            start_line: first + 1,
            start_column: 1,
            end_line: last + 1,
            end_column,
            snippet: lines.join("\n"),
        }
    }

    /// The first line containing any of `needles`.
    fn find_line(&self, needles: &[String]) -> Option<usize> {
        needles
            .iter()
            .filter(|n| !n.is_empty())
            .find_map(|n| self.lines.iter().position(|l| l.contains(n.as_str())))
    }
}

/// Finds packages in the files of one report's inputs.
pub struct Locator {
    cargo_root: Option<PathBuf>,
    lock: Option<Text>,
    sboms: Vec<Text>,
    /// Where findings without a package point: the policy file, else the first input.
    fallback: Option<Text>,
    /// Member manifests by package id.
    members: Vec<(String, Text)>,
}

impl Locator {
    /// Reads what the report's inputs need. `workspace_root` is the Cargo workspace's folder
    /// when known; otherwise the folder of a `cargo metadata` input file is used. `policy`
    /// is the policy file, when one was read.
    pub fn new(report: &Report, workspace_root: Option<&Path>, policy: Option<&Path>) -> Locator {
        let metadata_dir =
            report.inputs.iter().find(|i| i.format == InputFormat::CargoMetadata).map(|i| {
                i.path.as_deref().map(|p| parent(Path::new(p))).unwrap_or_else(|| PathBuf::from("."))
            });
        let cargo_root = workspace_root.map(Path::to_path_buf).or(metadata_dir);
        let lock = cargo_root.as_deref().and_then(find_lock);
        let sboms: Vec<Text> = report
            .inputs
            .iter()
            .filter(|i| i.format != InputFormat::CargoMetadata)
            .filter_map(|i| i.path.as_deref())
            .filter_map(|p| Text::read(PathBuf::from(p)))
            .collect();
        let mut members = Vec::new();
        if let Some(root) = &cargo_root {
            for p in report.packages.iter().filter(|p| p.root) {
                if let Source::Path { path } = &p.source {
                    if let Some(t) = Text::read(join(root, path).join("Cargo.toml")) {
                        members.push((p.id.clone(), t));
                    }
                }
            }
        }
        let manifest = cargo_root.as_ref().and_then(|r| Text::read(join(r, "Cargo.toml")));
        let first_sbom = || {
            let p = report
                .inputs
                .iter()
                .filter(|i| i.format != InputFormat::CargoMetadata)
                .find_map(|i| i.path.clone());
            p.and_then(|p| Text::read(PathBuf::from(p)))
        };
        let fallback = policy.and_then(|p| Text::read(p.to_path_buf())).or(manifest).or_else(first_sbom);
        Locator { cargo_root, lock, sboms, fallback, members }
    }

    /// Where `package` is brought in; for packages that cannot be found, and for `None`, the
    /// policy file or the first input at line 1. `None` when no file could be read at all.
    pub fn place(&self, report: &Report, package: Option<&PackageReport>) -> Option<Place> {
        let found = package.and_then(|p| {
            if self.cargo_root.is_some() {
                self.in_member_manifest(report, p).or_else(|| self.in_lock(p))
            } else {
                None
            }
            .or_else(|| self.in_sboms(p))
        });
        found.or_else(|| self.fallback.as_ref().or(self.lock.as_ref()).map(|t| t.place(0, 0)))
    }

    /// The dependency line in the manifest of a member that depends on `p` directly.
    fn in_member_manifest(&self, report: &Report, p: &PackageReport) -> Option<Place> {
        if !p.graph.is_some_and(|g| g.direct) {
            return None;
        }
        let name = p.name.as_str();
        self.members.iter().find_map(|(id, text)| {
            let member = report.packages.iter().find(|m| &m.id == id)?;
            if !member.dependencies.contains(&p.id) {
                return None;
            }
            let mut in_deps = false;
            for (i, line) in text.lines.iter().enumerate() {
                let t = line.trim();
                if t.starts_with('[') {
                    let header = t.trim_matches(|c| c == '[' || c == ']').trim();
                    if header.ends_with(&format!("dependencies.{name}")) {
                        return Some(text.place(i, i));
                    }
                    in_deps = header.ends_with("dependencies");
                } else if in_deps && dependency_key(t) == Some(name) {
                    return Some(text.place(i, i));
                }
            }
            None
        })
    }

    /// The `[[package]]` entry with `p`'s name and version in Cargo.lock.
    fn in_lock(&self, p: &PackageReport) -> Option<Place> {
        let lock = self.lock.as_ref()?;
        let name_line = format!("name = \"{}\"", p.name);
        let version_line = p.version.as_ref().map(|v| format!("version = \"{v}\""));
        let mut start = None;
        let mut matched = (false, version_line.is_none());
        for (i, line) in lock.lines.iter().enumerate() {
            let t = line.trim();
            if t == "[[package]]" || t.starts_with('[') {
                if let (Some(s), (true, true)) = (start, matched) {
                    return Some(lock.place(s, last_filled(&lock.lines, s, i)));
                }
                start = (t == "[[package]]").then_some(i);
                matched = (false, version_line.is_none());
            } else if start.is_some() {
                matched.0 |= t == name_line;
                matched.1 |= version_line.as_deref() == Some(t);
            }
        }
        match (start, matched) {
            (Some(s), (true, true)) => Some(lock.place(s, last_filled(&lock.lines, s, lock.lines.len()))),
            _ => None,
        }
    }

    /// The line of an SBOM that names `p`: its purl, else its id, else its name.
    fn in_sboms(&self, p: &PackageReport) -> Option<Place> {
        let mut needles = Vec::new();
        if let Some(purl) = &p.purl {
            needles.push(format!("\"{purl}\""));
            needles.push(format!(">{}<", purl.replace('&', "&amp;")));
            needles.push(purl.clone());
        }
        needles.push(format!("\"{}\"", p.id));
        needles.push(p.id.clone());
        needles.push(format!("\"name\": \"{}\"", p.name));
        needles.push(format!("<name>{}</name>", p.name));
        needles.push(format!("PackageName: {}", p.name));
        self.sboms.iter().find_map(|t| t.find_line(&needles).map(|i| t.place(i, i)))
    }
}

/// The key of a `key = …` or `key.workspace = true` line, unquoted.
fn dependency_key(line: &str) -> Option<&str> {
    let key = line.split('=').next()?.trim();
    let key = key.strip_suffix(".workspace").unwrap_or(key).trim();
    Some(key.trim_matches('"'))
}

/// The last non-blank line in `from..to`, at least `from`.
fn last_filled(lines: &[String], from: usize, to: usize) -> usize {
    (from..to).rev().find(|&i| lines.get(i).is_some_and(|l| !l.trim().is_empty())).unwrap_or(from)
}

/// Cargo.lock in `dir` or the nearest folder above it (a member's manifest may be given).
fn find_lock(dir: &Path) -> Option<Text> {
    let mut d = dir.to_path_buf();
    loop {
        if let Some(t) = Text::read(join(&d, "Cargo.lock")) {
            return Some(t);
        }
        let up = d.parent()?.to_path_buf();
        if up.as_os_str().is_empty() || up == d {
            return None;
        }
        d = up;
    }
}

/// The folder of `p`, `.` when it has none.
fn parent(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `dir/rel` without a leading `./`.
fn join(dir: &Path, rel: &str) -> PathBuf {
    if dir == Path::new(".") {
        PathBuf::from(rel)
    } else {
        dir.join(rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependency_keys() {
        assert_eq!(dependency_key("serde = { version = \"1\" }"), Some("serde"));
        assert_eq!(dependency_key("tokio.workspace = true"), Some("tokio"));
        assert_eq!(dependency_key("\"odd\" = \"1\""), Some("odd"));
    }

    #[test]
    fn places_count_utf16_columns() {
        let t = Text { path: PathBuf::from("x"), lines: vec!["a".into(), "é😀".into(), String::new()] };
        let p = t.place(0, 1);
        assert_eq!((p.start_line, p.end_line, p.end_column), (1, 2, 4));
        assert_eq!(p.snippet, "a\né😀");
        assert_eq!(last_filled(&t.lines, 0, 3), 1);
    }
}

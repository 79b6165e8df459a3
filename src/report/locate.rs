//! Where a finding points in the user's files, for formats that link to source (SARIF).
//!
//! Code scanning shows an alert on a line of a file in the repository, so each package is
//! placed on the text that brings it in: its `[[package]]` entry in Cargo.lock, or, for a
//! direct dependency, its line in the member's Cargo.toml; for SBOM inputs, the line of the
//! SBOM that names it. Reading these files is part of rendering, not of the audit: a file that
//! is missing or unreadable only makes the location coarser (line 1 of the manifest), it never
//! fails the run.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

mod indexed;

use super::document::PackageReport;
use crate::model::{InputFormat, Source};
use crate::report::Report;
use indexed::IndexedText;

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

/// The longest snippet a place carries, in bytes. A minified SBOM is one line of many
/// megabytes; a place on it covers only the text that names the package.
const MAX_SNIPPET: usize = 512;

/// A file read for locating, with where its lines are (one string and the lines' spans, not a
/// string per line: a large SBOM has millions of lines).
struct Text {
    path: PathBuf,
    text: String,
    /// Each line's bytes, as `str::lines` splits them (no `\n`, no `\r` before it).
    spans: Vec<(usize, usize)>,
}

/// The byte span of each line of `text`, as [`str::lines`] cuts them (a line's `\n` or `\r\n`
/// left out, a last line without one kept as it is), found by a vectorised scan.
fn line_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes) {
        let cut = if end > start && bytes[end - 1] == b'\r' { end - 1 } else { end };
        spans.push((start, cut));
        start = end + 1;
    }
    if start < bytes.len() {
        spans.push((start, bytes.len()));
    }
    spans
}

impl Text {
    fn read(path: PathBuf) -> Option<Text> {
        let mut bytes = crate::files::read::reread(&path, crate::files::read::Limit::report())?;
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        // Valid UTF-8 (nearly every SBOM) is taken as it is, not copied.
        let text =
            String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        let spans = line_spans(&text);
        Some(Text { path, text, spans })
    }

    /// A text of these lines (tests).
    #[cfg(test)]
    fn of_lines(path: &str, lines: &[&str]) -> Text {
        let mut text = String::new();
        let mut spans = Vec::new();
        for l in lines {
            spans.push((text.len(), text.len() + l.len()));
            text.push_str(l);
            text.push('\n');
        }
        Text { path: PathBuf::from(path), text, spans }
    }

    /// Line `i` (0-based).
    fn line(&self, i: usize) -> Option<&str> {
        self.spans.get(i).and_then(|&(start, end)| self.text.get(start..end))
    }

    /// The lines in order.
    fn lines(&self) -> impl Iterator<Item = &str> {
        (0..self.spans.len()).filter_map(|i| self.line(i))
    }

    /// Lines `first..=last` (0-based) as a place; when that text is longer than
    /// [`MAX_SNIPPET`], only the start of the first line.
    fn place(&self, first: usize, last: usize) -> Place {
        let lines: Vec<&str> = if first <= last && last < self.spans.len() {
            (first..=last).filter_map(|i| self.line(i)).collect()
        } else {
            Vec::new()
        };
        // The snippet is the lines joined by `\n`; the same bound as `place_in_line`'s, so the
        // two never hand a line back and forth (a line of exactly the limit overflowed the stack).
        if lines.iter().map(|l| l.len() + 1).sum::<usize>() > MAX_SNIPPET + 1 {
            return self.place_in_line(first, 0, MAX_SNIPPET, 1);
        }
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

    /// The bytes `start..end` of line `line` (0-based), where `start` is at UTF-16 column
    /// `column`, as a place: the whole line when it is short, else that span, cut to
    /// [`MAX_SNIPPET`] bytes on a character boundary.
    fn place_in_line(&self, line: usize, start: usize, end: usize, column: usize) -> Place {
        let text = self.line(line).unwrap_or("");
        if text.len() <= MAX_SNIPPET {
            return self.place(line, line);
        }
        let end = floor_boundary(text, end.min(start + MAX_SNIPPET).min(text.len()));
        let snippet = text.get(start..end).unwrap_or_default().to_string();
        Place {
            path: self.path.clone(),
            start_line: line + 1,
            start_column: column,
            end_line: line + 1,
            end_column: column + snippet.encode_utf16().count(),
            snippet,
        }
    }
}

/// The largest character boundary of `text` at or before `byte`.
fn floor_boundary(text: &str, byte: usize) -> usize {
    (0..=byte).rev().find(|&b| text.is_char_boundary(b)).unwrap_or(0)
}

/// Finds packages in the files of one report's inputs.
pub struct Locator {
    cargo_root: Option<PathBuf>,
    lock: Option<Text>,
    sboms: Vec<IndexedText>,
    /// Where findings without a package point: the policy file, else the first input.
    fallback: Option<Text>,
    /// Member manifests, with the ids of each member's dependencies.
    members: Vec<(HashSet<String>, Text)>,
}

impl Locator {
    /// Reads what the report's inputs need to place `wanted`, the packages that will be
    /// asked for. `workspace_root` is the Cargo workspace's folder when known; otherwise the
    /// folder of a `cargo metadata` input file is used. `policy` is the policy file, when one
    /// was read.
    pub fn new<'a>(
        report: &Report,
        workspace_root: Option<&Path>,
        policy: Option<&Path>,
        wanted: impl IntoIterator<Item = &'a PackageReport>,
    ) -> Locator {
        let metadata_dir =
            report.inputs.iter().find(|i| i.format == InputFormat::CargoMetadata).map(|i| {
                i.path.as_deref().map(|p| parent(Path::new(p))).unwrap_or_else(|| PathBuf::from("."))
            });
        let cargo_root = workspace_root.map(Path::to_path_buf).or(metadata_dir);
        let lock = cargo_root.as_deref().and_then(find_lock);
        let keys: Vec<Keys> = wanted.into_iter().map(Keys::of).collect();
        // Every word of every SBOM is looked up in these: the fast hasher.
        let mut tokens = crate::hash::HashSet::default();
        let mut names = crate::hash::HashSet::default();
        for k in &keys {
            tokens.extend(k.tokens().into_iter().filter(|t| !t.is_empty()));
            names.extend(k.names());
        }
        let sboms: Vec<IndexedText> = report
            .inputs
            .iter()
            .filter(|i| i.format != InputFormat::CargoMetadata)
            .filter_map(|i| i.path.as_deref())
            .filter_map(|p| Text::read(PathBuf::from(p)))
            .map(|t| IndexedText::new(t, &tokens, &names))
            .collect();
        let mut members = Vec::new();
        if let Some(root) = &cargo_root {
            for p in report.packages.iter().filter(|p| p.root) {
                if let Source::Path { path } = &p.source {
                    if let Some(t) = Text::read(join(root, path).join("Cargo.toml")) {
                        members.push((p.dependencies.iter().cloned().collect(), t));
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

    /// Where the first of `packages` that can be found is brought in; when none can, and for
    /// no package, the policy file or the first input at line 1. `None` when no file could be
    /// read at all.
    pub fn place(&self, packages: &[&PackageReport]) -> Option<Place> {
        let found = packages.iter().find_map(|p| {
            if self.cargo_root.is_some() {
                self.in_member_manifest(p).or_else(|| self.in_lock(p))
            } else {
                None
            }
            .or_else(|| self.in_sboms(p))
        });
        found.or_else(|| self.fallback.as_ref().or(self.lock.as_ref()).map(|t| t.place(0, 0)))
    }

    /// The dependency line in the manifest of a member that depends on `p` directly.
    fn in_member_manifest(&self, p: &PackageReport) -> Option<Place> {
        if !p.graph.is_some_and(|g| g.direct) {
            return None;
        }
        let name = p.name.as_str();
        self.members.iter().find_map(|(dependencies, text)| {
            if !dependencies.contains(&p.id) {
                return None;
            }
            let mut in_deps = false;
            for (i, line) in text.lines().enumerate() {
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

    /// The `name = "…"` line of the `[[package]]` entry with `p`'s name and version in
    /// Cargo.lock: the entry's one line that does not change when only the version does.
    fn in_lock(&self, p: &PackageReport) -> Option<Place> {
        let lock = self.lock.as_ref()?;
        let name_line = format!("name = \"{}\"", p.name);
        let version_line = p.version.as_ref().map(|v| format!("version = \"{v}\""));
        // In the current entry: the line of its name, and whether its version matched.
        let mut entry: Option<(Option<usize>, bool)> = None;
        // A last header closes the last entry.
        for (i, line) in lock.lines().chain(["[end]"]).enumerate() {
            let t = line.trim();
            if t.starts_with('[') {
                if let Some((Some(name_at), true)) = entry {
                    return Some(lock.place(name_at, name_at));
                }
                entry = (t == "[[package]]").then_some((None, version_line.is_none()));
            } else if let Some((name_at, version_matched)) = &mut entry {
                if t == name_line {
                    *name_at = Some(i);
                }
                *version_matched |= version_line.as_deref() == Some(t);
            }
        }
        None
    }

    /// The place in an SBOM where `p`'s name is written in its component: the name nearest to
    /// its purl (as written in JSON, XML or tag-value) or id; else the purl or id itself, else
    /// the first place its name is written in any SBOM.
    fn in_sboms(&self, p: &PackageReport) -> Option<Place> {
        let keys = Keys::of(p);
        let (tokens, names) = (keys.tokens(), keys.names());
        let names = names.as_slice();
        self.sboms
            .iter()
            .find_map(|t| {
                let (near, _) = t.anchor(&tokens)?;
                t.name_near(names, Some(near)).or_else(|| t.find(&tokens))
            })
            .or_else(|| self.sboms.iter().find_map(|t| t.name_near(names, None)))
    }
}

/// What a package is looked up by in an SBOM: its purl (as written in JSON and tag-value, and
/// as escaped in XML) or id, and its name (with its namespace, when it has one).
struct Keys<'a> {
    package: &'a PackageReport,
    escaped: Option<String>,
    qualified: Option<String>,
}

impl<'a> Keys<'a> {
    fn of(p: &'a PackageReport) -> Keys<'a> {
        Keys {
            package: p,
            escaped: p.purl.as_ref().map(|purl| purl.replace('&', "&amp;")),
            qualified: p.namespace.as_deref().map(|ns| format!("{ns}/{}", p.name)),
        }
    }

    /// The purl, the escaped purl and the id, in that order (empty when absent).
    fn tokens(&self) -> [&str; 3] {
        let p = self.package;
        [p.purl.as_deref().unwrap_or_default(), self.escaped.as_deref().unwrap_or_default(), p.id.as_str()]
    }

    /// The name, then the qualified name when there is one.
    fn names(&self) -> Vec<&str> {
        std::iter::once(self.package.name.as_str()).chain(self.qualified.as_deref()).collect()
    }
}

/// The key of a `key = …` or `key.workspace = true` line, unquoted.
fn dependency_key(line: &str) -> Option<&str> {
    let key = line.split('=').next()?.trim();
    let key = key.strip_suffix(".workspace").unwrap_or(key).trim();
    Some(key.trim_matches('"'))
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
    fn lines_are_cut_as_str_lines_cuts_them() {
        for text in ["", "a", "a\n", "a\r\nb", "\r\n\n\r", "a\rb\n\nc\r", "é\r\n\r\r\nx\n"] {
            let cut: Vec<&str> = line_spans(text).into_iter().map(|(s, e)| &text[s..e]).collect();
            assert_eq!(cut, text.lines().collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn dependency_keys() {
        assert_eq!(dependency_key("serde = { version = \"1\" }"), Some("serde"));
        assert_eq!(dependency_key("tokio.workspace = true"), Some("tokio"));
        assert_eq!(dependency_key("\"odd\" = \"1\""), Some("odd"));
    }

    #[test]
    fn long_lines_give_short_places() {
        let long = format!("[{}{{\"purl\": \"pkg:cargo/é@1\"}}]", "x".repeat(5000));
        let t = IndexedText::every_token(Text::of_lines("x", &[&long]));
        let p = t.find(&["pkg:cargo/é@1"]).unwrap();
        assert_eq!(p.snippet, "pkg:cargo/é@1");
        let before = &long[..long.find("pkg:").unwrap()];
        assert_eq!(p.start_column, before.encode_utf16().count() + 1);
        assert_eq!(p.end_column - p.start_column, "pkg:cargo/é@1".encode_utf16().count());
        // A region of whole lines over the limit keeps only the start of its first line.
        let whole = t.text.place(0, 0);
        assert_eq!((whole.start_column, whole.snippet.len()), (1, MAX_SNIPPET));
        // A span cut inside a multi-byte character ends before it.
        let text = Text::of_lines("y", &[&"é".repeat(MAX_SNIPPET)]);
        assert_eq!(text.place(0, 0).snippet.len(), MAX_SNIPPET);
        assert_eq!(text.place_in_line(0, 2, 5, 2).snippet, "é");
    }

    #[test]
    fn tokens_are_found_in_json_xml_and_tag_value() {
        let lines = [
            "{\"bom-ref\": \"a b\", \"name\": \"serde\"}",
            "<purl>pkg:npm/x?a=1&amp;b=2</purl>",
            "ExternalRef: PACKAGE-MANAGER purl pkg:pypi/y@2",
        ];
        let t = IndexedText::every_token(Text::of_lines("x", &lines));
        let line_of = |tokens: &[&str]| t.find(tokens).map(|p| p.start_line);
        assert_eq!(line_of(&["a b"]), Some(1));
        assert_eq!(line_of(&["missing", "serde"]), Some(1));
        assert_eq!(line_of(&["pkg:npm/x?a=1&amp;b=2"]), Some(2));
        assert_eq!(line_of(&["pkg:pypi/y@2"]), Some(3));
        assert_eq!(line_of(&["", "nothing"]), None);
    }

    #[test]
    fn places_count_utf16_columns() {
        let t = Text::of_lines("x", &["a", "é😀", ""]);
        let p = t.place(0, 1);
        assert_eq!((p.start_line, p.end_line, p.end_column), (1, 2, 4));
        assert_eq!(p.snippet, "a\né😀");
    }
}

//! SPDX 2.x tag-value documents (`PackageName: serde`), read by a small line parser.
//!
//! Tag-value is line-oriented: `Tag: value`, `#` comments, and `<text>…</text>` values that
//! may span lines. Which element a tag belongs to follows from order: `PackageName:` opens a
//! package, `FileName:` a file, `SnippetSPDXID:` a snippet, `LicenseID:` an extracted licence,
//! and `SPDXID:` names whichever was opened last (the document before any of them). The parser
//! fills in the package type the JSON and YAML readers deserialise and hands each package to
//! the shared loader as soon as the next element begins, so the mapping into the graph is
//! shared and a million-line document is never held twice. Unknown tags are skipped without
//! copying their values; a line that is not `Tag: value` is an error with its line and column,
//! because guessing would silently drop data.

use std::borrow::Cow;

use super::document::{ExternalRef, SpdxChecksum, SpdxPackage, Text};
use super::loader::{Link, Loader};
use crate::error::InputError;
use crate::input::spdx::common;
use crate::model::{GraphBuilder, InputInfo};

/// Reads an SPDX 2.x tag-value document.
pub fn read_tag_value(path: &str, text: &str, builder: &mut GraphBuilder) -> Result<InputInfo, InputError> {
    let mut reader = Reader::default();
    // Counting the packages first costs one scan of the text and saves the package list's
    // doublings, each of which briefly holds two lists. A real package takes well over 64
    // bytes of text, which bounds what a text full of the tag alone can make us reserve.
    builder.reserve(text.matches("PackageName:").count().min(text.len() / 64));
    let mut lines = text.lines().enumerate();
    while let Some((index, raw)) = lines.next() {
        let line = index + 1;
        let trimmed = raw.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = raw.len() - trimmed.len();
        let Some(colon) = trimmed.find(':') else {
            return Err(InputError::at(
                path,
                line,
                column(raw, indent),
                "expected `Tag: value`, found no colon",
            ));
        };
        let tag = trimmed[..colon].trim_end();
        if tag.is_empty() || !tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            let message = format!("expected `Tag: value`, found {:?} before the colon", tag);
            return Err(InputError::at(path, line, column(raw, indent), message));
        }
        let after = indent + colon + 1;
        let value_start = after + (raw.len() - after - raw[after..].trim_start().len());
        let value = raw[value_start..].trim_end();
        let entry_column = column(raw, value_start);
        let value = match value.strip_prefix("<text>") {
            Some(rest) => match rest.find("</text>") {
                Some(end) => Cow::Borrowed(&rest[..end]),
                None => {
                    let mut collected = rest.to_string();
                    loop {
                        let Some((_, next)) = lines.next() else {
                            let message =
                                format!("unterminated <text> value of {tag}: no </text> before the end");
                            return Err(InputError::at(path, line, entry_column, message));
                        };
                        collected.push('\n');
                        if let Some(end) = next.find("</text>") {
                            collected.push_str(&next[..end]);
                            break;
                        }
                        collected.push_str(next);
                    }
                    Cow::Owned(collected)
                }
            },
            None => Cow::Borrowed(value),
        };
        reader.apply(path, builder, Entry { tag, value, line, column: entry_column })?;
    }
    reader.finish(path, builder)
}

/// The element the next `SPDXID:` and element-specific tags apply to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Current {
    #[default]
    Document,
    Package,
    File,
    Other,
}

/// One `Tag: value` with where its value starts. The value is borrowed from the document
/// unless it is a `<text>` block over several lines.
struct Entry<'a> {
    tag: &'a str,
    value: Cow<'a, str>,
    line: usize,
    column: usize,
}

/// What the reader knows so far. A package goes to the graph as soon as the next element
/// begins; only the relationships (borrowed from the text) wait for the end.
#[derive(Default)]
struct Reader<'a> {
    loader: Loader,
    current: Current,
    /// The package being read, until the next element begins.
    package: Option<SpdxPackage>,
    /// The id of the file being read, likewise.
    file: Option<Cow<'a, str>>,
    version: Option<Cow<'a, str>>,
    doc_id: Option<Cow<'a, str>>,
    relationships: Vec<[Cow<'a, str>; 3]>,
}

impl<'a> Reader<'a> {
    /// Applies one tag.
    fn apply(&mut self, path: &str, builder: &mut GraphBuilder, entry: Entry<'a>) -> Result<(), InputError> {
        match entry.tag {
            "SPDXVersion" => {
                if !entry.value.starts_with("SPDX-2.") {
                    let mut err = common::unsupported_version(path, &entry.value);
                    err.line = Some(entry.line);
                    err.column = Some(entry.column);
                    return Err(err);
                }
                self.version = Some(entry.value);
            }
            "PackageName" => {
                self.begin(builder, Current::Package);
                self.package = Some(SpdxPackage {
                    name: Some(Text(entry.value.into_owned())),
                    ..SpdxPackage::default()
                });
            }
            "FileName" => self.begin(builder, Current::File),
            "SnippetSPDXID" => {
                self.begin(builder, Current::Other);
                self.loader.other(&entry.value);
            }
            "LicenseID" => self.begin(builder, Current::Other),
            "SPDXID" => match self.current {
                Current::Document => self.doc_id = Some(entry.value),
                Current::Package => {
                    if let Some(p) = &mut self.package {
                        p.spdx_id = Some(Text(entry.value.into_owned()));
                    }
                }
                Current::File => self.file = Some(entry.value),
                Current::Other => {}
            },
            "Relationship" => {
                // The parts of a value borrowed from the text borrow from it too.
                let parts = match &entry.value {
                    Cow::Borrowed(whole) => split3(whole).map(|p| p.map(Cow::Borrowed)),
                    Cow::Owned(whole) => split3(whole).map(|p| p.map(|s| Cow::Owned(s.to_string()))),
                };
                let Some(parts) = parts else {
                    return Err(malformed(path, &entry, "expected `Relationship: A TYPE B`"));
                };
                self.relationships.push(parts);
            }
            tag if self.current == Current::Package => {
                if let Some(p) = &mut self.package {
                    apply_package(path, p, tag, &entry)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Ends the element being read and begins one of the kind `next`.
    fn begin(&mut self, builder: &mut GraphBuilder, next: Current) {
        if let Some(p) = self.package.take() {
            self.loader.package(builder, p);
        }
        if let Some(id) = self.file.take() {
            self.loader.other(&id);
        }
        self.current = next;
    }

    /// Ends the last element and resolves the relationships.
    fn finish(mut self, path: &str, builder: &mut GraphBuilder) -> Result<InputInfo, InputError> {
        self.begin(builder, Current::Other);
        let links = self.relationships.iter().map(|[a, kind, b]| Link { from: Some(a), kind, to: Some(b) });
        self.loader.finish(
            path,
            builder,
            self.version.as_deref(),
            self.doc_id.as_deref(),
            std::iter::empty(),
            links,
        )
    }
}

/// The three whitespace-separated words of `A TYPE B`; `None` for any other count.
fn split3(value: &str) -> Option<[&str; 3]> {
    let mut words = value.split_whitespace();
    let parts = [words.next()?, words.next()?, words.next()?];
    words.next().is_none().then_some(parts)
}

/// 1-based character column of byte offset `at` in `line`.
fn column(line: &str, at: usize) -> usize {
    line.get(..at).map_or(1, |s| s.chars().count() + 1)
}

/// Applies a package-level tag to the package opened last.
fn apply_package(path: &str, p: &mut SpdxPackage, tag: &str, entry: &Entry) -> Result<(), InputError> {
    // Copied only for the tags that are kept.
    let value = || Some(Text(entry.value.to_string()));
    match tag {
        "PackageVersion" => p.version_info = value(),
        "PackageSupplier" => p.supplier = value(),
        "PackageOriginator" => p.originator = value(),
        "PackageDownloadLocation" => p.download_location = value(),
        "PackageHomePage" => p.homepage = value(),
        "PackageSummary" => p.summary = value(),
        "PackageDescription" => p.description = value(),
        "PackageLicenseDeclared" => p.license_declared = value(),
        "PackageLicenseConcluded" => p.license_concluded = value(),
        // `PackageChecksum: SHA256: 2c26…`; an unreadable one is left out, as in JSON.
        "PackageChecksum" => {
            if let Some((algorithm, digest)) = entry.value.split_once(':') {
                p.checksums.push(SpdxChecksum {
                    algorithm: Some(Text(algorithm.trim().to_string())),
                    checksum_value: Some(Text(digest.trim().to_string())),
                });
            }
        }
        "ExternalRef" => {
            let parts: Vec<&str> = entry.value.split_whitespace().collect();
            let [_category, ty, locator @ ..] = &parts[..] else {
                return Err(malformed(path, entry, "expected `ExternalRef: CATEGORY TYPE LOCATOR`"));
            };
            if locator.is_empty() {
                return Err(malformed(path, entry, "expected `ExternalRef: CATEGORY TYPE LOCATOR`"));
            }
            p.external_refs.push(ExternalRef {
                reference_type: Some(Text(ty.to_string())),
                reference_locator: Some(Text(locator.join(" "))),
            });
        }
        _ => {}
    }
    Ok(())
}

fn malformed(path: &str, entry: &Entry, expected: &str) -> InputError {
    InputError::at(path, entry.line, entry.column, format!("{expected}, found {:?}", entry.value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DepKind, Graph};

    fn read(text: &str) -> Result<Graph, InputError> {
        let mut b = GraphBuilder::new(true);
        read_tag_value("t.spdx", text, &mut b)?;
        Ok(b.finish())
    }

    const DOC: &str = "SPDXVersion: SPDX-2.2
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
# a comment: with a colon
SomeFutureTag: ignored
Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-app

PackageName: app
SPDXID: SPDXRef-app
PackageVersion: 2.0
PackageSupplier: Organization: ACME Inc. (contact@acme.example)
PackageLicenseDeclared: NOASSERTION
PackageLicenseConcluded: MIT
PackageDescription: <text>First line.
Second line: with a colon.
</text>
ExternalRef: PACKAGE-MANAGER purl pkg:cargo/app@2.0

FileName: ./app
SPDXID: SPDXRef-file
PackageVersion: 9.9

PackageName: lib
SPDXID: SPDXRef-lib
PackageSummary: <text>One line.</text>
PackageDownloadLocation: git+https://github.com/acme/lib.git

Relationship: SPDXRef-lib BUILD_DEPENDENCY_OF SPDXRef-app
Relationship: SPDXRef-file DEPENDS_ON SPDXRef-lib
Relationship: SPDXRef-app DEPENDS_ON DocumentRef-x:SPDXRef-y
";

    #[test]
    fn reads_packages_text_blocks_and_relationships() {
        let g = read(DOC).unwrap();
        assert_eq!(g.packages.len(), 2);
        let app = &g.packages[g.index_of("pkg:cargo/app@2.0").unwrap()];
        assert_eq!(app.version.as_deref(), Some("2.0"), "a file's tags must not reach the package");
        assert_eq!(app.license.as_deref(), Some("MIT"));
        assert_eq!(app.description.as_deref(), Some("First line.\nSecond line: with a colon."));
        assert_eq!(app.supplier.as_ref().and_then(|s| s.name.as_deref()), Some("ACME Inc."));
        let lib = &g.packages[g.index_of("lib").unwrap()];
        assert_eq!(lib.description.as_deref(), Some("One line."));
        assert_eq!(lib.repository.as_deref(), Some("https://github.com/acme/lib"));
        let edges: Vec<(&str, &str, DepKind)> = g
            .edges
            .iter()
            .map(|e| (g.packages[e.from].name.as_str(), g.packages[e.to].name.as_str(), e.kind))
            .collect();
        assert_eq!(edges, [("app", "lib", DepKind::Build)]);
        assert_eq!(g.roots, [g.index_of("pkg:cargo/app@2.0").unwrap()]);
        assert_eq!(
            g.warnings,
            ["t.spdx: relationships into other SPDX documents (DocumentRef-…) ignored: 1"]
        );
    }

    #[test]
    fn malformed_line_has_its_position() {
        let err = read("SPDXVersion: SPDX-2.3\nPackageName: x\n   no colon here\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(4)), "{err}");
        let err = read("SPDXVersion: SPDX-2.3\nnot a tag: x\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(1)), "{err}");
        let err = read("SPDXVersion: SPDX-2.3\nRelationship: SPDXRef-a DEPENDS_ON\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(15)), "{err}");
        assert_eq!(
            err.to_string(),
            "t.spdx:2:15: expected `Relationship: A TYPE B`, found \"SPDXRef-a DEPENDS_ON\""
        );
    }

    #[test]
    fn unterminated_text_points_at_its_start() {
        let err = read("SPDXVersion: SPDX-2.3\nPackageName: x\nPackageDescription:  <text>never\nclosed\n")
            .unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(22)), "{err}");
        assert!(err.message.contains("unterminated <text>"), "{err}");
    }

    #[test]
    fn unsupported_version_is_an_error_at_the_version() {
        let err = read("SPDXVersion: SPDX-1.2\nPackageName: x\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(1), Some(14)), "{err}");
        assert!(err.message.starts_with("unsupported SPDX version"), "{err}");
        let err = read("PackageName: x\n").unwrap_err();
        assert!(err.message.starts_with("unsupported SPDX version"), "{err}");
    }

    #[test]
    fn non_ascii_columns_count_characters() {
        let err = read("SPDXVersion: SPDX-2.3\nPackageName: é\nRelationship: é\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(15)), "{err}");
        assert!(read("SPDXVersion: SPDX-2.3\r\nPackageName: é\r\n").is_ok());
    }
}

//! SARIF 2.1.0 for code scanning (GitHub and other SARIF consumers).
//!
//! One rule per finding code, carrying the code's title, explanation and fix hint and tags;
//! one result per finding code and package name ([`results`]: the versions of a package
//! merged, at most [`results::MAX_RESULTS`] results, the most severe first, and the run's
//! `properties` say how many were left out), placed on the line that names the package (see
//! [`super::locate`]).
//!
//! **Fingerprints.** Code scanning keeps an alert across runs by matching fingerprints. When a
//! result has no `primaryLocationLineHash`, GitHub's upload action computes one from the
//! first 100 non-blank characters starting at the result's line, across line ends, so in a
//! `Cargo.lock` or an SBOM it takes in the version on the next line, and a version bump would
//! close the alert and open a new one. So we write both `partialFingerprints` ourselves, as the
//! same hash of what identifies the problem (code, ecosystem, namespace, package name): not
//! the version, the message or the line. The upload action keeps a value it finds (it logs a
//! warning for each result where its own hash differs).
//!
//! **Severity.** A result's `level` is its finding's severity as the policy set it, and its
//! `security-severity` the matching band of GitHub's scale (error 8.0 high, warning 5.0
//! medium, note 2.0 low). GitHub documents `security-severity` on rules; a rule's value is
//! that of its most severe result in the run (the code's default severity when it has none),
//! and each result carries its own too.
//!
//! The document is written with serde structs of our own (`sarif/shape.rs`). Messages carry input:
//! they are written as SARIF plain text, with no control character, placeholder or embedded
//! link (`message_text`).

pub mod results;
mod shape;

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::document::PackageReport;
use super::locate::{Locator, Place};
use super::{Report, Reporter};
use crate::policy::code::{Code, Severity};
use crate::terminal;
use results::{identity, Merged, Selection};
use shape::*;

/// The schema URI written in `$schema`.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of our partial fingerprint; the suffix is bumped only if the hashed fields change
/// (v2 added the namespace: `@types/node` and `node` were one alert).
pub const FINGERPRINT_KEY: &str = "cargoSovereign/v2";

/// Where the audited project's files are, to point results at them.
#[derive(Debug, Clone, Default)]
pub struct SarifContext {
    /// The Cargo workspace's folder (where Cargo.lock is looked for, then in the folders
    /// above). `None`: the folder of a `cargo metadata` input file, else the current folder.
    pub workspace_root: Option<PathBuf>,
    /// The policy file read, if any; findings without a package point at it.
    pub policy_file: Option<PathBuf>,
}

/// Writes SARIF.
#[derive(Debug, Clone, Default)]
pub struct Sarif {
    /// Where the project's files are.
    pub context: SarifContext,
}

impl Reporter for Sarif {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.log(report)).map_err(io::Error::from)?;
        out.write_all(b"\n")
    }
}

impl Sarif {
    fn log(&self, report: &Report) -> Log {
        let selection = results::select(report, results::MAX_RESULTS);
        let locator = Locator::new(
            report,
            self.context.workspace_root.as_deref(),
            self.context.policy_file.as_deref(),
            selection.results.iter().flat_map(|m| m.packages.iter().copied()),
        );
        let mut most_severe: BTreeMap<Code, Severity> = BTreeMap::new();
        for m in &selection.results {
            let s = most_severe.entry(m.code).or_insert(m.severity);
            *s = (*s).max(m.severity);
        }
        let rules: Vec<Rule> = Code::ALL
            .iter()
            .map(|&c| rule(c, most_severe.get(&c).copied().unwrap_or(c.default_severity())))
            .collect();
        let results = selection.results.iter().map(|m| result(m, &locator)).collect();
        Log {
            schema: SCHEMA,
            version: "2.1.0",
            runs: vec![Run {
                tool: Tool {
                    driver: Driver {
                        name: report.tool.name.clone(),
                        version: report.tool.version.clone(),
                        information_uri: env!("CARGO_PKG_REPOSITORY"),
                        rules,
                    },
                },
                column_kind: "utf16CodeUnits",
                results,
                properties: run_properties(&selection),
            }],
        }
    }
}

fn result(m: &Merged, locator: &Locator) -> SarifResult {
    let first = m.packages.first().copied();
    let print = fingerprint(m.code.as_str(), first);
    SarifResult {
        rule_id: m.code.as_str().to_string(),
        rule_index: Code::ALL.iter().position(|&c| c == m.code),
        level: level(m.severity),
        message: Text { text: message_text(&m.message()) },
        locations: locator.place(&m.packages).map(location).into_iter().collect(),
        partial_fingerprints: Fingerprints { primary_location_line_hash: print.clone(), v2: print },
        properties: ResultProperties {
            package: m.findings[0].package.clone(),
            packages: if m.packages.len() > 1 {
                m.packages.iter().map(|p| p.id.clone()).collect()
            } else {
                Vec::new()
            },
            security_severity: security_severity(m.severity),
        },
    }
}

/// The run's note when the cap left results out.
fn run_properties(selection: &Selection) -> Option<RunProperties> {
    let left_out = selection.left_out();
    (left_out > 0).then(|| RunProperties {
        results_total: selection.total,
        results_left_out: left_out,
        results_limit: results::MAX_RESULTS,
        note: format!(
            "{left_out} of {} results, the least severe and least depended-on, were left out to stay within GitHub code scanning's \
             limits (it shows at most {} results of a run); the JSON report (--format json) has every finding",
            selection.total,
            results::MAX_RESULTS
        ),
    })
}

/// GitHub's `security-severity` for a severity: a score in the band GitHub names high
/// (7.0–8.9), medium (4.0–6.9) or low (0.1–3.9).
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Note => "2.0",
    }
}

/// The rule of `code`; `severity` is its most severe result's in this run.
fn rule(code: Code, severity: Severity) -> Rule {
    Rule {
        id: code.as_str().to_string(),
        name: code.as_str().split('-').map(capitalised).collect(),
        short_description: Text { text: code.title().to_string() },
        full_description: Text { text: code.explanation().to_string() },
        help: Help {
            text: format!("{}\n\nFix: {}", code.explanation(), code.fix_hint()),
            markdown: format!("{}\n\n**Fix:** {}", code.explanation(), code.fix_hint()),
        },
        default_configuration: Configuration { level: level(code.default_severity()) },
        properties: RuleProperties {
            tags: vec!["sovereignty", "supply-chain", topic(code)],
            security_severity: security_severity(severity),
        },
    }
}

/// The third tag: what the rule is about.
fn topic(code: Code) -> &'static str {
    match code {
        Code::ProprietaryLicense
        | Code::SourceAvailableLicense
        | Code::NonCommercialLicense
        | Code::UnknownLicense
        | Code::CopyleftLicense
        | Code::LicenseChange => "license",
        Code::NonEuropeanSinglePoint | Code::EntityConcentration | Code::JurisdictionConcentration => {
            "jurisdiction"
        }
        Code::VendorLockIn => "vendor-lock-in",
        Code::PlatformBinding => "platform",
        Code::UnknownOrigin | Code::UnverifiedOrigin => "attribution",
        Code::SingleMaintainer => "maintenance",
        Code::GitSource => "provenance",
        Code::ExpiredException => "policy",
    }
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
}

/// A finding's message as SARIF plain text. The message carries input, and SARIF gives some
/// characters a meaning in message text: `{0}` is a placeholder, whose braces are written
/// `{{` and `}}` (§3.11.5), and `[text](1)` an embedded link, which code scanning turns into a
/// link, whose brackets and backslashes are escaped with a backslash (§3.11.6). Control
/// characters are first shown as on a terminal ([`terminal::escape`]), so the text holds none.
fn message_text(message: &str) -> String {
    let message = terminal::escape(message);
    let mut out = String::with_capacity(message.len());
    for c in message.chars() {
        match c {
            '{' => out.push_str("{{"),
            '}' => out.push_str("}}"),
            '\\' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The SARIF level of a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn location(place: Place) -> Location {
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri: uri(&place.path) },
            region: Region {
                start_line: place.start_line,
                start_column: place.start_column,
                end_line: place.end_line,
                end_column: place.end_column,
                snippet: Text { text: place.snippet },
            },
        },
    }
}

/// A path as a URI reference: relative paths stay relative (code scanning resolves them from
/// the repository root), with `/` separators; absolute ones become `file://` URIs.
pub fn uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = text.strip_prefix("./").unwrap_or(&text);
    let mut out = String::new();
    if path.is_absolute() {
        out.push_str(if text.starts_with('/') { "file://" } else { "file:///" });
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:@!$&'()*+,;=".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// FNV-1a, 64 bits, of code, ecosystem, namespace and package name, in lowercase hex.
pub fn fingerprint(code: &str, package: Option<&PackageReport>) -> String {
    let (ecosystem, namespace, name) = identity(package);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [code, ecosystem, namespace, name] {
        for b in part.bytes().chain([0u8]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_reference_values() {
        // Reference FNV-1a 64 values of the empty string and "a" (without our separators).
        let fnv = |s: &[u8]| {
            s.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
                (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
            })
        };
        assert_eq!(fnv(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fingerprint("git-source", None), format!("{:016x}", fnv(b"git-source\0\0\0\0")));
    }

    #[test]
    fn uris() {
        assert_eq!(uri(Path::new("./app/Cargo.toml")), "app/Cargo.toml");
        assert_eq!(uri(Path::new("/tmp/my bom.json")), "file:///tmp/my%20bom.json");
        assert_eq!(uri(Path::new("Cargo.lock")), "Cargo.lock");
    }

    #[test]
    fn message_text_has_no_placeholder_link_or_control() {
        assert_eq!(message_text("a [x](1) {0} b"), "a \\[x\\](1) {{0}} b");
        // ESC shown as `\u{1b}`; its backslash and braces then escaped for SARIF.
        assert_eq!(message_text("\u{1b}[2J"), "\\\\u{{1b}}\\[2J");
        assert_eq!(message_text("C:\\x"), "C:\\\\\\\\x");
    }

    #[test]
    fn rule_names_and_severities() {
        let r = rule(Code::NonEuropeanSinglePoint, Severity::Warning);
        assert_eq!(r.name, "NonEuropeanSinglePoint");
        // The policy's severity sets the score; the default level stays the code's.
        assert_eq!((r.properties.security_severity, r.default_configuration.level), ("5.0", "error"));
        assert_eq!(rule(Code::GitSource, Severity::Note).default_configuration.level, "note");
    }
}

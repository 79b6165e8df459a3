//! SARIF 2.1.0 for code scanning (GitHub and other SARIF consumers).
//!
//! One rule per finding code, carrying the code's title, explanation and fix hint, tags and a
//! `security-severity` (GitHub ranks alerts by it); one result per finding, placed on the text
//! that brings the package in (see [`super::locate`]). `partialFingerprints` hash only what
//! identifies the problem (code, package name, ecosystem) and not the version or the message,
//! so an alert survives a version bump and is closed when the problem goes away.
//!
//! The document is written with serde structs of our own: the subset of SARIF we produce is
//! small, and a test validates it against the official schema. Messages carry input: they are
//! written as SARIF plain text, with no control character, placeholder or embedded link
//! (`message_text`).

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::document::PackageReport;
use super::locate::{Locator, Place};
use super::{Report, Reporter};
use crate::policy::code::{Code, Severity};
use crate::terminal;

/// The schema URI written in `$schema`.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of our partial fingerprint; the suffix is bumped only if the hashed fields change.
pub const FINGERPRINT_KEY: &str = "cargoSovereign/v1";

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

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: String,
    version: String,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties>,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "cargoSovereign/v1")]
    v1: String,
}

#[derive(Serialize)]
struct ResultProperties {
    package: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    snippet: Text,
}

impl Sarif {
    fn log(&self, report: &Report) -> Log {
        let locator =
            Locator::new(report, self.context.workspace_root.as_deref(), self.context.policy_file.as_deref());
        let rules: Vec<Rule> = Code::ALL.iter().map(|&c| rule(c)).collect();
        let by_id: HashMap<&str, &PackageReport> =
            report.packages.iter().map(|p| (p.id.as_str(), p)).collect();
        let results = report
            .findings
            .iter()
            .map(|f| {
                let package = f.package.as_deref().and_then(|id| by_id.get(id).copied());
                SarifResult {
                    rule_id: f.code.as_str().to_string(),
                    rule_index: Code::ALL.iter().position(|&c| c == f.code),
                    level: level(f.severity),
                    message: Text { text: message_text(&f.message) },
                    locations: locator.place(package).map(location).into_iter().collect(),
                    partial_fingerprints: Fingerprints { v1: fingerprint(f.code.as_str(), package) },
                    properties: f.package.clone().map(|package| ResultProperties { package }),
                }
            })
            .collect();
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
            }],
        }
    }
}

fn rule(code: Code) -> Rule {
    let severity = code.default_severity();
    Rule {
        id: code.as_str().to_string(),
        name: code.as_str().split('-').map(capitalised).collect(),
        short_description: Text { text: code.title().to_string() },
        full_description: Text { text: code.explanation().to_string() },
        help: Help {
            text: format!("{}\n\nFix: {}", code.explanation(), code.fix_hint()),
            markdown: format!("{}\n\n**Fix:** {}", code.explanation(), code.fix_hint()),
        },
        default_configuration: Configuration { level: level(severity) },
        properties: RuleProperties {
            tags: vec!["sovereignty", "supply-chain", topic(code)],
            security_severity: match severity {
                Severity::Error => "7.0",
                Severity::Warning => "4.0",
                Severity::Note => "1.0",
            },
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

/// FNV-1a, 64 bits, of code, package name and ecosystem, in lowercase hex.
pub fn fingerprint(code: &str, package: Option<&PackageReport>) -> String {
    let (name, ecosystem) = package.map_or(("", ""), |p| (p.name.as_str(), p.ecosystem.as_str()));
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [code, name, ecosystem] {
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
        assert_eq!(fingerprint("git-source", None), format!("{:016x}", fnv(b"git-source\0\0\0")));
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
        let r = rule(Code::NonEuropeanSinglePoint);
        assert_eq!(r.name, "NonEuropeanSinglePoint");
        assert_eq!(r.properties.security_severity, "7.0");
        assert_eq!(rule(Code::GitSource).default_configuration.level, "note");
    }
}

//! The audited graph as an SPDX document: SPDX 2.3 JSON (`v2.rs`) or SPDX 3.0.1 JSON-LD
//! (`v3.rs`), for platforms and tools that take SPDX rather than CycloneDX.
//!
//! Each package carries its name, version, purl, licence (the normalised SPDX expression where
//! it is one, else `NOASSERTION`) and its supplier: the one the input named, else the
//! controlling organisation the audit found (never a person the knowledge base names). The
//! facts the CycloneDX output writes as `cargo-sovereign:*` properties ([`super::facts`]) are
//! written as annotations, one per package, one `name=value` line per fact.
//!
//! Same input, same bytes. SPDX demands a creation time, and a clock time would make every
//! run differ, so the time written is `SOURCE_DATE_EPOCH` when the caller sets it (the
//! reproducible-builds convention: the time of the last change of the sources), else the Unix
//! epoch, 1970-01-01T00:00:00Z, which stands for "not stated" and says so in the creation
//! comment. The document's namespace (2.3) and element ids (3.0) come from a SHA-256 of what
//! the document says, so two different documents never share one and the same one always
//! gets the same.

mod ids;
mod stream;
mod v2;
mod v3;

use std::collections::BTreeSet;
use std::io::{self, Write};

use ring::digest;

use super::document::PackageReport;
use super::{facts, Report, Reporter};
use crate::model::{EntityKind, PartyKind};
use crate::policy::date::Date;

/// The SPDX versions written, by the name `--spdx-version` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SpdxVersion {
    /// SPDX 2.3 JSON.
    #[default]
    V2_3,
    /// SPDX 3.0.1 JSON-LD.
    V3_0,
}

impl SpdxVersion {
    /// Every version with its `--spdx-version` name.
    pub const ALL: &'static [(&'static str, SpdxVersion)] =
        &[("2.3", SpdxVersion::V2_3), ("3.0", SpdxVersion::V3_0)];

    /// The version called `name`.
    pub fn from_name(name: &str) -> Option<SpdxVersion> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }
}

/// The creation time written into the document, in whole seconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Created(u64);

/// 9999-12-31T23:59:59Z: the last second with a four-digit year, as the SPDX date format has.
const LAST_SECOND: u64 = 253_402_300_799;

impl Created {
    /// A time from seconds since the epoch; `None` past the year 9999.
    pub fn from_epoch(seconds: u64) -> Option<Created> {
        (seconds <= LAST_SECOND).then_some(Created(seconds))
    }

    /// The time a `SOURCE_DATE_EPOCH` value names (decimal seconds); `None` when it names none.
    pub fn from_source_date_epoch(value: &str) -> Option<Created> {
        let value = value.trim();
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        value.parse().ok().and_then(Created::from_epoch)
    }

    /// Whether this is the epoch, which stands for a time not stated.
    fn is_epoch(self) -> bool {
        self.0 == 0
    }

    /// `YYYY-MM-DDThh:mm:ssZ`, the form both SPDX versions take.
    fn iso(self) -> String {
        let (days, secs) = (self.0 / 86_400, self.0 % 86_400);
        let date = Date::from_days_since_epoch(days as i64);
        format!("{date}T{:02}:{:02}:{:02}Z", secs / 3_600, secs / 60 % 60, secs % 60)
    }

    /// The creation comment: where the time comes from.
    fn comment(self) -> &'static str {
        if self.is_epoch() {
            "The creation time is not stated: the Unix epoch stands in for it, so that the same \
             audit gives the same document (set SOURCE_DATE_EPOCH to write a real one)."
        } else {
            "The creation time is SOURCE_DATE_EPOCH, the time of the last change of the sources."
        }
    }
}

/// What the SPDX output is asked to be.
#[derive(Debug, Clone, Copy, Default)]
pub struct SpdxOptions {
    /// Which SPDX version (`--spdx-version`).
    pub version: SpdxVersion,
    /// The creation time written.
    pub created: Created,
}

/// Writes the SPDX document.
pub struct Spdx {
    /// The version and the creation time.
    pub options: SpdxOptions,
}

impl Reporter for Spdx {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let licenses: Vec<Option<String>> = report.packages.iter().map(license).collect();
        let created = self.options.created;
        let doc = match self.options.version {
            SpdxVersion::V2_3 => v2::document(report, &licenses, created),
            SpdxVersion::V3_0 => v3::document(report, &licenses, created),
        };
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
        out.write_all(b"\n")
    }
}

/// `Tool: cargo-sovereign-<version>`'s identifier part.
fn tool_id(report: &Report) -> String {
    format!("{}-{}", report.tool.name, report.tool.version)
}

/// The document's name: what it describes (its first three roots and how many more).
fn document_name(report: &Report) -> String {
    let roots: Vec<&PackageReport> = report.packages.iter().filter(|p| p.root).collect();
    let mut names: Vec<String> = roots
        .iter()
        .take(3)
        .map(|p| match &p.version {
            Some(v) => format!("{}@{v}", p.name),
            None => p.name.clone(),
        })
        .collect();
    if roots.len() > 3 {
        names.push(format!("{} more", roots.len() - 3));
    }
    if names.is_empty() {
        "sbom".to_string()
    } else {
        names.join(", ")
    }
}

/// The ids of the packages the document describes: the roots; when the report has none, every
/// package nothing depends on (every package, when each one is depended on), as a document
/// must describe something.
fn described(report: &Report) -> Vec<&str> {
    let roots: Vec<&str> = report.packages.iter().filter(|p| p.root).map(|p| p.id.as_str()).collect();
    if !roots.is_empty() {
        return roots;
    }
    let depended: BTreeSet<&str> =
        report.packages.iter().flat_map(|p| p.dependencies.iter().map(String::as_str)).collect();
    let tops: Vec<&str> =
        report.packages.iter().map(|p| p.id.as_str()).filter(|id| !depended.contains(id)).collect();
    if tops.is_empty() {
        report.packages.iter().map(|p| p.id.as_str()).collect()
    } else {
        tops
    }
}

/// The document's namespace: a URI no other document has, the same for the same content.
fn namespace(report: &Report, licenses: &[Option<String>], version: SpdxVersion, created: Created) -> String {
    let name = ids::sanitise(&document_name(report));
    let name = if name.is_empty() { "sbom".to_string() } else { name };
    format!(
        "https://spdx.org/spdxdocs/cargo-sovereign/{name}-{}",
        content_hash(report, licenses, version, created)
    )
}

/// SHA-256 of what the document says, as 32 hex digits (128 bits): every field written is fed
/// in with its length, so that no two different contents run together into the same bytes.
fn content_hash(
    report: &Report,
    licenses: &[Option<String>],
    version: SpdxVersion,
    created: Created,
) -> String {
    let mut ctx = digest::Context::new(&digest::SHA256);
    let mut feed = |s: &str| {
        ctx.update(&(s.len() as u64).to_le_bytes());
        ctx.update(s.as_bytes());
    };
    feed(&tool_id(report));
    feed(match version {
        SpdxVersion::V2_3 => "2.3",
        SpdxVersion::V3_0 => "3.0",
    });
    feed(&created.iso());
    for (p, license) in report.packages.iter().zip(licenses) {
        feed(&p.id);
        feed(&p.name);
        feed(p.version.as_deref().unwrap_or("\0"));
        feed(p.purl.as_deref().unwrap_or("\0"));
        feed(if p.root { "root" } else { "" });
        feed(p.license.declared.as_deref().unwrap_or("\0"));
        feed(license.as_deref().unwrap_or_default());
        feed(&supplier(p).map(|s| s.v2()).unwrap_or_default());
        feed(&download_location(p).unwrap_or_default());
        feed(p.homepage.as_deref().map_or("\0", String::as_str));
        feed(p.description.as_deref().map_or("\0", String::as_str));
        feed(&annotation(p));
        for h in &p.hashes {
            feed(&h.algorithm);
            feed(&h.value);
        }
        for d in &p.dependencies {
            feed(d);
        }
        feed("\0");
    }
    let hash = ctx.finish();
    hash.as_ref()[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// A checksum algorithm as SPDX 3's `HashAlgorithm` vocabulary names it (`sha256`,
/// `sha3_256`, `blake2b256`), from its CycloneDX name; `None` for one it does not name.
fn algorithm_v3(cyclonedx: &str) -> Option<&'static str> {
    Some(match cyclonedx {
        "MD5" => "md5",
        "SHA-1" => "sha1",
        "SHA-256" => "sha256",
        "SHA-384" => "sha384",
        "SHA-512" => "sha512",
        "SHA3-256" => "sha3_256",
        "SHA3-384" => "sha3_384",
        "SHA3-512" => "sha3_512",
        "BLAKE2b-256" => "blake2b256",
        "BLAKE2b-384" => "blake2b384",
        "BLAKE2b-512" => "blake2b512",
        "BLAKE3" => "blake3",
        _ => return None,
    })
}

/// A checksum algorithm as SPDX 2.3 names it (`SHA256`), from its CycloneDX name (`SHA-256`);
/// `None` for one SPDX 2.3 does not name.
fn algorithm_v2(cyclonedx: &str) -> Option<&'static str> {
    Some(match cyclonedx {
        "MD5" => "MD5",
        "SHA-1" => "SHA1",
        "SHA-256" => "SHA256",
        "SHA-384" => "SHA384",
        "SHA-512" => "SHA512",
        "SHA3-256" => "SHA3-256",
        "SHA3-384" => "SHA3-384",
        "SHA3-512" => "SHA3-512",
        "BLAKE2b-256" => "BLAKE2b-256",
        "BLAKE2b-384" => "BLAKE2b-384",
        "BLAKE2b-512" => "BLAKE2b-512",
        "BLAKE3" => "BLAKE3",
        _ => return None,
    })
}

/// Who supplied a package, as far as the document can say.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Supplier {
    /// An organisation (or a person the input itself named).
    person: bool,
    /// The name.
    name: String,
    /// The e-mail address the input gave, if any.
    email: Option<String>,
}

impl Supplier {
    /// `Organization: ACME (info@acme.example)`, SPDX 2's agent syntax.
    fn v2(&self) -> String {
        let kind = if self.person { "Person" } else { "Organization" };
        let name = one_line(&self.name);
        match &self.email {
            Some(email) => format!("{kind}: {name} ({})", one_line(email)),
            None => format!("{kind}: {name}"),
        }
    }
}

/// The input's supplier when it named one; else the controlling entity when it is an
/// organisation (a company, a foundation, a public body, a university, a community).
fn supplier(p: &PackageReport) -> Option<Supplier> {
    if let Some(party) = p.supplier.as_deref() {
        let name = party.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        if let (Some(name), false) = (name, party.kind == PartyKind::Tool) {
            return Some(Supplier {
                person: party.kind == PartyKind::Person,
                name: name.to_string(),
                email: party.email.as_deref().map(str::trim).filter(|e| !e.is_empty()).map(str::to_string),
            });
        }
    }
    let origin = p.origin.as_ref()?;
    let organisation = matches!(
        origin.entity_kind,
        EntityKind::Company
            | EntityKind::Foundation
            | EntityKind::Community
            | EntityKind::Government
            | EntityKind::Academic
    );
    let name = origin.entity.as_deref().map(str::trim).filter(|n| !n.is_empty() && organisation)?;
    Some(Supplier { person: false, name: name.to_string(), email: None })
}

/// The package's licence as an SPDX expression both versions accept: the normalised
/// expression, when it parses strictly and names no other document and no addition of its
/// own (`AdditionRef-`, which SPDX 2.3 lacks).
fn license(p: &PackageReport) -> Option<String> {
    let text = p.license.expression.as_deref()?;
    let expr = spdx::Expression::parse(text).ok()?;
    let plain = expr.requirements().all(|r| {
        let own_ref = match &r.req.license {
            spdx::LicenseItem::Other(l) => l.doc_ref.is_none(),
            spdx::LicenseItem::Spdx { .. } => true,
        };
        own_ref && !matches!(r.req.addition, Some(spdx::AdditionItem::Other(_)))
    });
    plain.then(|| text.to_string())
}

/// The `LicenseRef-…` ids an expression uses.
fn license_refs(expression: &str) -> Vec<String> {
    let Ok(expr) = spdx::Expression::parse(expression) else { return Vec::new() };
    expr.requirements()
        .filter_map(|r| match &r.req.license {
            spdx::LicenseItem::Other(l) => Some(format!("LicenseRef-{}", l.lic_ref)),
            spdx::LicenseItem::Spdx { .. } => None,
        })
        .collect()
}

/// Where the package can be downloaded, when the audit knows: its git repository at the
/// revision, in SPDX's VCS form (`git+https://host/repo@rev`).
fn download_location(p: &PackageReport) -> Option<String> {
    match &p.source {
        crate::model::Source::Git { url, rev }
            if url.contains("://") && !url.chars().any(char::is_whitespace) =>
        {
            let url = url.strip_prefix("git+").unwrap_or(url);
            let rev = rev.as_deref().filter(|r| !r.is_empty() && !r.chars().any(char::is_whitespace));
            Some(match rev {
                Some(rev) => format!("git+{url}@{rev}"),
                None => format!("git+{url}"),
            })
        }
        _ => None,
    }
}

/// The facts as one text: one `cargo-sovereign:name=value` line per fact; a backslash, a line
/// break or a carriage return inside a value is written `\\`, `\n`, `\r`.
fn annotation(p: &PackageReport) -> String {
    facts::facts(p)
        .into_iter()
        .map(|(name, value)| {
            let value = value.replace('\\', "\\\\").replace('\n', "\\n").replace('\r', "\\r");
            format!("{}{name}={value}", facts::PREFIX)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text for a one-line field: control characters become spaces.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creation_times() {
        assert_eq!(Created::default().iso(), "1970-01-01T00:00:00Z");
        assert_eq!(Created::from_source_date_epoch("1700000000").unwrap().iso(), "2023-11-14T22:13:20Z");
        assert_eq!(Created::from_epoch(LAST_SECOND).unwrap().iso(), "9999-12-31T23:59:59Z");
        assert_eq!(Created::from_epoch(LAST_SECOND + 1), None);
        for bad in ["", "-1", "1e9", "12 34", "99999999999999999999999"] {
            assert_eq!(Created::from_source_date_epoch(bad), None, "{bad}");
        }
    }

    #[test]
    fn versions_by_name() {
        assert_eq!(SpdxVersion::from_name("3.0"), Some(SpdxVersion::V3_0));
        assert_eq!(SpdxVersion::from_name("2.2"), None);
    }
}

//! What the SPDX 2.x and 3.0 readers share: turning a package's facts into a [`Package`],
//! reading `Organization: ACME (info@acme.example)` party strings, and counting problems so
//! each kind is reported once.
//!
//! The three SPDX readers differ only in syntax (JSON or YAML, tag-value, JSON-LD); keeping the
//! mapping into the model here means a package reads the same whichever serialisation it came
//! in, which the corpus tests check on documents published in several forms.

use std::collections::BTreeMap;
use std::str::FromStr;

use packageurl::PackageUrl;

use crate::error::InputError;
use crate::input::purl;
use crate::model::GraphBuilder;
use crate::model::{Checksum, InputFormat, InputInfo, Package, PackageKind, Party, PartyKind, Source};

/// What an SPDX document says about one package, in any serialisation.
#[derive(Debug, Clone, Default)]
pub(super) struct PackageFacts {
    /// The document-local identifier (`SPDXRef-…` or an IRI), used when nothing better exists.
    pub spdx_id: String,
    /// `name` / `PackageName`.
    pub name: Option<String>,
    /// `versionInfo` / `PackageVersion` / `software_packageVersion`.
    pub version: Option<String>,
    /// Candidate package URLs in document order; the first valid one wins.
    pub purls: Vec<String>,
    /// `downloadLocation`, may be `NOASSERTION` or `NONE`.
    pub download_location: Option<String>,
    /// `homepage`.
    pub homepage: Option<String>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `licenseDeclared`, raw.
    pub license_declared: Option<String>,
    /// `licenseConcluded`, raw.
    pub license_concluded: Option<String>,
    /// `supplier`, already parsed.
    pub supplier: Option<Party>,
    /// `originator`, already parsed.
    pub originator: Option<Party>,
    /// Checksums, their algorithms named as CycloneDX names them.
    pub hashes: Vec<Checksum>,
    /// What the element's class says it is (SPDX 3.0 `ai_AIPackage` → model); library else.
    pub kind: PackageKind,
}

/// An SPDX checksum in the model's terms: the algorithms CycloneDX also names (`SHA256` →
/// `SHA-256`); `None` for the others (`MD2`, `ADLER32`, …) and for a digest that is no
/// hexadecimal.
pub(super) fn checksum(algorithm: &str, value: &str) -> Option<Checksum> {
    let algorithm = match algorithm.trim().to_ascii_uppercase().as_str() {
        "MD5" => "MD5",
        "SHA1" => "SHA-1",
        "SHA256" => "SHA-256",
        "SHA384" => "SHA-384",
        "SHA512" => "SHA-512",
        "SHA3-256" => "SHA3-256",
        "SHA3-384" => "SHA3-384",
        "SHA3-512" => "SHA3-512",
        "BLAKE2B-256" => "BLAKE2b-256",
        "BLAKE2B-384" => "BLAKE2b-384",
        "BLAKE2B-512" => "BLAKE2b-512",
        "BLAKE3" => "BLAKE3",
        _ => return None,
    };
    let value = value.trim();
    (!value.is_empty() && value.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| Checksum { algorithm: algorithm.to_string(), value: value.to_ascii_lowercase() })
}

/// A value that carries information: trimmed, not empty, not `NOASSERTION` or `NONE`.
pub(super) fn asserted(value: Option<&str>) -> Option<String> {
    let v = value?.trim();
    if v.is_empty() || v.eq_ignore_ascii_case("NOASSERTION") || v.eq_ignore_ascii_case("NONE") {
        None
    } else {
        Some(v.to_string())
    }
}

/// The licence to keep: the declared one unless it is absent or `NOASSERTION`, then the
/// concluded one. `NONE` is kept: it says the package has no licence, which is a fact.
fn choose_license(declared: Option<&str>, concluded: Option<&str>) -> Option<String> {
    let keep = |v: Option<&str>| {
        let v = v?.trim();
        (!v.is_empty() && !v.eq_ignore_ascii_case("NOASSERTION")).then(|| v.to_string())
    };
    keep(declared).or_else(|| keep(concluded))
}

/// Builds the model's package from SPDX facts; see the module docs for the identity rules. A
/// package whose package URLs are all invalid is noted in `problems`: it is read without one.
pub(super) fn build_package(facts: PackageFacts, problems: &mut Problems) -> Package {
    let purl = facts.purls.iter().map(|p| p.trim()).find(|p| purl::parse(p).is_some());
    if purl.is_none() && !facts.purls.is_empty() {
        problems.note(BAD_PURL);
    }
    let parts = purl.and_then(purl::parse);
    let name = asserted(facts.name.as_deref())
        .or_else(|| parts.as_ref().map(|p| p.name.clone()))
        .unwrap_or_else(|| facts.spdx_id.clone());
    let version =
        asserted(facts.version.as_deref()).or_else(|| parts.as_ref().and_then(|p| p.version.clone()));
    let id = match (purl, &version) {
        (Some(p), _) => p.to_string(),
        (None, Some(v)) => format!("{name}@{v}"),
        (None, None) => name.clone(),
    };
    let download = asserted(facts.download_location.as_deref());
    let source = match (purl, &parts) {
        (Some(p), Some(parts)) if !is_non_registry_type(&parts.ty) => registry_source(p),
        _ => download.as_deref().and_then(git_source).unwrap_or_default(),
    };
    Package {
        id,
        name,
        version,
        ecosystem: parts.as_ref().map_or_else(|| "generic".to_string(), |p| p.ty.clone()),
        kind: match (facts.kind, &parts) {
            (PackageKind::Library, Some(p)) => PackageKind::from_purl_type(&p.ty),
            (kind, _) => kind,
        },
        namespace: parts.as_ref().and_then(|p| p.namespace.clone()),
        purl: purl.map(str::to_string),
        source,
        license: choose_license(facts.license_declared.as_deref(), facts.license_concluded.as_deref()),
        authors: Vec::new(),
        supplier: facts.supplier.map(Box::new),
        manufacturer: facts.originator.map(Box::new),
        publisher: None,
        repository: download.as_deref().and_then(repository_url),
        homepage: asserted(facts.homepage.as_deref()),
        description: asserted(facts.summary.as_deref()).or_else(|| asserted(facts.description.as_deref())),
        properties: Vec::new(),
        hashes: facts.hashes,
    }
}

/// purl types that name a code host or nothing in particular rather than a package registry:
/// their source is taken from the download location instead.
fn is_non_registry_type(ty: &str) -> bool {
    matches!(ty, "generic" | "github" | "gitlab" | "bitbucket")
}

/// A registry source; the purl's `repository_url` qualifier names a non-default registry.
fn registry_source(purl: &str) -> Source {
    let url = PackageUrl::from_str(purl)
        .ok()
        .and_then(|p| p.qualifiers().get("repository_url").map(|u| u.to_string()));
    Source::Registry { default: url.is_none(), url }
}

/// Splits an SPDX VCS location (`git+https://host/repo.git@rev#sub/path`) into the URL
/// without `git+`, revision and sub-path, and the revision. `None` when it is not git.
fn git_source(location: &str) -> Option<Source> {
    let (url, rev) = split_vcs(location);
    let is_git = location.starts_with("git+") || location.starts_with("git://") || url.ends_with(".git");
    is_git.then(|| Source::Git { url: url.to_string(), rev: rev.map(str::to_string) })
}

/// `(url, rev)` of a location: drops a `vcs+` prefix and a `#sub/path`, splits `@rev` off the
/// path (an `@` in the user part, as in `git@github.com`, is not a revision, and neither is one
/// followed by more path, as in an npm `@scope/name`).
fn split_vcs(location: &str) -> (&str, Option<&str>) {
    let loc = location.trim();
    let loc = ["git+", "hg+", "svn+", "bzr+"].iter().find_map(|p| loc.strip_prefix(p)).unwrap_or(loc);
    let loc = loc.split('#').next().unwrap_or(loc);
    let path_start = loc.find("://").map_or(0, |i| i + 3);
    let path_start = loc[path_start..].find('/').map_or(loc.len(), |i| path_start + i);
    match loc[path_start..].rfind('@').filter(|&at| !loc[path_start + at..].contains('/')) {
        Some(at) => {
            let at = path_start + at;
            let rev = &loc[at + 1..];
            (&loc[..at], (!rev.is_empty()).then_some(rev))
        }
        None => (loc, None),
    }
}

/// Registry indexes hosted on code hosts: a download location there names the registry, not
/// the package's repository.
const REGISTRY_INDEX_REPOS: &[&str] = &["github.com/rust-lang/crates.io-index"];

/// The source repository a download location points into, when it is a VCS URL or a
/// code-host URL; code-host URLs are cut to `https://host/owner/repo`.
fn repository_url(location: &str) -> Option<String> {
    let loc = location.trim();
    let vcs = ["git+", "hg+", "svn+", "bzr+", "git://"].iter().any(|p| loc.starts_with(p));
    let (url, _) = split_vcs(loc);
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.rsplit_once('@').filter(|(user, _)| !user.contains('/')).map_or(rest, |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let code_host = ["github.com", "gitlab.com", "bitbucket.org", "codeberg.org"].contains(&host.as_str());
    if code_host {
        let path = path.split("/-/").next().unwrap_or(path);
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let keep = if host == "gitlab.com" { segments.len() } else { segments.len().min(2) };
        if keep < 2 {
            return None;
        }
        let repo = segments[..keep].join("/");
        let repo = repo.strip_suffix(".git").unwrap_or(&repo);
        let short = format!("{host}/{repo}");
        if REGISTRY_INDEX_REPOS.contains(&short.as_str()) {
            return None;
        }
        return Some(format!("https://{short}"));
    }
    (vcs || url.ends_with(".git")).then(|| url.to_string())
}

/// Parses an SPDX 2.x party: `Organization: ACME Inc. (contact@acme.example)`,
/// `Person: Jane Doe (jane@example.org)`, `Tool: builder-1.0`. `None` for `NOASSERTION`,
/// `NONE` or an empty value. Text without a known prefix is kept as a name of unspecified kind.
pub(super) fn parse_party(text: &str) -> Option<Party> {
    let text = asserted(Some(text))?;
    let (kind, rest) = match text.split_once(':') {
        Some((prefix, rest)) => match prefix.trim().to_ascii_lowercase().as_str() {
            "organization" | "organisation" => (PartyKind::Organization, rest.trim()),
            "person" => (PartyKind::Person, rest.trim()),
            "tool" => (PartyKind::Tool, rest.trim()),
            _ => (PartyKind::Unspecified, text.as_str()),
        },
        None => (PartyKind::Unspecified, text.as_str()),
    };
    let mut party = Party { kind, ..Party::default() };
    let mut name = rest;
    if let Some(inner) = rest.strip_suffix(')').and_then(|r| r.rfind('(').map(|i| (i, &r[i + 1..]))) {
        let (open, inner) = inner;
        let inner = inner.trim();
        if inner.is_empty() || inner.contains('@') || inner.starts_with("http") {
            name = rest[..open].trim();
            if inner.contains('@') {
                party.email = Some(inner.to_string());
            } else if !inner.is_empty() {
                party.url = Some(inner.to_string());
            }
        }
    }
    party.name = asserted(Some(name));
    (!party.is_empty()).then_some(party)
}

/// The problem [`build_package`] notes.
const BAD_PURL: &str = "packages whose package URL is not valid (read without one)";

/// Counts non-fatal problems by kind, so a document with a thousand dangling references gives
/// one warning, not a thousand.
#[derive(Debug, Default)]
pub(super) struct Problems {
    counts: BTreeMap<&'static str, usize>,
}

impl Problems {
    /// Records one occurrence of a kind of problem.
    pub(super) fn note(&mut self, kind: &'static str) {
        *self.counts.entry(kind).or_default() += 1;
    }

    /// Adds the counts of `other`.
    pub(super) fn merge(&mut self, other: Problems) {
        for (kind, count) in other.counts {
            *self.counts.entry(kind).or_default() += count;
        }
    }

    /// Emits one warning per kind: `path: kind: count`.
    pub(super) fn report(self, path: &str, builder: &mut GraphBuilder) {
        for (kind, count) in self.counts {
            builder.warn(format!("{path}: {kind}: {count}"));
        }
    }
}

/// The [`InputInfo`] every SPDX reader returns.
pub(super) fn info(path: &str, spec_version: Option<String>) -> InputInfo {
    InputInfo {
        format: InputFormat::Spdx,
        spec_version,
        path: (path != "<stdin>").then(|| path.to_string()),
        workspace_root: None,
        targets: Vec::new(),
        other_platforms: 0,
    }
}

/// The error for a version the readers do not understand.
pub(super) fn unsupported_version(path: &str, version: &str) -> InputError {
    InputError::new(path, format!("unsupported SPDX version {version:?} (supported: SPDX-2.x and SPDX 3.0)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_take_cyclonedx_names() {
        let c = checksum("SHA256", " ABCD ").unwrap();
        assert_eq!((c.algorithm.as_str(), c.value.as_str()), ("SHA-256", "abcd"));
        assert_eq!(checksum("blake2b-512", "00").unwrap().algorithm, "BLAKE2b-512");
        assert!(checksum("ADLER32", "00").is_none());
        assert!(checksum("SHA1", "not hex").is_none());
    }

    fn party(kind: PartyKind, name: Option<&str>, email: Option<&str>) -> Option<Party> {
        Some(Party {
            kind,
            name: name.map(str::to_string),
            email: email.map(str::to_string),
            ..Party::default()
        })
    }

    #[test]
    fn parses_parties() {
        assert_eq!(
            parse_party("Organization: ACME Inc. (contact@acme.com)"),
            party(PartyKind::Organization, Some("ACME Inc."), Some("contact@acme.com"))
        );
        assert_eq!(
            parse_party("Person: Jane (jane@x.org)"),
            party(PartyKind::Person, Some("Jane"), Some("jane@x.org"))
        );
        assert_eq!(parse_party("Tool: builder-1.2"), party(PartyKind::Tool, Some("builder-1.2"), None));
        assert_eq!(
            parse_party("Organization: ExampleCodeInspect ()"),
            party(PartyKind::Organization, Some("ExampleCodeInspect"), None)
        );
        assert_eq!(
            parse_party("Organization: Foo (Europe) Ltd"),
            party(PartyKind::Organization, Some("Foo (Europe) Ltd"), None)
        );
        assert_eq!(parse_party("Just A Name"), party(PartyKind::Unspecified, Some("Just A Name"), None));
        assert_eq!(parse_party("NOASSERTION"), None);
        assert_eq!(parse_party("  "), None);
        assert_eq!(parse_party("Person: NOASSERTION"), None);
    }

    #[test]
    fn git_locations() {
        assert_eq!(
            git_source("git+https://github.com/acme/widget.git@v1.2#sub/dir"),
            Some(Source::Git { url: "https://github.com/acme/widget.git".into(), rev: Some("v1.2".into()) })
        );
        assert_eq!(
            git_source("git+ssh://git@github.com/acme/widget.git"),
            Some(Source::Git { url: "ssh://git@github.com/acme/widget.git".into(), rev: None })
        );
        assert_eq!(
            git_source("git://rsc.io/quote@v1.5.2"),
            Some(Source::Git { url: "git://rsc.io/quote".into(), rev: Some("v1.5.2".into()) })
        );
        assert_eq!(git_source("https://example.com/widget-1.0.tar.gz"), None);
    }

    #[test]
    fn repositories() {
        assert_eq!(
            repository_url("https://github.com/act-project/App-BOM-ination/archive/refs/tags/1.0.zip")
                .as_deref(),
            Some("https://github.com/act-project/App-BOM-ination")
        );
        assert_eq!(
            repository_url("git+https://github.com/swinslow/spdx-examples.git#example6/content/build")
                .as_deref(),
            Some("https://github.com/swinslow/spdx-examples")
        );
        assert_eq!(
            repository_url("git+ssh://git@gitlab.com/g/sub/p.git").as_deref(),
            Some("https://gitlab.com/g/sub/p")
        );
        assert_eq!(repository_url("git://rsc.io/quote@v1.5.2").as_deref(), Some("git://rsc.io/quote"));
        assert_eq!(repository_url("https://github.com/rust-lang/crates.io-index"), None);
        assert_eq!(repository_url("http://ftp.gnu.org/gnu/glibc/glibc-ports-2.15.tar.gz"), None);
    }

    fn build(facts: PackageFacts) -> Package {
        build_package(facts, &mut Problems::default())
    }

    #[test]
    fn invalid_package_urls_are_counted() {
        let mut problems = Problems::default();
        let facts = |purls: &[&str]| PackageFacts {
            name: Some("a".into()),
            purls: purls.iter().map(|p| p.to_string()).collect(),
            ..PackageFacts::default()
        };
        let p = build_package(facts(&["pkg:é/a@1", "pkg:/a"]), &mut problems);
        assert_eq!((p.purl, p.ecosystem.as_str()), (None, "generic"));
        build_package(facts(&["pkg:é/a@1", "pkg:cargo/a@1"]), &mut problems);
        build_package(facts(&[]), &mut problems);
        assert_eq!(problems.counts.get(BAD_PURL), Some(&1));
    }

    #[test]
    fn identity_and_licence_rules() {
        let facts = PackageFacts {
            spdx_id: "SPDXRef-a".into(),
            name: Some("hyper".into()),
            version: Some("0.14".into()),
            purls: vec!["not a purl".into(), " pkg:cargo/hyper@0.14 ".into()],
            license_declared: Some("NOASSERTION".into()),
            license_concluded: Some("MIT".into()),
            ..PackageFacts::default()
        };
        let p = build(facts.clone());
        assert_eq!(p.id, "pkg:cargo/hyper@0.14");
        assert_eq!(p.ecosystem, "cargo");
        assert_eq!(p.license.as_deref(), Some("MIT"));
        assert_eq!(p.source, Source::Registry { url: None, default: true });

        let p = build(PackageFacts { purls: vec![], license_declared: Some("NONE".into()), ..facts.clone() });
        assert_eq!((p.id.as_str(), p.ecosystem.as_str()), ("hyper@0.14", "generic"));
        assert_eq!(p.license.as_deref(), Some("NONE"));
        assert_eq!(p.source, Source::Unknown);

        let p = build(PackageFacts { purls: vec![], version: None, ..facts.clone() });
        assert_eq!(p.id, "hyper");

        let p = build(PackageFacts {
            purls: vec!["pkg:cargo/hyper@0.14?repository_url=https://my.registry/index".into()],
            license_concluded: Some("NOASSERTION".into()),
            ..facts
        });
        assert_eq!(
            p.source,
            Source::Registry { url: Some("https://my.registry/index".into()), default: false }
        );
        assert_eq!(p.license, None);
    }
}

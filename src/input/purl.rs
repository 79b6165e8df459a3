//! Package URLs: reading the ecosystem, namespace, name and version out of a purl, and
//! building one from those facts. Parsing is the `packageurl` crate's.

use std::str::FromStr;

use packageurl::PackageUrl;

use crate::model::Source;

/// The parts of a purl the model keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurlParts {
    /// The purl type, lowercase (`cargo`, `npm`, `maven`, …).
    pub ty: String,
    /// The namespace (npm scope with its `@`, Maven group), if any.
    pub namespace: Option<String>,
    /// The name.
    pub name: String,
    /// The version, if any.
    pub version: Option<String>,
    /// Qualifiers, decoded, sorted by key.
    pub qualifiers: Vec<(String, String)>,
}

impl PurlParts {
    /// The value of qualifier `key`.
    pub fn qualifier(&self, key: &str) -> Option<&str> {
        self.qualifiers.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The source a purl implies: its registry, default unless `repository_url` says otherwise,
    /// or the git repository of a `vcs_url` qualifier.
    pub fn source(&self) -> Source {
        if let Some(url) = self.qualifier("repository_url") {
            return Source::Registry { url: Some(url.to_string()), default: false };
        }
        if let Some(vcs) = self.qualifier("vcs_url") {
            let vcs = vcs.strip_prefix("git+").unwrap_or(vcs);
            let (url, rev) = match vcs.rsplit_once('@') {
                Some((u, r)) if u.contains("://") => (u.to_string(), Some(r.to_string())),
                _ => (vcs.to_string(), None),
            };
            return Source::Git { url, rev };
        }
        Source::Registry { url: None, default: true }
    }
}

/// Parses a purl; `None` when it is not a valid package URL.
pub fn parse(purl: &str) -> Option<PurlParts> {
    let p = PackageUrl::from_str(purl.trim()).ok()?;
    Some(PurlParts {
        ty: p.ty().to_ascii_lowercase(),
        namespace: p.namespace().map(str::to_string),
        name: p.name().to_string(),
        version: p.version().map(str::to_string),
        qualifiers: {
            let mut q: Vec<(String, String)> =
                p.qualifiers().iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            q.sort();
            q
        },
    })
}

/// Builds a purl from its parts plus qualifiers (already sorted by key). `None` when the
/// parts cannot form a valid purl (for example an empty name).
pub fn build(
    ty: &str,
    namespace: Option<&str>,
    name: &str,
    version: Option<&str>,
    qualifiers: &[(&str, &str)],
) -> Option<String> {
    let mut p = PackageUrl::new(ty.to_string(), name.to_string()).ok()?;
    if let Some(ns) = namespace {
        p.with_namespace(ns.to_string()).ok()?;
    }
    if let Some(v) = version {
        p.with_version(v.to_string()).ok()?;
    }
    for (k, v) in qualifiers {
        p.add_qualifier(k.to_string(), v.to_string()).ok()?;
    }
    // The writer leaves some characters unescaped (a `/` in a version) that its own reader
    // then rejects or splits elsewhere: only a purl that reads back to these parts is given.
    let text = p.to_string();
    let back = parse(&text)?;
    (back.name == name && back.version.as_deref() == version).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_cargo() {
        let parts = parse("pkg:cargo/serde@1.0.200").unwrap();
        assert_eq!(parts.ty, "cargo");
        assert_eq!(parts.name, "serde");
        assert_eq!(parts.version.as_deref(), Some("1.0.200"));
        assert_eq!(build("cargo", None, "serde", Some("1.0.200"), &[]).unwrap(), "pkg:cargo/serde@1.0.200");
    }

    #[test]
    fn parts_that_would_not_read_back_build_nothing() {
        // Found by fuzzing: the `/` of this version was written raw and the result did not parse.
        assert_eq!(build("bazel", Some("rules"), "django", Some("1.11.1\nl=https://x/"), &[]), None);
        assert_eq!(
            build("generic", None, "x", Some("1.0+build.5"), &[]).as_deref(),
            Some("pkg:generic/x@1.0%2Bbuild.5")
        );
    }

    #[test]
    fn npm_scope_and_maven_group() {
        let npm = parse("pkg:npm/%40aws-sdk/client-s3@3.0.0").unwrap();
        assert_eq!(npm.namespace.as_deref(), Some("@aws-sdk"));
        assert_eq!(npm.name, "client-s3");
        let mvn = parse("pkg:maven/org.apache.commons/commons-io@2.6?type=jar").unwrap();
        assert_eq!(mvn.namespace.as_deref(), Some("org.apache.commons"));
    }

    #[test]
    fn purl_qualifiers_give_source() {
        let source = |p: &str| parse(p).unwrap().source();
        assert_eq!(
            source("pkg:cargo/x@1?repository_url=https://r.example/index"),
            Source::Registry { url: Some("https://r.example/index".into()), default: false }
        );
        assert_eq!(
            source("pkg:cargo/x@1?vcs_url=git%2Bhttps://g.example/x%40abc"),
            Source::Git { url: "https://g.example/x".into(), rev: Some("abc".into()) }
        );
        assert_eq!(source("pkg:cargo/x@1"), Source::Registry { url: None, default: true });
    }

    #[test]
    fn garbage_is_none() {
        assert!(parse("not a purl").is_none());
        assert!(parse("").is_none());
    }
}

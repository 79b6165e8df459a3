//! Package URLs: reading the ecosystem, namespace, name and version out of a purl, and
//! building one from those facts. Parsing is the `packageurl` crate's.

use std::str::FromStr;

use packageurl::PackageUrl;

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
}

/// Parses a purl; `None` when it is not a valid package URL.
pub fn parse(purl: &str) -> Option<PurlParts> {
    let p = PackageUrl::from_str(purl.trim()).ok()?;
    Some(PurlParts {
        ty: p.ty().to_ascii_lowercase(),
        namespace: p.namespace().map(str::to_string),
        name: p.name().to_string(),
        version: p.version().map(str::to_string),
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
    Some(p.to_string())
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
    fn npm_scope_and_maven_group() {
        let npm = parse("pkg:npm/%40aws-sdk/client-s3@3.0.0").unwrap();
        assert_eq!(npm.namespace.as_deref(), Some("@aws-sdk"));
        assert_eq!(npm.name, "client-s3");
        let mvn = parse("pkg:maven/org.apache.commons/commons-io@2.6?type=jar").unwrap();
        assert_eq!(mvn.namespace.as_deref(), Some("org.apache.commons"));
    }

    #[test]
    fn garbage_is_none() {
        assert!(parse("not a purl").is_none());
        assert!(parse("").is_none());
    }
}

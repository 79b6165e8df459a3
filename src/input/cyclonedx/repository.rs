//! The source repository of a component whose SBOM has no `vcs` reference. Generators file the
//! repository under other types: `cyclonedx-py` turns a Python package's `Project-URL: Source`
//! into an `other` reference and its home page, often the repository itself, into `website`; an
//! issue tracker's address names its repository too. Only addresses of a repository on a known
//! code host count, reduced to the repository (`https://github.com/redis/redis-py/issues` →
//! `https://github.com/redis/redis-py`); a sponsor page or any other site does not.

use super::bom::ExternalReference;
use crate::model::hosted;

/// First path segments on these hosts that are the host's own pages, not an owner.
const NOT_OWNERS: &[&str] =
    &["sponsors", "orgs", "apps", "marketplace", "features", "topics", "settings", "users", "explore"];

/// Reference types that may hold the repository, most telling first.
const TYPES: &[&str] = &["other", "website", "issue-tracker", "release-notes", "documentation"];

/// The repository the references name, when none is of type `vcs`.
pub fn from_references(references: &[ExternalReference]) -> Option<String> {
    TYPES.iter().find_map(|ty| {
        references
            .iter()
            .filter(|r| r.kind.as_deref() == Some(ty))
            .find_map(|r| r.url.as_deref().and_then(forge_repository))
    })
}

/// `https://host/owner/name` when `url` is a web address on a known code host and names a
/// repository.
fn forge_repository(url: &str) -> Option<String> {
    let web = url.trim().starts_with("https://") || url.trim().starts_with("http://");
    let r = hosted(url).filter(|_| web)?;
    let valid = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    if NOT_OWNERS.contains(&r.owner.to_ascii_lowercase().as_str()) || !valid(r.owner) || !valid(r.name) {
        return None;
    }
    Some(format!("https://{}/{}/{}", r.host, r.owner, r.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(kind: &str, url: &str) -> ExternalReference {
        ExternalReference { kind: Some(kind.into()), url: Some(url.into()) }
    }

    #[test]
    fn a_repository_filed_under_another_type_is_found() {
        let refs = [
            reference("documentation", "https://redis.readthedocs.io/en/latest/"),
            reference("issue-tracker", "https://github.com/redis/redis-py/issues"),
            reference("other", "https://github.com/sponsors/someone"),
            reference("website", "https://example.org"),
        ];
        assert_eq!(from_references(&refs).as_deref(), Some("https://github.com/redis/redis-py"));
        let refs =
            [reference("other", "https://github.com/psf/requests"), reference("website", "https://psf.org")];
        assert_eq!(from_references(&refs).as_deref(), Some("https://github.com/psf/requests"));
    }

    #[test]
    fn other_sites_and_host_pages_are_not_repositories() {
        for url in [
            "https://github.com/sponsors/someone",
            "https://github.com/pydantic",
            "https://pydantic.dev/docs",
            "https://git.example.org/a/b",
            "ftp://github.com/a/b",
            "https://github.com/a b/c",
        ] {
            assert_eq!(forge_repository(url), None, "{url}");
        }
    }
}

//! Reading a `kb lookup` query the way the audit reads package metadata: a URL or git address
//! as host and path, a package name as its ecosystem writes it.

/// The host and path of a URL or git address, with or without a scheme
/// (`https://github.com/aws/x`, `github.com/aws/x`, `git@github.com:aws/x.git` →
/// `github.com`, `aws/x…`). `None` when the text has no dotted host in front.
pub(super) fn url_host_path(q: &str) -> Option<(String, String)> {
    let (scheme, rest) = match q.split_once("://") {
        Some((_, rest)) => (true, rest),
        None => (false, q),
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let (host, path) = match authority.split_once(':') {
        // `host:path` is an scp-like git address; after a scheme, `host:port`.
        Some((host, first)) if !scheme && !first.is_empty() => (host, format!("{first}/{path}")),
        Some((host, _)) => (host, path.to_string()),
        None => (authority, path.to_string()),
    };
    host.contains('.').then(|| (host.to_ascii_lowercase(), path.trim_matches('/').to_string()))
}

/// A full package name split into the purl namespace and name, as the ecosystem writes it:
/// `@scope/name` (npm), `group:artifact` (Maven), `path/to/module` (Go, Composer, Swift).
pub(super) fn split_package<'a>(ecosystem: &str, full: &'a str) -> (Option<&'a str>, &'a str) {
    let split = match ecosystem {
        "npm" if full.starts_with('@') => full.split_once('/'),
        "maven" => full.rsplit_once(':'),
        "golang" | "composer" | "swift" => full.rsplit_once('/'),
        _ => None,
    };
    match split {
        Some((ns, name)) if !ns.is_empty() && !name.is_empty() => (Some(ns), name),
        _ => (None, full),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_split_as_each_ecosystem_writes_them() {
        assert_eq!(split_package("npm", "@aws-sdk/client-s3"), (Some("@aws-sdk"), "client-s3"));
        assert_eq!(split_package("npm", "left-pad"), (None, "left-pad"));
        assert_eq!(
            split_package("maven", "software.amazon.awssdk:s3"),
            (Some("software.amazon.awssdk"), "s3")
        );
        assert_eq!(
            split_package("golang", "cloud.google.com/go/storage"),
            (Some("cloud.google.com/go"), "storage")
        );
        assert_eq!(split_package("maven", ":s3"), (None, ":s3"));
        assert_eq!(split_package("cargo", "a/b"), (None, "a/b"));
    }

    #[test]
    fn urls_give_host_and_path() {
        let hp = |q: &str| url_host_path(q).map(|(h, p)| format!("{h} {p}"));
        assert_eq!(hp("https://GitHub.com/aws/x/"), Some("github.com aws/x".into()));
        assert_eq!(hp("git@gitlab.com:group/sub/repo.git"), Some("gitlab.com group/sub/repo.git".into()));
        assert_eq!(hp("ssh://git@codeberg.org:2222/a/b"), Some("codeberg.org a/b".into()));
        assert_eq!(hp("someone@amazon.com"), Some("amazon.com ".into()));
        assert_eq!(hp("@aws-sdk/client-s3"), None);
        assert_eq!(hp("aws"), None);
    }
}

//! Reading raw signals out of package metadata: the host and owner of a repository URL, the
//! domain of an e-mail address, the country-code top-level domain of a host.
//!
//! These are pure string functions (over the embedded domain lists of [`crate::kb::domains`]);
//! deciding what the signals mean is the resolver's job.

use crate::kb::domains::is_shared_host;

/// The host and first path segment (the owner) of a repository or home-page URL.
///
/// Accepts `https://github.com/owner/repo`, `git+https://…`, `git@github.com:owner/repo.git`,
/// `ssh://git@host/owner/repo`, `github.com/owner/repo`. Hosts are lowercased; `www.` dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoUrl {
    /// The host, lowercase, without `www.` or a port.
    pub host: String,
    /// The first path segment, if any (GitHub user or organisation, GitLab group).
    pub owner: Option<String>,
}

/// Parses a repository URL; `None` when there is no recognisable host.
pub fn parse_repo_url(url: &str) -> Option<RepoUrl> {
    let mut s = url.trim();
    s = s.strip_prefix("git+").unwrap_or(s);
    let rest = if let Some(i) = s.find("://") {
        &s[i + 3..]
    } else if let Some((user_host, path)) =
        s.split_once(':').filter(|(uh, _)| uh.contains('@') && !uh.contains('/'))
    {
        // scp-like syntax: git@github.com:owner/repo.git
        let host = user_host.rsplit('@').next().unwrap_or(user_host);
        return finish(host, path);
    } else {
        s
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = authority.rsplit('@').next().unwrap_or(authority);
    finish(host, path)
}

fn finish(host: &str, path: &str) -> Option<RepoUrl> {
    let host = host.split(':').next().unwrap_or(host).trim();
    let host = host
        .get(..4)
        .filter(|w| w.eq_ignore_ascii_case("www."))
        .map_or(host, |_| host.get(4..).unwrap_or(host));
    let host = host.to_ascii_lowercase();
    if host.is_empty() || !host.contains('.') || host.contains(char::is_whitespace) {
        return None;
    }
    let owner = path
        .split(['/', '?', '#'])
        .find(|seg| !seg.is_empty())
        .map(|seg| seg.trim_end_matches(".git").to_string())
        .filter(|seg| !seg.is_empty() && !seg.starts_with('~') || seg.len() > 1);
    Some(RepoUrl { host, owner })
}

/// The domain of an e-mail address, lowercase; `None` when it is not an address.
pub fn email_domain(email: &str) -> Option<String> {
    let email = email.trim().trim_start_matches('<').trim_end_matches('>');
    let (local, domain) = email.rsplit_once('@')?;
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    if local.is_empty() || !domain.contains('.') || domain.contains(char::is_whitespace) {
        return None;
    }
    Some(domain)
}

/// Top-level domains that look like country codes but are sold as generic names; they never
/// count as evidence of a country.
pub const GENERIC_LOOKING_TLDS: &[&str] = &[
    "io", "ai", "co", "me", "rs", "dev", "app", "tv", "cc", "ly", "sh", "gg", "to", "fm", "ws", "nu", "is",
    "la", "so", "xyz", "im", "sx", "vc", "gl", "ms", "st", "pw", "re", "tk", "ml", "ga", "cf", "gq", "bz",
    "ac",
];

/// The country a host's top-level domain names, as an upper-case ISO code (`.uk` → `GB`);
/// `None` for generic and generic-looking TLDs, and for a host at or under a hosting suffix or
/// a mail provider (`git.sr.ht` is no Haitian's, `gmx.se` no Swede's; see [`is_shared_host`]).
pub fn country_tld(host: &str) -> Option<String> {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let tld = host.rsplit('.').next()?;
    if tld.len() != 2 || !tld.chars().all(|c| c.is_ascii_lowercase()) || GENERIC_LOOKING_TLDS.contains(&tld) {
        return None;
    }
    // Looked up only for a country code: the lists are bisected label by label, a twentieth
    // of a 100,000-package audit when every host was looked up.
    if is_shared_host(&host) {
        return None;
    }
    Some(match tld {
        "uk" => "GB".to_string(),
        "eu" => return None,
        other => other.to_ascii_uppercase(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(url: &str) -> Option<(String, Option<String>)> {
        parse_repo_url(url).map(|r| (r.host, r.owner))
    }

    #[test]
    fn repository_urls() {
        let gh = Some(("github.com".to_string(), Some("aws".to_string())));
        assert_eq!(repo("https://github.com/aws/aws-sdk-rust"), gh);
        assert_eq!(repo("git+https://github.com/aws/aws-sdk-rust.git"), gh);
        assert_eq!(repo("git@github.com:aws/aws-sdk-rust.git"), gh);
        assert_eq!(repo("ssh://git@github.com/aws/aws-sdk-rust"), gh);
        assert_eq!(repo("github.com/aws/aws-sdk-rust"), gh);
        assert_eq!(repo("https://www.GitHub.com/aws"), gh);
        assert_eq!(
            repo("https://gitlab.com:443/group/sub/project"),
            Some(("gitlab.com".into(), Some("group".into())))
        );
        assert_eq!(repo("https://sr.ht/~sircmpwn/hare"), Some(("sr.ht".into(), Some("~sircmpwn".into()))));
        assert_eq!(repo("https://example.org"), Some(("example.org".into(), None)));
        assert_eq!(repo("not a url"), None);
        assert_eq!(repo(""), None);
    }

    #[test]
    fn email_domains() {
        assert_eq!(email_domain("jane@Amazon.com").as_deref(), Some("amazon.com"));
        assert_eq!(email_domain("<x@mail.example.de>").as_deref(), Some("mail.example.de"));
        assert_eq!(email_domain("no-at-sign"), None);
        assert_eq!(email_domain("@example.com"), None);
        assert_eq!(email_domain("x@localhost"), None);
    }

    #[test]
    fn country_tlds() {
        assert_eq!(country_tld("example.dk").as_deref(), Some("DK"));
        assert_eq!(country_tld("bbc.co.uk").as_deref(), Some("GB"));
        assert_eq!(country_tld("tokio.rs"), None);
        assert_eq!(country_tld("docs.rs"), None);
        assert_eq!(country_tld("example.io"), None);
        assert_eq!(country_tld("example.ai"), None);
        assert_eq!(country_tld("example.com"), None);
        assert_eq!(country_tld("europa.eu"), None);
        // Hosting domains and mail providers are their users', whatever their country code.
        for host in [
            "git.sr.ht",
            "sr.ht",
            "hg.sr.ht",
            "gmx.se",
            "posteo.de",
            "outlook.es",
            "live.com.au",
            "yandex.ru",
        ] {
            assert_eq!(country_tld(host), None, "{host}");
        }
        assert_eq!(country_tld("web.de"), None);
        assert_eq!(country_tld("Mail.Yandex.RU."), None);
        assert_eq!(country_tld("example.de").as_deref(), Some("DE"));
    }
}

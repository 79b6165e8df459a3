//! A repository on a code host whose paths are `owner/name/…` (GitHub, GitLab.com, Codeberg,
//! Bitbucket), read from any spelling of its URL. Two URLs with one host, owner and name are
//! one repository there; elsewhere (a Subversion tree, a self-hosted GitLab's nested groups)
//! the first two path segments can hold many projects of different makers, so nothing is read.

/// Code hosts whose paths begin `owner/name`.
pub const CODE_HOSTS: &[&str] = &["github.com", "gitlab.com", "codeberg.org", "bitbucket.org"];

/// A repository on one of [`CODE_HOSTS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostedRepository<'a> {
    /// The host, lower case, without `www.`.
    pub host: String,
    /// The owner, as written.
    pub owner: &'a str,
    /// The repository's name, as written, without `.git`.
    pub name: &'a str,
}

/// The repository `url` names on a known code host: with or without a scheme, `git+`, a user
/// (`git@github.com:owner/name.git`), `.git` or a path inside the repository.
pub fn hosted(url: &str) -> Option<HostedRepository<'_>> {
    let s = url.trim().trim_start_matches("git+");
    let s = s.split_once("://").map_or(s, |(_, rest)| rest);
    let s = s.rsplit_once('@').filter(|(user, _)| !user.contains('/')).map_or(s, |(_, rest)| rest);
    let mut parts = s.split(['/', ':', '?', '#']).filter(|p| !p.is_empty());
    let host = parts.next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let owner = parts.next()?;
    let name = parts.next()?;
    let name = name.strip_suffix(".git").unwrap_or(name);
    (CODE_HOSTS.contains(&host.as_str()) && !name.is_empty()).then_some(HostedRepository {
        host,
        owner,
        name,
    })
}

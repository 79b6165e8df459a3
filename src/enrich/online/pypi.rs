//! The Python Package Index's JSON API.
//!
//! `GET {base}/{name}/json` answers `{"info": {author, author_email, maintainer,
//! maintainer_email, home_page, project_urls}, …}`. E-mail fields may hold several
//! comma-separated addresses, with display names (`"A <a@x.org>, b@y.org"`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The public API's base URL.
pub const DEFAULT_BASE: &str = "https://pypi.org/pypi";
/// Cache source name.
pub const SOURCE: &str = "pypi";
/// The largest project answer read: it lists every file of every release, tens of MiB for
/// the largest projects.
pub const MAX_BODY: u64 = 64 << 20;

/// What we keep of a project.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// Author and maintainer e-mail addresses, sorted.
    pub emails: Vec<String>,
    /// Project URLs by label (`Source`, `Homepage`), the home page included.
    pub urls: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Wire {
    info: Info,
}

#[derive(Deserialize)]
struct Info {
    #[serde(default)]
    author_email: Option<String>,
    #[serde(default)]
    maintainer_email: Option<String>,
    #[serde(default)]
    home_page: Option<String>,
    #[serde(default)]
    project_urls: Option<BTreeMap<String, Option<String>>>,
}

/// The URL of `name`'s JSON document.
pub fn url(base: &str, name: &str) -> String {
    format!("{}/{}/json", base.trim_end_matches('/'), super::path_segment(name))
}

/// Reads the API's answer; `None` when it is not the documented shape.
pub fn parse(body: &[u8]) -> Option<Project> {
    let wire: Wire = serde_json::from_slice(body).ok()?;
    let mut emails = Vec::new();
    for field in [&wire.info.author_email, &wire.info.maintainer_email].into_iter().flatten() {
        for part in field.split(',') {
            let part = part.trim();
            let addr = match part.split_once('<') {
                Some((_, rest)) => rest.split('>').next().unwrap_or("").trim(),
                None => part,
            };
            if addr.contains('@') {
                emails.push(addr.to_string());
            }
        }
    }
    emails.sort();
    emails.dedup();
    let mut urls: BTreeMap<String, String> = wire
        .info
        .project_urls
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| v.filter(|v| !v.trim().is_empty()).map(|v| (k, v)))
        .collect();
    if let Some(h) = wire.info.home_page.filter(|h| !h.trim().is_empty()) {
        urls.entry("Homepage".to_string()).or_insert(h);
    }
    Some(Project { emails, urls })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_project() {
        let body = br#"{"info":{"author":"X","author_email":"Team <team@example.fr>, b@example.org","maintainer_email":"",
            "home_page":null,"project_urls":{"Source":"https://github.com/x/y","Docs":null}},"urls":[]}"#;
        let p = parse(body).unwrap();
        assert_eq!(p.emails, vec!["b@example.org".to_string(), "team@example.fr".to_string()]);
        assert_eq!(p.urls.get("Source").map(String::as_str), Some("https://github.com/x/y"));
        assert!(parse(br#"{"message":"Not Found"}"#).is_none());
    }
}

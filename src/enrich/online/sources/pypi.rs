//! The Python Package Index's JSON API.
//!
//! `GET {base}/{name}/json` answers `{"info": {author, author_email, maintainer,
//! maintainer_email, home_page, project_urls}, …}`. E-mail fields may hold several
//! comma-separated addresses, with display names (`"A <a@x.org>, b@y.org"`).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::enrich::online::github::{github_owner, Accounts};
use crate::enrich::online::rows::Rows;
use crate::enrich::online::source::{path_segment, Source};
use crate::model::Package;

/// The Python Package Index's project of each Python package.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pypi;

/// What we keep of a project.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// Author and maintainer e-mail addresses, sorted.
    pub emails: Vec<String>,
    /// Project URLs by label (`Source`, `Homepage`), the home page included.
    pub urls: BTreeMap<String, String>,
}

impl Source for Pypi {
    type Answer = Project;
    const NAME: &'static str = "pypi";
    const LABEL: &'static str = "PyPI projects";
    const DEFAULT_BASE: &'static str = "https://pypi.org/pypi";
    /// The answer lists every file of every release, tens of MiB for the largest projects.
    const MAX_BODY: u64 = 64 << 20;

    /// Python packages, by their name in lower case.
    fn key<'p>(&self, p: &'p Package) -> Option<Cow<'p, str>> {
        if p.ecosystem != "pypi" {
            return None;
        }
        Some(if p.name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(p.name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(p.name.as_str())
        })
    }

    fn url(&self, base: &str, name: &str) -> String {
        format!("{}/{}/json", base.trim_end_matches('/'), path_segment(name))
    }

    fn parse(&self, body: &[u8]) -> Option<Project> {
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

    /// The authors' and maintainers' e-mail domains; the repository among the project's URLs
    /// (one labelled as the source, else any on github.com), when the package's own metadata
    /// names none.
    fn evidence(&self, p: &Package, doc: &Project, rows: &mut Rows) {
        for e in &doc.emails {
            rows.email(Some(e), "PyPI author or maintainer");
        }
        if p.repository.is_none() {
            let url = doc
                .urls
                .iter()
                .find(|(k, v)| {
                    let k = k.to_ascii_lowercase();
                    (k.contains("source") || k.contains("repository") || k.contains("code"))
                        && github_owner(v).is_some()
                })
                .or_else(|| doc.urls.iter().find(|(_, v)| github_owner(v).is_some()))
                .map(|(_, v)| v.as_str());
            rows.repository(url, "PyPI");
        }
    }

    fn accounts(&self, doc: &Project, accounts: &mut Accounts) {
        for url in doc.urls.values() {
            accounts.repository(url);
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_project() {
        let body = br#"{"info":{"author":"X","author_email":"Team <team@example.fr>, b@example.org","maintainer_email":"",
            "home_page":null,"project_urls":{"Source":"https://github.com/x/y","Docs":null}},"urls":[]}"#;
        let p = Pypi.parse(body).unwrap();
        assert_eq!(p.emails, vec!["b@example.org".to_string(), "team@example.fr".to_string()]);
        assert_eq!(p.urls.get("Source").map(String::as_str), Some("https://github.com/x/y"));
        assert!(Pypi.parse(br#"{"message":"Not Found"}"#).is_none());
    }
}

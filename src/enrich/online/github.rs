//! GitHub's REST API: the public profile of a user or organisation.
//!
//! `GET {base}/users/{login}` and `GET {base}/orgs/{org}` answer with `login`, `type`
//! (`User` / `Organization`), `name`, `company`, `blog`, `location` and `email` (free text,
//! each possibly `null`). Only those fields are kept. Profiles are asked per account, not per
//! package: the registry sources name the accounts ([`Accounts`]), and the second phase of the
//! online stage asks for each once.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::http::path_segment;
use crate::enrich::signals::parse_repo_url;
use crate::kb::base::Kb;

/// The public API's base URL.
pub const DEFAULT_BASE: &str = "https://api.github.com";
/// Cache source name, and the name of its base in [`Bases`](super::Bases).
pub const NAME: &str = "github";
/// What warnings and progress call it.
pub const LABEL: &str = "GitHub profiles";
/// The largest profile read: a profile is about 1.5 KiB.
pub const MAX_BODY: u64 = 1 << 20;

/// What a GitHub profile says about its owner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The login.
    pub login: String,
    /// `User` or `Organization`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Free-text company (`@aws`, `Ferrous Systems`).
    #[serde(default)]
    pub company: Option<String>,
    /// Web site.
    #[serde(default)]
    pub blog: Option<String>,
    /// Free-text location (`Berlin, Germany`).
    #[serde(default)]
    pub location: Option<String>,
    /// Public e-mail address.
    #[serde(default)]
    pub email: Option<String>,
}

impl Profile {
    /// True for an organisation account.
    pub fn is_organization(&self) -> bool {
        self.kind.as_deref() == Some("Organization")
    }
}

/// What to ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Account {
    /// `/users/{login}`: works for users and organisations alike.
    User,
    /// `/orgs/{org}`.
    Org,
}

/// The cache key and URL path of an account.
pub fn key(account: Account, login: &str) -> String {
    match account {
        Account::User => format!("users/{}", login.to_ascii_lowercase()),
        Account::Org => format!("orgs/{}", login.to_ascii_lowercase()),
    }
}

/// The URL for an account.
pub fn url(base: &str, account: Account, login: &str) -> String {
    let kind = match account {
        Account::User => "users",
        Account::Org => "orgs",
    };
    format!("{}/{kind}/{}", base.trim_end_matches('/'), path_segment(login))
}

/// Reads the API's answer; `None` when it is not the documented shape.
pub fn parse(body: &[u8]) -> Option<Profile> {
    let mut p: Profile = serde_json::from_slice(body).ok()?;
    let clean = |v: &mut Option<String>| {
        if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
            *v = None;
        }
    };
    for v in [&mut p.name, &mut p.company, &mut p.blog, &mut p.location, &mut p.email] {
        clean(v);
    }
    (!p.login.is_empty()).then_some(p)
}

/// A GitHub login is 1–39 ASCII letters, digits and single hyphens.
pub fn is_login(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 39
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !s.starts_with('-')
}

/// The GitHub owner of a repository URL, when it is on github.com.
pub fn github_owner(url: &str) -> Option<String> {
    let repo = parse_repo_url(url)?;
    (repo.host == "github.com").then_some(repo.owner?).filter(|o| is_login(o))
}

/// The GitHub accounts worth asking about, as the answers and the packages name them: each
/// once, by its lowercased login; accounts the knowledge base knows are left out (it already
/// says who they are).
pub struct Accounts<'a> {
    kb: &'a Kb,
    found: BTreeSet<(Account, String)>,
}

impl<'a> Accounts<'a> {
    /// None yet.
    pub fn new(kb: &'a Kb) -> Self {
        Accounts { kb, found: BTreeSet::new() }
    }

    /// A user's account (an organisation's too: `/users/` answers for both).
    pub fn user(&mut self, login: &str) {
        self.add(Account::User, login);
    }

    /// An organisation's account.
    pub fn org(&mut self, login: &str) {
        self.add(Account::Org, login);
    }

    /// The owner of a repository on github.com.
    pub fn repository(&mut self, url: &str) {
        if let Some(owner) = github_owner(url) {
            self.user(&owner);
        }
    }

    fn add(&mut self, account: Account, login: &str) {
        if is_login(login) && self.kb.orgs.by_github(login).is_none() {
            self.found.insert((account, login.to_ascii_lowercase()));
        }
    }

    /// The accounts, sorted; an organisation asked for by `/orgs/` is not asked for again by
    /// `/users/`.
    pub fn into_list(self) -> Vec<(Account, String)> {
        let orgs: BTreeSet<String> =
            self.found.iter().filter(|(a, _)| *a == Account::Org).map(|(_, l)| l.clone()).collect();
        self.found.into_iter().filter(|(a, l)| *a == Account::Org || !orgs.contains(l)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_user() {
        let body = br#"{"login":"octo","id":1,"type":"User","name":"Octo","company":"@acme ",
            "blog":"","location":"Lyon, France","email":null,"hireable":null,"public_repos":3}"#;
        let p = parse(body).unwrap();
        assert_eq!(p.location.as_deref(), Some("Lyon, France"));
        assert_eq!(p.blog, None);
        assert!(!p.is_organization());
        assert!(parse(br#"{"message":"Not Found"}"#).is_none());
        assert_eq!(url("http://h/", Account::Org, "rust-lang"), "http://h/orgs/rust-lang");
        assert!(is_login("rust-lang") && !is_login("a/b") && !is_login(""));
    }
}

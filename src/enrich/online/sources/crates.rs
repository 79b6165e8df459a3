//! The Rust registry's web API: who may publish a crate.
//!
//! `GET {base}/crates/{name}/owners` answers `{"users": [{"id", "login", "kind", "url", "name",
//! "avatar"}]}` with users (`kind: "user"`, `login` = GitHub login) and teams (`kind: "team"`,
//! `login` = `github:<org>:<team>`) in one list: one request per crate instead of the two of
//! `owner_user` and `owner_team`, which matters at one request per second (its rule).

use std::borrow::Cow;

use serde::Deserialize;

use crate::enrich::online::github::Accounts;
use crate::enrich::online::options::OnlineOptions;
use crate::enrich::online::rows::{row, Rows};
use crate::enrich::online::source::{path_segment, Pacing, Source};
use crate::model::{Evidence, Owner, OwnerKind, Package, Signal};

/// The Rust registry's owners of each crate it publishes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Crates;

/// Where a row says it comes from.
const OWNER_LIST: &str = "the Rust registry's owner list";

impl Source for Crates {
    type Answer = Vec<Owner>;
    const NAME: &'static str = "crates";
    const LABEL: &'static str = "registry owners";
    const DEFAULT_BASE: &'static str = "https://crates.io/api/v1";
    /// A crate has a handful of owners, a few hundred bytes each.
    const MAX_BODY: u64 = 4 << 20;

    /// Crates of the Rust registry itself (not of a mirror, git or a path), by name.
    fn key<'p>(&self, p: &'p Package) -> Option<Cow<'p, str>> {
        let public = matches!(p.source, crate::model::Source::Registry { default: true, .. });
        (p.ecosystem == "cargo" && public).then_some(Cow::Borrowed(p.name.as_str()))
    }

    fn url(&self, base: &str, name: &str) -> String {
        format!("{}/crates/{}/owners", base.trim_end_matches('/'), path_segment(name))
    }

    /// One request at a time, `crates_interval` apart (one second on the public registry).
    fn pacing(&self, opts: &OnlineOptions) -> Pacing {
        Pacing::Serial(opts.crates_interval)
    }

    fn parse(&self, body: &[u8]) -> Option<Vec<Owner>> {
        let wire: Wire = serde_json::from_slice(body).ok()?;
        let mut owners: Vec<Owner> = wire
            .users
            .into_iter()
            .filter(|u| !u.login.trim().is_empty())
            .map(|u| {
                let team = u.kind.as_deref() == Some("team") || u.login.starts_with("github:");
                Owner { kind: if team { OwnerKind::Team } else { OwnerKind::User }, login: u.login }
            })
            .collect();
        owners.sort();
        owners.dedup();
        Some(owners)
    }

    fn evidence(&self, _: &Package, owners: &Vec<Owner>, rows: &mut Rows) {
        for o in owners {
            match o.team_org() {
                Some(org_login) => team(o, org_login, rows),
                None => user(&o.login, rows),
            }
        }
        rows.owners(owners.clone());
    }

    fn accounts(&self, owners: &Vec<Owner>, accounts: &mut Accounts) {
        for o in owners {
            match o.team_org() {
                Some(org) => accounts.org(org),
                None => accounts.user(&o.login),
            }
        }
    }
}

/// A team of the GitHub organisation `org_login` can publish: the organisation, from the
/// knowledge base or its profile.
fn team(o: &Owner, org_login: &str, rows: &mut Rows) {
    let value = format!("owner team `{}`", o.login);
    if let Some(org) = rows.kb().orgs.by_github(org_login) {
        rows.org(Signal::RegistryTeam, value, org, None);
        return;
    }
    let profile = rows.profile(org_login);
    let country = profile.and_then(|p| rows.located(p)).map(|(c, _)| c);
    let claim = format!("the GitHub organisation `{org_login}` can publish new versions");
    let entity = rows.claim(&o.login).map(|_| org_login.to_string());
    let source = Some(OWNER_LIST.into());
    rows.push(Evidence { entity, country, source, ..row(Signal::RegistryTeam, value, claim) });
    if let Some(profile) = profile {
        rows.profile_rows(org_login, profile, Some(org_login.to_string()));
    }
}

/// The account `login` can publish: a person, unless its profile says it is an organisation.
fn user(login: &str, rows: &mut Rows) {
    let profile = rows.profile(login);
    if !profile.is_some_and(|p| p.is_organization()) {
        rows.individual(login);
    }
    let entity = rows.claim(login);
    rows.publisher(login, format!("registry owner `{login}`"), OWNER_LIST, entity.clone());
    if let Some(profile) = profile {
        rows.profile_rows(login, profile, entity);
    }
}

#[derive(Deserialize)]
struct Wire {
    users: Vec<WireOwner>,
}

#[derive(Deserialize)]
struct WireOwner {
    login: String,
    #[serde(default)]
    kind: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_users_and_teams() {
        let body = br#"{"users":[
            {"id":3,"login":"github:tokio-rs:core","kind":"team","url":"https://github.com/tokio-rs","name":"Core","avatar":null},
            {"id":1,"login":"someone","kind":"user","url":"https://github.com/someone","name":"Some One","avatar":"x"}]}"#;
        let owners = Crates.parse(body).unwrap();
        assert_eq!(owners.len(), 2);
        assert_eq!(owners[0], Owner { kind: OwnerKind::User, login: "someone".into() });
        assert_eq!(owners[1].team_org(), Some("tokio-rs"));
        assert!(Crates.parse(b"{\"users\": 3}").is_none());
        assert!(Crates.parse(b"{\"use").is_none());
        assert_eq!(Crates.url("http://h/api/v1/", "serde_json"), "http://h/api/v1/crates/serde_json/owners");
    }
}

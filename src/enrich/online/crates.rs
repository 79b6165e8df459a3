//! The Rust registry's web API: who may publish a crate.
//!
//! `GET {base}/crates/{name}/owners` answers `{"users": [{"id", "login", "kind", "url", "name",
//! "avatar"}]}` with users (`kind: "user"`, `login` = GitHub login) and teams (`kind: "team"`,
//! `login` = `github:<org>:<team>`) in one list: one request per crate instead of the two of
//! `owner_user` and `owner_team`, which matters at one request per second.

use serde::Deserialize;

use crate::model::{Owner, OwnerKind};

/// The public API's base URL.
pub const DEFAULT_BASE: &str = "https://crates.io/api/v1";
/// Cache source name.
pub const SOURCE: &str = "crates";
/// The largest owners answer read: a crate has a handful of owners, a few hundred bytes each.
pub const MAX_BODY: u64 = 4 << 20;

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

/// The URL asking for `name`'s owners.
pub fn url(base: &str, name: &str) -> String {
    format!("{}/crates/{}/owners", base.trim_end_matches('/'), super::path_segment(name))
}

/// Reads the API's answer; `None` when it is not the documented shape.
pub fn parse(body: &[u8]) -> Option<Vec<Owner>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_users_and_teams() {
        let body = br#"{"users":[
            {"id":3,"login":"github:tokio-rs:core","kind":"team","url":"https://github.com/tokio-rs","name":"Core","avatar":null},
            {"id":1,"login":"someone","kind":"user","url":"https://github.com/someone","name":"Some One","avatar":"x"}]}"#;
        let owners = parse(body).unwrap();
        assert_eq!(owners.len(), 2);
        assert_eq!(owners[0], Owner { kind: OwnerKind::User, login: "someone".into() });
        assert_eq!(owners[1].team_org(), Some("tokio-rs"));
        assert!(parse(b"{\"users\": 3}").is_none());
        assert!(parse(b"{\"use").is_none());
        assert_eq!(url("http://h/api/v1/", "serde_json"), "http://h/api/v1/crates/serde_json/owners");
    }
}

//! The npm registry: a package's packument.
//!
//! `GET {base}/{name}` (a scoped name's `/` escaped as `%2F`) answers with `maintainers`
//! (`[{name, email}]`), `author` (an object or a `"Name <mail> (url)"` string) and
//! `repository` (an object with `url`, or a string). Only those are kept: packuments of
//! popular packages run to megabytes of version history we do not need.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::enrich::online::github::Accounts;
use crate::enrich::online::rows::Rows;
use crate::enrich::online::source::{path_segment, Source};
use crate::model::{Owner, OwnerKind, Package};

/// The npm registry's packument of each npm package.
#[derive(Debug, Clone, Copy, Default)]
pub struct Npm;

/// A maintainer or author as the packument names them.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Person {
    /// Name (for maintainers: the npm user name).
    pub name: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
}

/// What we keep of a packument.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Packument {
    /// Accounts that may publish, sorted.
    pub maintainers: Vec<Person>,
    /// The author.
    pub author: Option<Person>,
    /// The repository URL.
    pub repository: Option<String>,
}

impl Source for Npm {
    type Answer = Packument;
    const NAME: &'static str = "npm";
    const LABEL: &'static str = "npm packuments";
    const DEFAULT_BASE: &'static str = "https://registry.npmjs.org";
    /// The full document of a package with thousands of versions is legitimately tens of MiB.
    const MAX_BODY: u64 = 64 << 20;

    /// npm packages, by their name with its scope: `@scope/name`.
    fn key<'p>(&self, p: &'p Package) -> Option<Cow<'p, str>> {
        if p.ecosystem != "npm" {
            return None;
        }
        Some(match p.namespace.as_deref().filter(|n| !n.is_empty()) {
            Some(ns) if ns.starts_with('@') => Cow::Owned(format!("{ns}/{}", p.name)),
            Some(ns) => Cow::Owned(format!("@{ns}/{}", p.name)),
            None => Cow::Borrowed(p.name.as_str()),
        })
    }

    /// `@scope/name` keeps its `@` and escapes the `/`.
    fn url(&self, base: &str, name: &str) -> String {
        let escaped = match name.strip_prefix('@').and_then(|s| s.split_once('/')) {
            Some((scope, rest)) => format!("@{}%2F{}", path_segment(scope), path_segment(rest)),
            None => path_segment(name),
        };
        format!("{}/{escaped}", base.trim_end_matches('/'))
    }

    /// `None` when it is not a JSON object.
    fn parse(&self, body: &[u8]) -> Option<Packument> {
        let v: Value = serde_json::from_slice(body).ok()?;
        let o = v.as_object()?;
        let mut maintainers: Vec<Person> =
            o.get("maintainers").and_then(Value::as_array).into_iter().flatten().filter_map(person).collect();
        maintainers.sort();
        maintainers.dedup();
        let repository = match o.get("repository") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Object(r)) => r.get("url").and_then(Value::as_str).map(str::to_string),
            _ => None,
        };
        Some(Packument { maintainers, author: o.get("author").and_then(person), repository })
    }

    /// Maintainers can publish; their and the author's e-mail domains; the repository, when
    /// the package's own metadata names none.
    fn evidence(&self, p: &Package, doc: &Packument, rows: &mut Rows) {
        let mut owners = Vec::new();
        for m in &doc.maintainers {
            if let Some(name) = &m.name {
                owners.push(Owner { kind: OwnerKind::User, login: name.clone() });
                let entity = rows.claim(name);
                rows.publisher(name, format!("npm maintainer `{name}`"), "the npm registry", entity);
                rows.individual(name);
            }
            rows.email(m.email.as_deref(), "npm maintainer");
        }
        if let Some(a) = &doc.author {
            rows.email(a.email.as_deref(), "npm author");
        }
        if p.repository.is_none() {
            rows.repository(doc.repository.as_deref(), "npm");
        }
        owners.sort();
        owners.dedup();
        rows.owners(owners);
    }

    fn accounts(&self, doc: &Packument, accounts: &mut Accounts) {
        if let Some(url) = &doc.repository {
            accounts.repository(url);
        }
    }
}

fn person(v: &Value) -> Option<Person> {
    match v {
        Value::String(s) => {
            let (name, rest) = s.split_once('<').unwrap_or((s, ""));
            let email = rest.split_once('>').map(|(e, _)| e.trim().to_string()).filter(|e| !e.is_empty());
            let name = name.split('(').next().unwrap_or("").trim();
            Some(Person { name: (!name.is_empty()).then(|| name.to_string()), email })
        }
        Value::Object(o) => {
            let field = |k: &str| o.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
            Some(Person {
                name: field("name").map(str::to_string),
                email: field("email").map(str::to_string),
            })
        }
        _ => None,
    }
    .filter(|p| p.name.is_some() || p.email.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_packument() {
        let body = br#"{"name":"left-pad","maintainers":[{"name":"b","email":"b@example.org"},{"name":"a","email":"a@corp.example"}],
            "author":"Jane Doe <jane@example.de> (https://example.de)","repository":{"type":"git","url":"git+https://github.com/x/y.git"},
            "versions":{"1.0.0":{}}}"#;
        let p = Npm.parse(body).unwrap();
        assert_eq!(p.maintainers[0].name.as_deref(), Some("a"));
        assert_eq!(p.author.unwrap().email.as_deref(), Some("jane@example.de"));
        assert_eq!(p.repository.as_deref(), Some("git+https://github.com/x/y.git"));
        assert_eq!(Npm.url("http://h", "@types/node"), "http://h/@types%2Fnode");
        assert!(Npm.parse(b"[]").is_none());
    }
}

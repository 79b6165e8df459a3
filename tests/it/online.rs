//! Online enrichment against a real HTTP server on 127.0.0.1 that answers in the JSON shapes
//! of the Rust registry's API, GitHub's REST API, the npm registry and PyPI. Nothing here
//! reaches the internet. This file holds the small world the tests share; beside it:
//! attribution through owners and profiles, the cache and the token's confinement
//! (`attribution`); every fault a service can commit, and the limits that keep a run short and
//! small whatever it does (`faults`, `limits`), a service that answers too slowly to be of use
//! (`slow`); the cache's own troubles (`cache`), and a
//! cache that belongs to another user or a newer version (`others_cache`); the database dump
//! (`dump`).

use crate::common::{self, run_watched};

mod attribution;
mod bulk;
mod cache;
mod dump;
mod faults;
mod limits;
mod others_cache;
mod slow;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use cargo_sovereign::enrich::online::http::HttpOptions;
use cargo_sovereign::enrich::online::progress::Silent;
use cargo_sovereign::enrich::online::{Bases, OnlineOptions};
use cargo_sovereign::model::GraphBuilder;
use cargo_sovereign::model::{Package, Source};
use cargo_sovereign::pipeline::{self, Options};
use cargo_sovereign::policy::date::Date;
use common::http_server::{Reply, Request, Server};

/// A path that does not exist yet (the cache or folder the test or the run makes there) in a
/// scratch folder, which is removed when the returned guard drops.
fn tmp(name: &str) -> (common::Scratch, PathBuf) {
    let scratch = common::scratch(&format!("online-{name}"));
    let path = scratch.join("dir");
    (scratch, path)
}

fn user(login: &str, location: Option<&str>, company: Option<&str>) -> String {
    serde_json::json!({
        "login": login, "id": 17, "node_id": "MDQ6VXNlcjE3", "avatar_url": "https://avatars.example/u/17",
        "type": "User", "site_admin": false, "name": null, "company": company, "blog": "",
        "location": location, "email": null, "hireable": null, "bio": null, "public_repos": 4,
        "followers": 2, "following": 0, "created_at": "2016-03-01T10:00:00Z", "updated_at": "2025-01-01T10:00:00Z"
    })
    .to_string()
}

fn org(login: &str, location: &str) -> String {
    serde_json::json!({
        "login": login, "id": 99, "url": format!("https://api.github.com/orgs/{login}"), "type": "Organization",
        "name": "Example Org", "company": null, "blog": "https://example.org", "location": location,
        "email": null, "is_verified": false, "public_repos": 40, "created_at": "2014-01-01T00:00:00Z"
    })
    .to_string()
}

fn owners(list: &[(&str, &str)]) -> String {
    let users: Vec<_> = list
        .iter()
        .enumerate()
        .map(|(i, (login, kind))| {
            serde_json::json!({"id": i + 1, "login": login, "kind": kind,
                "url": format!("https://github.com/{}", login.trim_start_matches("github:")),
                "name": null, "avatar": null})
        })
        .collect();
    serde_json::json!({ "users": users }).to_string()
}

/// The registry, GitHub, npm and PyPI of the tests' small world.
fn world(req: &Request, _nth: usize) -> Reply {
    match req.path.as_str() {
        "/crates/api/v1/crates/osloq/owners" => Reply::json(owners(&[("kari-dev", "user")])),
        "/crates/api/v1/crates/teamed/owners" => {
            Reply::json(owners(&[("github:acme-oss:publishers", "team"), ("kari-dev", "user")]))
        }
        "/crates/api/v1/crates/texan/owners" => Reply::json(owners(&[("tex-dev", "user")])),
        "/github/users/kari-dev" => {
            Reply::json(user("kari-dev", Some("Oslo, Norway"), None)).with("etag", "\"k1\"")
        }
        "/github/users/tex-dev" => Reply::json(user("tex-dev", Some("Austin, TX"), None)),
        "/github/orgs/acme-oss" => Reply::json(org("acme-oss", "Paris, France")),
        "/npm/leftish" => Reply::json(
            r#"{"_id":"leftish","name":"leftish","maintainers":[{"name":"npm-maker","email":"maker@example.fi"}],
               "author":{"name":"npm-maker"},"repository":{"type":"git","url":"git+https://github.com/npm-maker/leftish.git"},
               "versions":{"1.0.0":{"name":"leftish","version":"1.0.0"}},"time":{"1.0.0":"2020-01-01T00:00:00Z"}}"#,
        ),
        "/github/users/npm-maker" => Reply::json(user("npm-maker", Some("Helsinki"), None)),
        "/pypi/pyproj/json" => Reply::json(
            r#"{"info":{"name":"pyproj","author":"","author_email":"Team <dev@example.at>","maintainer_email":null,
               "home_page":null,"project_urls":{"Source":"https://github.com/py-maker/pyproj"}},"urls":[],"releases":{}}"#,
        ),
        "/github/users/py-maker" => Reply::json(user("py-maker", Some("Vienna, Austria"), None)),
        _ => Reply::status(404),
    }
}

/// The small world, with GitHub answering every request 403 with its budget spent until
/// `reset_in` from now.
fn github_budget_spent(reset_in: u64) -> impl Fn(&Request, usize) -> Reply + Send + Sync + 'static {
    let reset = (std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
        + reset_in)
        .to_string();
    move |req, nth| {
        if req.path.starts_with("/github/") {
            Reply::status(403).with("x-ratelimit-remaining", "0").with("x-ratelimit-reset", &reset)
        } else {
            world(req, nth)
        }
    }
}

fn krate(name: &str) -> Package {
    Package {
        id: format!("pkg:cargo/{name}@1.0.0"),
        name: name.into(),
        version: Some("1.0.0".into()),
        ecosystem: "cargo".into(),
        source: Source::Registry { url: None, default: true },
        ..Package::default()
    }
}

fn other(ecosystem: &str, name: &str) -> Package {
    Package {
        id: format!("pkg:{ecosystem}/{name}@1.0.0"),
        name: name.into(),
        version: Some("1.0.0".into()),
        ecosystem: ecosystem.into(),
        source: Source::Registry { url: None, default: true },
        ..Package::default()
    }
}

fn options(server: &Server, cache: &Path) -> OnlineOptions {
    OnlineOptions {
        bases: Bases::default()
            .with("crates", format!("{}/crates/api/v1", server.url))
            .with("github", format!("{}/github", server.url))
            .with("npm", format!("{}/npm", server.url))
            .with("pypi", format!("{}/pypi", server.url)),
        github_token: Some("test-token-ABC123".into()),
        cache_dir: Some(cache.to_path_buf()),
        http: HttpOptions {
            timeout: Duration::from_secs(2),
            connect_timeout: Duration::from_secs(2),
            backoff: Duration::from_millis(20),
            ..HttpOptions::default()
        },
        crates_interval: Duration::ZERO,
        ..OnlineOptions::default()
    }
}

/// Audits root → each package through the library.
fn audit_of(packages: Vec<Package>, online: OnlineOptions) -> pipeline::Audit {
    let (_scratch, dir) = tmp("graph");
    let opts = Options {
        sboms: vec![sbom_of(&dir, packages)],
        today: Date::parse("2026-06-01").unwrap(),
        online: Some(online),
        ..Options::default()
    };
    pipeline::run(&opts, &Silent).unwrap()
}

/// A CycloneDX document with the root depending on every package (purls carry ecosystems,
/// a `vcs` reference the repository).
fn graph_to_sbom(g: &cargo_sovereign::model::Graph) -> serde_json::Value {
    let comps: Vec<_> = g
        .packages
        .iter()
        .filter(|p| p.name != "app")
        .map(|p| {
            let refs: Vec<_> =
                p.repository.iter().map(|url| serde_json::json!({"type": "vcs", "url": url})).collect();
            serde_json::json!({"type": "library", "bom-ref": p.name, "name": p.name, "version": "1.0.0",
                "purl": format!("pkg:{}/{}@1.0.0", p.ecosystem, p.name), "externalReferences": refs})
        })
        .collect();
    let deps: Vec<String> = g.packages.iter().filter(|p| p.name != "app").map(|p| p.name.clone()).collect();
    serde_json::json!({
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "metadata": {"component": {"type": "application", "bom-ref": "app", "name": "app", "version": "0.1.0"}},
        "components": comps,
        "dependencies": [{"ref": "app", "dependsOn": deps}]
    })
}

/// Writes an SBOM in which the root depends on each of `packages` to `dir/bom.json`; its path.
fn sbom_of(dir: &Path, packages: Vec<Package>) -> String {
    let mut b = GraphBuilder::new(false);
    let r = b.add_package(Package { id: "app@0.1.0".into(), name: "app".into(), ..krate("app") });
    b.add_root(r);
    for p in packages {
        let i = b.add_package(p);
        b.add_edge(r, i, cargo_sovereign::model::DepKind::Normal);
    }
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("bom.json");
    std::fs::write(&path, serde_json::to_vec(&graph_to_sbom(&b.finish())).unwrap()).unwrap();
    path.display().to_string()
}

fn origin_of<'a>(a: &'a pipeline::Audit, name: &str) -> &'a cargo_sovereign::model::Origin {
    let i = a.graph.packages.iter().position(|p| p.name == name).unwrap();
    a.report.packages[i].origin.as_ref().unwrap()
}

fn cli(server: &Server, cache: &Path, args: &[&str]) -> std::process::Output {
    cli_command(server, cache, args).output().unwrap()
}

/// The binary with `server` standing for every service and `cache` as its cache.
fn cli_command(server: &Server, cache: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"));
    cmd.current_dir(common::repo_dir().join("tests/fixtures"))
        .env_remove("SOVEREIGN_OFFLINE")
        .env_remove("SOVEREIGN_CRATES_IO_DUMP")
        .env_remove("GH_TOKEN")
        .env("GITHUB_TOKEN", "ghp_SECRETtoken0123456789")
        .env("SOVEREIGN_CACHE_DIR", cache)
        .env("SOVEREIGN_CRATES_IO_API", format!("{}/crates/api/v1", server.url))
        .env("SOVEREIGN_GITHUB_API", format!("{}/github", server.url))
        .env("SOVEREIGN_NPM_REGISTRY", format!("{}/npm", server.url))
        .env("SOVEREIGN_PYPI", format!("{}/pypi", server.url))
        .env("SOVEREIGN_CRATES_IO_INTERVAL_MS", "0")
        .args(args);
    cmd
}

/// Deterministic owners for any crate: a few fictional maintainers in different places.
fn workspace_world(req: &Request, nth: usize) -> Reply {
    if let Some(name) =
        req.path.strip_prefix("/crates/api/v1/crates/").and_then(|p| p.strip_suffix("/owners"))
    {
        return match name.len() % 4 {
            0 => Reply::json(owners(&[("maker-de", "user")])),
            1 => Reply::json(owners(&[("maker-us", "user")])),
            2 => Reply::json(owners(&[("github:acme-oss:publishers", "team"), ("maker-nowhere", "user")])),
            _ => Reply::status(404),
        };
    }
    match req.path.as_str() {
        "/github/users/maker-de" => Reply::json(user("maker-de", Some("München, Germany"), None)),
        "/github/users/maker-us" => Reply::json(user("maker-us", Some("Seattle, WA"), None)),
        "/github/users/maker-nowhere" => Reply::json(user("maker-nowhere", Some("the internet"), None)),
        "/github/orgs/acme-oss" => Reply::json(org("acme-oss", "Paris, France")),
        _ => world(req, nth),
    }
}

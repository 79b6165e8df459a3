//! Online enrichment against a real HTTP server on 127.0.0.1 that answers in the JSON shapes
//! of the Rust registry's API, GitHub's REST API, the npm registry and PyPI. Nothing here
//! reaches the internet. Covers attribution through owners and profiles, every fault of the
//! issue (429, 403 rate limit, 500, timeout, truncated and malformed bodies), the cache (ETag,
//! second run without requests, offline), the registry's pacing, the token's confinement and
//! the database dump.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use cargo_sovereign::audit::{self, AuditOptions};
use cargo_sovereign::enrich::online::cache::Cache;
use cargo_sovereign::enrich::online::http::HttpOptions;
use cargo_sovereign::enrich::online::{dump, Bases, OnlineOptions};
use cargo_sovereign::input::builder::GraphBuilder;
use cargo_sovereign::model::{EntityKind, Package, Source};
use cargo_sovereign::policy::date::Date;
use common::http_server::{Reply, Request, Server};

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sovereign-online-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
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
        bases: Bases {
            crates: format!("{}/crates/api/v1", server.url),
            github: format!("{}/github", server.url),
            npm: format!("{}/npm", server.url),
            pypi: format!("{}/pypi", server.url),
        },
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
fn audit_of(packages: Vec<Package>, online: OnlineOptions) -> audit::Audit {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let dir = tmp(&format!("graph-{}", RUNS.fetch_add(1, std::sync::atomic::Ordering::SeqCst)));
    std::fs::create_dir_all(&dir).unwrap();
    let mut b = GraphBuilder::new(false);
    let root = b.add_package(Package { id: "app@0.1.0".into(), name: "app".into(), ..krate("app") });
    b.add_root(root);
    for p in packages {
        let i = b.add_package(p);
        b.add_edge(root, i, cargo_sovereign::model::DepKind::Normal);
    }
    let graph = b.finish();
    let json = serde_json::to_vec(&graph_to_sbom(&graph)).unwrap();
    let path = dir.join("bom.json");
    std::fs::write(&path, json).unwrap();
    let opts = AuditOptions {
        sboms: vec![path.display().to_string()],
        today: Date::parse("2026-06-01").unwrap(),
        online: Some(online),
        ..AuditOptions::default()
    };
    audit::run(&opts).unwrap()
}

/// A CycloneDX document with the root depending on every package (purls carry ecosystems).
fn graph_to_sbom(g: &cargo_sovereign::model::Graph) -> serde_json::Value {
    let comps: Vec<_> = g
        .packages
        .iter()
        .filter(|p| p.name != "app")
        .map(|p| {
            serde_json::json!({"type": "library", "bom-ref": p.name, "name": p.name, "version": "1.0.0",
                "purl": format!("pkg:{}/{}@1.0.0", p.ecosystem, p.name)})
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

fn origin_of<'a>(a: &'a audit::Audit, name: &str) -> &'a cargo_sovereign::model::Origin {
    let i = a.graph.packages.iter().position(|p| p.name == name).unwrap();
    a.report.packages[i].origin.as_ref().unwrap()
}

#[test]
fn owners_profiles_teams_npm_and_pypi_give_countries() {
    let server = Server::start(world);
    let cache = tmp("world");
    let a = audit_of(
        vec![
            krate("osloq"),
            krate("teamed"),
            krate("texan"),
            other("npm", "leftish"),
            other("pypi", "pyproj"),
        ],
        options(&server, &cache),
    );
    let o = origin_of(&a, "osloq");
    assert_eq!(o.entity.as_deref(), Some("kari-dev"));
    assert_eq!(o.entity_kind, EntityKind::Individual);
    assert_eq!(o.control_country.as_deref(), Some("NO"));
    assert!(o.evidence.iter().any(|e| e.value.contains("Oslo, Norway")));
    // The team's organisation and one user: the organisation (registry team, 0.8) leads.
    let t = origin_of(&a, "teamed");
    assert_eq!(t.entity.as_deref(), Some("acme-oss"));
    assert_eq!(t.control_country.as_deref(), Some("FR"));
    assert_eq!(origin_of(&a, "texan").control_country.as_deref(), Some("US"));
    assert_eq!(origin_of(&a, "leftish").control_country.as_deref(), Some("FI"));
    assert_eq!(origin_of(&a, "pyproj").control_country.as_deref(), Some("AT"));
    // Owners are reported; a single-user owner list is known.
    let i = a.graph.packages.iter().position(|p| p.name == "osloq").unwrap();
    assert_eq!(a.report.packages[i].owners.as_ref().unwrap().len(), 1);
    // One request per distinct account, whatever the number of packages naming it.
    assert_eq!(server.requests_to("/github/users/kari-dev").len(), 1);
    // Politeness: every request names the tool.
    assert!(server
        .requests()
        .iter()
        .all(|r| r.header("user-agent").unwrap().starts_with("cargo-sovereign/")));
    assert!(a.report.summary.warnings.is_empty(), "{:?}", a.report.summary.warnings);

    // A second run is served from the cache: the server sees nothing.
    let before = server.requests().len();
    let again = audit_of(vec![krate("osloq"), krate("teamed"), krate("texan")], options(&server, &cache));
    assert_eq!(server.requests().len(), before);
    assert_eq!(origin_of(&again, "teamed").control_country.as_deref(), Some("FR"));

    // Offline: no request, and the cache still answers.
    let mut off = options(&server, &cache);
    off.offline = true;
    let offline = audit_of(vec![krate("osloq")], off);
    assert_eq!(server.requests().len(), before);
    assert_eq!(origin_of(&offline, "osloq").control_country.as_deref(), Some("NO"));
}

#[test]
fn stale_rows_are_revalidated_with_their_etag() {
    let server = Server::start(|req, nth| match req.path.as_str() {
        "/github/users/kari-dev" if nth > 0 => {
            assert_eq!(req.header("if-none-match"), Some("\"k1\""));
            Reply { status: 304, body: String::new(), ..Reply::json("") }
        }
        _ => world(req, nth),
    });
    let cache = tmp("etag");
    let mut opts = options(&server, &cache);
    audit_of(vec![krate("osloq")], opts.clone());
    opts.max_age = Duration::ZERO;
    let a = audit_of(vec![krate("osloq")], opts);
    assert_eq!(server.requests_to("/github/users/kari-dev").len(), 2);
    assert_eq!(origin_of(&a, "osloq").control_country.as_deref(), Some("NO"));
}

#[test]
fn retries_after_429_and_500_then_succeeds() {
    let server = Server::start(|req, nth| match (req.path.as_str(), nth) {
        ("/crates/api/v1/crates/osloq/owners", 0) => Reply::status(429).with("retry-after", "1"),
        ("/github/users/kari-dev", 0) => Reply::status(500),
        ("/github/users/kari-dev", 1) => Reply::status(503),
        _ => world(req, nth),
    });
    let a = audit_of(vec![krate("osloq")], options(&server, &tmp("retry")));
    assert_eq!(origin_of(&a, "osloq").control_country.as_deref(), Some("NO"));
    let tries = server.requests_to("/crates/api/v1/crates/osloq/owners");
    assert_eq!(tries.len(), 2);
    assert!(tries[1].at - tries[0].at >= Duration::from_millis(990), "Retry-After not honoured");
    assert_eq!(server.requests_to("/github/users/kari-dev").len(), 3);
    assert!(a.report.summary.warnings.is_empty());
}

#[test]
fn a_spent_github_budget_stops_the_lookups_with_one_warning() {
    let reset = (std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
        + 3600)
        .to_string();
    let server = Server::start(move |req, nth| {
        if req.path.starts_with("/github/") {
            Reply::status(403).with("x-ratelimit-remaining", "0").with("x-ratelimit-reset", &reset)
        } else {
            world(req, nth)
        }
    });
    let mut opts = options(&server, &tmp("ratelimit"));
    opts.jobs = 1;
    let a = audit_of(vec![krate("osloq"), krate("texan")], opts);
    // The first 403 says the budget is spent: the second account is not asked.
    assert_eq!(server.requests_to("/github/").len(), 1);
    let w = a.report.summary.warnings.join("\n");
    assert!(w.contains("GitHub profiles: rate limit reached"), "{w}");
    // Without profiles the owner is still known, but not where they are.
    let o = origin_of(&a, "osloq");
    assert_eq!(o.entity.as_deref(), Some("kari-dev"));
    assert_eq!(o.control_country, None);
}

#[test]
fn timeouts_truncated_and_malformed_answers_degrade_to_warnings() {
    let server = Server::start(|req, nth| match req.path.as_str() {
        "/crates/api/v1/crates/osloq/owners" => Reply { delay: Duration::from_secs(4), ..world(req, nth) },
        "/crates/api/v1/crates/texan/owners" => Reply { truncate: true, ..world(req, nth) },
        "/crates/api/v1/crates/teamed/owners" => Reply::json(r#"{"users": "#),
        _ => world(req, nth),
    });
    let mut opts = options(&server, &tmp("faults"));
    opts.http.timeout = Duration::from_millis(500);
    opts.http.retries = 1;
    let a = audit_of(vec![krate("osloq"), krate("texan"), krate("teamed")], opts);
    let w = a.report.summary.warnings.join("\n");
    assert!(w.contains("registry owners: 3 of 3 lookups failed"), "{w}");
    for reason in ["timeout", "truncated answer", "malformed answer"] {
        assert!(w.contains(reason), "{reason} missing from {w}");
    }
    // Failed lookups leave the packages unknown, never wrong.
    assert_eq!(origin_of(&a, "osloq").entity, None);
    // Retried once each (except the malformed one, which a retry cannot fix).
    assert_eq!(server.requests_to("/crates/api/v1/crates/texan/owners").len(), 2);
    assert_eq!(server.requests_to("/crates/api/v1/crates/teamed/owners").len(), 1);
}

#[test]
fn unreachable_services_are_given_up_after_one_lookup() {
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let server = Server::start(world);
    let mut opts = options(&server, &tmp("unreachable"));
    opts.bases.crates = format!("{url}/api/v1");
    let a = audit_of(vec![krate("osloq"), krate("texan"), krate("teamed")], opts);
    let w = a.report.summary.warnings.join("\n");
    assert!(w.contains("registry owners: 3 of 3 lookups failed (connection failed)"), "{w}");
}

#[test]
fn the_registry_is_asked_at_most_once_per_second() {
    let server = Server::start(world);
    let mut opts = options(&server, &tmp("pacing"));
    opts.crates_interval = Duration::from_secs(1);
    audit_of(vec![krate("osloq"), krate("texan"), krate("teamed")], opts);
    let asked = server.requests_to("/crates/");
    assert_eq!(asked.len(), 3);
    for pair in asked.windows(2) {
        assert!(pair[1].at - pair[0].at >= Duration::from_millis(990), "{:?}", pair[1].at - pair[0].at);
    }
}

/// A db-dump.tar.gz in the registry's layout, with extra columns and a multi-line field.
fn tiny_dump(path: &Path) {
    let files = [
        (
            "2026-11-20-020002/data/crates.csv",
            "created_at,description,documentation,homepage,id,max_features,max_upload_size,name,readme,repository,updated_at\n\
             2020-01-01,\"a crate\nwith two lines\",,,11,,,osloq,\"# readme, with comma\",,2024-01-01\n\
             2020-01-01,texan things,,,12,,,texan,,,2024-01-01\n\
             2020-01-01,nobody owns me,,,13,,,orphan,,,2024-01-01\n",
        ),
        ("2026-11-20-020002/data/users.csv", "gh_avatar,gh_id,gh_login,id,name\nhttps://a/1,501,kari-dev,1,\nhttps://a/2,502,tex-dev,2,Tex\n"),
        ("2026-11-20-020002/data/teams.csv", "avatar,github_id,id,login,name,org_id\n,9001,7,github:acme-oss:publishers,publishers,99\n"),
        (
            "2026-11-20-020002/data/crate_owners.csv",
            "crate_id,created_at,created_by,owner_id,owner_kind\n11,2020-01-01,,1,0\n12,2020-01-01,,2,0\n12,2020-01-01,,7,1\n",
        ),
        ("2026-11-20-020002/metadata.json", "{\"timestamp\":\"2026-11-20T02:00:02Z\"}"),
    ];
    let gz = flate2::write::GzEncoder::new(std::fs::File::create(path).unwrap(), flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    for (name, text) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(text.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        tar.append_data(&mut h, name, text.as_bytes()).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
}

#[test]
fn the_database_dump_fills_the_cache_so_the_registry_is_not_asked() {
    let dir = tmp("dump");
    std::fs::create_dir_all(&dir).unwrap();
    let archive = dir.join("db-dump.tar.gz");
    tiny_dump(&archive);
    let cache_dir = dir.join("cache");
    let (cache, _) = Cache::open(&cache_dir).unwrap();
    let stats = dump::import("db-dump.tar.gz", std::fs::File::open(&archive).unwrap(), &cache, 1_900_000_000)
        .unwrap();
    assert_eq!((stats.crates, stats.owner_links, stats.users, stats.teams), (3, 3, 2, 1));
    drop(cache);
    let server = Server::start(world);
    let a = audit_of(vec![krate("osloq"), krate("texan")], options(&server, &cache_dir));
    assert!(server.requests_to("/crates/").is_empty());
    assert_eq!(origin_of(&a, "osloq").control_country.as_deref(), Some("NO"));
    let i = a.graph.packages.iter().position(|p| p.name == "texan").unwrap();
    assert_eq!(a.report.packages[i].owners.as_ref().unwrap().len(), 2);
    // Not a dump: a clear error naming the file.
    let (cache, _) = Cache::open(&cache_dir).unwrap();
    let e = dump::import("x.tar.gz", &b"not gzip"[..], &cache, 0).unwrap_err();
    assert!(e.starts_with("x.tar.gz:"), "{e}");
}

fn cli(server: &Server, cache: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"))
        .current_dir(common::repo_dir().join("tests/fixtures"))
        .env_remove("SOVEREIGN_OFFLINE")
        .env_remove("GH_TOKEN")
        .env("GITHUB_TOKEN", "ghp_SECRETtoken0123456789")
        .env("SOVEREIGN_CACHE_DIR", cache)
        .env("SOVEREIGN_CRATES_IO_API", format!("{}/crates/api/v1", server.url))
        .env("SOVEREIGN_GITHUB_API", format!("{}/github", server.url))
        .env("SOVEREIGN_NPM_REGISTRY", format!("{}/npm", server.url))
        .env("SOVEREIGN_PYPI", format!("{}/pypi", server.url))
        .env("SOVEREIGN_CRATES_IO_INTERVAL_MS", "0")
        .args(args)
        .output()
        .unwrap()
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

#[test]
fn a_real_workspace_is_attributed_through_owners_and_a_second_run_asks_nothing() {
    let server = Server::start(workspace_world);
    let cache = tmp("workspace");
    let args =
        ["audit", "--metadata", "cloud-ai-workspace/metadata.json", "--format", "json", "--fail-on", "never"];
    let first = cli(&server, &cache, &args);
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    let packages = report["packages"].as_array().unwrap();
    let by_country = |c: &str, who: &str| {
        packages
            .iter()
            .filter(|p| p["origin"]["control_country"] == c && p["origin"]["entity"] == who)
            .count()
    };
    assert!(by_country("DE", "maker-de") > 10, "{}", by_country("DE", "maker-de"));
    assert!(by_country("US", "maker-us") > 10);
    assert!(by_country("FR", "acme-oss") > 10);
    assert!(packages.iter().any(|p| p["owners"].as_array().is_some_and(|o| o.len() == 2)));
    // Owner lists make `single-maintainer` possible: critical crates with one user owner.
    let findings = report["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["code"] == "single-maintainer"));
    // Unknown drops compared with an offline run.
    let offline = {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"));
        common::offline(&mut cmd).current_dir(common::repo_dir().join("tests/fixtures")).args(args);
        serde_json::from_slice::<serde_json::Value>(&cmd.output().unwrap().stdout).unwrap()
    };
    let unknown = |r: &serde_json::Value| r["summary"]["jurisdictions"]["unknown"].as_u64().unwrap_or(0);
    assert!(unknown(&report) + 50 < unknown(&offline), "{} vs {}", unknown(&report), unknown(&offline));

    // The token went to GitHub only, and nowhere else: not in outputs, not in the cache.
    let token = "ghp_SECRETtoken0123456789";
    for r in server.requests() {
        let auth = r.header("authorization");
        if r.path.starts_with("/github/") {
            assert_eq!(auth, Some(format!("Bearer {token}").as_str()));
        } else {
            assert_eq!(auth, None, "token sent to {}", r.path);
        }
    }
    assert!(!String::from_utf8_lossy(&first.stdout).contains(token));
    assert!(!stderr.contains(token));
    for entry in std::fs::read_dir(&cache).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!bytes.windows(token.len()).any(|w| w == token.as_bytes()));
    }

    // Second run: zero requests, same report.
    let seen = server.requests().len();
    let second = cli(&server, &cache, &args);
    assert!(second.status.success());
    assert_eq!(server.requests().len(), seen, "the second run asked the server");
    assert_eq!(first.stdout, second.stdout);

    // `cache info` counts what was stored.
    let info = cli(&server, &cache, &["cache", "info"]);
    let text = String::from_utf8_lossy(&info.stdout);
    assert!(text.contains("crates: ") && text.contains("github: "), "{text}");
}

#[test]
fn require_online_turns_failures_into_exit_code_2() {
    let server = Server::start(|_, _| Reply::status(500));
    let cache = tmp("require");
    let out = cli(
        &server,
        &cache,
        &[
            "audit",
            "--metadata",
            "path-and-git-sources/metadata.json",
            "--require-online",
            "--format",
            "json",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("online enrichment incomplete"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn a_redirect_to_another_host_is_not_followed_with_the_token() {
    let elsewhere = Server::start(|_, _| Reply::json(user("kari-dev", Some("Oslo"), None)));
    let target = format!("{}/stolen", elsewhere.url);
    let server = Server::start(move |req, nth| match req.path.as_str() {
        "/github/users/kari-dev" => Reply { status: 302, ..Reply::json("") }.with("location", &target),
        _ => world(req, nth),
    });
    let a = audit_of(vec![krate("osloq")], options(&server, &tmp("redirect")));
    assert!(elsewhere.requests().is_empty(), "followed a redirect to another host");
    let w = a.report.summary.warnings.join("\n");
    assert!(w.contains("GitHub profiles: 1 of 1 lookups failed (HTTP 302)"), "{w}");
    assert_eq!(origin_of(&a, "osloq").control_country, None);
}

#[test]
fn fetch_fills_the_cache_for_offline_runs_and_cache_commands_look_after_it() {
    let dir = tmp("fetch-cli");
    std::fs::create_dir_all(&dir).unwrap();
    let archive = dir.join("db-dump.tar.gz");
    tiny_dump(&archive);
    let cache = dir.join("cache");
    let server = Server::start(workspace_world);
    let sbom = dir.join("bom.json");
    let doc = graph_to_sbom(&{
        let mut b = GraphBuilder::new(false);
        let r = b.add_package(Package { id: "app@0.1.0".into(), name: "app".into(), ..krate("app") });
        b.add_root(r);
        for n in ["osloq", "texan", "orphan"] {
            let i = b.add_package(krate(n));
            b.add_edge(r, i, cargo_sovereign::model::DepKind::Normal);
        }
        b.finish()
    });
    std::fs::write(&sbom, serde_json::to_vec(&doc).unwrap()).unwrap();
    let sbom = sbom.display().to_string();
    let archive = archive.display().to_string();
    let out = cli(&server, &cache, &["fetch", "--sbom", &sbom, "--crates-io-dump", &archive]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("owners of 3 crates stored"), "{stderr}");
    // The dump answered for the registry: only GitHub was asked.
    assert!(server.requests_to("/crates/").is_empty());
    assert!(!server.requests_to("/github/").is_empty());
    let seen = server.requests().len();
    let mut offline = cli(&server, &cache, &["audit", "--sbom", &sbom, "--offline", "--format", "json"]);
    assert_eq!(server.requests().len(), seen, "--offline made a request");
    let report: serde_json::Value = serde_json::from_slice(&offline.stdout).unwrap();
    let osloq = report["packages"].as_array().unwrap().iter().find(|p| p["name"] == "osloq").unwrap();
    assert_eq!(osloq["origin"]["control_country"], "NO");
    offline = cli(&server, &cache, &["cache", "prune", "--older-than", "0"]);
    assert!(String::from_utf8_lossy(&offline.stdout).starts_with("deleted "), "{:?}", offline);
    let cleared = cli(&server, &cache, &["cache", "clear"]);
    assert!(cleared.status.success());
    let info = String::from_utf8_lossy(&cli(&server, &cache, &["cache", "info"]).stdout).into_owned();
    assert!(info.contains("rows: 0"), "{info}");
}

#[test]
fn with_wait_for_rate_limit_the_lookups_resume_after_the_reset() {
    let reset = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() + 1;
    let server = Server::start(move |req, nth| {
        let reply = world(req, nth);
        if req.path.starts_with("/github/") {
            // Every answer says the budget is spent until `reset`.
            reply.with("x-ratelimit-remaining", "0").with("x-ratelimit-reset", &reset.to_string())
        } else {
            reply
        }
    });
    let mut opts = options(&server, &tmp("wait"));
    opts.jobs = 1;
    opts.wait_for_rate_limit = true;
    let a = audit_of(vec![krate("osloq"), krate("texan")], opts);
    assert!(a.report.summary.warnings.is_empty(), "{:?}", a.report.summary.warnings);
    assert_eq!(origin_of(&a, "texan").control_country.as_deref(), Some("US"));
    let asked = server.requests_to("/github/");
    assert_eq!(asked.len(), 2);
    // The second profile was asked for only after the reset time.
    let second = std::time::SystemTime::now() - asked[1].at.elapsed();
    assert!(second.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() >= reset);
}

#[test]
fn two_runs_at_once_share_the_cache() {
    let server = std::sync::Arc::new(Server::start(world));
    let cache = tmp("concurrent");
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let (server, cache) = (server.clone(), cache.clone());
            std::thread::spawn(move || {
                audit_of(vec![krate("osloq"), krate("teamed"), krate("texan")], options(&server, &cache))
            })
        })
        .collect();
    for r in runs {
        let a = r.join().unwrap();
        assert!(a.report.summary.warnings.is_empty(), "{:?}", a.report.summary.warnings);
        assert_eq!(origin_of(&a, "osloq").control_country.as_deref(), Some("NO"));
    }
    let info = Cache::open(&cache).unwrap().0.info().unwrap();
    assert_eq!(info.rows, vec![("crates".to_string(), 3), ("github".to_string(), 3)]);
}

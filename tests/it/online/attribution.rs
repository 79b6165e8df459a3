//! Attribution through registry owners and GitHub profiles, the cache's reuse of answers, the
//! registry's pacing and the token's confinement.

use std::process::Command;
use std::time::Duration;

use cargo_sovereign::enrich::online::cache::Cache;
use cargo_sovereign::model::EntityKind;

use super::*;

#[test]
fn owners_profiles_teams_npm_and_pypi_give_countries_and_maintainers_locations() {
    let server = Server::start(world);
    let (_scratch, cache) = tmp("world");
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
    // Where a person lives is the maintainers' location, never a controlling country.
    assert_eq!(o.control_country, None);
    assert_eq!(o.maintainers_location.as_deref(), Some("NO"));
    assert!(!o.verified);
    assert!(o.evidence.iter().any(|e| e.value.contains("Oslo, Norway")));
    // The team's organisation and one user: the organisation (registry team, 0.8) leads.
    let t = origin_of(&a, "teamed");
    assert_eq!(t.entity.as_deref(), Some("acme-oss"));
    assert_eq!(t.control_country.as_deref(), Some("FR"));
    assert!(t.verified, "a registry team is strong evidence");
    for (name, country) in [("texan", "US"), ("leftish", "FI"), ("pyproj", "AT")] {
        let o = origin_of(&a, name);
        assert_eq!(o.control_country, None, "{name}");
        assert_eq!(o.maintainers_location.as_deref(), Some(country), "{name}");
    }
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
    off.network = cargo_sovereign::enrich::online::Network::Offline;
    let offline = audit_of(vec![krate("osloq")], off);
    assert_eq!(server.requests().len(), before);
    assert_eq!(origin_of(&offline, "osloq").maintainers_location.as_deref(), Some("NO"));
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
    let (_scratch, cache) = tmp("etag");
    let mut opts = options(&server, &cache);
    audit_of(vec![krate("osloq")], opts.clone());
    opts.max_age = Duration::ZERO;
    let a = audit_of(vec![krate("osloq")], opts);
    assert_eq!(server.requests_to("/github/users/kari-dev").len(), 2);
    assert_eq!(origin_of(&a, "osloq").maintainers_location.as_deref(), Some("NO"));
}

#[test]
fn a_real_workspace_is_attributed_through_owners_and_a_second_run_asks_nothing() {
    let server = Server::start(workspace_world);
    let (_scratch, cache) = tmp("workspace");
    let args =
        ["audit", "--metadata", "cloud-ai-workspace/metadata.json", "--format", "json", "--fail-on", "never"];
    let first = cli(&server, &cache, &args);
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{stderr}");
    let report = common::facts_inline(serde_json::from_slice(&first.stdout).unwrap());
    let packages = report["packages"].as_array().unwrap();
    let by = |field: &str, c: &str, who: &str| {
        packages.iter().filter(|p| p["origin"][field] == c && p["origin"]["entity"] == who).count()
    };
    // People give the maintainers' location; an organisation's team gives a controlling country.
    assert!(
        by("maintainers_location", "DE", "maker-de") > 10,
        "{}",
        by("maintainers_location", "DE", "maker-de")
    );
    assert!(by("maintainers_location", "US", "maker-us") > 10);
    assert_eq!(by("control_country", "DE", "maker-de") + by("control_country", "US", "maker-us"), 0);
    assert!(by("control_country", "FR", "acme-oss") > 10);
    assert!(packages.iter().any(|p| p["owners"].as_array().is_some_and(|o| o.len() == 2)));
    // Owner lists make `single-maintainer` possible: critical crates with one user owner.
    let findings = report["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["code"] == "single-maintainer"));
    // Unknown drops compared with an offline run.
    let offline = {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"));
        common::offline(&mut cmd).current_dir(common::repo_dir().join("tests/fixtures")).args(args);
        common::facts_inline(serde_json::from_slice(&cmd.output().unwrap().stdout).unwrap())
    };
    // What the online run learned that the offline one did not: the crates an organisation's
    // team publishes, and only those (a person's place is no controlling country).
    let offline_packages = offline["packages"].as_array().unwrap();
    let learned: Vec<&serde_json::Value> = packages
        .iter()
        .zip(offline_packages)
        .filter(|(on, off)| {
            assert_eq!(on["id"], off["id"]);
            off["origin"]["control_country"].is_null() && !on["origin"]["control_country"].is_null()
        })
        .map(|(on, _)| on)
        .collect();
    assert!(learned.len() > 10, "{}", learned.len());
    assert!(learned.iter().all(|p| p["origin"]["entity"] == "acme-oss"), "{learned:#?}");

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
fn a_redirect_to_another_host_is_not_followed_with_the_token() {
    let elsewhere = Server::start(|_, _| Reply::json(user("kari-dev", Some("Oslo"), None)));
    let target = format!("{}/stolen", elsewhere.url);
    let server = Server::start(move |req, nth| match req.path.as_str() {
        "/github/users/kari-dev" => Reply { status: 302, ..Reply::json("") }.with("location", &target),
        _ => world(req, nth),
    });
    let (_scratch, cache) = tmp("redirect");
    let a = audit_of(vec![krate("osloq")], options(&server, &cache));
    assert!(elsewhere.requests().is_empty(), "followed a redirect to another host");
    let w = a.report.summary.warnings.join("\n");
    assert!(w.contains("GitHub profiles: 1 of 1 lookups failed (HTTP 302)"), "{w}");
    assert_eq!(origin_of(&a, "osloq").control_country, None);
}

#[test]
fn two_runs_at_once_share_the_cache() {
    let server = std::sync::Arc::new(Server::start(world));
    let (_scratch, cache) = tmp("concurrent");
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
        assert_eq!(origin_of(&a, "osloq").maintainers_location.as_deref(), Some("NO"));
    }
    let info = Cache::open(&cache).unwrap().0.info().unwrap();
    assert_eq!(info.rows, vec![("crates".to_string(), 3), ("github".to_string(), 3)]);
}

#[test]
fn the_registry_is_asked_at_most_once_per_second() {
    let server = Server::start(world);
    let (_scratch, cache) = tmp("pacing");
    let mut opts = options(&server, &cache);
    opts.crates_interval = Duration::from_secs(1);
    audit_of(vec![krate("osloq"), krate("texan"), krate("teamed")], opts);
    let asked = server.requests_to("/crates/");
    assert_eq!(asked.len(), 3);
    // Seen from the server, whose threads may pick a request up late under load: a gap may
    // look up to a tenth of a second short; unpaced requests would come milliseconds apart.
    for pair in asked.windows(2) {
        assert!(pair[1].at - pair[0].at >= Duration::from_millis(900), "{:?}", pair[1].at - pair[0].at);
    }
}

#[test]
fn require_online_turns_failures_into_exit_code_2() {
    let server = Server::start(|_, _| Reply::status(500));
    let (_scratch, cache) = tmp("require");
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

/// An organisation's account says where the organisation is: a controlling country, though not
/// one strong enough for an error. A person's says only where a maintainer is.
#[test]
fn an_organisation_accounts_place_is_its_seat_and_a_persons_is_the_maintainers_location() {
    let server = Server::start(|req, nth| match req.path.as_str() {
        "/github/users/lyon-labs" => Reply::json(org("lyon-labs", "Lyon, France")),
        "/github/users/solo-dev" => Reply::json(user("solo-dev", Some("Lyon, France"), None)),
        _ => world(req, nth),
    });
    let mut by_org = krate("orgpkg");
    by_org.repository = Some("https://github.com/lyon-labs/orgpkg".into());
    let mut by_person = krate("solopkg");
    by_person.repository = Some("https://github.com/solo-dev/solopkg".into());
    let (_scratch, cache) = tmp("org-location");
    let a = audit_of(vec![by_org, by_person], options(&server, &cache));
    let o = origin_of(&a, "orgpkg");
    assert_eq!((o.entity.as_deref(), o.control_country.as_deref()), (Some("lyon-labs"), Some("FR")));
    assert_eq!(o.decided_by, Some(cargo_sovereign::model::Signal::RepositoryOwner));
    assert!(o.evidence.iter().any(|e| e.signal.as_str() == "organisation-location"), "{:?}", o.evidence);
    let p = origin_of(&a, "solopkg");
    assert_eq!(p.control_country, None);
    assert_eq!(p.maintainers_location.as_deref(), Some("FR"));
}

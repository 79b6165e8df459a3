//! Faults a service commits (429, 403 rate limit, 5xx, timeouts, truncated and malformed
//! answers, unreachable hosts): retried where that helps, warned about once per source.

use std::time::Duration;

use super::*;

#[test]
fn retries_after_429_and_500_then_succeeds() {
    let server = Server::start(|req, nth| match (req.path.as_str(), nth) {
        ("/crates/api/v1/crates/osloq/owners", 0) => Reply::status(429).with("retry-after", "1"),
        ("/github/users/kari-dev", 0) => Reply::status(500),
        ("/github/users/kari-dev", 1) => Reply::status(503),
        _ => world(req, nth),
    });
    let (_scratch, cache) = tmp("retry");
    let a = audit_of(vec![krate("osloq")], options(&server, &cache));
    assert_eq!(origin_of(&a, "osloq").maintainers_location.as_deref(), Some("NO"));
    let tries = server.requests_to("/crates/api/v1/crates/osloq/owners");
    assert_eq!(tries.len(), 2);
    assert!(tries[1].at - tries[0].at >= Duration::from_millis(990), "Retry-After not honoured");
    assert_eq!(server.requests_to("/github/users/kari-dev").len(), 3);
    assert!(a.report.summary.warnings.is_empty());
}

#[test]
fn a_spent_github_budget_stops_the_lookups_with_one_warning() {
    let server = Server::start(github_budget_spent(3600));
    let (_scratch, cache) = tmp("ratelimit");
    let mut opts = options(&server, &cache);
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
    let (_scratch, cache) = tmp("faults");
    let mut opts = options(&server, &cache);
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
    // Retried once each, except the malformed one, which a retry cannot fix, and the one that
    // timed out, which would cost as much again.
    assert_eq!(server.requests_to("/crates/api/v1/crates/texan/owners").len(), 2);
    assert_eq!(server.requests_to("/crates/api/v1/crates/teamed/owners").len(), 1);
    assert_eq!(server.requests_to("/crates/api/v1/crates/osloq/owners").len(), 1);
}

#[test]
fn unreachable_services_are_given_up_after_one_lookup() {
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let server = Server::start(world);
    let (_scratch, cache) = tmp("unreachable");
    let mut opts = options(&server, &cache);
    opts.bases.set("crates", format!("{url}/api/v1"));
    let a = audit_of(vec![krate("osloq"), krate("texan"), krate("teamed")], opts);
    let w = a.report.summary.warnings.join("\n");
    assert!(w.contains("registry owners: 3 of 3 lookups failed (no connection)"), "{w}");
    // Given up at the first failure, with the way not to ask at all (issue 23).
    assert!(w.contains("no connection could be made, so the rest were not tried"), "{w}");
    assert!(w.contains("`--offline` skips the lookups"), "{w}");
    assert_eq!(w.lines().filter(|l| l.starts_with("registry owners")).count(), 1, "{w}");
}

/// Issue 23: `fetch` with no network fills nothing, and says so with exit code 2 naming the
/// sources, instead of exiting 0.
#[test]
fn fetch_fails_when_every_lookup_of_a_source_failed() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let server = Server::start(world);
    let (_scratch, dir) = tmp("fetch-unreachable");
    let sbom = sbom_of(&dir, vec![krate("osloq")]);
    let out = cli_command(&server, &dir.join("cache"), &["fetch", "--sbom", &sbom])
        .env("SOVEREIGN_CRATES_IO_API", format!("{url}/api/v1"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error: every lookup failed for: registry owners"), "{stderr}");
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
    let (_scratch, cache) = tmp("wait");
    let mut opts = options(&server, &cache);
    opts.jobs = 1;
    opts.wait_for_rate_limit = true;
    let a = audit_of(vec![krate("osloq"), krate("texan")], opts);
    assert!(a.report.summary.warnings.is_empty(), "{:?}", a.report.summary.warnings);
    assert_eq!(origin_of(&a, "texan").maintainers_location.as_deref(), Some("US"));
    let asked = server.requests_to("/github/");
    assert_eq!(asked.len(), 2);
    // The second profile was asked for only after the reset time.
    let second = std::time::SystemTime::now() - asked[1].at.elapsed();
    assert!(second.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() >= reset);
}

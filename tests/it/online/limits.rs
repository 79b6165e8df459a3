//! The limits that keep a run short and small whatever a service does: answers capped in size,
//! services given up after failing too often in a row, rate-limit waits capped, and a run of
//! 300 crates against services that never answer ending in seconds, like an offline run (and
//! services whose failures take too long in all: `slow`).

use std::process::{Command, Output};
use std::time::Duration;

use super::*;

/// Runs `f` on a thread, failing the test if it is still running after two minutes (a hang,
/// not a speed budget).
fn within_two_minutes<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(f()).unwrap());
    rx.recv_timeout(Duration::from_secs(120)).expect("hang: still running after two minutes")
}

#[test]
fn an_endless_answer_fails_its_lookup_as_too_large() {
    let server = Server::start(|req, nth| match req.path.as_str() {
        "/github/users/kari-dev" => Reply { endless: true, ..Reply::json(r#"{"login":"kari-dev""#) },
        _ => world(req, nth),
    });
    let a = within_two_minutes(move || {
        let (_scratch, cache) = tmp("endless");
        let a = audit_of(vec![krate("osloq")], options(&server, &cache));
        (a.report.summary.warnings.clone(), origin_of(&a, "osloq").control_country.clone())
    });
    let w = a.0.join("\n");
    assert!(w.contains("GitHub profiles: 1 of 1 lookups failed (answer too large, over 1 MiB)"), "{w}");
    assert_eq!(a.1, None);
}

#[test]
fn a_failing_service_is_given_up_after_five_failed_attempts_in_a_row() {
    let server =
        Server::start(
            |req, nth| {
                if req.path.starts_with("/crates/") {
                    Reply::status(503)
                } else {
                    world(req, nth)
                }
            },
        );
    let names = ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "b0"];
    let (_scratch, cache) = tmp("breaker");
    let a = audit_of(names.iter().map(|n| krate(n)).collect(), options(&server, &cache));
    // Four attempts for the first crate, one for the second: the fifth failure in a row.
    assert_eq!(server.requests_to("/crates/").len(), 5);
    let w = a.report.summary.warnings.join("\n");
    assert!(
        w.contains(
            "registry owners: 10 of 10 lookups failed (server error 503); given up after 5 failed attempts in a row, 8 not asked;"
        ),
        "{w}"
    );
}

#[test]
fn a_complete_answer_starts_the_count_of_failures_again() {
    // Every other crate fails all its attempts: never five in a row, never given up.
    let server = Server::start(|req, nth| match req.path.as_str() {
        p if p.contains("-bad/") => Reply::status(503),
        p if p.starts_with("/crates/") => Reply::json(owners(&[])),
        _ => world(req, nth),
    });
    let names = ["k1-bad", "k2-good", "k3-bad", "k4-good", "k5-bad", "k6-good"];
    let (_scratch, cache) = tmp("breaker-reset");
    let a = audit_of(names.iter().map(|n| krate(n)).collect(), options(&server, &cache));
    let bad = server.requests().iter().filter(|r| r.path.contains("-bad/")).count();
    assert_eq!(bad, 12);
    let w = a.report.summary.warnings.join("\n");
    assert!(w.contains("registry owners: 3 of 6 lookups failed (server error 503);"), "{w}");
    assert!(!w.contains("given up"), "{w}");
}

#[test]
fn a_rate_limit_reset_days_away_is_not_waited_for() {
    let server = Server::start(github_budget_spent(1_000_000));
    let (_scratch, cache) = tmp("wait-cap");
    let mut opts = options(&server, &cache);
    opts.jobs = 1;
    opts.wait_for_rate_limit = true;
    let warnings = within_two_minutes(move || {
        audit_of(vec![krate("osloq"), krate("texan")], opts).report.summary.warnings.clone()
    });
    let w = warnings.join("\n");
    assert!(
        w.contains("GitHub profiles: rate limit reached; the reset is 16667 min away, longer than --max-rate-limit-wait (15 min)"),
        "{w}"
    );
}

/// A CycloneDX document of `n` crates from the registry, each with its repository on github.com
/// under its own owner.
pub(super) fn crates_on_github(n: usize) -> serde_json::Value {
    let comps: Vec<_> = (0..n)
        .map(|i| {
            serde_json::json!({"type": "library", "bom-ref": format!("c{i}"), "name": format!("crate{i:03}"),
                "version": "1.0.0", "purl": format!("pkg:cargo/crate{i:03}@1.0.0"),
                "externalReferences": [{"type": "vcs", "url": format!("https://github.com/owner{i:03}/crate{i:03}")}]})
        })
        .collect();
    let refs: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
    serde_json::json!({
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "metadata": {"component": {"type": "application", "bom-ref": "app", "name": "app", "version": "0.1.0"}},
        "components": comps,
        "dependencies": [{"ref": "app", "dependsOn": refs}]
    })
}

#[test]
fn three_hundred_crates_against_services_that_never_answer_end_like_an_offline_run() {
    let silent = Server::silent();
    let (_scratch, dir) = tmp("silent");
    std::fs::create_dir_all(&dir).unwrap();
    let sbom = dir.join("bom.json");
    std::fs::write(&sbom, serde_json::to_vec(&crates_on_github(300)).unwrap()).unwrap();
    let sbom = sbom.display().to_string();
    let args = ["audit", "--sbom", &sbom, "--format", "json", "-q"];
    // Timeouts scaled down from 10 s to 1 s; everything else as by default.
    let mut online = Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"));
    online
        .env_remove("SOVEREIGN_OFFLINE")
        .env_remove("SOVEREIGN_CRATES_IO_DUMP")
        .env("GITHUB_TOKEN", "ghp_SECRETtoken0123456789")
        .env("SOVEREIGN_CACHE_DIR", dir.join("cache"))
        .env("SOVEREIGN_CRATES_IO_API", format!("{}/crates/api/v1", silent.url))
        .env("SOVEREIGN_GITHUB_API", format!("{}/github", silent.url))
        .env("SOVEREIGN_CRATES_IO_INTERVAL_MS", "0")
        .args(args)
        .args(["--timeout", "1"])
        .current_dir(&dir);
    let out = run_watched(&mut online);
    let mut offline = Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"));
    common::offline(&mut offline).args(args).current_dir(&dir);
    let off = run_watched(&mut offline);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), off.status.code(), "{stderr}");
    // One warning per source, each saying it was given up.
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning: ")).collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    let given_up = "lookups failed (timeout); given up after 5 failed attempts in a row";
    assert!(
        warnings[0].starts_with(&format!("warning: registry owners: 300 of 300 {given_up}, 295 not asked;"))
    );
    assert!(warnings[1].starts_with(&format!("warning: GitHub profiles: 300 of 300 {given_up}")), "{stderr}");
    // A few attempts per source, not one per lookup.
    assert_eq!(silent.requests_to("/crates/").len(), 5);
    assert!(silent.requests_to("/github/").len() <= 5 + 8, "{}", silent.requests_to("/github/").len());
    // The same findings as offline: nothing was learnt, nothing was lost.
    let findings = |o: &Output| {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["findings"].clone()
    };
    assert_eq!(findings(&out), findings(&off));
}

#[test]
fn a_token_on_the_command_line_is_warned_about_and_one_from_the_environment_is_not() {
    let run = |extra: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"));
        common::offline(&mut cmd)
            .current_dir(common::repo_dir().join("tests/fixtures"))
            .env("GITHUB_TOKEN", "ghp_FROMenvironment000")
            .args(["audit", "--metadata", "path-and-git-sources/metadata.json", "--format", "json"])
            .args(extra);
        let out = cmd.output().unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let given = run(&["--github-token", "ghp_ONtheCOMMANDline0"]);
    let warning = "warning: --github-token on the command line can be read by every user of this machine";
    assert_eq!(given.matches(warning).count(), 1, "{given}");
    assert!(given.contains("set GITHUB_TOKEN or GH_TOKEN instead"), "{given}");
    assert!(!given.contains("ghp_ONtheCOMMANDline0"), "{given}");
    let from_env = run(&[]);
    assert!(!from_env.contains("--github-token on the command line"), "{from_env}");
}

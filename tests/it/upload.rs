//! `upload` against a Dependency-Track stand-in on 127.0.0.1 that answers in the shapes of
//! Dependency-Track's REST API (`PUT /api/v1/bom` → `{"token": …}`, `GET
//! /api/v1/event/token/{token}` → `{"processing": …}`, its 401/403/404 texts). This file holds
//! the stand-in, the runs and the uploads that succeed; `upload/errors.rs` every refusal and
//! fault. Every run checks that the API key appears nowhere in what the tool prints, and no run
//! can reach the internet: the only address given is the stand-in's (or a closed port), and
//! online enrichment is off.

mod action;
mod errors;

use std::process::{Command, Output};

use base64::Engine as _;
use serde_json::Value;

use crate::common::http_server::{Reply, Request, Server};
use crate::common::{self, run_watched};

/// The stand-in's API key (what `DEPENDENCY_TRACK_API_KEY` holds in the runs).
pub(crate) const KEY: &str = "odt_Sx7fQk2LmPz9Vw4RtY6uHn3JcB8aD5eG";
/// The processing token the stand-in hands out.
pub(crate) const TOKEN: &str = "3f2a1c9e-8b7d-4e6f-a5b4-c3d2e1f0a9b8";

fn fixture() -> String {
    common::repo_dir().join("tests/fixtures/cloud-ai-workspace/metadata.json").display().to_string()
}

/// An empty folder to run in, so no `sovereign.toml` of the checkout is found.
fn workdir(name: &str) -> common::Scratch {
    common::scratch(&format!("upload-{name}"))
}

/// A plain-text answer, as Dependency-Track's resources send their refusals.
fn text(status: u16, body: &str) -> Reply {
    Reply { status, ..Reply::json(body) }
}

/// The token endpoint's answer.
fn processing(busy: bool) -> Reply {
    Reply::json(format!(r#"{{"processing":{busy}}}"#))
}

/// `PUT /api/v1/bom`'s answer.
fn token() -> Reply {
    Reply::json(format!(r#"{{"token":"{TOKEN}","projectUuid":"5341f53c-611b-4388-9d9c-731026dc5eec"}}"#))
}

/// Dependency-Track as documented: the key checked on every request, the BOM accepted when it
/// is a base64 CycloneDX document, the token processing on the first question and processed
/// on the next.
pub(crate) fn dependency_track() -> Server {
    Server::start(|req, nth| {
        if req.header("x-api-key") != Some(KEY) {
            return text(401, "");
        }
        match (req.method.as_str(), req.path.as_str()) {
            ("PUT", "/api/v1/bom") => match submitted(req) {
                Some(_) => token(),
                None => text(400, "The uploaded BOM is invalid"),
            },
            ("POST", "/api/v1/bom") => match parts(req).as_ref().and_then(|p| part(p, "bom")) {
                Some(bom)
                    if serde_json::from_slice::<Value>(bom).is_ok_and(|b| b["bomFormat"] == "CycloneDX") =>
                {
                    token()
                }
                _ => text(400, "The uploaded BOM is invalid"),
            },
            ("GET", p) if p == format!("/api/v1/event/token/{TOKEN}") => processing(nth == 0),
            _ => text(404, ""),
        }
    })
}

/// The `BomSubmitRequest` of a `PUT /api/v1/bom` and the CycloneDX document in it.
pub(crate) fn submitted(req: &Request) -> Option<(Value, Value)> {
    let request: Value = serde_json::from_slice(&req.body).ok()?;
    let bom = base64::engine::general_purpose::STANDARD.decode(request["bom"].as_str()?).ok()?;
    let bom: Value = serde_json::from_slice(&bom).ok()?;
    (bom["bomFormat"] == "CycloneDX").then_some((request, bom))
}

/// The parts of a `multipart/form-data` request: each one's name and content.
pub(crate) fn parts(req: &Request) -> Option<Vec<(String, Vec<u8>)>> {
    let boundary = req.header("content-type")?.strip_prefix("multipart/form-data; boundary=")?;
    let delimiter = format!("\r\n--{boundary}");
    // The body with a leading CRLF reads as a sequence of `CRLF--boundary` delimiters.
    let body = [b"\r\n".as_slice(), &req.body].concat();
    let mut found = Vec::new();
    let mut rest = body.as_slice();
    loop {
        let at = rest.windows(delimiter.len()).position(|w| w == delimiter.as_bytes())?;
        let part = &rest[..at];
        rest = &rest[at + delimiter.len()..];
        if let Some(start) = part.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&part[..start]);
            let name = head.split("name=\"").nth(1)?.split('"').next()?.to_string();
            found.push((name, part[start + 4..].to_vec()));
        }
        if rest.starts_with(b"--") {
            return Some(found);
        }
    }
}

fn part<'a>(parts: &'a [(String, Vec<u8>)], name: &str) -> Option<&'a [u8]> {
    parts.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_slice())
}

/// Runs `cargo-sovereign upload` with `url` (none: neither `--url` nor the environment) and
/// `key` in the environment, in an empty folder, offline; checks that the key is not printed.
fn upload(dir: &str, url: Option<&str>, key: Option<&str>, extra: &[&str]) -> Output {
    let cwd = workdir(dir);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"));
    common::offline(&mut cmd)
        .current_dir(&cwd)
        .env_remove("DEPENDENCY_TRACK_URL")
        .env_remove("DEPENDENCY_TRACK_API_KEY")
        .args(["upload", "--metadata", &fixture(), "--project", "acme-app", "--project-version", "1.4.0"])
        .args(["--retry-delay-ms", "10", "--poll-interval-ms", "10"])
        .args(extra);
    if let Some(url) = url {
        cmd.env("DEPENDENCY_TRACK_URL", url);
    }
    if let Some(key) = key {
        cmd.env("DEPENDENCY_TRACK_API_KEY", key);
    }
    let out = run_watched(&mut cmd);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    for secret in [KEY, "WRONG-KEY-never-shown"] {
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "the key was printed:\n{stdout}\n{stderr}"
        );
    }
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// What `audit --format cyclonedx` writes for the same input.
fn audited_bom() -> Value {
    let cwd = workdir("audit");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"));
    common::offline(&mut cmd).current_dir(&cwd).args([
        "audit",
        "--metadata",
        &fixture(),
        "--format",
        "cyclonedx",
        "--fail-on",
        "never",
    ]);
    let out = run_watched(&mut cmd);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_enriched_bom_is_uploaded_and_waited_for() {
    let dt = dependency_track();
    let out = upload("ok", Some(&dt.url), Some(KEY), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let puts = dt.requests_to("/api/v1/bom");
    assert_eq!(puts.len(), 1);
    assert_eq!(puts[0].method, "PUT");
    assert_eq!(puts[0].header("content-type"), Some("application/json"));
    let (request, bom) =
        submitted(&puts[0]).expect("the request is not a BomSubmitRequest with a CycloneDX BOM");
    assert_eq!(request["projectName"], "acme-app");
    assert_eq!(request["projectVersion"], "1.4.0");
    assert_eq!(request["autoCreate"], true);
    assert!(request.get("parentName").is_none());
    // The document uploaded is the enriched one `audit --format cyclonedx` writes, facts included.
    assert_eq!(bom, audited_bom());
    let with_facts =
        bom["components"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| {
                c["properties"].as_array().into_iter().flatten().any(|p| {
                    p["name"].as_str().is_some_and(|n| n.starts_with("cargo-sovereign:control-country"))
                })
            })
            .count();
    assert!(with_facts > 0, "no component carries a cargo-sovereign:control-country property");

    // Asked until processed: processing, then done.
    let polls = dt.requests_to("/api/v1/event/token/");
    assert_eq!(polls.len(), 2);
    assert!(polls.iter().all(|r| r.method == "GET" && r.header("x-api-key") == Some(KEY)));
    let err = stderr(&out);
    assert!(err.contains("acme-app 1.4.0: processed") && err.contains(TOKEN), "{err}");
}

#[test]
fn no_wait_exits_once_the_bom_is_accepted() {
    let dt = dependency_track();
    let out = upload("no-wait", None, Some(KEY), &["--url", &dt.url, "--no-wait"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(dt.requests_to("/api/v1/bom").len(), 1);
    assert!(dt.requests_to("/api/v1/event/").is_empty(), "the token was asked about with --no-wait");
    assert!(stderr(&out).contains("accepted, not waited for"), "{}", stderr(&out));
}

#[test]
fn a_parent_project_is_sent_when_given() {
    let dt = dependency_track();
    let out =
        upload("parent", Some(&dt.url), Some(KEY), &["--parent-name", "acme", "--parent-version", "all"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (request, _) = submitted(&dt.requests_to("/api/v1/bom")[0]).unwrap();
    assert_eq!(
        (request["parentName"].as_str(), request["parentVersion"].as_str()),
        (Some("acme"), Some("all"))
    );
}

#[test]
fn a_server_under_a_path_prefix_is_asked_under_it() {
    let dt = dependency_track();
    // The stand-in serves /api/v1 at its root: a prefix is kept, so this one answers 404.
    let out = upload("prefix", Some(&format!("{}/dtrack/", dt.url)), Some(KEY), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(dt.requests()[0].path, "/dtrack/api/v1/bom");
}

#[test]
fn servers_before_4_11_are_asked_at_the_older_token_endpoint() {
    let dt = Server::start(|req, nth| match (req.method.as_str(), req.path.as_str()) {
        ("PUT", "/api/v1/bom") => token(),
        ("GET", p) if p == format!("/api/v1/bom/token/{TOKEN}") => processing(nth == 0),
        _ => text(404, ""),
    });
    let out = upload("legacy", Some(&dt.url), Some(KEY), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(dt.requests_to("/api/v1/bom/token/").len(), 2);
}

#[test]
fn findings_fail_the_upload_only_when_fail_on_asks() {
    // The fixture has findings of severity error; by default they do not change the exit code.
    let dt = dependency_track();
    let out = upload("fail-on", Some(&dt.url), Some(KEY), &["--fail-on", "error", "--no-wait"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(dt.requests_to("/api/v1/bom").len(), 1, "the BOM was not uploaded before the gate failed");
}

#[test]
fn a_document_too_large_for_the_put_goes_by_multipart_post() {
    // Dependency-Track's PUT takes 20,000,000 base64 characters; here the limit is lowered.
    let dt = dependency_track();
    let out = upload(
        "post",
        Some(&dt.url),
        Some(KEY),
        &["--max-put-chars", "1000", "--parent-name", "acme", "--parent-version", "all"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let posts = dt.requests_to("/api/v1/bom");
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].method, "POST");
    let parts = parts(&posts[0]).expect("not a multipart/form-data body");
    let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["projectName", "projectVersion", "autoCreate", "parentName", "parentVersion", "bom"]);
    assert_eq!(part(&parts, "projectName"), Some(b"acme-app".as_slice()));
    assert_eq!(part(&parts, "projectVersion"), Some(b"1.4.0".as_slice()));
    assert_eq!(part(&parts, "autoCreate"), Some(b"true".as_slice()));
    // The document itself, not base64: the same enriched CycloneDX.
    let bom: Value = serde_json::from_slice(part(&parts, "bom").unwrap()).unwrap();
    assert_eq!(bom, audited_bom());
    assert_eq!(dt.requests_to("/api/v1/event/token/").len(), 2);
}

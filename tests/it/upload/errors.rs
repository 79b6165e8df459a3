//! Every way an upload fails: exit code 2, one message that says what to change, the key never
//! in it; 5xx and 429 retried a bounded number of times, a closed port not at all.

use super::*;

/// A stand-in that answers every `PUT /api/v1/bom` with `reply` (the token endpoint as
/// documented).
fn answering(reply: Reply) -> Server {
    Server::start(move |req, nth| match req.method.as_str() {
        "PUT" => reply.clone(),
        _ if req.path == format!("/api/v1/event/token/{TOKEN}") => processing(nth == 0),
        _ => text(404, ""),
    })
}

/// Runs an upload against `dt` and returns its message, after checking the exit code is 2.
fn refused(dir: &str, dt: &Server, extra: &[&str]) -> String {
    let out = upload(dir, Some(&dt.url), Some(KEY), extra);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().filter(|l| l.starts_with("error:")).count(), 1, "{err}");
    err
}

#[test]
fn a_wrong_key_is_refused_with_401_and_named() {
    let dt = dependency_track();
    let out = upload("401", Some(&dt.url), Some("WRONG-KEY-never-shown"), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("401 Unauthorized") && err.contains("DEPENDENCY_TRACK_API_KEY"), "{err}");
    assert_eq!(dt.requests().len(), 1, "a 401 was retried");
    assert_eq!(dt.requests()[0].header("x-api-key"), Some("WRONG-KEY-never-shown"));
}

#[test]
fn a_key_that_may_not_create_projects_is_told_which_permission() {
    // Dependency-Track's text when autoCreate meets a key without the permission.
    let dt = answering(text(401, "The principal does not have permission to create project."));
    let err = refused("401-create", &dt, &[]);
    assert!(err.contains("PROJECT_CREATION_UPLOAD"), "{err}");
}

#[test]
fn a_403_names_the_permissions() {
    let problem = r#"{"status":403,"title":"Project access denied","detail":"Access to the requested project is forbidden"}"#;
    let err = refused("403", &answering(text(403, problem)), &[]);
    assert!(
        err.contains("403") && err.contains("BOM_UPLOAD") && err.contains("PROJECT_CREATION_UPLOAD"),
        "{err}"
    );
    assert!(err.contains("Access to the requested project is forbidden"), "{err}");
}

#[test]
fn a_404_tells_a_missing_project_from_a_wrong_address() {
    let err = refused("404-project", &answering(text(404, "The project could not be found.")), &[]);
    assert!(err.contains("the project does not exist"), "{err}");
    let err = refused("404-parent", &answering(text(404, "The parent project could not be found.")), &[]);
    assert!(err.contains("parent project does not exist"), "{err}");
    // A server that is not Dependency-Track's API (the front end, a wrong path).
    let err = refused("404-path", &answering(text(404, "<html>Not Found</html>")), &[]);
    assert!(err.contains("API server's base URL"), "{err}");
}

#[test]
fn a_413_says_the_bom_is_too_large_and_where_the_limit_is() {
    let err = refused("413", &answering(text(413, "")), &[]);
    assert!(
        err.contains("413") && err.contains("20,000,000") && err.contains("client_max_body_size"),
        "{err}"
    );
}

#[test]
fn an_invalid_bom_is_reported_with_the_servers_words() {
    let problem =
        r#"{"status":400,"title":"The uploaded BOM is invalid","detail":"Schema validation failed"}"#;
    let err = refused("400", &answering(text(400, problem)), &[]);
    assert!(
        err.contains("(400)") && err.contains("The uploaded BOM is invalid: Schema validation failed"),
        "{err}"
    );
}

#[test]
fn server_errors_are_retried_then_the_upload_succeeds() {
    let dt = Server::start(|req, nth| match req.method.as_str() {
        "PUT" if nth < 2 => text(503, "unavailable"),
        "PUT" => token(),
        _ => processing(false),
    });
    let out = upload("503-then-ok", Some(&dt.url), Some(KEY), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(dt.requests_to("/api/v1/bom").len(), 3);
}

#[test]
fn server_errors_on_every_attempt_give_up_after_the_retries() {
    let dt = answering(text(500, "boom"));
    let err = refused("500", &dt, &[]);
    assert!(err.contains("answered 500 4 times"), "{err}");
    assert_eq!(dt.requests_to("/api/v1/bom").len(), 4);
}

#[test]
fn a_429_is_retried_after_the_wait_it_asks_for() {
    let dt = Server::start(|req, nth| match req.method.as_str() {
        "PUT" if nth == 0 => text(429, "").with("Retry-After", "0"),
        "PUT" => token(),
        _ => processing(false),
    });
    let out = upload("429", Some(&dt.url), Some(KEY), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(dt.requests_to("/api/v1/bom").len(), 2);
}

#[test]
fn a_429_asking_for_too_long_a_wait_fails_at_once() {
    let dt = answering(text(429, "").with("Retry-After", "86400"));
    let err = refused("429-long", &dt, &[]);
    assert!(err.contains("429") && err.contains("86400 s"), "{err}");
    assert_eq!(dt.requests().len(), 1);
}

#[test]
fn an_unreachable_server_fails_at_once() {
    // A port that was free a moment ago and that nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = upload("unreachable", Some(&format!("http://127.0.0.1:{port}")), Some(KEY), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("cannot reach Dependency-Track at http://127.0.0.1:"), "{err}");
}

#[test]
fn without_a_url_or_a_key_nothing_is_run() {
    let dt = dependency_track();
    let out = upload("no-url", None, Some(KEY), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--url or set DEPENDENCY_TRACK_URL"), "{}", stderr(&out));
    let out = upload("no-key", Some(&dt.url), None, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("set DEPENDENCY_TRACK_API_KEY"), "{}", stderr(&out));
    let out = upload("blank-key", Some(&dt.url), Some("  "), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("DEPENDENCY_TRACK_API_KEY is empty"), "{}", stderr(&out));
    assert!(dt.requests().is_empty(), "the server was asked without a key");
    // The key has no command-line option.
    let out = upload("key-option", Some(&dt.url), None, &["--api-key", KEY]);
    assert_eq!(out.status.code(), Some(2));
    assert!(dt.requests().is_empty());
}

#[test]
fn a_url_that_is_not_http_is_refused() {
    let out = upload("bad-url", Some("file:///etc/passwd"), Some(KEY), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not an http:// or https:// URL"), "{}", stderr(&out));
}

#[test]
fn answers_that_are_not_the_documented_shape_are_errors() {
    let err = refused("not-json", &answering(Reply::json("<html>hello</html>")), &[]);
    assert!(err.contains("200 with a body that is not JSON instead of a processing token"), "{err}");
    let err = refused("no-token", &answering(Reply::json(r#"{"token":5}"#)), &[]);
    assert!(err.contains("JSON of another shape"), "{err}");
    let err = refused("empty", &answering(Reply::json("")), &[]);
    assert!(err.contains("an empty body"), "{err}");
    // The token endpoint answering something else than {"processing": bool}.
    let dt = Server::start(|req, _| match req.method.as_str() {
        "PUT" => token(),
        _ => Reply::json(r#"{"processing":"yes"}"#),
    });
    let err = refused("bad-poll", &dt, &[]);
    assert!(err.contains(r#"instead of {"processing": true|false}"#), "{err}");
}

#[test]
fn a_redirect_is_not_followed() {
    let dt = answering(text(301, "").with("Location", "https://dtrack.example/api/v1/bom"));
    let err = refused("redirect", &dt, &[]);
    assert!(err.contains("redirects to https://dtrack.example/api/v1/bom"), "{err}");
    assert_eq!(dt.requests().len(), 1);
}

#[test]
fn a_bom_still_processing_when_the_wait_runs_out_is_an_error() {
    let dt = Server::start(|req, _| match req.method.as_str() {
        "PUT" => token(),
        _ => processing(true),
    });
    let err = refused("still-processing", &dt, &["--wait-timeout", "1"]);
    assert!(err.contains("still processing it after 1 s") && err.contains(TOKEN), "{err}");
    assert!(!dt.requests_to("/api/v1/event/token/").is_empty());
}

#[test]
fn an_answer_broken_off_is_retried_a_bounded_number_of_times() {
    let dt = Server::start(|req, nth| match req.method.as_str() {
        "PUT" if nth == 0 => Reply { truncate: true, ..token() },
        "PUT" => token(),
        _ => processing(false),
    });
    let out = upload("truncated-once", Some(&dt.url), Some(KEY), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(dt.requests_to("/api/v1/bom").len(), 2);

    let dt = answering(Reply { truncate: true, ..token() });
    let err = refused("truncated-always", &dt, &[]);
    assert!(err.contains("failed 4 times"), "{err}");
    assert_eq!(dt.requests_to("/api/v1/bom").len(), 4);
}

#[test]
fn an_answer_that_drips_forever_times_out_and_one_that_never_ends_is_cut() {
    // A byte every 20 ms: each read gets something, so only a deadline on the whole exchange
    // (the body included) ends it.
    let dt = answering(Reply { endless: true, drip: true, ..Reply::json(format!(r#"{{"token":"{TOKEN}""#)) });
    let err = refused("drip", &dt, &["--request-timeout-secs", "1"]);
    assert!(err.contains("did not answer within 1 s"), "{err}");
    assert_eq!(dt.requests().len(), 1, "a timeout was retried");
    // Spaces as fast as they can be read: the answer is read up to its cap, then refused.
    let dt = answering(Reply { endless: true, ..Reply::json(r#"{"token":"#) });
    let err = refused("endless", &dt, &[]);
    assert!(err.contains("instead of a processing token"), "{err}");
}

#[test]
fn a_token_endpoint_that_does_not_answer_ends_the_wait_at_its_timeout() {
    // The question about the token gets no answer for ten minutes: --wait-timeout bounds the
    // whole wait, not only the time between two answers.
    let dt = Server::start(|req, _| match req.method.as_str() {
        "PUT" => token(),
        _ => Reply { delay: std::time::Duration::from_secs(600), ..processing(true) },
    });
    let err = refused("slow-poll", &dt, &["--wait-timeout", "1"]);
    assert!(err.contains("did not answer within 1 s"), "{err}");
    assert_eq!(dt.requests_to("/api/v1/event/token/").len(), 1);
}

#[test]
fn names_with_control_characters_are_refused_before_any_request() {
    let dt = dependency_track();
    for extra in [
        ["--parent-name", "acme\r\nX-Injected: 1", "--parent-version", "all"],
        ["--parent-name", "acme", "--parent-version", "  "],
    ] {
        let out = upload("control", Some(&dt.url), Some(KEY), &extra);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("must be printable text"), "{}", stderr(&out));
    }
    assert!(dt.requests().is_empty());
}

//! The upload's own checks, below the HTTP exchange: tokens, URLs, keys, the server's text,
//! the PUT's JSON, base64 lengths, backoff and the plain-http warning.

use super::*;

#[test]
fn tokens_are_uuids() {
    assert!(is_uuid("0a1b2c3d-4e5f-6789-abcd-ef0123456789"));
    assert!(!is_uuid("0a1b2c3d-4e5f-6789-abcd-ef012345678"));
    assert!(!is_uuid("../../admin/x-4e5f-6789-abcd-ef0123456789"));
    assert!(!is_uuid("0a1b2c3d_4e5f-6789-abcd-ef0123456789"));
}

#[test]
fn urls_and_keys_are_checked_before_any_request() {
    let key = || Secret::from("k");
    assert!(matches!(Server::new("ftp://x", key(), Options::default()), Err(UploadError::BadUrl(_))));
    assert!(matches!(Server::new("not a url", key(), Options::default()), Err(UploadError::BadUrl(_))));
    assert!(matches!(
        Server::new("http://x", Secret::from(" "), Options::default()),
        Err(UploadError::BadKey(_))
    ));
    assert!(matches!(
        Server::new("http://x", Secret::from("a\nb"), Options::default()),
        Err(UploadError::BadKey(_))
    ));
    let s = Server::new("https://u:p@dt.example/prefix", Secret::from("kEy-42"), Options::default()).unwrap();
    assert_eq!(s.endpoint("api/v1/bom").as_str(), "https://u:p@dt.example/prefix/api/v1/bom");
    assert!(!s.shown().contains("u:p"), "{}", s.shown());
    assert!(!format!("{s:?}").contains("kEy-42"));
}

#[test]
fn plain_http_is_in_the_clear_except_on_loopback() {
    let in_clear = |url: &str| Server::new(url, Secret::from("k"), Options::default()).unwrap().in_clear();
    assert!(in_clear("http://dtrack.example/"));
    assert!(in_clear("http://10.0.0.5:8081"));
    assert!(!in_clear("https://dtrack.example/"));
    for local in ["http://127.0.0.1:8081", "http://LOCALHOST/", "http://[::1]:1/", "http://127.9.9.9"] {
        assert!(!in_clear(local), "{local}");
    }
}

#[test]
fn a_servers_text_never_repeats_the_key() {
    let s = Server::new("http://x", Secret::from("s3cr3t-key"), Options::default()).unwrap();
    assert_eq!(s.detail(br#"{"title":"Bad","detail":"key s3cr3t-key is wrong"}"#), "Bad: key *** is wrong");
    assert_eq!(s.detail(b"plain\n  text"), "plain text");
    assert!(s.detail("x".repeat(1000).as_bytes()).chars().count() <= MAX_DETAIL + 1);
}

#[test]
fn the_put_request_is_json_whatever_the_names() {
    let body = put_body(&[("projectName", "acme \"app\" é\n"), ("projectVersion", "1")], b"{}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["projectName"], "acme \"app\" é\n");
    assert_eq!(v["autoCreate"], true);
    assert_eq!(v["bom"], "e30=");
}

#[test]
fn base64_lengths() {
    for n in [0, 1, 2, 3, 4, 1000] {
        assert_eq!(base64_len(n), base64::engine::general_purpose::STANDARD.encode(vec![0u8; n]).len());
    }
}

#[test]
fn backoff_doubles_and_is_capped() {
    let s = Server::new("http://x", Secret::from("k"), Options::default()).unwrap();
    assert_eq!(s.backoff(0), Duration::from_secs(1));
    assert_eq!(s.backoff(2), Duration::from_secs(4));
    assert_eq!(s.backoff(30), Duration::from_secs(30));
}

//! Uploading a BOM to OWASP Dependency-Track's REST API (v4 and v5 alike).
//!
//! `PUT /api/v1/bom` takes a JSON `BomSubmitRequest`: `projectName`, `projectVersion`,
//! `autoCreate` and the document base64-encoded in `bom` (optionally `parentName` and
//! `parentVersion`), and answers `{"token": "<uuid>"}`; a document whose base64 would pass the
//! 20,000,000 characters the PUT takes goes as `multipart/form-data` to `POST /api/v1/bom`
//! (the same fields, the document as it is), which has no such limit. The server processes it in the
//! background; `GET /api/v1/event/token/{token}` answers `{"processing": true|false}` until it is
//! done (servers before 4.11 only have `GET /api/v1/bom/token/{token}`, asked when the first
//! answers 404). The API key travels in the `X-Api-Key` header and nowhere else: no message,
//! no `Debug` output shows it ([`Secret`]), and redirects are not followed (a header would
//! follow them to another host).
//!
//! Server errors (5xx), 429 (honouring `Retry-After`) and connections broken off are retried a
//! bounded number of times with exponential backoff; a connection that cannot be made at all,
//! and a request that timed out, are not. Every other answer becomes one [`UploadError`] that
//! says what to change (the key, its permissions, the URL, the size).

use std::io::Read;
use std::time::{Duration, Instant};

use base64::Engine as _;
use reqwest::blocking::{Client, RequestBuilder};
use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use reqwest::redirect::Policy;
use reqwest::{StatusCode, Url};

use crate::enrich::online::http::USER_AGENT;
use crate::enrich::online::secret::{redact_url, Secret};

mod error;
mod multipart;
pub use error::UploadError;

/// The environment variable that holds the API key (never a command-line option).
pub const API_KEY_ENV: &str = "DEPENDENCY_TRACK_API_KEY";
/// The environment variable that names the server when `--url` does not.
pub const URL_ENV: &str = "DEPENDENCY_TRACK_URL";
/// The most base64 characters `PUT /api/v1/bom` takes (Dependency-Track's API documentation).
pub const MAX_BOM_CHARS: usize = 20_000_000;
/// The most of an answer's body read (the answers are a token or an error text).
const MAX_ANSWER: u64 = 1 << 20;
/// The most of a server's error text repeated in a message.
const MAX_DETAIL: usize = 300;

/// How hard to try.
#[derive(Debug, Clone)]
pub struct Options {
    /// Retries after the first attempt, for 5xx, 429 and broken connections.
    pub retries: u32,
    /// The first retry's delay; each next one doubles it (up to 30 s).
    pub retry_delay: Duration,
    /// The longest `Retry-After` honoured; a longer one fails the upload.
    pub max_retry_after: Duration,
    /// Time between two questions about the processing token.
    pub poll_interval: Duration,
    /// A connection that is not made in this time fails.
    pub connect_timeout: Duration,
    /// A whole exchange (the upload included) that takes longer fails.
    pub request_timeout: Duration,
    /// Documents whose base64 is longer go by multipart `POST` instead of `PUT`.
    pub max_put_chars: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            retries: 3,
            retry_delay: Duration::from_secs(1),
            max_retry_after: Duration::from_secs(60),
            poll_interval: Duration::from_secs(2),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(300),
            max_put_chars: MAX_BOM_CHARS,
        }
    }
}

/// The project the BOM belongs to (created when missing).
#[derive(Debug, Clone)]
pub struct Project {
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// The parent project's name and version, for a project created by the upload.
    pub parent: Option<(String, String)>,
}

/// One Dependency-Track API server and the key to use there.
pub struct Server {
    base: Url,
    key: Secret,
    client: Client,
    options: Options,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("base", &redact_url(self.base.as_str()))
            .field("key", &self.key)
            .finish()
    }
}

impl Server {
    /// The server at `url` (its API base: `https://dtrack.example/`, or with a path prefix
    /// when a proxy serves it under one), used with `key`.
    pub fn new(url: &str, key: Secret, options: Options) -> Result<Server, UploadError> {
        let bad = || UploadError::BadUrl(redact_url(url.trim()));
        let mut base = Url::parse(url.trim()).map_err(|_| bad())?;
        if !matches!(base.scheme(), "http" | "https") || base.host_str().is_none() {
            return Err(bad());
        }
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        if key.is_blank() {
            return Err(UploadError::BadKey("empty"));
        }
        if HeaderValue::from_str(key.expose().trim()).is_err() {
            return Err(UploadError::BadKey("not a value an HTTP header can carry"));
        }
        let client = Client::builder()
            .user_agent(USER_AGENT)
            .redirect(Policy::none())
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .build()
            .map_err(|e| UploadError::Unreachable { url: redact_url(base.as_str()), reason: reason(&e) })?;
        Ok(Server { base, key, client, options })
    }

    /// Whether the key would cross a network in the clear: plain `http://` to a host other than
    /// this machine's loopback (where anyone on the path reads the key and may change the answers).
    pub fn in_clear(&self) -> bool {
        let host = self.base.host_str().unwrap_or_default();
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let loopback = host.eq_ignore_ascii_case("localhost")
            || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
        self.base.scheme() == "http" && !loopback
    }

    /// The server's address as it may be shown.
    pub fn shown(&self) -> String {
        redact_url(self.base.as_str())
    }

    fn endpoint(&self, path: &str) -> Url {
        // `path` is ours and relative; joining it to a base ending in `/` cannot fail.
        self.base.join(path).unwrap_or_else(|_| self.base.clone())
    }

    fn key_header(&self) -> HeaderValue {
        // Checked in `new`.
        let mut value =
            HeaderValue::from_str(self.key.expose().trim()).unwrap_or(HeaderValue::from_static(""));
        value.set_sensitive(true);
        value
    }

    /// Uploads `bom` for `project` (created when missing) and returns the processing token:
    /// base64 in the JSON of `PUT /api/v1/bom`, or as a multipart `POST` when its base64 would
    /// be longer than the PUT takes.
    pub fn submit(&self, project: &Project, bom: &[u8]) -> Result<String, UploadError> {
        let url = self.endpoint("api/v1/bom");
        let shown = redact_url(url.as_str());
        let mut fields =
            vec![("projectName", project.name.as_str()), ("projectVersion", project.version.as_str())];
        if let Some((name, version)) = &project.parent {
            fields.extend([("parentName", name.as_str()), ("parentVersion", version.as_str())]);
        }
        let (body, content_type, put) = if base64_len(bom.len()) <= self.options.max_put_chars {
            (put_body(&fields, bom).into_bytes(), "application/json".to_string(), true)
        } else {
            fields.insert(2, ("autoCreate", "true"));
            let (body, content_type) = multipart::Form { fields, bom }.encode();
            (body, content_type, false)
        };
        // Shared between the attempts, not copied for each: the body may be the size of the document.
        let body = bytes::Bytes::from(body);
        let (status, answer) = self.exchange(&shown, None, || {
            let request = if put { self.client.put(url.clone()) } else { self.client.post(url.clone()) };
            request
                .header("X-Api-Key", self.key_header())
                .header(CONTENT_TYPE, content_type.as_str())
                .header(ACCEPT, "application/json")
                .body(body.clone())
        })?;
        match status.as_u16() {
            200..=299 => {
                let token = serde_json::from_slice::<serde_json::Value>(&answer)
                    .ok()
                    .and_then(|v| v.get("token").and_then(|t| t.as_str()).map(str::to_string));
                match token {
                    Some(t) if is_uuid(&t) => Ok(t),
                    _ => Err(UploadError::Malformed {
                        url: shown,
                        what: describe(status, &answer, "a processing token"),
                    }),
                }
            }
            413 => Err(UploadError::TooLarge { url: shown, bytes: bom.len() }),
            _ => Err(self.refusal(shown, status, &answer)),
        }
    }

    /// Whether the server is still processing what `token` stands for. `legacy` asks the
    /// endpoint of servers before 4.11.
    pub fn processing(&self, token: &str, legacy: bool) -> Result<bool, UploadError> {
        self.poll(token, legacy, None)
    }

    /// [`Server::processing`], the exchange (its retries included) ending by `deadline`.
    fn poll(&self, token: &str, legacy: bool, deadline: Option<Instant>) -> Result<bool, UploadError> {
        if !is_uuid(token) {
            return Err(UploadError::Malformed {
                url: self.shown(),
                what: "a token that is not a UUID".into(),
            });
        }
        let path = if legacy { "api/v1/bom/token/" } else { "api/v1/event/token/" };
        let url = self.endpoint(&format!("{path}{token}"));
        let shown = redact_url(url.as_str());
        let (status, answer) = self.exchange(&shown, deadline, || {
            self.client
                .get(url.clone())
                .header("X-Api-Key", self.key_header())
                .header(ACCEPT, "application/json")
        })?;
        if !status.is_success() {
            return Err(self.refusal(shown, status, &answer));
        }
        serde_json::from_slice::<serde_json::Value>(&answer)
            .ok()
            .and_then(|v| v.get("processing").and_then(|p| p.as_bool()))
            .ok_or_else(|| UploadError::Malformed {
                url: shown,
                what: describe(status, &answer, r#"{"processing": true|false}"#),
            })
    }

    /// Asks about `token` every poll interval until it is processed, for at most `timeout`
    /// (a question the server is slow to answer, and its retries, included).
    pub fn wait(&self, token: &str, timeout: Duration) -> Result<(), UploadError> {
        let started = Instant::now();
        let deadline = Some(started + timeout);
        let mut legacy = false;
        loop {
            let busy = match self.poll(token, legacy, deadline) {
                Err(UploadError::NotFound { .. }) if !legacy => {
                    legacy = true;
                    self.poll(token, legacy, deadline)?
                }
                answer => answer?,
            };
            if !busy {
                return Ok(());
            }
            if started.elapsed() + self.options.poll_interval > timeout {
                return Err(UploadError::StillProcessing {
                    token: token.to_string(),
                    secs: timeout.as_secs(),
                });
            }
            std::thread::sleep(self.options.poll_interval);
        }
    }

    /// The error for a non-2xx answer.
    fn refusal(&self, url: String, status: StatusCode, body: &[u8]) -> UploadError {
        let detail = self.detail(body);
        match status.as_u16() {
            401 => UploadError::Unauthorized { url, detail },
            403 => UploadError::Forbidden { url, detail },
            404 => UploadError::NotFound { url, detail },
            _ => UploadError::Rejected { url, status: status.as_u16(), detail },
        }
    }

    /// A server's error text fit to repeat: the title and detail of a problem document, or
    /// the text itself, on one line, cut short, and never holding the key.
    fn detail(&self, body: &[u8]) -> String {
        let text = String::from_utf8_lossy(body);
        let text = match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v) if v.is_object() => {
                let parts: Vec<&str> =
                    ["title", "detail"].iter().filter_map(|k| v.get(*k).and_then(|s| s.as_str())).collect();
                if parts.is_empty() {
                    text.to_string()
                } else {
                    parts.join(": ")
                }
            }
            _ => text.to_string(),
        };
        let mut line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let key = self.key.expose().trim();
        if !key.is_empty() {
            line = line.replace(key, "***");
        }
        if line.chars().count() > MAX_DETAIL {
            line = line.chars().take(MAX_DETAIL).collect::<String>() + "…";
        }
        line
    }

    /// Sends the request `build` makes, retrying 5xx, 429 and broken connections, and reads
    /// the answer's body (up to a cap). 3xx fails: redirects are not followed. With a
    /// `deadline`, no attempt and no wait between two goes past it (by more than a second).
    fn exchange(
        &self,
        url: &str,
        deadline: Option<Instant>,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<(StatusCode, Vec<u8>), UploadError> {
        let url = url.to_string();
        let mut attempt: u32 = 0;
        loop {
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            let limit = left.map_or(self.options.request_timeout, |left| {
                self.options.request_timeout.min(left.max(Duration::from_secs(1)))
            });
            let last =
                attempt >= self.options.retries || left.is_some_and(|left| self.backoff(attempt) >= left);
            // The timeout set on the request, not only on the client, is one deadline for the
            // whole exchange, the answer's body included: the client's own applies to each read
            // anew, so a server dripping a byte now and then would hold the upload for days.
            let started = Instant::now();
            let wait = match build().timeout(limit).send() {
                Err(e) if e.is_timeout() => return Err(UploadError::Timeout { url, secs: limit.as_secs() }),
                Err(e) if e.is_connect() => return Err(UploadError::Unreachable { url, reason: reason(&e) }),
                Err(e) if last => {
                    return Err(UploadError::Broken { url, attempts: attempt + 1, reason: reason(&e) })
                }
                Err(_) => self.backoff(attempt),
                Ok(resp) => {
                    let status = resp.status();
                    if status == StatusCode::TOO_MANY_REQUESTS {
                        let asked = resp
                            .headers()
                            .get(RETRY_AFTER)
                            .and_then(|v| v.to_str().ok())
                            .and_then(|v| v.trim().parse::<u64>().ok());
                        match asked {
                            Some(secs) if Duration::from_secs(secs) > self.options.max_retry_after => {
                                return Err(UploadError::RateLimited { url, wait: Some(secs) })
                            }
                            _ if last => return Err(UploadError::RateLimited { url, wait: None }),
                            Some(secs) => Duration::from_secs(secs),
                            None => self.backoff(attempt),
                        }
                    } else if status.is_server_error() {
                        if last {
                            return Err(UploadError::Server {
                                url,
                                status: status.as_u16(),
                                attempts: attempt + 1,
                            });
                        }
                        self.backoff(attempt)
                    } else if status.is_redirection() {
                        let location = resp
                            .headers()
                            .get(LOCATION)
                            .and_then(|v| v.to_str().ok())
                            .map(redact_url)
                            .unwrap_or_else(|| "an address it does not name".to_string());
                        return Err(UploadError::Redirected { url, location });
                    } else {
                        let mut body = Vec::new();
                        match resp.take(MAX_ANSWER).read_to_end(&mut body) {
                            Ok(_) => return Ok((status, body)),
                            Err(e)
                                if e.kind() == std::io::ErrorKind::TimedOut || started.elapsed() >= limit =>
                            {
                                return Err(UploadError::Timeout { url, secs: limit.as_secs() })
                            }
                            Err(e) if last => {
                                return Err(UploadError::Broken {
                                    url,
                                    attempts: attempt + 1,
                                    reason: e.to_string(),
                                })
                            }
                            Err(_) => self.backoff(attempt),
                        }
                    }
                }
            };
            // A `Retry-After` honoured is not slept past the deadline either.
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            std::thread::sleep(left.map_or(wait, |left| wait.min(left)));
            attempt += 1;
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        self.options.retry_delay.saturating_mul(1 << attempt.min(8)).min(Duration::from_secs(30))
    }
}

/// The innermost cause of a transport error (`Connection refused`, a name that does not
/// resolve), without the URL reqwest puts in its own message.
fn reason(e: &reqwest::Error) -> String {
    let Some(mut cause) = std::error::Error::source(e) else {
        // No inner cause: reqwest's own message names the URL, which may carry credentials.
        return "the request failed".to_string();
    };
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// The JSON `BomSubmitRequest` of a PUT: `autoCreate`, the text `fields`, and `bom` in base64.
/// Written by hand, so the base64 (the bulk of the request) is made once, in place.
fn put_body(fields: &[(&str, &str)], bom: &[u8]) -> String {
    let mut json = String::with_capacity(base64_len(bom.len()) + 1024);
    json.push_str(r#"{"autoCreate":true"#);
    for (name, value) in fields {
        json.push_str(&format!(r#","{name}":{}"#, serde_json::Value::from(*value)));
    }
    json.push_str(r#","bom":""#);
    base64::engine::general_purpose::STANDARD.encode_string(bom, &mut json);
    json.push_str(r#""}"#);
    json
}

/// The length of `n` bytes in padded base64.
fn base64_len(n: usize) -> usize {
    n.div_ceil(3).saturating_mul(4)
}

/// A 36-character UUID in its usual form, as Dependency-Track's tokens are.
fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices()
            .all(|(i, c)| if matches!(i, 8 | 13 | 18 | 23) { c == '-' } else { c.is_ascii_hexdigit() })
}

/// What came instead of `expected`, in a few words.
fn describe(status: StatusCode, body: &[u8], expected: &str) -> String {
    let kind = if body.is_empty() {
        "an empty body"
    } else if serde_json::from_slice::<serde_json::Value>(body).is_ok() {
        "JSON of another shape"
    } else {
        "a body that is not JSON"
    };
    format!("{} with {kind} instead of {expected}", status.as_u16())
}

#[cfg(test)]
mod tests;

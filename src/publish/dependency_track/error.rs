//! Why an upload to Dependency-Track failed, each error saying what to change.

use super::{API_KEY_ENV, URL_ENV};

/// Why an upload failed. No variant holds the API key.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The server's address is not an http or https URL.
    #[error("`{0}` is not an http:// or https:// URL of a Dependency-Track API server")]
    BadUrl(String),
    /// The key is empty or cannot be sent in a header.
    #[error("{API_KEY_ENV} is {0}: set it to a Dependency-Track API key")]
    BadKey(&'static str),
    /// 401.
    #[error("{}", unauthorized(.url, .detail))]
    Unauthorized {
        /// The address asked, as it may be shown.
        url: String,
        /// The server's own text, cut short (may be empty).
        detail: String,
    },
    /// 403.
    #[error("Dependency-Track ({url}) answered 403 Forbidden: the API key's team needs the BOM_UPLOAD permission (and PROJECT_CREATION_UPLOAD to create a missing project) and access to the project{}", shown(.detail))]
    Forbidden {
        /// The address asked, as it may be shown.
        url: String,
        /// The server's own text, cut short (may be empty).
        detail: String,
    },
    /// 404.
    #[error("{}", not_found(.url, .detail))]
    NotFound {
        /// The address asked, as it may be shown.
        url: String,
        /// The server's own text, cut short (may be empty).
        detail: String,
    },
    /// 413.
    #[error("Dependency-Track ({url}) answered 413 Payload Too Large: the BOM ({bytes} bytes) is more than the server or a proxy in front of it accepts (nginx: client_max_body_size). Documents over the 20,000,000 base64 characters Dependency-Track's PUT /api/v1/bom takes are sent as a multipart POST already")]
    TooLarge {
        /// The address asked, as it may be shown.
        url: String,
        /// The document's size.
        bytes: usize,
    },
    /// Another 4xx (400: the BOM failed the server's schema validation).
    #[error("Dependency-Track ({url}) rejected the request ({status}){}", shown(.detail))]
    Rejected {
        /// The address asked, as it may be shown.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The server's own text, cut short (may be empty).
        detail: String,
    },
    /// A 3xx: redirects are not followed.
    #[error("Dependency-Track ({url}) redirects to {location}: give that address in --url or {URL_ENV}")]
    Redirected {
        /// The address asked, as it may be shown.
        url: String,
        /// Where it points, as it may be shown.
        location: String,
    },
    /// No connection could be made (refused, no such host, no route).
    #[error("cannot reach Dependency-Track at {url}: {reason}")]
    Unreachable {
        /// The address asked, as it may be shown.
        url: String,
        /// The innermost cause.
        reason: String,
    },
    /// The connection broke off on every attempt.
    #[error("the connection to Dependency-Track at {url} failed {attempts} times: {reason}")]
    Broken {
        /// The address asked, as it may be shown.
        url: String,
        /// How many attempts were made.
        attempts: u32,
        /// The innermost cause.
        reason: String,
    },
    /// No answer in time.
    #[error("Dependency-Track at {url} did not answer within {secs} s")]
    Timeout {
        /// The address asked, as it may be shown.
        url: String,
        /// Seconds waited.
        secs: u64,
    },
    /// 5xx on every attempt.
    #[error(
        "Dependency-Track ({url}) answered {status} {attempts} times; giving up (the server's log says why)"
    )]
    Server {
        /// The address asked, as it may be shown.
        url: String,
        /// The HTTP status.
        status: u16,
        /// How many attempts were made.
        attempts: u32,
    },
    /// 429 with a longer wait than is honoured, or on every attempt.
    #[error("Dependency-Track ({url}) answered 429 Too Many Requests{}", retry_after(.wait))]
    RateLimited {
        /// The address asked, as it may be shown.
        url: String,
        /// The wait asked for, in seconds, when longer than honoured.
        wait: Option<u64>,
    },
    /// A 2xx answer that is not the documented shape.
    #[error("Dependency-Track ({url}) answered {what}; is this the API server's base URL?")]
    Malformed {
        /// The address asked, as it may be shown.
        url: String,
        /// What came instead of the documented answer.
        what: String,
    },
    /// Still processing when the wait ran out.
    #[error("the BOM was uploaded (token {token}), but Dependency-Track was still processing it after {secs} s: raise --wait-timeout, or pass --no-wait")]
    StillProcessing {
        /// The processing token.
        token: String,
        /// Seconds waited.
        secs: u64,
    },
}

fn shown(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(": {detail}")
    }
}

fn unauthorized(url: &str, detail: &str) -> String {
    if detail.contains("permission to create project") {
        format!("Dependency-Track ({url}) answered 401: the API key may not create the project; give its team the PROJECT_CREATION_UPLOAD permission, or create the project first")
    } else {
        format!("Dependency-Track ({url}) answered 401 Unauthorized: the API key in {API_KEY_ENV} is missing, wrong or revoked{}", shown(detail))
    }
}

fn not_found(url: &str, detail: &str) -> String {
    let lower = detail.to_ascii_lowercase();
    if lower.contains("parent") {
        format!("Dependency-Track ({url}) answered 404: the parent project does not exist (--parent-name and --parent-version must name an existing project){}", shown(detail))
    } else if lower.contains("project") {
        format!(
            "Dependency-Track ({url}) answered 404: the project does not exist and was not created{}",
            shown(detail)
        )
    } else {
        format!("Dependency-Track answered 404 for {url}: no Dependency-Track API there; --url must be the API server's base URL, the one that serves /api/v1/")
    }
}

fn retry_after(wait: &Option<u64>) -> String {
    match wait {
        Some(secs) => format!(": it asks to wait {secs} s, longer than this tool waits"),
        None => ", on every attempt".to_string(),
    }
}

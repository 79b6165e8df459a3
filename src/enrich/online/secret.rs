//! A secret (the GitHub token) that cannot leak through `{:?}`: its `Debug` shows only that
//! there is one, so a struct holding it may derive `Debug` without a second thought. And URLs
//! as they may be shown: a URL given to the tool can carry credentials (`user:password@`, a
//! token in the query), which must not reach a terminal or a CI log ([`redact_url`]).

use std::fmt;

/// A value to send to one service and never to show.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The value itself, for the one header that carries it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the value is empty or only blanks (an unset `GITHUB_TOKEN=`).
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_string())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// `url` fit to show: a user name or password, the query and the fragment each replaced by
/// `***` (`https://***@host/path?***`); scheme, host, port and path kept, so the message still
/// says where. Text that does not parse as a URL is cut the same way by hand.
pub fn redact_url(url: &str) -> String {
    const HIDDEN: &str = "***";
    if let Ok(mut u) = reqwest::Url::parse(url) {
        if !u.username().is_empty() || u.password().is_some() {
            // Only fails for URLs that cannot have credentials, which then have none.
            let _ = u.set_password(None);
            let _ = u.set_username(HIDDEN);
        }
        if u.query().is_some() {
            u.set_query(Some(HIDDEN));
        }
        if u.fragment().is_some() {
            u.set_fragment(Some(HIDDEN));
        }
        return u.to_string();
    }
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let host =
        authority.rfind('@').map_or(authority.to_string(), |i| format!("{HIDDEN}@{}", &authority[i + 1..]));
    let (path, hidden) = match tail.find(['?', '#']) {
        Some(i) => (&tail[..i], format!("{}{HIDDEN}", &tail[i..=i])),
        None => (tail, String::new()),
    };
    let scheme = if scheme.is_empty() { String::new() } else { format!("{scheme}://") };
    format!("{scheme}{host}{path}{hidden}")
}

#[cfg(test)]
mod tests {
    use super::{redact_url, Secret};

    #[test]
    fn urls_are_shown_without_credentials_query_or_fragment() {
        let cases = [
            (
                "https://user:s3cret@example.org/db.tar.gz?token=abc#x",
                "https://***@example.org/db.tar.gz?***#***",
            ),
            ("https://tok3n@example.org:8443/a/b", "https://***@example.org:8443/a/b"),
            ("http://127.0.0.1:1/db.tar.gz?X-Amz-Signature=abc", "http://127.0.0.1:1/db.tar.gz?***"),
            ("https://static.example.org/db-dump.tar.gz", "https://static.example.org/db-dump.tar.gz"),
            // Not URLs the parser takes: cut by hand.
            ("http://us er:pw@[bad/p?q=1", "http://***@[bad/p?***"),
            ("no scheme:pw@host/x#frag", "***@host/x#***"),
        ];
        for (url, shown) in cases {
            assert_eq!(redact_url(url), shown, "{url}");
        }
    }

    #[test]
    fn debug_output_never_shows_the_value() {
        let s = Secret::from("ghp_SECRETtoken0123456789");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{:#?}", Some(s.clone())), "Some(\n    <redacted>,\n)");
        assert_eq!(s.expose(), "ghp_SECRETtoken0123456789");
        assert!(Secret::from(" ").is_blank() && !s.is_blank());
    }
}

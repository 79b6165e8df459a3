//! A secret (the GitHub token) that cannot leak through `{:?}`: its `Debug` shows only that
//! there is one, so a struct holding it may derive `Debug` without a second thought.

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

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_output_never_shows_the_value() {
        let s = Secret::from("ghp_SECRETtoken0123456789");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{:#?}", Some(s.clone())), "Some(\n    <redacted>,\n)");
        assert_eq!(s.expose(), "ghp_SECRETtoken0123456789");
        assert!(Secret::from(" ").is_blank() && !s.is_blank());
    }
}

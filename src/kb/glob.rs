//! Name globs for vendor SDK patterns: `*` matches any run of characters, everything else is
//! literal, and case is ignored.
//!
//! Package names are matched whole (`aws-sdk-*` does not match `my-aws-sdk-s3`), so a pattern
//! says exactly which family of names a vendor publishes. Only `*` is special because names in
//! every ecosystem may contain `?`, `[` or `.` literally (Maven groups, npm scopes).

/// True when `name` matches `pattern` in full, ignoring ASCII case.
///
/// Works on bytes, allocating nothing (it runs for every pattern against every package). This
/// is the same as matching characters: a literal in the pattern starts with a UTF-8 leading
/// byte, so it can only match where a character of the name starts.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let (p, n) = (pattern.as_bytes(), name.as_bytes());
    // Classic linear-time wildcard matching with one backtrack point per `*`.
    let (mut pi, mut ni) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi, ni));
                pi += 1;
            }
            Some(c) if n.get(ni).is_some_and(|x| x.eq_ignore_ascii_case(c)) => {
                pi += 1;
                ni += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    pi = sp + 1;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..).is_some_and(|rest| rest.iter().all(|c| *c == b'*'))
}

/// How specific a pattern is: the number of literal characters. When several vendors' patterns
/// match one name, the most specific wins (`google-cloud-firestore` over `google-cloud-*`).
pub fn specificity(pattern: &str) -> usize {
    pattern.chars().filter(|c| *c != '*').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_matches_any_run() {
        assert!(glob_match("aws-sdk-*", "aws-sdk-s3"));
        assert!(glob_match("aws-sdk-*", "aws-sdk-"));
        assert!(!glob_match("aws-sdk-*", "my-aws-sdk-s3"));
        assert!(glob_match("@aws-sdk/*", "@AWS-SDK/client-s3"));
        assert!(glob_match("nvidia-*-cu12", "nvidia-cublas-cu12"));
        assert!(!glob_match("nvidia-*-cu12", "nvidia-cublas-cu11"));
        assert!(glob_match("*-cuda-*", "candle-cuda-kernels"));
        assert!(glob_match("boto3", "boto3"));
        assert!(!glob_match("boto3", "boto3-stubs"));
        assert!(glob_match("a*b*c", "aXbYbZc"));
        assert!(glob_match("*", ""));
        assert!(!glob_match("", "x"));
        assert!(glob_match("*é", "caf\u{e9}"));
        assert!(!glob_match("é*", "\u{e8}x"));
    }

    #[test]
    fn specificity_counts_literals() {
        assert_eq!(specificity("aws-sdk-*"), 8);
        assert_eq!(specificity("*"), 0);
    }
}

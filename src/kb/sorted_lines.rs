//! Lookups in a sorted tab-separated text embedded in the binary, without loading it: a binary
//! search over the text itself. The gazetteer, the country names and the domain lists are read
//! this way, so a run that reads a few locations or addresses pays for a few searches, not for
//! building a map of every name.

/// `text` without the comment lines (and blank lines) at its top.
pub fn data_part(text: &'static str) -> &'static str {
    let mut rest = text;
    while rest.starts_with('#') || rest.starts_with('\n') {
        rest = rest.find('\n').map_or("", |i| &rest[i + 1..]);
    }
    rest
}

/// The line of `data` (lines sorted by their first field, compared as bytes) whose first field
/// is `key`. `lo` and `hi` are always at line starts (or the end).
pub fn find_line(data: &'static str, key: &str) -> Option<&'static str> {
    let bytes = data.as_bytes();
    let (mut lo, mut hi) = (0usize, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes[lo..mid].iter().rposition(|&b| b == b'\n').map_or(lo, |i| lo + i + 1);
        let end = bytes[start..hi].iter().position(|&b| b == b'\n').map_or(hi, |i| start + i);
        let line = &data[start..end];
        match line.split('\t').next().unwrap_or_default().cmp(key) {
            std::cmp::Ordering::Less => lo = (end + 1).min(hi),
            std::cmp::Ordering::Greater => hi = start,
            std::cmp::Ordering::Equal => return Some(line),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_search_over_text() {
        let text: &'static str = "# header\n# more\nalpha\t1\nbeta\t2\ndelta\t3\ngamma\t4";
        let data = data_part(text);
        assert!(data.starts_with("alpha"));
        for (key, line) in
            [("alpha", "alpha\t1"), ("beta", "beta\t2"), ("delta", "delta\t3"), ("gamma", "gamma\t4")]
        {
            assert_eq!(find_line(data, key), Some(line), "{key}");
        }
        for key in ["", "a", "alphb", "c", "zeta", "gamma\t4"] {
            assert_eq!(find_line(data, key), None, "{key}");
        }
        assert_eq!(find_line(data_part("only\tline\n"), "only"), Some("only\tline"));
        assert_eq!(find_line(data_part("# nothing\n"), "x"), None);
    }
}

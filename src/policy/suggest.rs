//! "Did you mean": the known name closest to a misspelt one, for the policy's messages.

/// The candidate nearest to `word` when it is close enough to be a slip (at most a third of
/// its letters, and at most three, edited), else `None`. Ties go to the first candidate.
pub(crate) fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// serde's "unknown field `x`, expected one of `a`, `b`" said as "unknown field `x`, did you
/// mean `a`?" when one of the fields is close; other messages as they are.
pub(crate) fn unknown_field(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else { return message.to_string() };
    let Some((field, expected)) = rest.split_once("`, expected ") else { return message.to_string() };
    let names = expected.split('`').skip(1).step_by(2);
    match closest(field, names) {
        Some(name) => format!("unknown field `{field}`, did you mean `{name}`?"),
        None => message.to_string(),
    }
}

/// The Levenshtein distance between `a` and `b`, in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }

    #[test]
    fn close_names_are_suggested_and_far_ones_not() {
        assert_eq!(closest("countr", ["package", "country"]), Some("country"));
        assert_eq!(closest("licence", ["licenses", "license"]), Some("license"));
        assert_eq!(closest("bogus", ["package", "country"]), None);
    }

    #[test]
    fn serde_messages_get_a_suggestion() {
        let m = "unknown field `countr`, expected one of `package`, `org`, `country`";
        assert_eq!(unknown_field(m), "unknown field `countr`, did you mean `country`?");
        let m = "unknown field `bogus`, expected one of `package`, `org`";
        assert_eq!(unknown_field(m), m);
        let m = "unknown field `reasn`, expected `reason`";
        assert_eq!(unknown_field(m), "unknown field `reasn`, did you mean `reason`?");
        assert_eq!(unknown_field("invalid type: integer"), "invalid type: integer");
    }
}

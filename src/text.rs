//! Words for counts in what the tool writes: `1 package`, `2 packages`, never `1 packages`.

/// `n` with the singular `one` when `n` is 1, else the plural `many`: `plural(1, "edge",
/// "edges")` is `1 edge`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// [`plural`] for a count followed by a verb: `1 package is`, `2 packages are`.
pub fn plural_is(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", plural(n, one, many), if n == 1 { "is" } else { "are" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(plural(1, "package", "packages"), "1 package");
        assert_eq!(plural(0, "package", "packages"), "0 packages");
        assert_eq!(plural(2, "dependency", "dependencies"), "2 dependencies");
        assert_eq!(plural_is(1, "package", "packages"), "1 package is");
        assert_eq!(plural_is(3, "package", "packages"), "3 packages are");
    }
}

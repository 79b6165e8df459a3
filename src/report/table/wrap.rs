//! Lines of the human summary wrapped to the terminal's width at word boundaries.
//!
//! A terminal breaks an over-long line wherever the last column falls, often mid-word; this
//! breaks it between words instead, and indents the continuation two columns further than the
//! line, so a finding's message reads as one item under its `-`. The table's styles are ANSI
//! sequences and take no column; the input's own control characters are already escaped
//! ([`crate::terminal::escape`]), so every ESC here starts one of the report's styles. A word
//! longer than a line stays whole.

use std::io::{self, Write};

use unicode_width::UnicodeWidthChar;

/// Writes `text` to `out`, each line wrapped to `width` columns; `None` writes it as it is.
pub(crate) fn write(out: &mut dyn Write, text: &[u8], width: Option<usize>) -> io::Result<()> {
    let Some(width) = width else { return out.write_all(text) };
    let text = String::from_utf8_lossy(text);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(wrap_line(line, width).as_bytes())?;
    }
    Ok(())
}

/// `line` broken between words into lines of at most `width` columns where the words allow;
/// the continuation lines are indented two columns more than `line`.
fn wrap_line(line: &str, width: usize) -> String {
    if columns(line) <= width {
        return line.to_string();
    }
    let indent = line.len() - line.trim_start_matches(' ').len();
    let hanging = " ".repeat((indent + 2).min(width / 2));
    let mut out = String::with_capacity(line.len() + 16);
    out.push_str(&line[..indent]);
    let mut used = indent;
    for (n, word) in line[indent..].split(' ').enumerate() {
        let w = columns(word);
        if n == 0 {
            // The line's first word starts it, however long.
        } else if used + 1 + w > width && !word.is_empty() {
            out.push('\n');
            out.push_str(&hanging);
            used = hanging.len();
        } else {
            out.push(' ');
            used += 1;
        }
        out.push_str(word);
        used += w;
    }
    out
}

/// The columns `text` takes on a terminal: ANSI sequences take none, wide characters two.
fn columns(text: &str) -> usize {
    let mut n = 0;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // ESC [ parameters final-byte: skip to the final byte (@ to ~).
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            continue;
        }
        n += c.width().unwrap_or(0);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str, width: usize) -> String {
        let mut out = Vec::new();
        write(&mut out, text.as_bytes(), Some(width)).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn long_lines_break_between_words_with_a_hanging_indent() {
        let text =
            "  - aws-sdk-s3 1.2.3 is controlled by Amazon.com, Inc. (US); it is a direct dependency\nshort\n";
        assert_eq!(
            wrapped(text, 40),
            "  - aws-sdk-s3 1.2.3 is controlled by\n    Amazon.com, Inc. (US); it is a\n    direct dependency\nshort\n"
        );
    }

    #[test]
    fn every_line_fits_and_only_whitespace_changes() {
        let line = "  fix: Prefer an alternative controlled from a trusted jurisdiction, vendor the code, or record an exception explaining why the risk is accepted.";
        for width in [20, 40, 80, 100] {
            let out = wrapped(line, width);
            assert!(out.lines().all(|l| columns(l) <= width), "{width}:\n{out}");
            let words = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
            assert_eq!(words(&out), words(line));
        }
    }

    #[test]
    fn styles_take_no_column_and_a_long_word_stays_whole() {
        let styled = "\u{1b}[1mbold\u{1b}[0m word";
        assert_eq!(columns(styled), 9);
        assert_eq!(wrapped(styled, 9), styled);
        assert_eq!(
            wrapped("a https://example.org/a/very/long/path b", 10),
            "a\n  https://example.org/a/very/long/path\n  b"
        );
    }

    #[test]
    fn without_a_width_nothing_changes() {
        let mut out = Vec::new();
        let text = "x ".repeat(200);
        write(&mut out, text.as_bytes(), None).unwrap();
        assert_eq!(out, text.as_bytes());
    }
}

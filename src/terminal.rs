//! Text from the input, made safe to show on a terminal.
//!
//! Package names, versions, licences, suppliers, evidence and the messages built from them are
//! written by strangers. Printed raw, one escape sequence can set the window title or clear the
//! screen (ESC, CSI, OSC), a carriage return or backspaces can overwrite what was printed
//! before, and a bidi override can make text read otherwise than it is. So every such
//! character is shown instead as `\u{…}`, its code point in lowercase hex, as Rust writes it:
//! ESC is `\u{1b}`, a carriage return `\u{d}`, a newline `\u{a}` (one value stays on one line),
//! a right-to-left override `\u{202e}`. A backslash is doubled (`\\`) so that the form cannot
//! be forged: `\u{1b}` on screen always stands for the character, `\\u{1b}` for the text.
//!
//! Shown escaped: the C0 controls (U+0000–U+001F, tab and newline included) and DEL; the C1
//! controls (U+0080–U+009F: some terminals take U+009B as CSI and U+009D as OSC); the bidi
//! controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069); and the line and paragraph
//! separators (U+2028, U+2029). Everything else, accents, scripts and emoji included, is shown
//! as it is.
//!
//! Only the data is escaped: the report's own styles (ANSI colours) are added around it.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::io;

/// A writer that passes on the report's own text without its styles, a sequence split
/// between two writes included: a large table goes to its file as it is rendered, instead of
/// rendered whole and then copied without its styles. In text made of [`escape`]d data and
/// the report's styles every ESC starts a style (`ESC [ … m`, a CSI sequence), so each is
/// taken out with its sequence: much faster than a general terminal-stream parser.
pub struct StripStyles<W> {
    inner: W,
    /// Where the last write ended: in text, after an ESC, or inside a CSI sequence.
    state: Strip,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Strip {
    Text,
    Escape,
    Sequence,
}

impl<W: io::Write> StripStyles<W> {
    /// Strips what is written before passing it to `inner`.
    pub fn new(inner: W) -> StripStyles<W> {
        StripStyles { inner, state: Strip::Text }
    }

    /// The writer this one writes to.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.inner
    }

    fn strip(&mut self, mut rest: &[u8]) -> io::Result<()> {
        while !rest.is_empty() {
            match self.state {
                Strip::Text => {
                    let Some(at) = memchr::memchr(0x1b, rest) else {
                        return self.inner.write_all(rest);
                    };
                    self.inner.write_all(&rest[..at])?;
                    rest = &rest[at + 1..];
                    self.state = Strip::Escape;
                }
                // ESC [ starts a sequence; an ESC before anything else goes alone.
                Strip::Escape => {
                    self.state = if rest[0] == b'[' { Strip::Sequence } else { Strip::Text };
                    if self.state == Strip::Sequence {
                        rest = &rest[1..];
                    }
                }
                // Parameter and intermediate bytes, up to a final byte in 0x40–0x7e.
                Strip::Sequence => match rest.iter().position(|b| (0x40..=0x7e).contains(b)) {
                    Some(end) => {
                        rest = &rest[end + 1..];
                        self.state = Strip::Text;
                    }
                    None => rest = &[],
                },
            }
        }
        Ok(())
    }
}

impl<W: io::Write> io::Write for StripStyles<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.strip(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.strip(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Whether `c` is shown escaped (see the module documentation).
pub fn is_escaped(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `text` on one line, safe for a terminal: controls shown as `\u{…}`, backslashes doubled.
/// Borrowed when there was nothing to escape.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_keeping(text, false)
}

/// [`escape`], keeping newlines: for a message of several lines (an error that quotes the
/// line of a file, a list of errors).
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    escape_keeping(text, true)
}

fn escape_keeping(text: &str, newlines: bool) -> Cow<'_, str> {
    let plain = |c: char| c != '\\' && (!is_escaped(c) || (newlines && c == '\n'));
    // Printable ASCII (nearly all text) is passed over byte by byte; from the first other
    // byte, which starts a character, character by character.
    let ascii_plain = |b: u8| ((0x20..0x7f).contains(&b) && b != b'\\') || (newlines && b == b'\n');
    let rest =
        text.as_bytes().iter().position(|&b| !ascii_plain(b)).map_or("", |i| text.get(i..).unwrap_or(text));
    if rest.chars().all(plain) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if plain(c) {
            out.push(c);
        } else if c == '\\' {
            out.push_str("\\\\");
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
    Cow::Owned(out)
}

/// Writes `args` escaped ([`escape`]) as one line, then a newline. For renderings without
/// styles, where every line may carry input: the text the tool adds has no control characters
/// and no backslashes, so escaping the whole line escapes exactly the input in it.
pub fn write_line(out: &mut dyn io::Write, args: fmt::Arguments<'_>) -> io::Result<()> {
    let line = match args.as_str() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(args.to_string()),
    };
    out.write_all(escape(&line).as_bytes())?;
    out.write_all(b"\n")
}

/// `writeln!` for text that carries input: the line is escaped with [`escape`]
/// ([`write_line`]). `safe_writeln!(out)` writes an empty line.
macro_rules! safe_writeln {
    ($out:expr) => {
        $crate::terminal::write_line($out, format_args!(""))
    };
    ($out:expr, $($arg:tt)*) => {
        $crate::terminal::write_line($out, format_args!($($arg)*))
    };
}
pub(crate) use safe_writeln;

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` through [`StripStyles`] in one write.
    fn strip_styles(text: &[u8]) -> Vec<u8> {
        let mut out = StripStyles::new(Vec::new());
        out.strip(text).unwrap();
        out.inner
    }

    #[test]
    fn controls_and_bidi_are_shown_escaped() {
        assert_eq!(escape("a\u{1b}]0;title\u{7}b"), "a\\u{1b}]0;title\\u{7}b");
        assert_eq!(escape("x\u{1b}[2J\ry\u{8}"), "x\\u{1b}[2J\\u{d}y\\u{8}");
        assert_eq!(escape("\u{9b}31m\u{9d}"), "\\u{9b}31m\\u{9d}");
        assert_eq!(escape("abc\u{202e}fed\u{2066}"), "abc\\u{202e}fed\\u{2066}");
        assert_eq!(escape("one\ntwo\tthree\u{2028}"), "one\\u{a}two\\u{9}three\\u{2028}");
        assert_eq!(escape("\u{0}\u{7f}"), "\\u{0}\\u{7f}");
    }

    #[test]
    fn backslashes_are_doubled_so_the_form_cannot_be_forged() {
        assert_eq!(escape("\\u{1b}"), "\\\\u{1b}");
        assert_ne!(escape("\\u{1b}"), escape("\u{1b}"));
        assert_eq!(escape("C:\\x"), "C:\\\\x");
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        for s in ["serde 1.0.0", "Licence Libre du Québec", "日本語 ✓ 🇪🇺", "a\u{200d}b", ""] {
            assert!(matches!(escape(s), Cow::Borrowed(_)), "{s}");
        }
    }

    #[test]
    fn styles_are_stripped_and_escaped_data_is_kept() {
        let styled = "\u{1b}[1;31merror\u{1b}[0m [x] \u{1b}[1mTitle\u{1b}[0m a\u{1b}[2J";
        let data = escape("pkg\u{1b}[31m");
        let text = format!("{styled} {data}\u{1b}[");
        let stripped = strip_styles(text.as_bytes());
        assert_eq!(String::from_utf8_lossy(&stripped), "error [x] Title a pkg\\u{1b}[31m");
        assert_eq!(stripped, anstream::adapter::strip_bytes(text.as_bytes()).into_vec());
    }

    #[test]
    fn styles_split_between_writes_are_stripped_as_in_one_piece() {
        use std::io::Write;
        let styled =
            "\u{1b}[1;31merror\u{1b}[0m [x] \u{1b}\u{1b}[1mTitle\u{1b}x\u{1b}[0m a\u{1b}[2J é\u{1b}[";
        let whole = strip_styles(styled.as_bytes());
        let bytes = styled.as_bytes();
        for size in 1..=bytes.len() {
            let mut out = StripStyles::new(Vec::new());
            for piece in bytes.chunks(size) {
                out.write_all(piece).unwrap();
            }
            assert_eq!(out.get_mut(), &whole, "pieces of {size} bytes");
        }
        assert_eq!(String::from_utf8_lossy(&whole), "error [x] Titlex a é");
    }

    #[test]
    fn escape_lines_keeps_newlines_only() {
        assert_eq!(escape_lines("a\nb\r\u{1b}"), "a\nb\\u{d}\\u{1b}");
    }

    #[test]
    fn safe_writeln_escapes_the_whole_line() -> io::Result<()> {
        let mut out = Vec::new();
        safe_writeln!(&mut out, "name: {}", "x\u{1b}[2Jy")?;
        safe_writeln!(&mut out)?;
        assert_eq!(String::from_utf8_lossy(&out), "name: x\\u{1b}[2Jy\n\n");
        Ok(())
    }
}

//! One way to compare names: case, accents, full stops and hyphens do not matter.
//!
//! People write "Zürich", "Zurich", "ZURICH" and "Zuerich"; "U.S.A." and "USA"; "Baden-Württemberg"
//! and "Baden Wurttemberg"; "France Télécom" and "France Telecom". Every name lookup in the
//! knowledge base goes through [`normalize`] — places, countries and organisations alike
//! (organisation names then lose their legal form, see [`crate::kb::names`]) — and the derive
//! scripts in `scripts/` write their keys with the same rules from the same folding table
//! (`data/fold.tsv`, generated from the Unicode database), so both sides always agree.

use std::sync::OnceLock;

const FOLD_TSV: &str = include_str!("../../data/fold.tsv");

/// The folding table: (character, replacement), sorted by character.
fn fold_table() -> &'static [(char, &'static str)] {
    static TABLE: OnceLock<Vec<(char, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<(char, &'static str)> = FOLD_TSV
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .filter_map(|line| {
                let (hex, replacement) = line.split_once('\t').unwrap_or((line, ""));
                let ch = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)?;
                Some((ch, replacement))
            })
            .collect();
        table.sort_unstable_by_key(|&(ch, _)| ch);
        table
    })
}

/// The number of characters the folding table knows (for tests and `kb` statistics).
pub fn fold_table_len() -> usize {
    fold_table().len()
}

/// Lowercases `text`, removes accents, turns `-`, `_` and whitespace into single spaces, drops
/// `.` and trims: `" Baden-Württemberg "` → `"baden wurttemberg"`, `"U.S.A."` → `"usa"`.
///
/// Scripts other than Latin, Greek and Cyrillic are only lowercased: `"日本"` stays `"日本"`.
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        return normalize_ascii(text);
    }
    let table = fold_table();
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    // `str::to_lowercase` (unlike `char::to_lowercase`) knows Greek final sigma, as Python does.
    for ch in text.to_lowercase().chars() {
        if ch == '-' || ch == '_' || ch.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if ch == '.' {
            continue;
        }
        let folded = match table.binary_search_by_key(&ch, |&(c, _)| c) {
            Ok(i) => table.get(i).map(|&(_, r)| r),
            Err(_) => None,
        };
        let mut push = |c: char| {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        };
        match folded {
            Some(replacement) => replacement.chars().for_each(&mut push),
            None => push(ch),
        }
    }
    out
}

/// [`normalize`] for ASCII text, without the folding table: of the ASCII characters it only
/// folds the grave accent (to an apostrophe), which the test below checks against the table.
fn normalize_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for b in text.bytes() {
        let ch = char::from(b);
        if ch == '-' || ch == '_' || ch.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if ch == '.' {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(if ch == '`' { '\'' } else { ch.to_ascii_lowercase() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_shortcut_agrees_with_the_table() {
        let ascii: Vec<(char, &str)> = fold_table().iter().copied().filter(|(c, _)| c.is_ascii()).collect();
        assert_eq!(ascii, vec![('`', "'")]);
        // Every ASCII character, alone and between letters, both ways.
        for b in 0u8..128 {
            let c = char::from(b);
            for text in [c.to_string(), format!("a{c}B"), format!(" {c}{c} x ")] {
                let mut slow = text.clone();
                slow.push('é');
                let expected = normalize(&slow);
                let got = normalize_ascii(&text);
                assert_eq!(expected.strip_suffix('e').map(str::trim_end), Some(got.as_str()), "{text:?}");
            }
        }
    }

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(normalize(" Baden-Württemberg "), "baden wurttemberg");
        assert_eq!(normalize("U.S.A."), "usa");
        assert_eq!(normalize("ZÜRICH"), "zurich");
        assert_eq!(normalize("Łódź"), "lodz");
        assert_eq!(normalize("Straße"), "strasse");
        assert_eq!(normalize("Île-de-France"), "ile de france");
        assert_eq!(normalize("São  Paulo"), "sao paulo");
        assert_eq!(normalize("Γερμανία"), "γερμανια");
        assert_eq!(normalize("İstanbul"), "istanbul");
        assert_eq!(normalize("Hà Nội"), "ha noi");
        assert_eq!(normalize("日本"), "日本");
    }

    #[test]
    fn empty_and_punctuation_only_inputs_normalise_to_empty() {
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" - . _ "), "");
    }

    #[test]
    fn table_is_loaded() {
        assert!(fold_table_len() > 500);
    }
}

//! Country flag emoji: 🇩🇪 is `DE`, and the flags of England, Scotland and Wales are `GB`.
//!
//! People put a flag in a profile's location instead of, or beside, a place name ("Tokyo 🇯🇵"),
//! and it is the strongest sign a location text can give. A flag is two regional indicator
//! symbols spelling the ISO code, or a black flag followed by tag letters for the parts of
//! the United Kingdom; flags of no country (🇪🇺) are not countries.

use super::countries::get;

const REGIONAL_A: u32 = 0x1F1E6;
const TAG_A: u32 = 0xE0061;
const BLACK_FLAG: char = '\u{1F3F4}';

/// The flag emoji of a country: two regional indicator symbols spelling its code (`DE` → 🇩🇪).
/// `None` for a code that is not an ISO 3166-1 country.
pub fn flag(code: &str) -> Option<String> {
    let country = get(code)?;
    country.code.bytes().map(|b| char::from_u32(REGIONAL_A + u32::from(b - b'A'))).collect()
}

/// The country of a flag emoji (`🇯🇵` → `JP`), surrounding whitespace allowed. Flags that are not
/// countries (🇪🇺) give `None`. The flags of England, Scotland and Wales (black flag and tag
/// letters) give `GB`.
pub fn from_flag(emoji: &str) -> Option<&'static str> {
    let found = flags_in(emoji);
    let trimmed = emoji.trim();
    match found.as_slice() {
        [(code, len)] if *len == trimmed.len() => Some(code),
        _ => None,
    }
}

/// Every country flag in `text`, in order, with the length in bytes of the emoji.
pub fn flags_in(text: &str) -> Vec<(&'static str, usize)> {
    let mut found = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while let Some(&ch) = chars.get(i) {
        if let (Some(a), Some(b)) = (regional_letter(ch), chars.get(i + 1).copied().and_then(regional_letter))
        {
            if let Some(country) = get(&format!("{a}{b}")) {
                found.push((country.code, ch.len_utf8() * 2));
            }
            i += 2;
            continue;
        }
        if ch == BLACK_FLAG {
            let tags: Vec<char> = chars.iter().skip(i + 1).map_while(|&c| tag_letter(c)).collect();
            let consumed = 1 + tags.len();
            if let (Some(a), Some(b)) = (tags.first(), tags.get(1)) {
                let code = format!("{}{}", a.to_ascii_uppercase(), b.to_ascii_uppercase());
                let cancel = usize::from(chars.get(i + consumed) == Some(&'\u{E007F}'));
                if let Some(country) = get(&code) {
                    let len = chars.iter().skip(i).take(consumed + cancel).map(|c| c.len_utf8()).sum();
                    found.push((country.code, len));
                }
            }
            i += consumed;
            continue;
        }
        i += 1;
    }
    found
}

fn regional_letter(ch: char) -> Option<char> {
    let offset = u32::from(ch).checked_sub(REGIONAL_A).filter(|&o| o < 26)?;
    char::from_u32(u32::from(b'A') + offset)
}

fn tag_letter(ch: char) -> Option<char> {
    let offset = u32::from(ch).checked_sub(TAG_A).filter(|&o| o < 26)?;
    char::from_u32(u32::from(b'a') + offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::geo::countries::all;

    #[test]
    fn flags_round_trip() {
        for country in all() {
            let emoji = flag(country.code).unwrap_or_default();
            assert_eq!(from_flag(&emoji), Some(country.code), "{}", country.code);
        }
        assert_eq!(flag("DE").as_deref(), Some("🇩🇪"));
        assert_eq!(flag("EU"), None);
        assert_eq!(flag("d"), None);
    }

    #[test]
    fn flags_in_text() {
        assert_eq!(from_flag(" 🇯🇵 "), Some("JP"));
        assert_eq!(from_flag("🇪🇺"), None);
        assert_eq!(from_flag("🇩🇪🇫🇷"), None);
        assert_eq!(from_flag("🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"), Some("GB"));
        let codes: Vec<&str> = flags_in("Tokyo 🇯🇵 / Berlin 🇩🇪 🇪🇺").into_iter().map(|(c, _)| c).collect();
        assert_eq!(codes, ["JP", "DE"]);
        assert!(flags_in("\u{1F1E6}").is_empty());
    }
}

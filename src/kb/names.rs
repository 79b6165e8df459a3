//! Names of knowledge-base entries: the shape of an entry's id, and the normal form
//! organisation names are matched in, so that lookups meet the way people write them.
//!
//! Inputs name the same company as `Google LLC`, `Google, Inc.` or `google`, and write
//! `France Télécom` as `France Telecom` or `FRANCE TELECOM`. Matching is done on a normal form:
//! names are folded exactly as place names are (the one folding table of [`crate::kb::fold`],
//! so `Ørsted`, `Orsted` and `ØRSTED` meet), then lose punctuation and trailing legal-form
//! suffixes.

use crate::kb::fold::normalize;

/// Legal-form words dropped from the end of a name (after dots are removed and case folded).
const LEGAL_SUFFIXES: &[&str] = &[
    "ab",
    "ag",
    "aisbl",
    "aps",
    "as",
    "asa",
    "asbl",
    "bv",
    "co",
    "company",
    "corp",
    "corporation",
    "ev",
    "gbr",
    "ggmbh",
    "gmbh",
    "inc",
    "incorporated",
    "kg",
    "kk",
    "lda",
    "limited",
    "llc",
    "llp",
    "lp",
    "ltd",
    "nv",
    "oy",
    "oyj",
    "pbc",
    "plc",
    "pty",
    "sa",
    "sarl",
    "sas",
    "se",
    "sl",
    "spa",
    "sprl",
    "srl",
    "ug",
];

/// True for `abc`, `abc-def-1`; false for `Abc`, `-abc`, `a--b` and the empty string.
pub fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Normal form of an organisation name: words folded as place names are ([`normalize`]: case
/// and accents do not matter), no punctuation, no leading "the", no trailing legal-form
/// suffixes (`Google LLC` → `google`, `Ferrous Systems GmbH` → `ferrous systems`,
/// `France Télécom` → `france telecom`). Never empty unless the input has no letters or digits.
pub fn normalize_name(text: &str) -> String {
    let folded: String = normalize(text).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    if words.len() > 1 && words.first() == Some(&"the") {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| LEGAL_SUFFIXES.contains(w)) {
        words.pop();
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_case_punctuation_and_legal_forms() {
        assert_eq!(normalize_name("Google LLC"), "google");
        assert_eq!(normalize_name("Ant Group Co., Ltd."), "ant group");
        assert_eq!(normalize_name("Ferrous Systems GmbH"), "ferrous systems");
        assert_eq!(normalize_name("KDE e.V."), "kde");
        assert_eq!(normalize_name("Nexon Co., Ltd"), "nexon");
        assert_eq!(normalize_name("Mullvad VPN AB"), "mullvad vpn");
        assert_eq!(normalize_name("Eclipse Foundation AISBL"), "eclipse foundation");
        assert_eq!(normalize_name("The Document Foundation"), "document foundation");
        assert_eq!(normalize_name("Example Italia S.p.A."), "example italia");
        assert_eq!(normalize_name("Private Packagist B.V."), "private packagist");
        // Case and accents are folded as in place names.
        assert_eq!(normalize_name("France Télécom"), "france telecom");
        assert_eq!(normalize_name("FRANCE TÉLÉCOM S.A."), "france telecom");
        assert_eq!(normalize_name("ØRSTED"), "orsted");
        assert_eq!(normalize_name("Åbo Akademi"), "abo akademi");
        assert_eq!(normalize_name("Straßenbau GmbH"), "strassenbau");
        assert_eq!(normalize_name("Société Générale"), "societe generale");
        // A name that is only a legal-form word keeps it.
        assert_eq!(normalize_name("AG"), "ag");
        assert_eq!(normalize_name("  "), "");
    }
}

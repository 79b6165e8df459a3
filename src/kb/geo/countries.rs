//! ISO 3166-1 countries and every name people use for them (their flag emoji are in `flags.rs`).
//!
//! Attribution ends in a country code, and a policy speaks in country codes, but the evidence
//! speaks in names: "Deutschland", "U.K.", "Dutch". This module turns any of those into
//! the one ISO 3166-1 alpha-2 code. The names come from two files: `data/countries.tsv`,
//! derived from the ISO list and its translations by `scripts/derive-countries.py`, and the
//! hand-written `data/country-aliases.toml` for abbreviations, everyday names and demonyms.
//! Lookups by name read `data/country-names.tsv`, every name of both files normalised and
//! sorted, derived from them by this module's own code (a test regenerates it with
//! `UPDATE_DATA=1` and fails when it is out of date), so a run never builds a map of 6,000
//! names to read one location.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::error::InputError;
use crate::kb::fold::normalize;
use crate::kb::loaded::{line_error, load, Loaded};
use crate::kb::sorted_lines::{data_part, find_line};

const COUNTRIES_TSV: &str = include_str!("../../../data/countries.tsv");
const ALIASES_TOML: &str = include_str!("../../../data/country-aliases.toml");
const NAMES_TSV: &str = include_str!("../../../data/country-names.tsv");
const COUNTRIES_PATH: &str = "data/countries.tsv";
const ALIASES_PATH: &str = "data/country-aliases.toml";

/// One ISO 3166-1 country (or territory with its own code, such as Åland or Jersey).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case: `DE`.
    pub code: &'static str,
    /// The ISO short name in English: `Germany`, `Korea, Republic of`.
    pub name: &'static str,
    /// The usual short name where it differs from the ISO one: `South Korea`.
    pub common_name: Option<&'static str>,
    /// The full official name: `Federal Republic of Germany`.
    pub official_name: Option<&'static str>,
    /// The name in other languages (European ones and the country's own), sorted.
    pub local_names: Vec<&'static str>,
}

/// How a name matched a country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameKind {
    /// An ISO name (short, common or official) or a translation of one.
    Name,
    /// A hand-written alias: an abbreviation, an everyday or old name.
    Alias,
    /// A demonym: "German", "Dutch".
    Demonym,
}

impl NameKind {
    /// The word `data/country-names.tsv` uses for it.
    fn as_str(self) -> &'static str {
        match self {
            NameKind::Name => "name",
            NameKind::Alias => "alias",
            NameKind::Demonym => "demonym",
        }
    }
}

/// One hand-written alias entry of `data/country-aliases.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    /// The country, ISO 3166-1 alpha-2.
    pub country: String,
    /// Other names for it.
    #[serde(default)]
    pub names: Vec<String>,
    /// Demonyms.
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// A public page confirming the names.
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasFile {
    alias: Vec<Alias>,
}

#[derive(Default)]
struct Table {
    countries: Vec<Country>,
    aliases: Vec<Alias>,
}

/// Normalised name → (code, how it matched).
#[cfg(test)]
type Names = std::collections::BTreeMap<String, (&'static str, NameKind)>;

fn loaded() -> &'static Loaded<Table> {
    static TABLE: OnceLock<Loaded<Table>> = OnceLock::new();
    load(&TABLE, || build().map_err(|e| vec![e]))
}

fn table() -> &'static Table {
    &loaded().value
}

fn build() -> Result<Table, InputError> {
    let countries = parse_countries(COUNTRIES_TSV)?;
    let aliases: AliasFile =
        toml::from_str(ALIASES_TOML).map_err(|e| InputError::from_toml(ALIASES_PATH, ALIASES_TOML, &e))?;
    Ok(Table { countries, aliases: aliases.alias })
}

/// Every name of both files, normalised: what `data/country-names.tsv` must hold. An alias
/// that is another country's name is an error.
#[cfg(test)]
fn build_names() -> Result<Names, InputError> {
    let Table { countries, aliases } = table();
    let mut names = Names::new();
    for country in countries {
        let all = [Some(country.name), country.common_name, country.official_name];
        for name in all.into_iter().flatten().chain(country.local_names.iter().copied()) {
            names.entry(normalize(name)).or_insert((country.code, NameKind::Name));
        }
    }
    for alias in aliases {
        let Some(code) = countries.iter().find(|c| c.code == alias.country).map(|c| c.code) else {
            return Err(InputError::new(ALIASES_PATH, format!("unknown country code `{}`", alias.country)));
        };
        let tagged = alias.names.iter().map(|n| (n, NameKind::Alias));
        for (name, kind) in tagged.chain(alias.demonyms.iter().map(|n| (n, NameKind::Demonym))) {
            let entry = names.entry(normalize(name)).or_insert((code, kind));
            if entry.0 != code {
                let message = format!("`{name}` is {code} here but {} elsewhere", entry.0);
                return Err(InputError::new(ALIASES_PATH, message));
            }
        }
    }
    Ok(names)
}

/// Parses `countries.tsv`: code, role, name, languages; rows of one country are adjacent.
fn parse_countries(text: &'static str) -> Result<Vec<Country>, InputError> {
    let mut countries: Vec<Country> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |msg: &str| line_error(COUNTRIES_PATH, index + 1, msg);
        let cells: Vec<&'static str> = line.split('\t').collect();
        let [code, role, name, _langs] = cells[..] else {
            return Err(at("expected 4 tab-separated columns"));
        };
        if !is_code_shape(code) {
            return Err(at(&format!("`{code}` is not a two-letter upper-case code")));
        }
        if countries.last().map(|c| c.code) != Some(code) {
            if countries.iter().any(|c| c.code == code) {
                return Err(at(&format!("rows of `{code}` are not adjacent")));
            }
            if role != "name" {
                return Err(at(&format!("the first row of `{code}` must be its `name`")));
            }
            countries.push(Country {
                code,
                name,
                common_name: None,
                official_name: None,
                local_names: Vec::new(),
            });
            continue;
        }
        let Some(country) = countries.last_mut() else { return Err(at("no country")) };
        match role {
            "common" => country.common_name = Some(name),
            "official" => country.official_name = Some(name),
            "local" => country.local_names.push(name),
            _ => return Err(at(&format!("unknown role `{role}`"))),
        }
    }
    for country in &mut countries {
        country.local_names.sort_unstable();
    }
    countries.sort_by_key(|c| c.code);
    Ok(countries)
}

/// True for two uppercase ASCII letters, the shape of an ISO 3166-1 alpha-2 code; whether the
/// code is assigned is [`is_code`]'s question.
pub fn is_code_shape(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Why the embedded country data could not be read, if it could not (a bug; tests check it).
pub fn data_errors() -> &'static [InputError] {
    &loaded().errors
}

/// Every country, sorted by code.
pub fn all() -> &'static [Country] {
    &table().countries
}

/// The hand-written aliases, in file order.
pub fn aliases() -> &'static [Alias] {
    &table().aliases
}

/// The country with this ISO 3166-1 alpha-2 code (upper case, as ISO writes it).
pub fn get(code: &str) -> Option<&'static Country> {
    let countries = all();
    countries.binary_search_by(|c| c.code.cmp(code)).ok().and_then(|i| countries.get(i))
}

/// Whether `code` is an ISO 3166-1 alpha-2 code (upper case).
pub fn is_code(code: &str) -> bool {
    get(code).is_some()
}

/// The ISO code for a code as people write it: any case, and the two exceptional codes EU
/// bodies and the domain system use, `EL` for Greece (GR) and `UK` for the United Kingdom (GB).
pub fn canonical_code(code: &str) -> Option<&'static str> {
    let upper = code.trim().to_ascii_uppercase();
    let upper = match upper.as_str() {
        "EL" => "GR",
        "UK" => "GB",
        other => other,
    };
    get(upper).map(|c| c.code)
}

/// The code of the country called `text` in any language we know, or by an alias or demonym;
/// case, accents and full stops do not matter: "deutschland", "U.K.", "Dutch", "Österreich".
pub fn by_name(text: &str) -> Option<&'static str> {
    lookup_name(text).map(|(code, _)| code)
}

/// Like [`by_name`], also saying whether the text was a name, an alias or a demonym.
pub fn lookup_name(text: &str) -> Option<(&'static str, NameKind)> {
    lookup_normalized(&normalize(text))
}

/// [`lookup_name`] for text already passed through [`normalize`].
pub fn lookup_normalized(key: &str) -> Option<(&'static str, NameKind)> {
    let line = find_line(data_part(NAMES_TSV), key)?;
    let mut cells = line.split('\t').skip(1);
    let code = cells.next().filter(|c| is_code_shape(c))?;
    let kind = cells.next()?;
    let kind =
        [NameKind::Name, NameKind::Alias, NameKind::Demonym].into_iter().find(|k| k.as_str() == kind)?;
    Some((code, kind))
}

/// The text of `data/country-names.tsv` as [`build_names`] makes it.
#[cfg(test)]
fn names_file() -> Result<String, InputError> {
    let mut out = String::from(
        "# Every country name of countries.tsv and country-aliases.toml, normalised, sorted: the\n\
         # lookup table for names. Generated by `UPDATE_DATA=1 cargo test --lib country_names`;\n\
         # do not edit (edit those two files instead). Columns: name, code, name|alias|demonym.\n",
    );
    for (name, (code, kind)) in build_names()? {
        out.push_str(&format!("{name}\t{code}\t{}\n", kind.as_str()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_names_file_is_up_to_date() {
        let expected = names_file().unwrap();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/country-names.tsv");
        if std::env::var_os("UPDATE_DATA").is_some() {
            std::fs::write(path, &expected).unwrap();
        }
        assert!(
            NAMES_TSV == expected,
            "data/country-names.tsv is out of date: run UPDATE_DATA=1 cargo test --lib country_names"
        );
        for (name, entry) in build_names().unwrap() {
            assert_eq!(lookup_normalized(&name), Some(entry), "{name}");
        }
    }

    #[test]
    fn data_parses() {
        assert_eq!(data_errors(), []);
        assert_eq!(all().len(), 249);
    }

    #[test]
    fn get_and_is_code() {
        assert_eq!(get("DE").map(|c| c.name), Some("Germany"));
        assert_eq!(get("KR").and_then(|c| c.common_name), Some("South Korea"));
        assert!(is_code("GR"));
        assert!(!is_code("EL"));
        assert!(!is_code("de"));
        assert!(!is_code("XK"));
    }

    #[test]
    fn canonical_code_accepts_eu_and_domain_spellings() {
        assert_eq!(canonical_code("el"), Some("GR"));
        assert_eq!(canonical_code("UK"), Some("GB"));
        assert_eq!(canonical_code(" de "), Some("DE"));
        assert_eq!(canonical_code("EU"), None);
    }

    #[test]
    fn names_in_many_languages() {
        let cases = [
            ("Germany", "DE"),
            ("deutschland", "DE"),
            ("Allemagne", "DE"),
            ("Niemcy", "DE"),
            ("Österreich", "AT"),
            ("OSTERREICH", "AT"),
            ("Ελλάδα", "GR"),
            ("日本", "JP"),
            ("Sverige", "SE"),
            ("U.K.", "GB"),
            ("USA", "US"),
            ("Holland", "NL"),
            ("Czechia", "CZ"),
            ("Türkiye", "TR"),
            ("Turkey", "TR"),
            ("EL", "GR"),
        ];
        for (text, code) in cases {
            assert_eq!(by_name(text), Some(code), "{text}");
        }
        assert_eq!(by_name("Atlantis"), None);
        assert_eq!(by_name(""), None);
    }

    #[test]
    fn demonyms_say_they_are_demonyms() {
        assert_eq!(lookup_name("Dutch"), Some(("NL", NameKind::Demonym)));
        assert_eq!(lookup_name("Swiss"), Some(("CH", NameKind::Demonym)));
        assert_eq!(lookup_name("UK"), Some(("GB", NameKind::Alias)));
        assert_eq!(lookup_name("France"), Some(("FR", NameKind::Name)));
    }

    #[test]
    fn malformed_rows_are_errors() {
        let err = |text: &'static str| parse_countries(text).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err("DE\tname\tGermany\n").contains(":1: expected 4"));
        assert!(err("de\tname\tGermany\ten\n").contains("two-letter"));
        assert!(err("DE\tlocal\tDeutschland\tde\n").contains("must be its `name`"));
        assert!(err("DE\tname\tGermany\ten\nDE\tnick\tX\ten\n").contains(":2: unknown role"));
        let split = "DE\tname\tGermany\ten\nFR\tname\tFrance\ten\nDE\tlocal\tX\tde\n";
        assert!(err(split).contains("not adjacent"));
    }
}

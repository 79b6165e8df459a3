//! Place names → country: cities of 15,000 people or more, first-level regions, and a few
//! hand-written metropolitan areas and nicknames.
//!
//! A GitHub profile says "München" or "Bay Area", not "Germany" or "United States". The
//! derived file `data/gazetteer.tsv` (from GeoNames via `scripts/derive-gazetteer.py`) maps
//! each normalised name to the country of the most populous place of that name, and keeps the
//! population of the largest rival elsewhere so callers can tell a sure name ("münchen") from a
//! contested one ("cambridge"). `data/gazetteer-aliases.toml` adds what GeoNames lacks and
//! wins over it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::countries;
use crate::error::InputError;
use crate::kb::fold::normalize;
use crate::kb::loaded::{line_error, load, Loaded};
use crate::kb::sorted_lines::{data_part, find_line};

const GAZETTEER_TSV: &str = include_str!("../../../data/gazetteer.tsv");
const ALIASES_TOML: &str = include_str!("../../../data/gazetteer-aliases.toml");
const GAZETTEER_PATH: &str = "data/gazetteer.tsv";
const ALIASES_PATH: &str = "data/gazetteer-aliases.toml";

/// What kind of place a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlaceKind {
    /// A city or town.
    City,
    /// A first-level region: a US state, a German Land, a Swiss canton, …
    Region,
    /// A hand-written name: a metropolitan area, a nickname, an abbreviation.
    Alias,
}

/// What the gazetteer knows about one name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// ISO 3166-1 alpha-2 code of the country.
    pub country: &'static str,
    /// City, region or hand-written alias.
    pub kind: PlaceKind,
    /// Population of the largest place of that name in that country (0 when unknown).
    pub population: u64,
    /// Population of the largest place of that name in any other country (0 if none).
    pub rival_population: u64,
}

impl Place {
    /// How sure the name alone is of the country, from 0 to 1: the share of the population
    /// living in places of that name that lives in this country (1 when there is no rival).
    pub fn certainty(&self) -> f32 {
        if self.rival_population == 0 {
            return 1.0;
        }
        let total = self.population.saturating_add(self.rival_population);
        (self.population as f64 / total as f64) as f32
    }
}

/// One entry of `data/gazetteer-aliases.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceAlias {
    /// The names, as people write them.
    pub names: Vec<String>,
    /// ISO 3166-1 alpha-2 code of the country.
    pub country: String,
    /// A public page describing the place.
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasFile {
    place: Vec<PlaceAlias>,
}

#[derive(Default)]
struct Table {
    /// Sorted by name (the file is sorted; parsing checks it).
    places: Vec<(&'static str, Place)>,
    aliases: Vec<PlaceAlias>,
}

/// The whole gazetteer, parsed and checked: for statistics and for the data tests.
fn loaded() -> &'static Loaded<Table> {
    static TABLE: OnceLock<Loaded<Table>> = OnceLock::new();
    load(&TABLE, || build().map_err(|e| vec![e]))
}

fn table() -> &'static Table {
    &loaded().value
}

/// What lookups need: the hand-written names, and the data part of the sorted file, searched
/// in place and parsed only on the line a lookup lands on. A run looks up a few hundred names
/// at most, each touching a handful of the file's pages rather than all 3 MB.
#[derive(Default)]
struct Index {
    /// The file from its first data line on (its comments are all at the top).
    data: &'static str,
    alias_names: BTreeMap<String, &'static str>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Loaded<Index>> = OnceLock::new();
    &load(&INDEX, || {
        let alias_names = parse_aliases().and_then(|a| alias_names(&a)).map_err(|e| vec![e])?;
        Ok(Index { data: data_part(GAZETTEER_TSV), alias_names })
    })
    .value
}

fn build() -> Result<Table, InputError> {
    let places = parse_places(GAZETTEER_TSV)?;
    let aliases = parse_aliases()?;
    alias_names(&aliases)?;
    Ok(Table { places, aliases })
}

fn parse_aliases() -> Result<Vec<PlaceAlias>, InputError> {
    let file: AliasFile =
        toml::from_str(ALIASES_TOML).map_err(|e| InputError::from_toml(ALIASES_PATH, ALIASES_TOML, &e))?;
    Ok(file.place)
}

fn alias_names(aliases: &[PlaceAlias]) -> Result<BTreeMap<String, &'static str>, InputError> {
    let mut names = BTreeMap::new();
    for alias in aliases {
        let Some(country) = countries::get(&alias.country) else {
            return Err(InputError::new(ALIASES_PATH, format!("unknown country code `{}`", alias.country)));
        };
        for name in &alias.names {
            names.insert(normalize(name), country.code);
        }
    }
    Ok(names)
}

fn parse_places(text: &'static str) -> Result<Vec<(&'static str, Place)>, InputError> {
    let mut places: Vec<(&'static str, Place)> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if places.is_empty() && (line.is_empty() || line.starts_with('#')) {
            continue;
        }
        let (name, place) = parse_line(line).map_err(|msg| line_error(GAZETTEER_PATH, index + 1, msg))?;
        if places.last().is_some_and(|&(last, _)| last >= name) {
            let message = format!("`{name}` is out of order or repeated");
            return Err(line_error(GAZETTEER_PATH, index + 1, message));
        }
        places.push((name, place));
    }
    Ok(places)
}

/// One data line: name, country, kind, population, rival population. The error is what is
/// wrong with the line, for [`parse_places`] to locate (a lookup only needs to know it failed).
fn parse_line(line: &'static str) -> Result<(&'static str, Place), String> {
    let cells: Vec<&'static str> = line.split('\t').collect();
    let [name, code, kind, population, rival] = cells[..] else {
        return Err("expected 5 tab-separated columns".to_string());
    };
    let Some(country) = countries::get(code) else {
        return Err(format!("unknown country code `{code}`"));
    };
    let kind = match kind {
        "city" => PlaceKind::City,
        "region" => PlaceKind::Region,
        _ => return Err(format!("unknown kind `{kind}`")),
    };
    let number = |s: &str| s.parse::<u64>().map_err(|_| format!("`{s}` is not a population"));
    let place = Place {
        country: country.code,
        kind,
        population: number(population)?,
        rival_population: number(rival)?,
    };
    Ok((name, place))
}

/// Why the embedded gazetteer could not be read, if it could not (a bug; tests check it).
pub fn data_errors() -> &'static [InputError] {
    &loaded().errors
}

/// The place called `name` (any case, accents optional); hand-written aliases first.
pub fn lookup(name: &str) -> Option<Place> {
    lookup_normalized(&normalize(name))
}

/// [`lookup`] for a name already passed through [`normalize`].
pub fn lookup_normalized(key: &str) -> Option<Place> {
    let index = index();
    if let Some(&country) = index.alias_names.get(key) {
        return Some(Place { country, kind: PlaceKind::Alias, population: 0, rival_population: 0 });
    }
    parse_line(find_line(index.data, key)?).ok().map(|(_, place)| place)
}

/// Every derived entry (normalised name and place), sorted by name.
pub fn entries() -> &'static [(&'static str, Place)] {
    &table().places
}

/// The hand-written aliases, in file order.
pub fn aliases() -> &'static [PlaceAlias] {
    &table().aliases
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_parses() {
        assert_eq!(data_errors(), []);
        assert!(entries().len() > 50_000);
    }

    #[test]
    fn lookups_agree_with_the_parsed_table() {
        let aliases = &index().alias_names;
        for &(name, place) in entries().iter().step_by(7).filter(|(n, _)| !aliases.contains_key(*n)) {
            assert_eq!(lookup_normalized(name), Some(place), "{name}");
        }
        for (name, place) in [entries().first(), entries().last()].into_iter().flatten() {
            assert_eq!(find_line(index().data, name).and_then(|l| parse_line(l).ok()), Some((*name, *place)));
        }
        // Names that fall between, before and after the entries are not found.
        for name in ["", "\u{0}", "zzzzzzzzzz", "aaaa aaaa", "lyon0"] {
            assert_eq!(find_line(index().data, name), None, "{name}");
        }
    }

    #[test]
    fn cities_regions_and_aliases() {
        let place = |name: &str| lookup(name).map(|p| (p.country, p.kind));
        assert_eq!(place("München"), Some(("DE", PlaceKind::City)));
        assert_eq!(place("MUNICH"), Some(("DE", PlaceKind::City)));
        assert_eq!(place("Zürich"), Some(("CH", PlaceKind::City)));
        assert_eq!(place("Bavaria"), Some(("DE", PlaceKind::Region)));
        assert_eq!(place("California"), Some(("US", PlaceKind::Region)));
        assert_eq!(place("Bay Area"), Some(("US", PlaceKind::Alias)));
        assert_eq!(place("Narnia"), None);
        assert_eq!(place(""), None);
    }

    #[test]
    fn contested_names_are_less_certain() {
        let paris = lookup("Paris").map(|p| p.certainty()).unwrap_or(0.0);
        let cambridge = lookup("Cambridge").map(|p| p.certainty()).unwrap_or(1.0);
        assert!(paris > 0.9, "{paris}");
        assert!(cambridge < 0.6, "{cambridge}");
        assert_eq!(lookup("Cambridge").map(|p| p.country), Some("GB"));
    }

    #[test]
    fn malformed_rows_are_errors() {
        assert!(parse_places("berlin\tDE\tcity\t1\n").unwrap_err().to_string().contains(":1: expected 5"));
        assert!(parse_places("berlin\tZZ\tcity\t1\t0\n")
            .unwrap_err()
            .to_string()
            .contains("unknown country"));
        assert!(parse_places("berlin\tDE\ttown\t1\t0\n").unwrap_err().to_string().contains("unknown kind"));
        assert!(parse_places("berlin\tDE\tcity\tmany\t0\n")
            .unwrap_err()
            .to_string()
            .contains("not a population"));
        assert!(parse_places("b\tDE\tcity\t1\t0\na\tDE\tcity\t1\t0\n")
            .unwrap_err()
            .to_string()
            .contains(":2:"));
    }
}

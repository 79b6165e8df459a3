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
use super::normalize::normalize;
use super::{load, Loaded};

const GAZETTEER_TSV: &str = include_str!("../../data/gazetteer.tsv");
const ALIASES_TOML: &str = include_str!("../../data/gazetteer-aliases.toml");

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
    alias_names: BTreeMap<String, &'static str>,
}

fn loaded() -> &'static Loaded<Table> {
    static TABLE: OnceLock<Loaded<Table>> = OnceLock::new();
    load(&TABLE, build)
}

fn table() -> &'static Table {
    &loaded().value
}

fn build() -> Result<Table, String> {
    let places = parse_places(GAZETTEER_TSV)?;
    let file: AliasFile =
        toml::from_str(ALIASES_TOML).map_err(|e| format!("data/gazetteer-aliases.toml: {e}"))?;
    let mut alias_names = BTreeMap::new();
    for alias in &file.place {
        let Some(country) = countries::get(&alias.country) else {
            return Err(format!("data/gazetteer-aliases.toml: unknown country code `{}`", alias.country));
        };
        for name in &alias.names {
            alias_names.insert(normalize(name), country.code);
        }
    }
    Ok(Table { places, aliases: file.place, alias_names })
}

fn parse_places(text: &'static str) -> Result<Vec<(&'static str, Place)>, String> {
    let mut places: Vec<(&'static str, Place)> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |msg: &str| format!("data/gazetteer.tsv:{}: {msg}", index + 1);
        let cells: Vec<&'static str> = line.split('\t').collect();
        let [name, code, kind, population, rival] = cells[..] else {
            return Err(at("expected 5 tab-separated columns"));
        };
        let Some(country) = countries::get(code) else {
            return Err(at(&format!("unknown country code `{code}`")));
        };
        let kind = match kind {
            "city" => PlaceKind::City,
            "region" => PlaceKind::Region,
            _ => return Err(at(&format!("unknown kind `{kind}`"))),
        };
        let number = |s: &str| s.parse::<u64>().map_err(|_| at(&format!("`{s}` is not a population")));
        let place = Place {
            country: country.code,
            kind,
            population: number(population)?,
            rival_population: number(rival)?,
        };
        if places.last().is_some_and(|&(last, _)| last >= name) {
            return Err(at(&format!("`{name}` is out of order or repeated")));
        }
        places.push((name, place));
    }
    Ok(places)
}

/// Why the embedded gazetteer could not be read, if it could not (a bug; tests check it).
pub fn data_error() -> Option<&'static str> {
    loaded().error.as_deref()
}

/// The place called `name` (any case, accents optional); hand-written aliases first.
pub fn lookup(name: &str) -> Option<Place> {
    lookup_normalized(&normalize(name))
}

/// [`lookup`] for a name already passed through [`normalize`].
pub fn lookup_normalized(key: &str) -> Option<Place> {
    let table = table();
    if let Some(&country) = table.alias_names.get(key) {
        return Some(Place { country, kind: PlaceKind::Alias, population: 0, rival_population: 0 });
    }
    let i = table.places.binary_search_by(|&(name, _)| name.cmp(key)).ok()?;
    table.places.get(i).map(|&(_, place)| place)
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
        assert_eq!(data_error(), None);
        assert!(entries().len() > 50_000);
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
        assert!(parse_places("berlin\tDE\tcity\t1\n").unwrap_err().contains(":1: expected 5"));
        assert!(parse_places("berlin\tZZ\tcity\t1\t0\n").unwrap_err().contains("unknown country"));
        assert!(parse_places("berlin\tDE\ttown\t1\t0\n").unwrap_err().contains("unknown kind"));
        assert!(parse_places("berlin\tDE\tcity\tmany\t0\n").unwrap_err().contains("not a population"));
        assert!(parse_places("b\tDE\tcity\t1\t0\na\tDE\tcity\t1\t0\n").unwrap_err().contains(":2:"));
    }
}

//! Free-text locations ("Berlin, Germany", "München", "Tokyo 🇯🇵", "SF Bay Area") → country.
//!
//! A GitHub profile's `location` is whatever its owner typed. We read it the way a person
//! would: split it into parts (commas, slashes, `|`, ` - `, parentheses), recognise each part as
//! a flag, a country name, an alias or demonym, a region, a city or a code, and let the parts
//! vote. Each signal carries a weight (an explicit country or flag counts most; a city counts
//! by its size and by how contested its name is); agreeing signals combine into a higher
//! confidence, conflicting ones lower it. Text that names no place ("Remote", "Earth",
//! "localhost", "🌍") gives `None`: no answer is better than a guess.

use std::collections::BTreeMap;

use super::countries::{self, NameKind};
use super::flags;
use super::gazetteer::{self, Place, PlaceKind};
use crate::kb::fold::normalize;

/// What kind of evidence decided the country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Via {
    /// A flag emoji: 🇩🇪.
    Flag,
    /// A country's name in some language, or a common alias of it: "Deutschland", "UK".
    CountryName,
    /// A demonym: "German", "Dutch".
    Demonym,
    /// A city or town: "München".
    City,
    /// A first-level region (US state, German Land, …), or a US state code after a city.
    Region,
    /// A hand-written place alias: "Bay Area", "NYC".
    Alias,
    /// A bare two-letter ISO 3166-1 code: "NL" (weak).
    CountryCode,
}

/// The country a location text points to, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// The part of the text that weighed most for this country, as written.
    pub matched: String,
    /// What kind of evidence that part is.
    pub via: Via,
    /// From 0 to 1: how strong the evidence for the country is, lowered by evidence for others.
    pub confidence: f32,
}

/// Texts that name no place, after [`normalize`].
const NOT_PLACES: &[&str] = &[
    "127001",
    "africa",
    "americas",
    "antarctica",
    "anywhere",
    "apac",
    "asia",
    "at home",
    "balkans",
    "central america",
    "cloud",
    "cyberspace",
    "digital nomad",
    "earth",
    "emea",
    "eu",
    "europe",
    "european union",
    "everywhere",
    "github",
    "global",
    "globe",
    "here",
    "home",
    "home office",
    "internet",
    "latam",
    "latin america",
    "localhost",
    "mars",
    "middle east",
    "milky way",
    "moon",
    "n/a",
    "nil",
    "nomad",
    "none",
    "nordics",
    "north america",
    "nowhere",
    "null",
    "oceania",
    "on the internet",
    "online",
    "outer space",
    "planet earth",
    "remote",
    "remote first",
    "remote only",
    "scandinavia",
    "somewhere",
    "south america",
    "space",
    "the cloud",
    "the internet",
    "the moon",
    "the universe",
    "the web",
    "the world",
    "there",
    "undefined",
    "universe",
    "unknown",
    "utc",
    "web",
    "wherever",
    "world",
    "world wide",
    "worldwide",
];

/// Single words never matched on their own inside a longer part ("living in …").
const FILLER_WORDS: &[&str] = &[
    "and",
    "area",
    "based",
    "born",
    "but",
    "central",
    "city",
    "county",
    "currently",
    "east",
    "for",
    "from",
    "greater",
    "live",
    "living",
    "metro",
    "near",
    "north",
    "now",
    "office",
    "raised",
    "region",
    "south",
    "state",
    "the",
    "university",
    "west",
    "with",
    "work",
    "working",
];

/// The USPS codes of the 50 states, DC and Puerto Rico, for "Austin, TX".
const US_STATES: &[&str] = &[
    "AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI", "IA", "ID", "IL", "IN", "KS",
    "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV",
    "NY", "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT", "WA", "WI", "WV",
    "WY",
];

/// Canada Post's codes of the provinces and territories, for "Victoria, BC".
const CA_PROVINCES: &[&str] = &["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"];

/// Longest input read, in bytes; a location is a line, not an essay.
const MAX_LEN: usize = 256;
/// Longest run of words tried as one name inside a part ("rio de janeiro", "new york city").
const MAX_WORDS: usize = 4;

/// One piece of evidence for one country.
#[derive(Debug, Clone)]
struct Signal {
    country: &'static str,
    weight: f32,
    via: Via,
    matched: String,
    /// A city whose name is also a place in another country ("Paris" in Texas).
    contested: bool,
}

impl Signal {
    fn new(country: &'static str, weight: f32, via: Via, matched: &str) -> Signal {
        Signal { country, weight, via, matched: matched.to_string(), contested: false }
    }
}

/// Builds the table [`locate`] reads (the gazetteer's hand-written aliases; country names
/// and places are searched in the embedded text) now rather than on the first call: a run
/// that will read profile locations does it while its inputs load.
pub fn warm() {
    gazetteer::lookup_normalized("");
}

/// The country `text` points to, or `None` when it names no place we know.
pub fn locate(text: &str) -> Option<Located> {
    let text = truncate(text, MAX_LEN);
    let mut signals = Vec::new();
    for (code, _) in flags::flags_in(text) {
        signals.push(Signal::new(code, 0.9, Via::Flag, &flag_text(code)));
    }
    let words: String = text.chars().map(|c| if is_emoji_part(c) { ',' } else { c }).collect();
    if NOT_PLACES.contains(&normalize(&words).trim_matches([',', ' ']))
        || words.trim_matches(|c: char| c == ',' || c.is_whitespace()).is_empty()
    {
        return decide(&signals);
    }
    if let Some(signal) = whole_text_alias(&words) {
        signals.push(signal);
    } else {
        let mut previous_place: Option<&'static str> = None;
        for part in split_parts(&words) {
            read_part(part, &mut previous_place, &mut signals);
        }
    }
    decide(&signals)
}

/// Hand-written names that contain a separator themselves: "Washington, D.C.", "Melbourne, Victoria".
fn whole_text_alias(text: &str) -> Option<Signal> {
    let key = normalize(text.trim_matches(|c: char| c == ',' || c.is_whitespace()));
    if !key.contains([',', '/', '(']) {
        return None;
    }
    let place = gazetteer::lookup_normalized(&key).filter(|p| p.kind == PlaceKind::Alias)?;
    Some(Signal::new(place.country, 0.8, Via::Alias, text.trim()))
}

/// Splits on commas, slashes, `|`, `;`, ` - `, parentheses, brackets and bullets.
fn split_parts(text: &str) -> Vec<&str> {
    let separators = [',', '/', '|', ';', '(', ')', '[', ']', '·', '•', '\n', '&', '–', '—'];
    text.split(separators)
        .flat_map(|part| part.split(" - "))
        .map(str::trim)
        .filter(|part| !part.is_empty() && !part.contains("://") && !part.contains('@'))
        .collect()
}

/// Reads one part: the whole part as a name first, else the names within it.
fn read_part(part: &str, previous_place: &mut Option<&'static str>, signals: &mut Vec<Signal>) {
    let key = normalize(part);
    if key.is_empty() || NOT_PLACES.contains(&key.as_str()) {
        return;
    }
    if key.chars().count() == 2 && key.chars().all(|c| c.is_ascii_lowercase()) {
        if let Some(signal) = two_letters(part, &key, *previous_place) {
            signals.push(signal);
            return;
        }
    }
    let found = match_name(&key, part, 1.0);
    if !found.is_empty() {
        remember_place(&found, previous_place);
        signals.extend(found);
        return;
    }
    let tokens: Vec<&str> = key.split(' ').collect();
    // The words as written, to report what matched; only when they line up one to one.
    let written: Vec<&str> = part
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|word| !normalize(word).is_empty())
        .collect();
    let mut used = vec![false; tokens.len()];
    for len in (1..=MAX_WORDS.min(tokens.len())).rev() {
        for start in 0..=tokens.len() - len {
            let window = start..start + len;
            if used.get(window.clone()).is_none_or(|u| u.iter().any(|&x| x)) {
                continue;
            }
            let Some(words) = tokens.get(window.clone()) else { continue };
            let phrase = words.join(" ");
            if len == 1 && (phrase.chars().count() < 3 || FILLER_WORDS.contains(&phrase.as_str())) {
                continue;
            }
            if NOT_PLACES.contains(&phrase.as_str()) {
                used.iter_mut().skip(start).take(len).for_each(|u| *u = true);
                continue;
            }
            let shown = match written.get(window.clone()) {
                Some(words) if written.len() == tokens.len() => words.join(" "),
                _ => phrase.clone(),
            };
            let found: Vec<Signal> = match_name(&phrase, &shown, 0.9)
                .into_iter()
                .filter(|s| s.via != Via::City || s.weight >= 0.5)
                .collect();
            if !found.is_empty() {
                used.iter_mut().skip(start).take(len).for_each(|u| *u = true);
                remember_place(&found, previous_place);
                signals.extend(found);
            }
        }
    }
    let last = tokens.last().copied().unwrap_or_default();
    if tokens.len() > 1 && last.len() == 2 && used.last() == Some(&false) {
        signals.extend(two_letters(last, last, *previous_place));
    }
}

fn remember_place(found: &[Signal], previous_place: &mut Option<&'static str>) {
    if let Some(signal) = found.iter().max_by(|a, b| a.weight.total_cmp(&b.weight)) {
        *previous_place = Some(signal.country);
    }
}

/// Signals for a normalised name: a country (name, alias, demonym) and/or a place.
/// A name that is a country and a place elsewhere ("Georgia") gives both, the country weakened.
fn match_name(key: &str, matched: &str, scale: f32) -> Vec<Signal> {
    let mut found = Vec::new();
    let place = gazetteer::lookup_normalized(key);
    if let Some((code, kind)) = countries::lookup_normalized(key) {
        let (weight, via) = match kind {
            NameKind::Name => (0.9, Via::CountryName),
            NameKind::Alias => (0.85, Via::CountryName),
            NameKind::Demonym => (0.6, Via::Demonym),
        };
        // "Georgia": a country, and a US state. Both readings count, each for half.
        let contested = place.is_some_and(|p| p.country != code && p.kind != PlaceKind::City);
        let share = if contested { 0.5 } else { 1.0 };
        found.push(Signal::new(code, weight * share * scale, via, matched));
        if !contested {
            return found;
        }
    }
    if let Some(place) = place {
        let (weight, via) = place_weight(&place);
        let share = if found.is_empty() { 1.0 } else { 0.5 };
        let mut signal = Signal::new(place.country, weight * share * scale, via, matched);
        signal.contested = place.kind == PlaceKind::City && place.rival_population > 0;
        found.push(signal);
    }
    found
}

fn place_weight(place: &Place) -> (f32, Via) {
    match place.kind {
        PlaceKind::Alias => (0.8, Via::Alias),
        PlaceKind::Region => (0.6, Via::Region),
        PlaceKind::City => {
            let base = match place.population {
                p if p >= 1_000_000 => 0.7,
                p if p >= 100_000 => 0.6,
                _ => 0.45,
            };
            (base * place.certainty(), Via::City)
        }
    }
}

/// A two-letter part: a place alias ("LA", "SF"), a country alias ("UK"), a US state or Canadian
/// province code after a place ("Austin, TX", "Victoria, BC"), or else a bare ISO code, which
/// counts little. After a place in the country the code spells ("Berlin, DE"), it is that country.
fn two_letters(part: &str, key: &str, previous_place: Option<&'static str>) -> Option<Signal> {
    let signal = |country, weight, via| Signal::new(country, weight, via, part);
    if let Some(place) = gazetteer::lookup_normalized(key).filter(|p| p.kind == PlaceKind::Alias) {
        return Some(signal(place.country, 0.8, Via::Alias));
    }
    if let Some((code, NameKind::Alias)) = countries::lookup_normalized(key) {
        return Some(signal(code, 0.85, Via::CountryName));
    }
    let upper = key.to_ascii_uppercase();
    let iso = countries::get(&upper).map(|c| c.code);
    let state = if US_STATES.contains(&upper.as_str()) {
        Some("US")
    } else if CA_PROVINCES.contains(&upper.as_str()) {
        Some("CA")
    } else {
        None
    };
    match (previous_place, iso, state) {
        (Some(place), Some(code), _) if place == code => Some(signal(code, 0.3, Via::CountryCode)),
        (Some(_), _, Some(country)) => Some(signal(country, 0.5, Via::Region)),
        (_, Some(code), _) => Some(signal(code, 0.3, Via::CountryCode)),
        (None, None, Some(country)) => Some(signal(country, 0.3, Via::Region)),
        _ => None,
    }
}

/// Whether a signal names an area on purpose (a country, flag, region or alias), which tells
/// which of several places called "Paris" the text means.
fn is_area(signal: &Signal) -> bool {
    !matches!(signal.via, Via::City | Via::CountryCode)
}

/// Combines the signals per country (independent evidence: 1 − Π(1 − w)), picks the strongest
/// country (on a tie, the one named last), and scales its confidence by its share of all evidence.
///
/// A contested city name counts little when the text names an area elsewhere and none of its
/// own country: in "Paris, Texas" and "London, Ontario" the city is not the famous one.
fn decide(signals: &[Signal]) -> Option<Located> {
    let mut scores: BTreeMap<&'static str, (f32, usize)> = BTreeMap::new();
    let areas: Vec<&'static str> = signals.iter().filter(|s| is_area(s)).map(|s| s.country).collect();
    for (index, signal) in signals.iter().enumerate() {
        let elsewhere = signal.contested && !areas.is_empty() && !areas.contains(&signal.country);
        let weight = if elsewhere { signal.weight * 0.3 } else { signal.weight };
        let entry = scores.entry(signal.country).or_insert((0.0, index));
        entry.0 = 1.0 - (1.0 - entry.0) * (1.0 - weight.clamp(0.0, 1.0));
        entry.1 = index;
    }
    let total: f32 = scores.values().map(|&(score, _)| score).sum();
    let (&country, &(score, _)) =
        scores.iter().max_by(|a, b| a.1 .0.total_cmp(&b.1 .0).then(a.1 .1.cmp(&b.1 .1)))?;
    let best = signals.iter().filter(|s| s.country == country).reduce(|best, s| {
        if s.weight > best.weight {
            s
        } else {
            best
        }
    })?;
    let confidence = if total > 0.0 { score * score / total } else { 0.0 };
    Some(Located {
        country: country.to_string(),
        matched: best.matched.clone(),
        via: best.via,
        confidence: (confidence * 100.0).round() / 100.0,
    })
}

fn flag_text(code: &str) -> String {
    flags::flag(code).unwrap_or_else(|| code.to_string())
}

/// Regional indicators, tag characters, the black flag and the variation selector: parts of a
/// flag emoji, read separately by [`flags::flags_in`].
fn is_emoji_part(c: char) -> bool {
    matches!(u32::from(c), 0x1F1E6..=0x1F1FF | 0xE0020..=0xE007F | 0x1F3F4 | 0xFE0F)
}

fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let end = (0..=max).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    text.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(text: &str) -> Option<String> {
        locate(text).map(|l| l.country)
    }

    #[test]
    fn brief_examples() {
        assert_eq!(country("Berlin, Germany").as_deref(), Some("DE"));
        assert_eq!(country("München").as_deref(), Some("DE"));
        assert_eq!(country("Tokyo 🇯🇵").as_deref(), Some("JP"));
        assert_eq!(country("San Francisco, CA").as_deref(), Some("US"));
        for text in ["Remote", "Earth", "localhost", "The Internet", "Everywhere", "🌍", ""] {
            assert_eq!(country(text), None, "{text}");
        }
    }

    #[test]
    fn agreeing_signals_raise_confidence() {
        let city = locate("München").map(|l| l.confidence).unwrap_or(0.0);
        let both = locate("München, Deutschland").map(|l| l.confidence).unwrap_or(0.0);
        assert!(both > city, "{both} <= {city}");
        let conflict = locate("München, Japan").map(|l| l.confidence).unwrap_or(1.0);
        assert!(conflict < 0.6, "{conflict}");
    }

    #[test]
    fn truncates_on_a_char_boundary() {
        let long = "ü".repeat(300);
        assert!(truncate(&long, MAX_LEN).len() <= MAX_LEN);
        assert_eq!(truncate("abc", 2), "ab");
    }

    #[test]
    fn two_letter_rules() {
        assert_eq!(two_letters("TX", "tx", Some("US")).map(|s| s.via), Some(Via::Region));
        assert_eq!(two_letters("MA", "ma", Some("GB")).map(|s| s.country), Some("US"));
        assert_eq!(two_letters("DE", "de", Some("DE")).map(|s| s.via), Some(Via::CountryCode));
        assert_eq!(two_letters("NL", "nl", None).map(|s| s.weight), Some(0.3));
        assert!(two_letters("QQ", "qq", None).is_none());
    }
}

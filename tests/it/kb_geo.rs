//! The geographic knowledge base: data integrity and free-text location parsing.

use std::collections::BTreeSet;

use cargo_sovereign::kb::fold::normalize;
use cargo_sovereign::kb::geo::location::{locate, Via};
use cargo_sovereign::kb::geo::{countries, gazetteer, jurisdictions};

/// The ISO 3166-1 alpha-2 codes officially assigned (as of 2024), to check the derived list against.
const ISO_3166_1: &str =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN \
    BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ \
    EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM \
    HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK \
    LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG \
    NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG \
    SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM \
    US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

#[test]
fn countries_are_exactly_the_iso_list() {
    assert_eq!(countries::data_errors(), []);
    let ours: Vec<&str> = countries::all().iter().map(|c| c.code).collect();
    let iso: Vec<&str> = ISO_3166_1.split_whitespace().collect();
    assert_eq!(iso.len(), 249);
    assert_eq!(ours, iso);
    assert!(countries::all().iter().all(|c| !c.name.is_empty()));
}

#[test]
fn every_alias_has_a_source_and_a_real_country() {
    assert!(!countries::aliases().is_empty());
    for alias in countries::aliases() {
        assert!(alias.source.starts_with("https://"), "{alias:?}");
        assert!(countries::is_code(&alias.country), "{alias:?}");
        assert!(!alias.names.is_empty() || !alias.demonyms.is_empty(), "{alias:?}");
        for name in alias.names.iter().chain(&alias.demonyms) {
            assert_eq!(countries::by_name(name), Some(alias.country.as_str()), "{name}");
        }
    }
    assert!(!gazetteer::aliases().is_empty());
    for place in gazetteer::aliases() {
        assert!(place.source.starts_with("https://"), "{place:?}");
        assert!(countries::is_code(&place.country), "{place:?}");
        for name in &place.names {
            assert_eq!(gazetteer::lookup(name).map(|p| p.country), Some(place.country.as_str()), "{name}");
        }
    }
}

#[test]
fn gazetteer_keys_are_normalised_and_sorted() {
    assert_eq!(gazetteer::data_errors(), []);
    let entries = gazetteer::entries();
    assert!(entries.len() > 100_000, "{}", entries.len());
    for pair in entries.windows(2) {
        assert!(pair[0].0 < pair[1].0, "{} / {}", pair[0].0, pair[1].0);
    }
    for (name, place) in entries {
        assert_eq!(&normalize(name), name, "the scripts and Rust normalise differently");
        assert!(name.len() >= 3 && name.is_ascii(), "{name}");
        assert!(countries::is_code(place.country), "{name}");
    }
}

#[test]
fn jurisdiction_groups() {
    assert_eq!(jurisdictions::data_errors(), []);
    for group in jurisdictions::groups() {
        assert!(group.source.starts_with("https://"), "{}", group.name);
        assert!(!group.description.is_empty(), "{}", group.name);
        for code in group.members.iter().chain(&group.partial) {
            assert!(countries::is_code(code), "{}: {code}", group.name);
        }
    }
    let set = |name: &str| -> BTreeSet<&str> {
        jurisdictions::group(name).unwrap_or_default().iter().map(String::as_str).collect()
    };
    let eu = set("eu");
    assert_eq!(eu.len(), 27);
    assert!(eu.contains("GR") && !eu.contains("EL") && !eu.contains("GB"));
    let eea = set("eea");
    assert!(eea.is_superset(&eu) && eea.len() == 30);
    assert!(set("europe").is_superset(&eea));
    assert!(set("europe").is_superset(&set("efta")));
    assert_eq!(set("efta"), BTreeSet::from(["CH", "IS", "LI", "NO"]));
    let adequate = jurisdictions::get("gdpr-adequate").map(|g| g.partial.clone()).unwrap_or_default();
    assert_eq!(adequate, ["CA", "US"]);
    assert!(set("eu-candidates").is_disjoint(&eu));
    assert!(jurisdictions::expand(&["europe".to_string(), "JP".to_string()]).is_ok_and(|s| s.len() == 37));
}

/// (text, expected country or "" for none).
const LOCATIONS: &[(&str, &str)] = &[
    // The brief's examples.
    ("Berlin, Germany", "DE"),
    ("München", "DE"),
    ("Paris, France", "FR"),
    ("Tokyo 🇯🇵", "JP"),
    ("San Francisco, CA", "US"),
    ("London, UK", "GB"),
    ("Zürich", "CH"),
    ("Remote", ""),
    ("Earth", ""),
    ("localhost", ""),
    ("The Internet", ""),
    ("Everywhere", ""),
    ("🌍", ""),
    ("", ""),
    // Names in other languages and scripts.
    ("Wien, Österreich", "AT"),
    ("Köln", "DE"),
    ("Warszawa, Polska", "PL"),
    ("Praha", "CZ"),
    ("Lisboa", "PT"),
    ("Den Haag", "NL"),
    ("Bruxelles", "BE"),
    ("Genève", "CH"),
    ("Moskva", "RU"),
    ("Москва, Россия", "RU"),
    ("東京, 日本", "JP"),
    ("Łódź", "PL"),
    ("São Paulo, Brasil", "BR"),
    ("Reykjavík", "IS"),
    ("Αθήνα, Ελλάδα", "GR"),
    // Countries, aliases and demonyms.
    ("Deutschland", "DE"),
    ("Holland", "NL"),
    ("U.S.A.", "US"),
    ("Czechia", "CZ"),
    ("Türkiye", "TR"),
    ("Swiss", "CH"),
    ("Dutch", "NL"),
    ("German developer", "DE"),
    ("Scotland", "GB"),
    ("South Korea", "KR"),
    ("Taiwan", "TW"),
    // Regions, US state codes, metropolitan aliases.
    ("Austin, TX", "US"),
    ("Cambridge, MA", "US"),
    ("Bavaria", "DE"),
    ("Bayern", "DE"),
    ("California", "US"),
    ("Bay Area", "US"),
    ("SF Bay Area", "US"),
    ("Silicon Valley", "US"),
    ("NYC", "US"),
    ("Greater London", "GB"),
    ("Île-de-France", "FR"),
    ("Atlanta, Georgia", "US"),
    ("Tbilisi, Georgia", "GE"),
    ("Georgia", "GE"),
    ("Paris, Texas", "US"),
    ("London, Ontario", "CA"),
    ("Washington, D.C.", "US"),
    // Ambiguous city names resolve to the most populous place.
    ("Cambridge", "GB"),
    ("Birmingham", "GB"),
    ("Barcelona", "ES"),
    ("Paris", "FR"),
    ("Valencia", "VE"), // Valencia, Carabobo has more people than Valencia, Spain
    ("Valencia, Spain", "ES"),
    ("Springfield", "US"),
    ("Sydney", "AU"),
    ("Hamilton, New Zealand", "NZ"),
    // Free-form sentences, several separators, flags.
    ("Berlin Germany", "DE"),
    ("Living in Amsterdam", "NL"),
    ("Amsterdam, NL", "NL"),
    ("Munich / Bavaria / Germany", "DE"),
    ("Stockholm | Sweden", "SE"),
    ("Helsinki (Finland)", "FI"),
    ("🇫🇷", "FR"),
    ("Lyon 🇫🇷", "FR"),
    ("Edinburgh 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", "GB"),
    ("Toronto, CA", "CA"),
    ("Victoria, BC", "CA"),
    ("Sydney, NSW", "AU"),
    ("Florida", "US"),
    ("San Jose", "US"),
    ("Mobile, AL", "US"),
    ("Berlin, DE", "DE"),
    ("Europe/Berlin", "DE"),
    ("Remote, Germany", "DE"),
    ("Earth 🇩🇪", "DE"),
    ("Perth, Scotland", "GB"),
    ("Oslo, NO", "NO"),
    // Nothing to find.
    ("Planet Earth", ""),
    ("Worldwide", ""),
    ("127.0.0.1", ""),
    ("Europe", ""),
    ("🇪🇺", ""),
    ("N/A", ""),
    ("Somewhere over the rainbow", ""),
    ("https://example.org", ""),
    ("The Moon", ""),
    ("/dev/null", ""),
    ("Working from home", ""),
    ("Somewhere in Europe", ""),
    ("Remote (EU)", ""),
    ("Middle-earth", ""),
    ("UTC+1", ""),
    ("Worldwide 🌎", ""),
];

#[test]
fn locations() {
    let mut failures = Vec::new();
    for &(text, expected) in LOCATIONS {
        let got = locate(text);
        let country = got.as_ref().map(|l| l.country.as_str()).unwrap_or("");
        if country != expected {
            failures.push(format!("{text:?}: expected {expected:?}, got {got:?}"));
        }
        if let Some(l) = &got {
            assert!((0.0..=1.0).contains(&l.confidence), "{text}: {l:?}");
            assert!(!l.matched.is_empty(), "{text}: {l:?}");
        }
    }
    assert!(failures.is_empty(), "{} of {} wrong:\n{}", failures.len(), LOCATIONS.len(), failures.join("\n"));
}

#[test]
fn located_says_why() {
    let via = |text: &str| locate(text).map(|l| (l.via, l.matched));
    assert_eq!(via("Tokyo 🇯🇵"), Some((Via::Flag, "🇯🇵".to_string())));
    assert_eq!(via("Berlin, Germany"), Some((Via::CountryName, "Germany".to_string())));
    assert_eq!(via("München"), Some((Via::City, "München".to_string())));
    assert_eq!(via("Bavaria"), Some((Via::Region, "Bavaria".to_string())));
    assert_eq!(via("Bay Area"), Some((Via::Alias, "Bay Area".to_string())));
    assert_eq!(via("Dutch"), Some((Via::Demonym, "Dutch".to_string())));
    assert_eq!(via("NL"), Some((Via::CountryCode, "NL".to_string())));
    assert_eq!(via("Living in Zürich"), Some((Via::City, "Zürich".to_string())));
    assert_eq!(via("Atlanta, Georgia"), Some((Via::City, "Atlanta".to_string())));
}

#[test]
fn confidence_orders_evidence() {
    let confidence = |text: &str| locate(text).map(|l| l.confidence).unwrap_or(0.0);
    assert!(confidence("Berlin, Germany") > confidence("Berlin"));
    assert!(confidence("Germany") > confidence("NL"));
    assert!(confidence("Paris") > confidence("Cambridge"));
    assert!(confidence("München, Japan") < confidence("Japan"));
}

#[test]
fn long_and_odd_inputs_do_not_panic() {
    let long = "Berlin, ".repeat(200);
    assert_eq!(locate(&long).map(|l| l.country), Some("DE".to_string()));
    for text in ["\u{1F1E6}", "🏴", ",,,,", " - ", "( )", "\u{0301}", "a/b/c/d", "ü".repeat(1000).as_str()]
    {
        let _ = locate(text);
    }
}

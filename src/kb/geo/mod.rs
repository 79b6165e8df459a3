//! Geography: countries, the groups a policy trusts, places, and reading a free-text location.
//!
//! Attribution ends in a country, and policy judges countries by the groups they belong to,
//! but the evidence names places in every spelling and language ("München", "U.K.", "🇯🇵",
//! "SF Bay Area"). These files turn such text into ISO 3166-1 codes: `countries` (names,
//! aliases, demonyms), `flags` (flag emoji), `jurisdictions` (`eu`, `eea`, `europe`, …),
//! `gazetteer` (cities and regions) and `location`, which reads a whole location text with
//! the others. Every name is compared after the accent folding of [`crate::kb::fold`].

pub mod countries;
pub mod flags;
pub mod gazetteer;
pub mod jurisdictions;
pub mod location;

//! The categories a licence falls in, and how categories combine: `OR`, `AND` and `WITH`.
//!
//! This is the bottom of the licence code: plain values and the rules over them, with no
//! knowledge of any licence id. Everything above (the index, the readers of expressions and
//! prose) speaks in these terms, so the combination rules live in one place.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What kind of licence a package is under, from most to least permissive.
///
/// The declaration order is the permissiveness rank ([`LicenseCategory::rank`]):
/// `public-domain` (0) < `permissive` < `weak-copyleft` < `strong-copyleft` <
/// `network-copyleft` < `source-available` < `non-commercial` < `proprietary` < `unknown` (8).
/// `unknown` sorts last because nothing shows it is any better than the worst case; the
/// combination rules of [`LicenseIndex::classify`](crate::kb::licenses::LicenseIndex::classify) still treat
/// it specially (a known alternative beats it, and `proprietary` is reported over it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LicenseCategory {
    /// No conditions at all: public domain dedications (CC0, Unlicense, WTFPL).
    PublicDomain,
    /// Use, modify and redistribute with notice: MIT, Apache-2.0, BSD.
    Permissive,
    /// Copyleft on the licensed files or library only: LGPL, MPL, EPL, GPL with a linking exception.
    WeakCopyleft,
    /// Copyleft on the whole derived work when distributed: GPL.
    StrongCopyleft,
    /// Copyleft also triggered by offering the software over a network: AGPL, EUPL.
    NetworkCopyleft,
    /// Source is readable but use is restricted (competition, field of use): BUSL, SSPL, Elastic.
    SourceAvailable,
    /// Commercial use forbidden: CC-BY-NC, PolyForm Noncommercial.
    NonCommercial,
    /// No open licence: proprietary or commercial terms, npm `UNLICENSED`.
    Proprietary,
    /// Missing, `NOASSERTION`, unparseable, or only a pointer to a licence file.
    Unknown,
}

const ALL: [LicenseCategory; 9] = [
    LicenseCategory::PublicDomain,
    LicenseCategory::Permissive,
    LicenseCategory::WeakCopyleft,
    LicenseCategory::StrongCopyleft,
    LicenseCategory::NetworkCopyleft,
    LicenseCategory::SourceAvailable,
    LicenseCategory::NonCommercial,
    LicenseCategory::Proprietary,
    LicenseCategory::Unknown,
];

impl LicenseCategory {
    /// The kebab-case name used in data files, configuration and reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::PublicDomain => "public-domain",
            Self::Permissive => "permissive",
            Self::WeakCopyleft => "weak-copyleft",
            Self::StrongCopyleft => "strong-copyleft",
            Self::NetworkCopyleft => "network-copyleft",
            Self::SourceAvailable => "source-available",
            Self::NonCommercial => "non-commercial",
            Self::Proprietary => "proprietary",
            Self::Unknown => "unknown",
        }
    }

    /// Every category, most permissive first (rank order).
    pub const fn all() -> &'static [LicenseCategory] {
        &ALL
    }

    /// Permissiveness rank: 0 for `public-domain` up to 8 for `unknown` (see the type's docs).
    pub const fn rank(self) -> u8 {
        self as u8
    }

    /// Whether this is one of the three copyleft categories.
    pub const fn is_copyleft(self) -> bool {
        matches!(self, Self::WeakCopyleft | Self::StrongCopyleft | Self::NetworkCopyleft)
    }
}

impl fmt::Display for LicenseCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of the categories' kebab-case names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown licence category `{name}`, expected one of {}", expected())]
pub struct UnknownCategory {
    /// The name as given.
    pub name: String,
}

/// The category names, comma-separated, in rank order.
fn expected() -> String {
    ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
}

impl FromStr for LicenseCategory {
    type Err = UnknownCategory;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ALL.iter().copied().find(|c| c.as_str() == s).ok_or_else(|| UnknownCategory { name: s.to_string() })
    }
}

/// What a `WITH` exception does to the category of the licence it is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "effect", content = "category")]
pub enum ExceptionEffect {
    /// The base licence's category stands.
    Keep,
    /// A copyleft base more restrictive than this category drops to it (linking exceptions).
    Lower(LicenseCategory),
    /// A base less restrictive than this category, or unknown, rises to it (Commons Clause).
    Raise(LicenseCategory),
}

impl ExceptionEffect {
    /// The category of `base WITH <this exception>`.
    pub fn apply(self, base: LicenseCategory) -> LicenseCategory {
        match self {
            Self::Keep => base,
            Self::Lower(to) if base.is_copyleft() && base > to => to,
            Self::Raise(to) if base == LicenseCategory::Unknown || base < to => to,
            Self::Lower(_) | Self::Raise(_) => base,
        }
    }
}

/// The categories a policy accepts, when `A OR B` should prefer them.
pub(crate) type Acceptable<'a> = Option<&'a dyn Fn(LicenseCategory) -> bool>;

/// `A AND B`: the most restrictive part; unknown wins over everything except proprietary.
pub(crate) fn and(a: LicenseCategory, b: LicenseCategory) -> LicenseCategory {
    use LicenseCategory::{Proprietary, Unknown};
    if a == Proprietary || b == Proprietary {
        Proprietary
    } else if a == Unknown || b == Unknown {
        Unknown
    } else {
        a.max(b)
    }
}

/// `A OR B`: the alternative the policy accepts, else the most permissive known one.
pub(crate) fn or(a: LicenseCategory, b: LicenseCategory, acceptable: Acceptable<'_>) -> LicenseCategory {
    if let Some(accepts) = acceptable {
        match (accepts(a), accepts(b)) {
            (true, false) => return a,
            (false, true) => return b,
            _ => {}
        }
    }
    match (a, b) {
        (LicenseCategory::Unknown, other) | (other, LicenseCategory::Unknown) => other,
        _ => a.min(b),
    }
}

//! Which CycloneDX specification version is written, and what each version can carry.
//!
//! An input document keeps its version unless `--cyclonedx-version` asks for a later one;
//! a generated document is 1.6, or the version asked for. Properties came with 1.3 and a
//! supplier's `address.country` with 1.6: an older document cannot carry those facts, and
//! [`warning`] says so.

use crate::model::InputFormat;
use crate::report::Report;

/// A specification version as (major, minor): `1.6` → (1, 6).
pub type Version = (u32, u32);

/// The first version with component `properties`.
pub const PROPERTIES: Version = (1, 3);
/// The first version with a supplier's `address` (and `authors`, `manufacturer`).
pub const ADDRESS: Version = (1, 6);
/// The version of generated documents when none is asked for.
pub const GENERATED: Version = (1, 6);

/// A version `--cyclonedx-version` can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// CycloneDX 1.6 (what BSI TR-03183-2 v2.1 asks for at least).
    V1_6,
    /// CycloneDX 1.7.
    V1_7,
}

impl Target {
    /// Every target with its name.
    pub const ALL: &'static [(&'static str, Target)] = &[("1.6", Target::V1_6), ("1.7", Target::V1_7)];

    /// The target called `name` (`1.6`, `1.7`).
    pub fn from_name(name: &str) -> Option<Target> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }

    /// As (major, minor).
    pub fn version(self) -> Version {
        match self {
            Target::V1_6 => (1, 6),
            Target::V1_7 => (1, 7),
        }
    }
}

/// The version written for an input of `input`'s version: the later of the two.
pub fn written(input: Version, target: Option<Target>) -> Version {
    target.map_or(input, |t| input.max(t.version()))
}

/// `1.6` → (1, 6); an unreadable part counts as 0, so nothing version-gated is added.
pub fn parse(v: &str) -> Version {
    let mut parts = v.split('.').map(|s| s.trim().parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(1), parts.next().unwrap_or(0))
}

/// `(1, 6)` → `1.6`.
pub fn name(v: Version) -> String {
    format!("{}.{}", v.0, v.1)
}

/// What the enriched CycloneDX of this report cannot carry, when it is one CycloneDX input
/// written back in a version too old for some facts; `None` when every fact fits.
pub fn warning(report: &Report, target: Option<Target>) -> Option<String> {
    let [input] = report.inputs.as_slice() else { return None };
    let path = input.path.as_deref()?;
    if input.format != InputFormat::Cyclonedx {
        return None;
    }
    let declared = parse(input.spec_version.as_deref()?);
    let out = written(declared, target);
    let lost = if out < PROPERTIES {
        "no component properties and no supplier address: the cargo-sovereign facts (countries, jurisdiction, licence category, criticality) are left out"
    } else if out < ADDRESS {
        "no supplier address: the controlling country is only in the cargo-sovereign:country property"
    } else {
        return None;
    };
    Some(format!("{path}: CycloneDX {} has {lost}; --cyclonedx-version 1.6 upgrades the document", name(out)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare() {
        assert!(parse("1.6") >= ADDRESS);
        assert!(parse("1.10") > (1, 6));
        assert!(parse("1.4") < ADDRESS);
        assert_eq!(parse("x"), (0, 0));
        assert_eq!(name(parse("1.2")), "1.2");
    }

    #[test]
    fn a_target_only_raises_the_version() {
        assert_eq!(written((1, 2), Some(Target::V1_6)), (1, 6));
        assert_eq!(written((1, 7), Some(Target::V1_6)), (1, 7));
        assert_eq!(written((1, 4), None), (1, 4));
        assert_eq!(Target::from_name("1.7"), Some(Target::V1_7));
        assert_eq!(Target::from_name("1.5"), None);
    }
}

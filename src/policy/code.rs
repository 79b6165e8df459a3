//! Finding codes: stable kebab-case names, each with a default severity, an explanation and a
//! fix hint that every output format uses. Codes never change once released.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing.
    Note,
    /// Should be looked at.
    Warning,
    /// Fails the audit by default.
    Error,
}

impl Severity {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $severity:ident, $title:literal, $explanation:literal, $fix:literal; )*) => {
        /// A finding code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum Code {
            $(
                #[doc = $title]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable kebab-case name.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity when the policy does not say otherwise.
            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// A short title.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title,)* }
            }

            /// One paragraph: what it means and why it matters for sovereignty.
            pub fn explanation(self) -> &'static str {
                match self { $(Code::$variant => $explanation,)* }
            }

            /// How to fix it.
            pub fn fix_hint(self) -> &'static str {
                match self { $(Code::$variant => $fix,)* }
            }

            /// The code called `name`.
            pub fn from_name(name: &str) -> Option<Code> {
                match name { $($name => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    ProprietaryLicense = "proprietary-license", Error,
        "A dependency is under a proprietary licence",
        "The package's licence does not grant the freedoms of an open-source licence: its owner decides who may use, modify or redistribute it and on which terms, and can change those terms. Depending on it ties the project to one rights holder.",
        "Replace the package with an open-source alternative, or obtain a written licence and record it as an exception in sovereign.toml.";
    SourceAvailableLicense = "source-available-license", Error,
        "A dependency is under a source-available licence",
        "Source-available licences (BUSL, SSPL, Elastic, FSL, Commons Clause, …) publish the code but restrict its use, typically forbidding competing services. The vendor keeps control, and such projects have changed terms before.",
        "Check that your use is allowed by the licence, prefer a fork or alternative under an open-source licence, or record an exception with the reason.";
    NonCommercialLicense = "non-commercial-license", Error,
        "A dependency forbids commercial use",
        "The licence allows only non-commercial use. Any commercial deployment of the project would infringe it.",
        "Replace the package or obtain a commercial licence from its owner.";
    UnknownLicense = "unknown-license", Warning,
        "A dependency's licence is unknown",
        "The package declares no licence, or one that could not be understood. Without a licence nobody may legally reuse the code, and its category cannot be judged.",
        "Find the licence in the package's repository and add an override, or ask the maintainers to declare an SPDX expression.";
    CopyleftLicense = "copyleft-license", Note,
        "A dependency is under a copyleft licence",
        "Copyleft licences require derived works to be distributed under the same terms. This is compatible with sovereignty goals but has obligations to respect.",
        "Make sure the obligations (source offer, licence notices) are met, or allow the licence in sovereign.toml.";
    NonEuropeanSinglePoint = "non-european-single-point", Error,
        "A single point of dependency is controlled from outside the trusted jurisdictions",
        "A critical package (a direct dependency, or one that much of the graph depends on or is reached only through) is controlled by an entity whose controlling country is outside the jurisdictions the policy trusts. Sanctions, export controls, extra-territorial law or a change of the controlling company's strategy can cut the project off.",
        "Prefer an alternative controlled from a trusted jurisdiction, vendor the code, or record an exception explaining why the risk is accepted.";
    VendorLockIn = "vendor-lock-in", Warning,
        "A dependency is a client of a proprietary service",
        "The package exists to talk to one vendor's proprietary service or platform (cloud SDKs, AI APIs, telemetry SaaS, proprietary runtimes). Code written against it cannot move to another provider without rework.",
        "Use a provider-neutral abstraction or an open protocol, or one of the European alternatives listed with the finding.";
    PlatformBinding = "platform-binding", Note,
        "Dependencies bind to one vendor's operating system",
        "Some packages exist only to call one vendor's operating system (Windows, Apple's platforms, Android). They are built only for that platform and matter only if the project ships to it; there, the platform's vendor is a dependency whatever the code does. They are reported once per platform, not as vendor lock-in or as single points of dependency.",
        "List the target triples the project ships to in sovereign.toml (`targets = [\"x86_64-unknown-linux-gnu\"]`) or with `--target`: packages only for other platforms are then not audited, and are counted apart.";
    EntityConcentration = "entity-concentration", Warning,
        "One untrusted entity controls a large share of the graph",
        "A single organisation or maintainer outside the trusted jurisdictions controls more than the threshold share of the dependency graph. Its decisions affect the whole project.",
        "Reduce reliance on that entity's packages, or raise the threshold in sovereign.toml if the concentration is accepted.";
    JurisdictionConcentration = "jurisdiction-concentration", Warning,
        "Most critical packages are controlled from untrusted jurisdictions",
        "The share of critical packages controlled from outside the trusted jurisdictions is above the threshold.",
        "Replace critical packages with alternatives controlled from trusted jurisdictions, or adjust the threshold.";
    UnknownOrigin = "unknown-origin", Note,
        "Nobody could attribute a critical package",
        "No signal said who controls this critical package or from where. Unknown is not safe: it is unassessed.",
        "Run with online enrichment, or add an [[override]] in sovereign.toml with what you know.";
    LicenseChange = "license-change", Warning,
        "A dependency's licence became more restrictive",
        "Between the base and the head report a package's licence moved to a more restrictive category (MPL to BUSL, Apache to SSPL): what was open source may now restrict use, competition or hosting. Raised by `diff`, at error when the head report denies the new category.",
        "Pin the last version under the old licence, move to a fork that kept it, or accept the new terms with an exception.";
    UnverifiedOrigin = "unverified-origin", Note,
        "A critical package's control rests on weak evidence",
        "Only a weak signal (an SBOM party's name, every author's e-mail domain, a home page's domain, a registry owner's profile) says this critical package is controlled from outside the trusted jurisdictions. That is not enough for an error, and not nothing.",
        "Check who controls it, and record what you find as an [[override]] in sovereign.toml: the finding then becomes an error or goes away.";
    SingleMaintainer = "single-maintainer", Note,
        "A critical package has a single owner",
        "Only one account can publish new versions of this critical package. If it disappears or is compromised, nobody else can release fixes.",
        "Consider supporting the maintainer, asking for a co-owner, or planning a fork.";
    GitSource = "git-source", Note,
        "A dependency is fetched from a git repository",
        "The package does not come from a registry but straight from a git URL, which can move, vanish or be rewritten.",
        "Depend on a published release, or mirror the repository on infrastructure you control.";
    ExpiredException = "expired-exception", Warning,
        "An exception in sovereign.toml has expired",
        "An exception's `expires` date has passed, so it no longer applies and the findings it covered are back.",
        "Review the exception: renew it with a new date and reason, or fix what it covered.";
}

impl Code {
    /// Whether the finding is about a package's licence.
    pub fn is_license(self) -> bool {
        matches!(
            self,
            Code::ProprietaryLicense
                | Code::SourceAvailableLicense
                | Code::NonCommercialLicense
                | Code::UnknownLicense
                | Code::CopyleftLicense
        )
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for &c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate {c}");
            assert!(c.as_str().chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'));
            assert_eq!(Code::from_name(c.as_str()), Some(c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
            assert!(c.explanation().len() > 80 && c.fix_hint().len() > 20);
        }
        assert_eq!(Code::ALL.len(), 16);
    }
}

#[cfg(test)]
mod doc_tests {
    use super::*;

    #[test]
    fn docs_describe_every_code_as_the_code_does() {
        let doc = include_str!("../../docs/findings.md");
        for &c in Code::ALL {
            assert!(doc.contains(&format!("## `{c}`")), "docs/findings.md lacks {c}");
            assert!(doc.contains(c.explanation()), "docs/findings.md: explanation of {c} differs");
            assert!(doc.contains(c.fix_hint()), "docs/findings.md: fix hint of {c} differs");
        }
    }
}

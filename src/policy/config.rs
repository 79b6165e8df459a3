//! `sovereign.toml`: the policy file (its `[[model]]` entries in `models.rs`).
//!
//! Strict on purpose: an unknown key or a value of the wrong type is an error with the file,
//! line and column (serde with `deny_unknown_fields`; the `toml` crate knows the spans), and
//! every problem, structural (every unknown key and wrong type, found by
//! `policy/every_error.rs`) or semantic (an unknown finding code or
//! country, a threshold outside 0–1, an exception without a reason), is collected before
//! anything is reported, so a user fixes them in one go.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::error::line_column;
use crate::error::InputError;
use crate::kb::geo::countries;
use crate::model::{Override, Target};
use crate::policy::code::{Code, Severity};
use crate::policy::date::Date;
use crate::policy::models::{self, DeclaredModel, RawModel};
use crate::policy::{every_error, suggest};

/// The validated policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Trusted jurisdictions: group names (`europe`, `eu`, …) or ISO 3166-1 alpha-2 codes.
    pub trusted: Vec<String>,
    /// Whether control follows the ultimate parent organisation.
    pub follow_parent: bool,
    /// Licence categories and SPDX ids to deny, warn about or allow.
    pub licenses: LicenseRules,
    /// Severity per finding code; `None` turns the code off.
    pub severity: BTreeMap<Code, Option<Severity>>,
    /// Thresholds for critical packages and concentration findings.
    pub thresholds: Thresholds,
    /// Accepted findings.
    pub exceptions: Vec<Exception>,
    /// Corrections to attribution.
    pub overrides: Vec<Override>,
    /// The target triples the project ships to; empty for every platform. Dependencies only
    /// for other platforms are left out of the audit and counted apart.
    pub targets: Vec<String>,
    /// The AI models the project declares it uses (`[[model]]`).
    pub models: Vec<DeclaredModel>,
}

/// Licence rules. Each item is a licence category (`proprietary`, `strong-copyleft`, …) or an
/// SPDX licence id; an id is more specific than a category and wins over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseRules {
    /// Findings at `error`.
    pub deny: Vec<String>,
    /// Findings at `warning`.
    pub warn: Vec<String>,
    /// No finding.
    pub allow: Vec<String>,
}

/// Thresholds, as shares of the graph (0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// A package is critical when this share of the graph depends on it, transitively.
    pub critical_dependents_share: f64,
    /// A package is critical when this share of the graph is reached only through it.
    pub critical_dominated_share: f64,
    /// `entity-concentration` when one untrusted entity controls more than this share.
    pub entity_concentration: f64,
    /// `jurisdiction-concentration` when the untrusted share of critical packages is above this.
    pub jurisdiction_concentration: f64,
}

/// An accepted finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    /// What it covers.
    pub target: Target,
    /// Which codes; empty for all.
    pub findings: Vec<Code>,
    /// Why it is accepted.
    pub reason: String,
    /// The last day it applies.
    pub expires: Option<Date>,
    /// Line in the policy file, for messages.
    pub line: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            trusted: vec!["europe".to_string()],
            follow_parent: true,
            licenses: LicenseRules {
                deny: ["proprietary", "non-commercial", "source-available"].map(String::from).to_vec(),
                warn: vec!["unknown".to_string()],
                allow: vec![],
            },
            severity: BTreeMap::new(),
            thresholds: Thresholds {
                critical_dependents_share: 0.10,
                critical_dominated_share: 0.05,
                entity_concentration: 0.25,
                jurisdiction_concentration: 0.50,
            },
            exceptions: Vec::new(),
            overrides: Vec::new(),
            targets: Vec::new(),
            models: Vec::new(),
        }
    }
}

impl Config {
    /// The severity of `code` under this policy; `None` when turned off.
    pub fn severity_of(&self, code: Code) -> Option<Severity> {
        self.severity.get(&code).copied().unwrap_or(Some(code.default_severity()))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    trusted: Option<Vec<Spanned<String>>>,
    follow_parent: Option<bool>,
    licenses: Option<RawLicenses>,
    severity: Option<BTreeMap<String, Spanned<String>>>,
    thresholds: Option<RawThresholds>,
    #[serde(default, rename = "exception")]
    exceptions: Vec<Spanned<RawException>>,
    #[serde(default, rename = "override")]
    overrides: Vec<Spanned<RawOverride>>,
    targets: Option<Vec<Spanned<String>>>,
    #[serde(default, rename = "model")]
    models: Vec<Spanned<RawModel>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLicenses {
    deny: Option<Vec<String>>,
    warn: Option<Vec<String>>,
    allow: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawThresholds {
    critical_dependents_share: Option<Spanned<f64>>,
    critical_dominated_share: Option<Spanned<f64>>,
    entity_concentration: Option<Spanned<f64>>,
    jurisdiction_concentration: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawException {
    package: Option<String>,
    entity: Option<String>,
    #[serde(default)]
    findings: Vec<Spanned<String>>,
    reason: Option<String>,
    expires: Option<Spanned<toml::value::Datetime>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    package: Option<String>,
    org: Option<String>,
    entity: Option<String>,
    country: Option<Spanned<String>>,
    reason: Option<String>,
}

/// Parses and validates a policy file's text. `path` names it in messages.
pub fn parse(path: &str, text: &str) -> Result<Config, Vec<InputError>> {
    let at = |span: Range<usize>, message: String| {
        let (line, column) = line_column(text, span.start);
        InputError::at(path, line, column, message)
    };
    let every_error::Collected { value, problems, dropped } = every_error::deserialize::<Raw>(text);
    let mut errors: Vec<InputError> = (problems.iter())
        .map(|p| match &p.span {
            Some(span) => at(span.clone(), suggest::unknown_field(&p.message)),
            None => InputError::new(path, suggest::unknown_field(&p.message)),
        })
        .collect();
    let Some(raw) = value else { return Err(errors) };
    // A key dropped for a wrong type was reported; it is not also missing.
    let given =
        |array: &str, index: usize, keys: &[&str]| keys.iter().any(|k| dropped.contains(array, index, k));
    let mut config = Config::default();
    if let Some(trusted) = raw.trusted {
        for item in &trusted {
            if item.get_ref().trim().is_empty() {
                errors.push(at(item.span(), "an empty jurisdiction in `trusted`".into()));
            } else if crate::kb::geo::jurisdictions::expand(std::slice::from_ref(item.get_ref())).is_err() {
                let groups = crate::kb::geo::jurisdictions::groups().iter().map(|g| g.name.as_str());
                let message = format!(
                    "`{}` in `trusted` is neither a jurisdiction group nor an ISO 3166-1 country code{}",
                    item.get_ref(),
                    did_you_mean(item.get_ref(), groups)
                );
                errors.push(at(item.span(), message));
            }
        }
        config.trusted = trusted.into_iter().map(Spanned::into_inner).collect();
    }
    for t in raw.targets.unwrap_or_default() {
        if is_triple(t.get_ref()) {
            config.targets.push(t.into_inner());
        } else {
            errors.push(at(
                t.span(),
                format!(
                    "`{}` in `targets` is not a target triple such as x86_64-unknown-linux-gnu",
                    t.get_ref()
                ),
            ));
        }
    }
    config.follow_parent = raw.follow_parent.unwrap_or(config.follow_parent);
    if let Some(l) = raw.licenses {
        let r = &mut config.licenses;
        for (value, slot) in [(l.deny, &mut r.deny), (l.warn, &mut r.warn), (l.allow, &mut r.allow)] {
            *slot = value.unwrap_or(std::mem::take(slot));
        }
    }
    for (name, value) in raw.severity.unwrap_or_default() {
        let span = value.span();
        let Some(code) = Code::from_name(&name) else {
            errors.push(at(span, format!("unknown finding code `{name}` in [severity]{}", code_hint(&name))));
            continue;
        };
        let level = match value.get_ref().as_str() {
            "off" => None,
            "note" => Some(Severity::Note),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            other => {
                errors.push(at(span, format!("`{other}` is not a severity (error, warning, note, off)")));
                continue;
            }
        };
        config.severity.insert(code, level);
    }
    if let Some(t) = raw.thresholds {
        let fields = [
            (t.critical_dependents_share, &mut config.thresholds.critical_dependents_share),
            (t.critical_dominated_share, &mut config.thresholds.critical_dominated_share),
            (t.entity_concentration, &mut config.thresholds.entity_concentration),
            (t.jurisdiction_concentration, &mut config.thresholds.jurisdiction_concentration),
        ];
        for (value, slot) in fields {
            let Some(value) = value else { continue };
            let v = *value.get_ref();
            if !(0.0..=1.0).contains(&v) {
                errors.push(at(value.span(), format!("threshold {v} is not a share between 0 and 1")));
            } else {
                *slot = v;
            }
        }
    }
    // Where each line ends, found once: looking each exception's line up from the top of the
    // file made a policy of many exceptions quadratic.
    let newlines: Vec<usize> =
        text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect();
    for (index, e) in raw.exceptions.into_iter().enumerate() {
        let span = e.span();
        let line = newlines.partition_point(|&n| n < span.start) + 1;
        let e = e.into_inner();
        // The rest is checked even when the target is missing, so every problem shows at once.
        let target = match (e.package, e.entity) {
            (Some(p), None) => Some(package_target(&p)),
            (None, Some(entity)) => Some(Target::Entity(entity)),
            (None, None) if given("exception", index, &["package", "entity"]) => None,
            _ => {
                let message = "an [[exception]] names exactly one of `package` or `entity`";
                errors.push(at(span.clone(), message.into()));
                None
            }
        };
        let mut findings = Vec::new();
        for f in &e.findings {
            match Code::from_name(f.get_ref()) {
                Some(c) => findings.push(c),
                None => {
                    let message = format!("unknown finding code `{}`{}", f.get_ref(), code_hint(f.get_ref()));
                    errors.push(at(f.span(), message));
                }
            }
        }
        let reason = match e.reason.filter(|r| !r.trim().is_empty()) {
            Some(r) => r,
            None => {
                if !given("exception", index, &["reason"]) {
                    errors.push(at(span.clone(), "an [[exception]] needs a `reason`".into()));
                }
                String::new()
            }
        };
        let expires = match e.expires {
            None => None,
            Some(d) => match Date::from_toml(d.get_ref()) {
                Some(date) => Some(date),
                None => {
                    errors.push(at(d.span(), "`expires` must be a date such as 2027-06-30".into()));
                    None
                }
            },
        };
        if let Some(target) = target {
            config.exceptions.push(Exception { target, findings, reason, expires, line });
        }
    }
    for (index, o) in raw.overrides.into_iter().enumerate() {
        let span = o.span();
        let line = newlines.partition_point(|&n| n < span.start) + 1;
        let o = o.into_inner();
        let target = match (o.package, o.org) {
            (Some(p), None) => Some(package_target(&p)),
            (None, Some(org)) => Some(Target::Entity(org)),
            (None, None) if given("override", index, &["package", "org"]) => None,
            _ => {
                let message = "an [[override]] names exactly one of `package` or `org`";
                errors.push(at(span.clone(), message.into()));
                None
            }
        };
        if o.entity.is_none() && o.country.is_none() && !given("override", index, &["entity", "country"]) {
            errors.push(at(span.clone(), "an [[override]] sets `entity`, `country` or both".into()));
        }
        // An assigned code in any case; `UK` and `EL` as EU bodies write them.
        let country = o.country.and_then(|c| {
            let code = countries::canonical_code(c.get_ref()).filter(|_| is_alpha2(c.get_ref()));
            if code.is_none() {
                let message = format!("`{}` is not an ISO 3166-1 alpha-2 country code", c.get_ref());
                errors.push(at(c.span(), message));
            }
            code.map(String::from)
        });
        if let Some(target) = target {
            config.overrides.push(Override { target, entity: o.entity, country, reason: o.reason, line });
        }
    }
    config.models = models::validate(raw.models, &at, &|i| given("model", i, &["id"]), &mut errors);
    if errors.is_empty() {
        Ok(config)
    } else {
        // In file order, so a user reads them top to bottom.
        errors.sort_by_key(|e| (e.line, e.column));
        Err(errors)
    }
}

/// `, did you mean `x`?` when a candidate is close to `word`, else nothing.
fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    suggest::closest(word, candidates).map(|c| format!(", did you mean `{c}`?")).unwrap_or_default()
}

fn code_hint(name: &str) -> String {
    did_you_mean(name, Code::ALL.iter().map(|c| c.as_str()))
}

/// The shape of a target triple (`x86_64-unknown-linux-gnu`, `wasm32-wasip1`); whether rustc
/// knows it is asked when the graph is read.
pub fn is_triple(s: &str) -> bool {
    s.contains('-') && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn is_alpha2(s: &str) -> bool {
    s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic())
}

/// `name` or `name@version`.
fn package_target(spec: &str) -> Target {
    match spec.rsplit_once('@') {
        Some((name, version)) if !name.is_empty() => {
            Target::Package { name: name.to_string(), version: Some(version.to_string()) }
        }
        _ => Target::Package { name: spec.to_string(), version: None },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_the_default() {
        assert_eq!(parse("s.toml", "").unwrap(), Config::default());
    }

    #[test]
    fn unknown_key_has_position() {
        let errs = parse("s.toml", "trusted = [\"eu\"]\n\n  colour = 1\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].line, errs[0].column), (Some(3), Some(3)));
        assert!(errs[0].message.contains("unknown field `colour`"), "{}", errs[0]);
    }

    #[test]
    fn wrong_type_has_position() {
        let errs = parse("s.toml", "follow-parent = \"yes\"\n").unwrap_err();
        assert_eq!(errs[0].line, Some(1));
        assert!(errs[0].message.contains("invalid type"), "{}", errs[0]);
    }

    #[test]
    fn every_semantic_problem_is_reported() {
        let text = r#"
[severity]
copyleft-license = "loud"
no-such-code = "off"

[thresholds]
entity-concentration = 1.5

[[exception]]
package = "ring"
findings = ["bogus"]

[[override]]
package = "x"
country = "Germany"
"#;
        let errs = parse("s.toml", text).unwrap_err();
        let messages: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(errs.len(), 6, "{messages:#?}");
        assert!(messages.iter().any(|m| m.starts_with("s.toml:3:20: `loud` is not a severity")));
        assert!(messages.iter().any(|m| m.contains("unknown finding code `no-such-code`")));
        assert!(messages.iter().any(|m| m.contains("threshold 1.5")));
        assert!(messages.iter().any(|m| m.contains("unknown finding code `bogus`")));
        assert!(messages.iter().any(|m| m.contains("needs a `reason`")));
        assert!(messages.iter().any(|m| m.contains("`Germany` is not an ISO")));
    }

    #[test]
    fn every_structural_and_semantic_problem_is_reported_at_once() {
        let text = "fail-on = \"sometimes\"\ntrusted = [\"XX\"]\n[thresholds]\ncritical = \"a\"\n\
                    bogus = 1\nentity-concentration = \"high\"\n";
        let errs = parse("s.toml", text).unwrap_err();
        let messages: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(messages.len(), 5, "{messages:#?}");
        assert!(messages[0].starts_with("s.toml:1:1: unknown field `fail-on`"), "{messages:#?}");
        assert!(messages[1].starts_with("s.toml:2:12: `XX` in `trusted`"), "{messages:#?}");
        assert!(messages[2].starts_with("s.toml:4:1: unknown field `critical`"), "{messages:#?}");
        assert!(messages[3].starts_with("s.toml:5:1: unknown field `bogus`"), "{messages:#?}");
        assert!(messages[4].starts_with("s.toml:6:24: invalid type: string"), "{messages:#?}");
    }

    #[test]
    fn a_key_of_the_wrong_type_is_not_also_missing() {
        let text =
            "[[exception]]\npackage = 12\nreason = false\n[[override]]\npackage = \"x\"\ncountry = 1\n";
        let errs = parse("s.toml", text).unwrap_err();
        let messages: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert!(messages.iter().all(|m| m.contains("invalid type")), "{messages:#?}");
    }

    #[test]
    fn an_override_country_must_be_assigned() {
        let errs = parse("s.toml", "[[override]]\npackage = \"x\"\ncountry = \"XX\"\n").unwrap_err();
        assert_eq!(errs[0].to_string(), "s.toml:3:11: `XX` is not an ISO 3166-1 alpha-2 country code");
        let c = parse("s.toml", "[[override]]\npackage = \"x\"\ncountry = \"uk\"\n").unwrap();
        assert_eq!(c.overrides[0].country.as_deref(), Some("GB"));
    }

    #[test]
    fn exceptions_and_overrides() {
        let text = r#"
[[exception]]
package = "ring@0.17.8"
findings = ["non-european-single-point"]
reason = "audited"
expires = 2027-06-30

[[exception]]
entity = "google"
reason = "contract"

[[override]]
org = "acme"
country = "de"
"#;
        let c = parse("s.toml", text).unwrap();
        assert_eq!(
            c.exceptions[0].target,
            Target::Package { name: "ring".into(), version: Some("0.17.8".into()) }
        );
        assert_eq!(c.exceptions[0].expires, Some(Date::new(2027, 6, 30)));
        assert_eq!(c.exceptions[0].line, 2);
        assert_eq!(c.exceptions[1].target, Target::Entity("google".into()));
        assert_eq!(c.overrides[0].country.as_deref(), Some("DE"));
    }
}

//! A finding: one decision a team can take, with its code and severity typed to the last byte
//! written. The JSON report writes both as their kebab-case names.

use serde::{Deserialize, Serialize};

use crate::policy::code::{Code, Severity};

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Finding {
    /// Stable kebab-case code.
    #[schemars(with = "String")]
    pub code: Code,
    /// `error`, `warning` or `note`.
    #[schemars(with = "String")]
    pub severity: Severity,
    /// The package concerned, by id.
    pub package: Option<String>,
    /// One sentence in plain words.
    pub message: String,
}

/// Sorts findings: errors first, then by code name, package and message.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.code.as_str().cmp(b.code.as_str()))
            .then_with(|| a.package.cmp(&b.package))
            .then_with(|| a.message.cmp(&b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_as_kebab_case_names_and_read_back() {
        let f = Finding {
            code: Code::NonEuropeanSinglePoint,
            severity: Severity::Error,
            package: Some("pkg:cargo/x@1".into()),
            message: "m".into(),
        };
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(
            json,
            r#"{"code":"non-european-single-point","severity":"error","package":"pkg:cargo/x@1","message":"m"}"#
        );
        assert_eq!(serde_json::from_str::<Finding>(&json).unwrap(), f);
    }

    #[test]
    fn errors_first_then_by_code_name() {
        let f = |code, severity| Finding { code, severity, package: None, message: String::new() };
        let mut list = vec![
            f(Code::GitSource, Severity::Note),
            f(Code::UnknownOrigin, Severity::Warning),
            f(Code::VendorLockIn, Severity::Warning),
            f(Code::ProprietaryLicense, Severity::Error),
        ];
        sort(&mut list);
        let codes: Vec<&str> = list.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["proprietary-license", "unknown-origin", "vendor-lock-in", "git-source"]);
    }
}

//! The jurisdiction class of each package: its controlling country against the countries the
//! policy trusts; and whether the attribution is verified, that is, rests on a signal strong
//! enough for an error-level finding. These are judgements, so they are made here and not by
//! enrichment, which only says where control lies and which signal says so; both are written
//! onto the origin the report shows.
//!
//! Strong enough: see [`Signal::is_strong`]; the attribution evaluation measures each signal.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::enrich::PackageFacts;
use crate::error::InputError;
use crate::hash::HashMap;
use crate::model::{Jurisdiction, Origin, Signal};
use crate::policy::config::Config;

/// The trusted country codes the policy names, groups expanded; every unknown name is an error.
pub fn trusted_countries(config: &Config) -> Result<BTreeSet<String>, Vec<InputError>> {
    crate::kb::geo::jurisdictions::expand(&config.trusted).map_err(|unknown| {
        unknown
            .into_iter()
            .map(|u| {
                InputError::new(
                    "policy",
                    format!(
                        "`{u}` in `trusted` is neither a jurisdiction group nor an ISO 3166-1 country code"
                    ),
                )
            })
            .collect()
    })
}

/// The class of a controlling country.
pub fn classify(control_country: Option<&str>, trusted: &BTreeSet<String>) -> Jurisdiction {
    match control_country {
        Some(c) if trusted.contains(c) => Jurisdiction::Trusted,
        Some(_) => Jurisdiction::Untrusted,
        None => Jurisdiction::Unknown,
    }
}

/// Writes each origin's class and whether it is verified. Origins that enrichment shared
/// between packages stay shared: each distinct one is judged once.
pub fn judge(facts: &mut [PackageFacts], trusted: &BTreeSet<String>) {
    let mut judged: HashMap<*const Origin, Arc<Origin>> = HashMap::default();
    for f in facts {
        let Some(origin) = &f.origin else { continue };
        let shared = judged.entry(Arc::as_ptr(origin)).or_insert_with(|| {
            let class = classify(origin.control_country.as_deref(), trusted);
            let verified = origin.decided_by.is_some_and(Signal::is_strong);
            if origin.jurisdiction == class && origin.verified == verified {
                Arc::clone(origin)
            } else {
                Arc::new(Origin { jurisdiction: class, verified, ..Origin::clone(origin) })
            }
        });
        f.origin = Some(Arc::clone(shared));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::licenses::LicenseVerdict;

    fn facts(origin: &Arc<Origin>) -> PackageFacts {
        PackageFacts {
            license: LicenseVerdict::unknown(),
            origin: Some(Arc::clone(origin)),
            hosting: None,
            vendor: None,
            owners: None,
        }
    }

    #[test]
    fn each_shared_origin_is_judged_once_and_stays_shared() {
        let trusted = BTreeSet::from(["FR".to_string()]);
        let us = Arc::new(Origin { control_country: Some("US".into()), ..Origin::default() });
        let fr = Arc::new(Origin { control_country: Some("FR".into()), ..Origin::default() });
        let none = Arc::new(Origin::default());
        let mut all = vec![facts(&us), facts(&fr), facts(&us), facts(&none)];
        judge(&mut all, &trusted);
        let class = |i: usize| all[i].origin.as_ref().unwrap().jurisdiction;
        assert_eq!(
            [class(0), class(1), class(2), class(3)],
            [Jurisdiction::Untrusted, Jurisdiction::Trusted, Jurisdiction::Untrusted, Jurisdiction::Unknown]
        );
        assert!(Arc::ptr_eq(all[0].origin.as_ref().unwrap(), all[2].origin.as_ref().unwrap()));
    }

    #[test]
    fn unknown_trusted_names_are_errors() {
        let config = Config { trusted: vec!["europe".into(), "atlantis".into()], ..Config::default() };
        let errors = trusted_countries(&config).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("`atlantis`"));
    }
}

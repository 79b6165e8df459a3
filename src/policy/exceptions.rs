//! Which exceptions cover a finding, found through an index.
//!
//! Asking every exception about every finding costs findings × exceptions, and an entity
//! exception also looked through every package's origin for each finding: a policy of 20,000
//! exceptions took seconds. The exceptions in force are indexed once, packages by name and
//! entities by name folded to ASCII lowercase (the comparison is ASCII case-insensitive), so a
//! finding only meets the exceptions that name its package or one of its entity's names.

use crate::hash::HashMap;
use crate::model::Target;
use crate::model::{Origin, Package};
use crate::policy::code::Code;
use crate::policy::config::Exception;
use crate::policy::date::Date;

/// The exceptions in force on a day, indexed by what they name.
pub(crate) struct Exceptions<'a> {
    /// Package exceptions by package name.
    by_package: HashMap<&'a str, Vec<&'a Exception>>,
    /// Entity exceptions by the entity they name, in ASCII lowercase.
    by_entity: HashMap<String, Vec<&'a Exception>>,
    /// Every entity name the origins give each knowledge-base id (a graph-wide finding keys its
    /// entity by id; the policy may name it instead). Empty when no exception names an entity.
    names_by_id: HashMap<&'a str, Vec<&'a str>>,
}

/// What a finding is about, as far as exceptions are concerned.
pub(crate) struct Subject<'a> {
    /// Its code.
    pub code: Code,
    /// Its package, if any.
    pub package: Option<&'a Package>,
    /// That package's origin, if any.
    pub origin: Option<&'a Origin>,
    /// The entity the finding is about (knowledge-base id or name), if any.
    pub entity: Option<&'a str>,
}

impl<'a> Exceptions<'a> {
    /// The exceptions of `all` that have not expired by `today`; the packages' `origins` give
    /// the entity names of each knowledge-base id.
    pub(crate) fn new(
        all: &'a [Exception],
        today: Date,
        origins: impl Iterator<Item = &'a Origin>,
    ) -> Exceptions<'a> {
        let mut by_package: HashMap<&str, Vec<&Exception>> = HashMap::default();
        let mut by_entity: HashMap<String, Vec<&Exception>> = HashMap::default();
        for e in all.iter().filter(|e| e.expires.is_none_or(|d| d >= today)) {
            match &e.target {
                Target::Package { name, .. } => by_package.entry(name.as_str()).or_default().push(e),
                Target::Entity(entity) => by_entity.entry(entity.to_ascii_lowercase()).or_default().push(e),
            }
        }
        let mut names_by_id: HashMap<&str, Vec<&str>> = HashMap::default();
        if !by_entity.is_empty() {
            for o in origins {
                if let (Some(id), Some(name)) = (o.entity_id.as_deref(), o.entity.as_deref()) {
                    names_by_id.entry(id).or_default().push(name);
                }
            }
            for names in names_by_id.values_mut() {
                names.sort_unstable();
                names.dedup();
            }
        }
        Exceptions { by_package, by_entity, names_by_id }
    }

    /// Whether an exception in force covers the finding about `s`.
    pub(crate) fn covers(&self, s: &Subject) -> bool {
        let applies = |e: &Exception| e.findings.is_empty() || e.findings.contains(&s.code);
        let version_matches = |e: &Exception, p: &Package| match &e.target {
            Target::Package { version, .. } => version.as_ref().is_none_or(|v| p.version.as_ref() == Some(v)),
            Target::Entity(_) => false,
        };
        if let Some(p) = s.package {
            if let Some(listed) = self.by_package.get(p.name.as_str()) {
                if listed.iter().any(|e| applies(e) && version_matches(e, p)) {
                    return true;
                }
            }
        }
        if self.by_entity.is_empty() {
            return false;
        }
        let by_id = s.entity.and_then(|key| self.names_by_id.get(key)).into_iter().flatten().copied();
        let of_package =
            s.origin.into_iter().flat_map(|o| [o.entity_id.as_deref(), o.entity.as_deref()]).flatten();
        s.entity.into_iter().chain(by_id).chain(of_package).any(|name| {
            self.by_entity
                .get(&name.to_ascii_lowercase())
                .is_some_and(|listed| listed.iter().any(|e| applies(e)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule as it was written before the index: every exception asked about every finding.
    fn covers_one(e: &Exception, s: &Subject, origins: &[Origin]) -> bool {
        if !e.findings.is_empty() && !e.findings.contains(&s.code) {
            return false;
        }
        match &e.target {
            Target::Package { name, version } => s.package.is_some_and(|p| {
                &p.name == name && version.as_ref().is_none_or(|v| p.version.as_ref() == Some(v))
            }),
            Target::Entity(entity) => {
                let matches = |x: &str| x.eq_ignore_ascii_case(entity);
                s.entity.is_some_and(matches)
                    || s.entity.is_some_and(|key| {
                        origins.iter().any(|o| {
                            o.entity_id.as_deref() == Some(key) && o.entity.as_deref().is_some_and(matches)
                        })
                    })
                    || s.origin.is_some_and(|o| {
                        o.entity_id.as_deref().is_some_and(matches)
                            || o.entity.as_deref().is_some_and(matches)
                    })
            }
        }
    }

    fn package(name: &str, version: &str) -> Package {
        Package { name: name.into(), version: Some(version.into()), ..Package::default() }
    }

    fn origin(entity: &str, id: Option<&str>) -> Origin {
        Origin { entity: Some(entity.into()), entity_id: id.map(String::from), ..Origin::default() }
    }

    fn exception(target: Target, findings: &[Code], expires: Option<Date>) -> Exception {
        Exception { target, findings: findings.to_vec(), reason: "r".into(), expires, line: 1 }
    }

    #[test]
    fn the_index_finds_exactly_what_asking_every_exception_finds() {
        let today = Date::new(2026, 1, 1);
        let pkg = |name: &str, version: Option<&str>| Target::Package {
            name: name.into(),
            version: version.map(String::from),
        };
        let all = vec![
            exception(pkg("a", None), &[], None),
            exception(pkg("b", Some("2")), &[], None),
            exception(pkg("c", None), &[Code::VendorLockIn], None),
            exception(pkg("d", None), &[], Some(Date::new(2025, 12, 31))),
            exception(pkg("e", None), &[], Some(today)),
            exception(Target::Entity("GOOGLE".into()), &[], None),
            exception(Target::Entity("Acme Corp".into()), &[Code::NonEuropeanSinglePoint], None),
            exception(Target::Entity("émile sa".into()), &[], None),
            exception(Target::Entity("old".into()), &[], Some(Date::new(2020, 1, 1))),
        ];
        let origins = vec![
            origin("Google LLC", Some("google")),
            origin("ACME corp", Some("acme")),
            origin("Émile SA", None),
            origin("Old Ltd", Some("old")),
            origin("Nobody", None),
        ];
        let packages: Vec<Package> = ["a", "b", "c", "d", "e", "f", "A"]
            .iter()
            .flat_map(|n| [package(n, "1"), package(n, "2")])
            .collect();
        let index = Exceptions::new(&all, today, origins.iter());
        let active: Vec<&Exception> = all.iter().filter(|e| e.expires.is_none_or(|d| d >= today)).collect();
        let mut checked = 0;
        for code in [Code::VendorLockIn, Code::NonEuropeanSinglePoint, Code::UnknownLicense] {
            for package in packages.iter().map(Some).chain([None]) {
                for origin in origins.iter().map(Some).chain([None]) {
                    for entity in
                        [None, Some("google"), Some("acme"), Some("Acme Corp"), Some("old"), Some("x")]
                    {
                        let s = Subject { code, package, origin, entity };
                        let want = active.iter().any(|e| covers_one(e, &s, &origins));
                        assert_eq!(
                            index.covers(&s),
                            want,
                            "{code:?} {:?} {:?} {entity:?}",
                            package.map(|p| (&p.name, &p.version)),
                            origin.map(|o| &o.entity)
                        );
                        checked += usize::from(want);
                    }
                }
            }
        }
        assert!(checked > 100, "the cases should cover findings both ways: {checked}");
    }
}

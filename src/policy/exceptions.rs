//! Which exceptions cover a finding, found through an index.
//!
//! Asking every exception about every finding costs findings × exceptions, and an entity
//! exception also looked through every package's origin for each finding: a policy of 20,000
//! exceptions took seconds. Even a list per package name stays quadratic when one name has
//! thousands of versions, each with its own exception (20,000 packages `same@9.9.N` against
//! 20,000 exceptions `same@9.9.N`: 15.4 s against 2.6 s without them, debug build). So the
//! exceptions in force are indexed once by everything they are matched on: a package exception
//! by (name, version or any, code or any), an entity exception by (name folded to ASCII
//! lowercase — the comparison is ASCII case-insensitive —, code or any). A finding then makes
//! a fixed number of look-ups per name it answers to, however many exceptions there are.

use crate::hash::{HashMap, HashSet};
use crate::model::Target;
use crate::model::{Origin, Package};
use crate::policy::code::Code;
use crate::policy::config::Exception;
use crate::policy::date::Date;

/// The exceptions in force on a day, indexed by what they are matched on. `None` stands for
/// "any": any version, or any finding code.
pub(crate) struct Exceptions<'a> {
    /// Package exceptions: (package name, version, code).
    packages: HashSet<(&'a str, Option<&'a str>, Option<Code>)>,
    /// Entity exceptions: (entity name in ASCII lowercase, code).
    entities: HashSet<(String, Option<Code>)>,
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

/// The codes an exception is keyed under: each code it lists, or "any" when it lists none.
fn codes(e: &Exception) -> Vec<Option<Code>> {
    if e.findings.is_empty() {
        vec![None]
    } else {
        e.findings.iter().copied().map(Some).collect()
    }
}

impl<'a> Exceptions<'a> {
    /// The exceptions of `all` that have not expired by `today`; the packages' `origins` give
    /// the entity names of each knowledge-base id.
    pub(crate) fn new(
        all: &'a [Exception],
        today: Date,
        origins: impl Iterator<Item = &'a Origin>,
    ) -> Exceptions<'a> {
        let mut packages = HashSet::default();
        let mut entities = HashSet::default();
        for e in all.iter().filter(|e| e.expires.is_none_or(|d| d >= today)) {
            for code in codes(e) {
                match &e.target {
                    Target::Package { name, version } => {
                        packages.insert((name.as_str(), version.as_deref(), code));
                    }
                    Target::Entity(entity) => {
                        entities.insert((fold(entity), code));
                    }
                }
            }
        }
        let mut names_by_id: HashMap<&str, Vec<&str>> = HashMap::default();
        if !entities.is_empty() {
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
        Exceptions { packages, entities, names_by_id }
    }

    /// Whether an exception in force covers the finding about `s`.
    pub(crate) fn covers(&self, s: &Subject) -> bool {
        let codes = [None, Some(s.code)];
        if let Some(p) = s.package {
            // A version-specific exception needs the package's own version; a package without
            // one meets only the exceptions for any version.
            let versions = [None, p.version.as_deref()];
            let listed = versions
                .iter()
                .flat_map(|v| codes.iter().map(move |c| (p.name.as_str(), *v, *c)))
                .any(|key| self.packages.contains(&key));
            if listed {
                return true;
            }
        }
        if self.entities.is_empty() {
            return false;
        }
        let by_id = s.entity.and_then(|key| self.names_by_id.get(key)).into_iter().flatten().copied();
        let of_package =
            s.origin.into_iter().flat_map(|o| [o.entity_id.as_deref(), o.entity.as_deref()]).flatten();
        s.entity.into_iter().chain(by_id).chain(of_package).any(|name| {
            let mut key = (fold(name), None);
            if self.entities.contains(&key) {
                return true;
            }
            key.1 = Some(s.code);
            self.entities.contains(&key)
        })
    }
}

/// Entity names compare folded, as the knowledge base compares them (`Telefonica` is
/// `Telefónica`, case aside).
fn fold(name: &str) -> String {
    crate::kb::fold::normalize(name)
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
                let matches = |x: &str| fold(x) == fold(entity);
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
            exception(pkg("f", Some("1")), &[Code::UnknownLicense, Code::VendorLockIn], None),
            exception(pkg("f", Some("1")), &[Code::UnknownLicense], None),
            exception(pkg("A", Some("3")), &[], None),
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
        let mut packages: Vec<Package> = ["a", "b", "c", "d", "e", "f", "A"]
            .iter()
            .flat_map(|n| [package(n, "1"), package(n, "2")])
            .collect();
        // Packages without a version meet only the exceptions for any version.
        packages.extend(["a", "b", "f"].map(|n| Package { name: n.into(), ..Package::default() }));
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

    #[test]
    fn entity_names_compare_folded() {
        let all = [exception(Target::Entity("Emile SA".into()), &[], None)];
        let origins = [origin("Émile SA", None)];
        let index = Exceptions::new(&all, Date::new(2026, 1, 1), origins.iter());
        let s = Subject { code: Code::VendorLockIn, package: None, origin: Some(&origins[0]), entity: None };
        assert!(index.covers(&s), "`Emile SA` in the policy is `Émile SA`");
    }

    #[test]
    fn thousands_of_versions_of_one_name_each_with_its_own_exception() {
        // 20,000 packages `same@9.9.N` and 20,000 exceptions `same@9.9.N` for another code, so
        // that none covers: with one list per name, every finding read all 20,000 (15.4 s for
        // an audit in a debug build, against 2.6 s without the exceptions). Exceptions are
        // indexed by version too; what that costs is not timed here (no test is timed: a slow
        // machine would fail it), only that the answers stay right at this size.
        let n = 20_000;
        let all: Vec<Exception> = (0..n)
            .map(|i| {
                let target = Target::Package { name: "same".into(), version: Some(format!("9.9.{i}")) };
                exception(target, &[Code::GitSource], None)
            })
            .collect();
        let packages: Vec<Package> = (0..n).map(|i| package("same", &format!("9.9.{i}"))).collect();
        let index = Exceptions::new(&all, Date::new(2026, 1, 1), std::iter::empty());
        let covered = packages
            .iter()
            .filter(|p| {
                let s = Subject {
                    code: Code::SourceAvailableLicense,
                    package: Some(p),
                    origin: None,
                    entity: None,
                };
                index.covers(&s)
            })
            .count();
        assert_eq!(covered, 0);
        let git =
            Subject { code: Code::GitSource, package: Some(&packages[n - 1]), origin: None, entity: None };
        assert!(index.covers(&git));
    }
}

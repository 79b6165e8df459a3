//! Turning facts and figures into findings.
//!
//! One function per finding family, each reading the enriched, analysed graph and the policy,
//! none fetching anything. Exceptions are applied last, so every rule stays simple; an expired
//! exception stops applying and becomes a finding of its own.

use std::collections::BTreeMap;

use crate::analysis::concentration;
use crate::enrich::PackageFacts;
use crate::kb::licenses::LicenseCategory;
use crate::model::Target;
use crate::model::{EntityKind, Graph, GraphFigures, Jurisdiction, OwnerKind, Package, Source};
use crate::policy::code::{Code, Severity};
use crate::policy::config::Config;
use crate::policy::date::Date;
use crate::policy::exceptions::{Exceptions, Subject};
use crate::policy::finding::Finding;

/// Everything the rules look at.
pub struct Context<'a> {
    /// The graph.
    pub graph: &'a Graph,
    /// Enrichment facts, indexed like the packages.
    pub facts: &'a [PackageFacts],
    /// Graph figures, indexed like the packages.
    pub figures: &'a [GraphFigures],
    /// The policy.
    pub config: &'a Config,
    /// Today, for exception expiry (injected so tests do not depend on the clock).
    pub today: Date,
}

/// The findings, sorted (severity descending, then code, package, message), with exceptions
/// applied. Also returns how many findings exceptions suppressed.
pub fn evaluate(ctx: &Context) -> (Vec<Finding>, usize) {
    let is_root = ctx.graph.root_flags();
    // Each package is judged on its own, here; the findings about the graph as a whole (the
    // vendors' doors, the platforms, the concentrations) on another thread for a large graph.
    let whole = || {
        let mut raw = doors(ctx, &is_root);
        raw.extend(graph_wide(ctx, &is_root));
        raw
    };
    let n = ctx.graph.packages.len();
    let (mut raw, whole) = if n >= PARALLEL_FROM {
        std::thread::scope(|s| {
            let whole = s.spawn(whole);
            let raw = per_package(ctx, &is_root, 0..n);
            (raw, whole.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
        })
    } else {
        (per_package(ctx, &is_root, 0..n), whole())
    };
    raw.extend(whole);

    let mut suppressed = 0;
    let mut kept = Vec::with_capacity(raw.len());
    let origins = ctx.facts.iter().filter_map(|f| f.origin.as_deref());
    let exceptions = Exceptions::new(&ctx.config.exceptions, ctx.today, origins);
    for r in raw {
        let Some(severity) = r.severity.or_else(|| ctx.config.severity_of(r.code)) else { continue };
        let subject = Subject {
            code: r.code,
            package: r.package.and_then(|i| ctx.graph.packages.get(i)),
            origin: r.package.and_then(|i| ctx.facts.get(i)).and_then(|f| f.origin.as_deref()),
            entity: r.entity.as_deref(),
        };
        if exceptions.covers(&subject) {
            suppressed += 1;
            continue;
        }
        kept.push(Raw { severity: Some(severity), ..r });
    }
    for e in &ctx.config.exceptions {
        if let (Some(expires), Some(severity)) = (e.expires, ctx.config.severity_of(Code::ExpiredException)) {
            if expires < ctx.today {
                let message = format!(
                    "the exception for {} at line {} of the policy expired on {expires} and no longer applies",
                    target_label(&e.target),
                    e.line
                );
                kept.push(Raw {
                    severity: Some(severity),
                    ..Raw::new(Code::ExpiredException, None, message)
                });
            }
        }
    }
    sort(ctx.graph, &mut kept);
    let findings = kept
        .into_iter()
        .map(|r| Finding {
            code: r.code,
            severity: r.severity.unwrap_or(Severity::Note),
            package: r.package.and_then(|i| ctx.graph.packages.get(i)).map(|p| p.id.clone()),
            message: r.message,
        })
        .collect();
    (findings, suppressed)
}

/// Sorts kept findings as [`finding::sort`](crate::policy::finding::sort) sorts findings
/// (severity descending, then code, package id, message), comparing package places instead
/// of ids when the graph's packages are in id order (as a built graph's are).
fn sort(graph: &Graph, kept: &mut [Raw]) {
    let by_place = graph.packages.windows(2).all(|w| w[0].id < w[1].id);
    let id = |i: Option<usize>| i.and_then(|i| graph.packages.get(i)).map(|p| p.id.as_str());
    let mut names: Vec<Code> = Code::ALL.to_vec();
    names.sort_by_key(|c| c.as_str());
    let mut rank = [0usize; Code::ALL.len()];
    for (r, c) in names.iter().enumerate() {
        rank[*c as usize] = r;
    }
    kept.sort_unstable_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| rank[a.code as usize].cmp(&rank[b.code as usize]))
            .then_with(
                || if by_place { a.package.cmp(&b.package) } else { id(a.package).cmp(&id(b.package)) },
            )
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// The vendor-lock-in findings: one per vendor service's entry point.
fn doors(ctx: &Context, is_root: &[bool]) -> Vec<Raw> {
    crate::policy::lockin::doors(ctx.graph, ctx.facts, is_root)
        .into_iter()
        .map(|door| Raw {
            code: Code::VendorLockIn,
            package: Some(door.package),
            entity: Some(door.vendor),
            message: door.message,
            severity: None,
        })
        .collect()
}

/// The platform bindings and the concentrations: findings about the graph as a whole.
fn graph_wide(ctx: &Context, is_root: &[bool]) -> Vec<Raw> {
    let mut raw: Vec<Raw> = crate::policy::platform::bindings(ctx.graph, ctx.facts, ctx.figures, is_root)
        .into_iter()
        .map(|binding| Raw {
            code: Code::PlatformBinding,
            package: None,
            entity: Some(binding.vendor),
            message: binding.message,
            severity: None,
        })
        .collect();
    concentrations(ctx, is_root, &mut raw);
    raw
}

/// A finding before the policy's severities and exceptions are applied.
struct Raw {
    code: Code,
    package: Option<usize>,
    /// The entity concerned, for entity exceptions (knowledge-base id or name).
    entity: Option<String>,
    message: String,
    /// A severity the rule decided (licence deny/warn lists); else the code's.
    severity: Option<Severity>,
}

impl Raw {
    fn new(code: Code, package: Option<usize>, message: String) -> Raw {
        Raw { code, package, entity: None, message, severity: None }
    }
}

/// From how many packages the findings about the whole graph are worked out on a thread of
/// their own.
const PARALLEL_FROM: usize = 4096;

/// The findings about each package of `range` on its own: licence, origin, git source.
fn per_package(ctx: &Context, is_root: &[bool], range: std::ops::Range<usize>) -> Vec<Raw> {
    let mut raw = Vec::new();
    for i in range {
        let p = &ctx.graph.packages[i];
        if is_root[i] {
            continue;
        }
        let (Some(f), Some(g)) = (ctx.facts.get(i), ctx.figures.get(i)) else { continue };
        license(ctx, i, p, f, &mut raw);
        if !crate::policy::platform::is_binding(Some(f)) {
            origin(i, p, f, g, &mut raw);
        }
        if let Source::Git { url, rev } = &p.source {
            let at = rev.as_deref().map(|r| format!(" at {r}")).unwrap_or_default();
            raw.push(Raw::new(
                Code::GitSource,
                Some(i),
                format!("{} is fetched from the git repository {url}{at}, not from a registry", p.label()),
            ));
        }
    }
    raw
}

fn target_label(t: &Target) -> String {
    match t {
        Target::Package { name, version: Some(v) } => format!("{name}@{v}"),
        Target::Package { name, version: None } => name.clone(),
        Target::Entity(e) => e.clone(),
    }
}

/// The licence rule for a package: an SPDX id listed in deny/warn/allow wins over its
/// category; otherwise the category's listing; otherwise the code's own severity. Open
/// licences (permissive, public domain) never make a finding: no finding code describes them.
fn license(ctx: &Context, i: usize, p: &Package, f: &PackageFacts, out: &mut Vec<Raw>) {
    let category = f.license.category;
    let code = match category {
        LicenseCategory::Permissive | LicenseCategory::PublicDomain => return,
        LicenseCategory::Proprietary => Code::ProprietaryLicense,
        LicenseCategory::SourceAvailable => Code::SourceAvailableLicense,
        LicenseCategory::NonCommercial => Code::NonCommercialLicense,
        LicenseCategory::Unknown => Code::UnknownLicense,
        LicenseCategory::WeakCopyleft
        | LicenseCategory::StrongCopyleft
        | LicenseCategory::NetworkCopyleft => Code::CopyleftLicense,
    };
    let rules = &ctx.config.licenses;
    let listed =
        |list: &[String]| f.license.ids.iter().any(|id| list.iter().any(|x| x.eq_ignore_ascii_case(id)));
    let cat_listed = |list: &[String]| list.iter().any(|x| x == category.as_str());
    let decided = if listed(&rules.allow) {
        return;
    } else if listed(&rules.deny) {
        Some(Severity::Error)
    } else if listed(&rules.warn) {
        Some(Severity::Warning)
    } else if cat_listed(&rules.allow) {
        return;
    } else if cat_listed(&rules.deny) {
        Some(Severity::Error)
    } else if cat_listed(&rules.warn) {
        Some(Severity::Warning)
    } else {
        None
    };
    // An explicit [severity] entry for the code wins over the licence lists.
    let severity = match ctx.config.severity.get(&code) {
        Some(explicit) => match explicit {
            Some(s) => Some(*s),
            None => return,
        },
        None => decided,
    };
    let declared = p.license.as_deref().unwrap_or("no licence");
    let message = match category {
        LicenseCategory::Unknown => {
            format!("{} declares {}, which could not be classified", p.label(), quote(declared))
        }
        _ => format!(
            "{} is under {} ({})",
            p.label(),
            f.license.expression.as_deref().unwrap_or(declared),
            category.as_str()
        ),
    };
    out.push(Raw { code, package: Some(i), entity: None, message, severity });
}

fn quote(s: &str) -> String {
    if s == "no licence" {
        s.to_string()
    } else {
        format!("`{s}`")
    }
}

/// For critical packages: untrusted control, weak evidence or unknown origin.
fn origin(i: usize, p: &Package, f: &PackageFacts, g: &GraphFigures, out: &mut Vec<Raw>) {
    if !g.critical {
        return;
    }
    let why = critical_reason(g);
    // Only a registry's own owner list (online, or from its cache) can say this.
    if let Some([only]) = f.owners.as_deref() {
        if only.kind == OwnerKind::User {
            out.push(Raw::new(
                Code::SingleMaintainer,
                Some(i),
                format!("{} can be published by a single account on its registry; {why}", p.label()),
            ));
        }
    }
    match &f.origin {
        // Only a verified attribution (a signal strong enough: see policy::jurisdiction) can
        // carry this error; an unverified one is a note saying how to settle it.
        Some(o) if o.jurisdiction == Jurisdiction::Untrusted && !o.verified => {
            let entity = o.entity.as_deref().unwrap_or("an unnamed entity");
            let country = o.control_country.as_deref().unwrap_or("?");
            let signal = o.decided_by.map_or("a weak signal", |s| s.as_str());
            out.push(Raw {
                code: Code::UnverifiedOrigin,
                package: Some(i),
                entity: o.entity_id.clone().or_else(|| o.entity.clone()),
                message: format!(
                    "{} may be controlled by {entity} ({country}), on {signal} alone; {why}",
                    p.label()
                ),
                severity: None,
            });
        }
        Some(o) if o.jurisdiction == Jurisdiction::Untrusted => {
            let entity = o.entity.as_deref().unwrap_or("an unnamed entity");
            let country = o.control_country.as_deref().unwrap_or("?");
            let via = o.parent.as_deref().map(|parent| format!(", part of {parent}")).unwrap_or_default();
            out.push(Raw {
                code: Code::NonEuropeanSinglePoint,
                package: Some(i),
                entity: o.entity_id.clone().or_else(|| o.entity.clone()),
                message: format!("{} is controlled by {entity}{via} ({country}); {why}", p.label()),
                severity: None,
            });
        }
        // Any signal at all is an answer, or part of one: a person's own package, a community,
        // an entity known only by name (an SBOM supplier), where its maintainers are.
        Some(o) if !o.evidence.is_empty() || o.entity_kind != EntityKind::Unknown || o.entity.is_some() => {}
        _ => out.push(Raw::new(
            Code::UnknownOrigin,
            Some(i),
            format!("nobody could tell who controls {}; {why}", p.label()),
        )),
    }
}

fn critical_reason(g: &GraphFigures) -> String {
    let through = match g.dominated {
        0 => None,
        1 => Some("1 package is reached only through it".to_string()),
        n => Some(format!("{n} packages are reached only through it")),
    };
    let depend = match g.dependents {
        1 => "1 package depends on it".to_string(),
        n => format!("{n} packages depend on it"),
    };
    match (g.direct, through) {
        (true, Some(t)) => format!("it is a direct dependency and {t}"),
        // The dependents of a direct dependency include the roots themselves.
        (true, None) => "it is a direct dependency".to_string(),
        (false, Some(t)) => format!("it is a critical dependency: {t} and {depend}"),
        (false, None) => format!("it is a critical dependency: {depend}"),
    }
}

/// Entity and jurisdiction concentration over the non-root packages.
fn concentrations(ctx: &Context, is_root: &[bool], out: &mut Vec<Raw>) {
    let deps: Vec<usize> = (0..ctx.graph.packages.len()).filter(|&i| !is_root[i]).collect();
    if deps.is_empty() {
        return;
    }
    let mut untrusted_entities: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
    let labels: Vec<Option<String>> = deps
        .iter()
        .map(|&i| {
            let o = ctx.facts.get(i)?.origin.as_ref()?;
            if o.jurisdiction != Jurisdiction::Untrusted {
                return None;
            }
            let key = o.entity_id.clone().or_else(|| o.entity.clone())?;
            untrusted_entities.insert(
                key.clone(),
                (o.entity.clone().unwrap_or_else(|| key.clone()), o.control_country.clone()),
            );
            Some(key)
        })
        .collect();
    let threshold = ctx.config.thresholds.entity_concentration;
    for share in concentration::shares(labels.iter().map(|l| l.as_deref())) {
        if share.is_unknown() || share.share <= threshold {
            continue;
        }
        let (name, country) =
            untrusted_entities.get(&share.key).cloned().unwrap_or((share.key.clone(), None));
        out.push(Raw {
            code: Code::EntityConcentration,
            package: None,
            entity: Some(share.key.clone()),
            message: format!(
                "{name} ({}) controls {} of {} dependencies ({:.0}%), above the {:.0}% threshold",
                country.as_deref().unwrap_or("?"),
                share.packages,
                deps.len(),
                share.share * 100.0,
                threshold * 100.0
            ),
            severity: None,
        });
    }
    let critical: Vec<usize> =
        deps.iter().copied().filter(|&i| ctx.figures.get(i).is_some_and(|g| g.critical)).collect();
    if critical.is_empty() {
        return;
    }
    let untrusted = critical
        .iter()
        .filter(|&&i| {
            ctx.facts
                .get(i)
                .and_then(|f| f.origin.as_ref())
                .is_some_and(|o| o.jurisdiction == Jurisdiction::Untrusted)
        })
        .count();
    let share = untrusted as f64 / critical.len() as f64;
    let threshold = ctx.config.thresholds.jurisdiction_concentration;
    if share > threshold {
        out.push(Raw::new(
            Code::JurisdictionConcentration,
            None,
            format!(
                "{untrusted} of {} critical packages ({:.0}%) are controlled from outside the trusted jurisdictions, above the {:.0}% threshold",
                critical.len(),
                share * 100.0,
                threshold * 100.0
            ),
        ));
    }
}

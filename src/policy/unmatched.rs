//! Exceptions and overrides that match nothing in the audited graph: a typo, or a dependency
//! that has since gone. Each becomes a warning naming its line, so that a policy does not rot
//! in silence (an exception that covers nothing also hides nothing, but it says something
//! false about the project).

use crate::enrich::PackageFacts;
use crate::hash::HashSet;
use crate::kb::fold::normalize;
use crate::model::{Graph, Target};
use crate::policy::config::Config;
use crate::policy::load::PolicySource;

/// One warning per exception or override of `config` whose package is not in `graph`, or whose
/// entity no package's origin names; `source` says where the policy came from.
pub fn warnings(
    config: &Config,
    graph: &Graph,
    facts: &[PackageFacts],
    source: &PolicySource,
) -> Vec<String> {
    if config.exceptions.is_empty() && config.overrides.is_empty() {
        return Vec::new();
    }
    let names: HashSet<&str> = graph.packages.iter().map(|p| p.name.as_str()).collect();
    let versions: HashSet<(&str, &str)> =
        graph.packages.iter().filter_map(|p| Some((p.name.as_str(), p.version.as_deref()?))).collect();
    let entities: HashSet<String> = facts
        .iter()
        .filter_map(|f| f.origin.as_deref())
        .flat_map(|o| [o.entity_id.as_deref(), o.entity.as_deref()])
        .flatten()
        .map(normalize)
        .collect();
    let matches = |target: &Target| match target {
        Target::Package { name, version: None } => names.contains(name.as_str()),
        Target::Package { name, version: Some(v) } => versions.contains(&(name.as_str(), v.as_str())),
        Target::Entity(entity) => entities.contains(&normalize(entity)),
    };
    let place = |line: usize| match source {
        PolicySource::File(path) => format!("{}:{line}", path.display()),
        PolicySource::CargoToml(path) => format!("{} (its sovereign metadata table)", path.display()),
        PolicySource::Defaults => "the policy".to_string(),
    };
    let mut out = Vec::new();
    for e in config.exceptions.iter().filter(|e| !matches(&e.target)) {
        out.push(format!(
            "{}: the [[exception]] for {} matches nothing in the audited graph",
            place(e.line),
            what(&e.target)
        ));
    }
    for o in config.overrides.iter().filter(|o| !matches(&o.target)) {
        out.push(format!(
            "{}: the [[override]] for {} matches nothing in the audited graph",
            place(o.line),
            what(&o.target)
        ));
    }
    out
}

fn what(target: &Target) -> String {
    match target {
        Target::Package { name, version: Some(v) } => format!("package `{name}@{v}`"),
        Target::Package { name, version: None } => format!("package `{name}`"),
        Target::Entity(entity) => format!("`{entity}`"),
    }
}

//! Reading `cargo metadata` JSON into the graph: the walk from the chosen workspace members
//! over the resolve graph, and each Cargo package in the model's terms.

use std::collections::VecDeque;

use crate::hash::{HashMap, HashSet};

use super::json::{self, Metadata};
use super::lock;
use super::platform::{edge_kind, rustc_cfg};
use crate::error::InputError;
use crate::input::purl;
use crate::model::GraphBuilder;
use crate::model::{Checksum, InputFormat, InputInfo, Package, Party, PartyKind, Source};

/// Which workspace members are roots, and which edges count.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `-p/--package`: only these members (by name, or `name@version`). Empty: all members.
    pub packages: Vec<String>,
    /// `--exclude`: members to leave out.
    pub exclude: Vec<String>,
    /// `--target` or the policy's `targets`: keep only dependencies that apply to one of these
    /// target triples. Empty: every platform.
    pub targets: Vec<String>,
    /// `--include-dev`: keep dev-dependency edges.
    pub include_dev: bool,
}

/// Reads `cargo metadata` JSON found by format detection: every member, no target filter.
pub fn read_json(path: &str, text: &str, builder: &mut GraphBuilder) -> Result<InputInfo, InputError> {
    let select = Selection { include_dev: builder.include_dev(), ..Selection::default() };
    read_metadata(path, text, &select, false, builder)
}

/// Reads `cargo metadata` JSON into `builder`, keeping what `select` asks for.
///
/// `live` says the JSON comes from [`run_cargo_metadata`](super::run_cargo_metadata) (so cargo already applied
/// `--filter-platform`, and there is no file to name in the report); `path` is then only a label.
pub fn read_metadata(
    path: &str,
    text: &str,
    select: &Selection,
    live: bool,
    builder: &mut GraphBuilder,
) -> Result<InputInfo, InputError> {
    let meta: Metadata = serde_json::from_str(text).map_err(|e| InputError::from_json(path, &e))?;
    let resolve = meta.resolve.as_ref().ok_or_else(|| {
        InputError::new(path, "the metadata has no dependency graph (was it made with `--no-deps`?)")
    })?;
    let targets = select
        .targets
        .iter()
        .map(|triple| Ok((triple.clone(), rustc_cfg(path, triple)?)))
        .collect::<Result<Vec<_>, InputError>>()?;

    let packages: HashMap<&str, &json::Package> = meta.packages.iter().map(|p| (&*p.id, p)).collect();
    let nodes: HashMap<&str, &json::Node> = resolve.nodes.iter().map(|n| (&*n.id, n)).collect();
    let roots = select_members(path, &meta, select)?;

    let root_dir = std::path::Path::new(&*meta.workspace_root);
    let checksums = lock::read(&meta.workspace_root, &mut |w| builder.warn(w));
    let ctx = Context { packages: &packages, root_dir, checksums: &checksums };
    let mut index: HashMap<&str, usize> = HashMap::default();
    let mut queue: VecDeque<&str> = VecDeque::new();
    let mut missing = 0usize;
    for &root in &roots {
        if let Some(i) = add_package(root, &ctx, &mut index, builder) {
            builder.add_root(i);
            queue.push_back(root);
        }
    }
    let mut seen: HashSet<&str> = roots.iter().copied().collect();
    while let Some(id) = queue.pop_front() {
        let Some(node) = nodes.get(id) else {
            missing += 1;
            continue;
        };
        let Some(&from) = index.get(id) else { continue };
        for dep in &node.deps {
            let Some(kind) = edge_kind(&dep.dep_kinds, &targets, select.include_dev) else {
                continue;
            };
            let Some(to) = add_package(&dep.pkg, &ctx, &mut index, builder) else {
                missing += 1;
                continue;
            };
            builder.add_edge(from, to, kind);
            if seen.insert(&dep.pkg) {
                queue.push_back(&dep.pkg);
            }
        }
    }
    // Cargo run live filtered by platform itself: what it left out is not in its output.
    let other_platforms =
        if !targets.is_empty() && !live { off_target(&roots, &nodes, &seen, select) } else { 0 };
    if missing > 0 {
        builder.warn(format!(
            "{path}: {missing} dependency references point at packages the metadata does not list"
        ));
    }
    Ok(InputInfo {
        format: InputFormat::CargoMetadata,
        spec_version: Some("1".to_string()),
        path: (!live && path != "<stdin>").then(|| path.to_string()),
        workspace_root: Some(meta.workspace_root.to_string()),
        targets: select.targets.clone(),
        other_platforms,
    })
}

/// How many packages the roots reach only through dependencies for platforms outside the
/// targets: the walk again with every platform, counting what the first walk (`kept`) left out.
fn off_target(
    roots: &[&str],
    nodes: &HashMap<&str, &json::Node>,
    kept: &HashSet<&str>,
    select: &Selection,
) -> usize {
    let mut seen: HashSet<&str> = roots.iter().copied().collect();
    let mut queue: VecDeque<&str> = roots.iter().copied().collect();
    while let Some(id) = queue.pop_front() {
        let Some(node) = nodes.get(id) else { continue };
        for dep in &node.deps {
            if edge_kind(&dep.dep_kinds, &[], select.include_dev).is_some() && seen.insert(&dep.pkg) {
                queue.push_back(&dep.pkg);
            }
        }
    }
    seen.iter().filter(|id| !kept.contains(*id)).count()
}

/// What every package is converted with: the metadata's packages by id, the workspace's
/// folder, and the lock file's checksums.
struct Context<'m, 'c> {
    packages: &'c HashMap<&'m str, &'m json::Package<'m>>,
    root_dir: &'c std::path::Path,
    checksums: &'c lock::Checksums,
}

/// Adds the package with cargo id `id` once; returns its builder index.
fn add_package<'m>(
    id: &str,
    ctx: &Context<'m, '_>,
    index: &mut HashMap<&'m str, usize>,
    builder: &mut GraphBuilder,
) -> Option<usize> {
    if let Some(&i) = index.get(id) {
        return Some(i);
    }
    let pkg = *ctx.packages.get(id)?;
    let mut package = convert(pkg, ctx.root_dir);
    if let Some(digest) = pkg.source.as_deref().and_then(|s| ctx.checksums.get(&pkg.name, &pkg.version, s)) {
        package.hashes.push(Checksum { algorithm: "SHA-256".to_string(), value: digest.to_string() });
    }
    let i = builder.add_package(package);
    index.insert(&pkg.id, i);
    Some(i)
}

/// The workspace members to start from, after `-p` and `--exclude`.
fn select_members<'m>(
    path: &str,
    meta: &'m Metadata<'m>,
    select: &Selection,
) -> Result<Vec<&'m str>, InputError> {
    let ids: HashSet<&str> = meta.workspace_members.iter().map(|id| &**id).collect();
    let members: Vec<&json::Package> = meta.packages.iter().filter(|p| ids.contains(&*p.id)).collect();
    let matches = |spec: &str, p: &json::Package| {
        let name: &str = &p.name;
        spec == name || spec == format!("{name}@{}", p.version)
    };
    let mut unknown: Vec<&str> = Vec::new();
    for spec in select.packages.iter().chain(&select.exclude) {
        if !members.iter().any(|p| matches(spec, p)) {
            unknown.push(spec);
        }
    }
    if !unknown.is_empty() {
        let names: Vec<String> = members.iter().map(|p| p.name.to_string()).collect();
        return Err(InputError::new(
            path,
            format!(
                "not a workspace member: {} (members: {})",
                unknown.join(", "),
                if names.is_empty() { "none".to_string() } else { names.join(", ") }
            ),
        ));
    }
    let chosen: Vec<&str> = members
        .iter()
        .filter(|p| select.packages.is_empty() || select.packages.iter().any(|s| matches(s, p)))
        .filter(|p| !select.exclude.iter().any(|s| matches(s, p)))
        .map(|p| &*p.id)
        .collect();
    if chosen.is_empty() {
        return Err(InputError::new(path, "no workspace member left to audit after --package / --exclude"));
    }
    Ok(chosen)
}

/// One Cargo package in the model's terms.
fn convert(p: &json::Package, workspace_root: &std::path::Path) -> Package {
    let name = p.name.to_string();
    let version = p.version.to_string();
    let source = match &p.source {
        None => {
            let manifest = std::path::Path::new(&*p.manifest_path);
            let dir = manifest.parent().unwrap_or(workspace_root);
            let rel = dir.strip_prefix(workspace_root).unwrap_or(dir);
            let rel = rel.to_string_lossy().replace('\\', "/");
            Source::Path { path: if rel.is_empty() { ".".to_string() } else { rel } }
        }
        Some(s) => parse_source(s, p.is_from_default_registry()),
    };
    let purl = match &source {
        Source::Registry { default: true, .. } => purl::build("cargo", None, &name, Some(&version), &[]),
        Source::Registry { url: Some(url), .. } => {
            purl::build("cargo", None, &name, Some(&version), &[("repository_url", url)])
        }
        Source::Git { url, rev } => {
            let vcs = match rev {
                Some(rev) => format!("git+{url}@{rev}"),
                None => format!("git+{url}"),
            };
            purl::build("cargo", None, &name, Some(&version), &[("vcs_url", &vcs)])
        }
        _ => None,
    };
    let id = purl.clone().unwrap_or_else(|| format!("{name}@{version}"));
    let mut properties = Vec::new();
    if let Some(file) = &p.license_file {
        properties.push(("cargo:license-file".to_string(), file.to_string()));
    }
    Package {
        id,
        name,
        version: Some(version),
        ecosystem: "cargo".to_string(),
        kind: crate::model::PackageKind::Library,
        namespace: None,
        purl,
        source,
        license: p.license.as_deref().filter(|l| !l.trim().is_empty()).map(str::to_string),
        authors: p.authors.iter().map(|a| parse_author(a)).collect(),
        supplier: None,
        manufacturer: None,
        publisher: None,
        repository: p.repository.as_deref().map(str::to_string),
        homepage: p.homepage.as_deref().map(str::to_string),
        description: p.description.as_ref().map(|d| d.split_whitespace().collect::<Vec<_>>().join(" ")),
        properties,
        hashes: Vec::new(),
    }
}

/// Parses cargo's source string: `registry+URL`, `sparse+URL`, `git+URL?query#rev`.
fn parse_source(repr: &str, crates_io: bool) -> Source {
    if crates_io {
        return Source::Registry { url: None, default: true };
    }
    if let Some(rest) = repr.strip_prefix("git+") {
        let (url_part, rev) = match rest.split_once('#') {
            Some((u, r)) => (u, Some(r.to_string())),
            None => (rest, None),
        };
        let url = url_part.split('?').next().unwrap_or(url_part).to_string();
        return Source::Git { url, rev };
    }
    let url = repr.strip_prefix("registry+").or_else(|| repr.strip_prefix("sparse+")).unwrap_or(repr);
    Source::Registry { url: Some(url.to_string()), default: false }
}

/// Splits `Name <email>` (either part optional).
pub fn parse_author(text: &str) -> Party {
    let text = text.trim();
    let (name, email) = match (text.find('<'), text.rfind('>')) {
        (Some(lt), Some(gt)) if lt < gt => {
            let name = text[..lt].trim();
            let email = text[lt + 1..gt].trim();
            (name, Some(email))
        }
        _ if text.contains('@') && !text.contains(' ') => ("", Some(text)),
        _ => (text, None),
    };
    Party {
        kind: PartyKind::Unspecified,
        name: (!name.is_empty()).then(|| name.to_string()),
        email: email.filter(|e| !e.is_empty()).map(str::to_string),
        url: None,
        country: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources() {
        assert_eq!(
            parse_source("git+https://github.com/o/r?branch=main#abc123", false),
            Source::Git { url: "https://github.com/o/r".into(), rev: Some("abc123".into()) }
        );
        assert_eq!(
            parse_source("sparse+https://my.registry/index/", false),
            Source::Registry { url: Some("https://my.registry/index/".into()), default: false }
        );
        assert_eq!(parse_source("anything", true), Source::Registry { url: None, default: true });
    }

    #[test]
    fn authors() {
        let a = parse_author("Jane Doe <jane@example.org>");
        assert_eq!(a.name.as_deref(), Some("Jane Doe"));
        assert_eq!(a.email.as_deref(), Some("jane@example.org"));
        assert_eq!(parse_author("The Rust Project Developers").email, None);
        assert_eq!(parse_author("x@y.z").email.as_deref(), Some("x@y.z"));
        assert_eq!(parse_author("<only@mail>").name, None);
    }
}

//! Where a package's code and releases live, and who operates those services: reported beside
//! origin, because a European project hosted on a US forge and published on a US registry
//! still depends on those operators.

use crate::enrich::signals::parse_repo_url;
use crate::kb::base::Kb;
use crate::kb::forges::{Forge, ForgeKind};
use crate::model::{Hosting, Package, Source};

/// The forge of the repository URL and the registry of the source.
pub fn hosting(p: &Package, kb: &Kb) -> Option<Hosting> {
    let mut h = Hosting::default();
    if let Some(repo) = p.repository.as_deref().and_then(parse_repo_url) {
        h.forge = Some(repo.host.clone());
        if let Some(forge) = kb.forges.by_host(&repo.host) {
            (h.forge_operator, h.forge_country) = operator(forge, kb);
        }
    }
    let registry = match &p.source {
        Source::Registry { default: true, .. } => default_registry(&p.ecosystem)
            .and_then(|host| kb.forges.by_host(host))
            .filter(|f| f.kind == ForgeKind::Registry),
        Source::Registry { url: Some(url), .. } => kb.forges.by_url(url),
        _ => None,
    };
    if let Some(forge) = registry {
        h.registry = Some(forge.host.clone());
        (h.registry_operator, h.registry_country) = operator(forge, kb);
    } else if let Source::Registry { url: Some(url), .. } = &p.source {
        h.registry = parse_repo_url(url).map(|r| r.host);
    }
    (h != Hosting::default()).then_some(h)
}

/// The host of each ecosystem's default public registry.
fn default_registry(ecosystem: &str) -> Option<&'static str> {
    Some(match ecosystem {
        "cargo" => "crates.io",
        "npm" => "npmjs.org",
        "pypi" => "pypi.org",
        "maven" => "repo1.maven.org",
        "golang" => "proxy.golang.org",
        "gem" => "rubygems.org",
        "nuget" => "nuget.org",
        "composer" => "packagist.org",
        "hex" => "hex.pm",
        "pub" => "pub.dev",
        "conda" => "conda.anaconda.org",
        _ => return None,
    })
}

fn operator(forge: &Forge, kb: &Kb) -> (Option<String>, Option<String>) {
    let org = kb.orgs.by_id(&forge.operator);
    let country =
        kb.orgs.control_country(&forge.operator).map(str::to_string).or_else(|| forge.country.clone());
    (org.map(|o| o.name.clone()), country)
}

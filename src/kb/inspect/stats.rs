//! `kb stats`: how much the knowledge base knows, so users and reviewers can see its coverage
//! (and how a `--kb FILE` changed it) without reading the data files.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::describe::kebab;
use crate::kb::base::Kb;
use crate::kb::forges::ForgeKind;
use crate::kb::geo::{countries, gazetteer, jurisdictions};

/// Counts over the whole knowledge base. Maps are keyed by kebab-case names, sorted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Organisations.
    pub orgs: OrgStats,
    /// Code hosts and registries.
    pub forges: ForgeStats,
    /// Vendors.
    pub vendors: VendorStats,
    /// Licences.
    pub licenses: LicenseStats,
    /// ISO 3166-1 countries.
    pub countries: usize,
    /// Hand-written country alias entries.
    pub country_aliases: usize,
    /// Jurisdiction groups and their sizes.
    pub jurisdictions: BTreeMap<String, usize>,
    /// Place names.
    pub gazetteer: GazetteerStats,
}

/// Organisation counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgStats {
    /// All organisations.
    pub total: usize,
    /// By kind (`company`, `foundation`, …).
    pub by_kind: BTreeMap<String, usize>,
    /// Those with a parent organisation.
    pub with_parent: usize,
    /// Those with a Wikidata id.
    pub with_wikidata: usize,
    /// GitHub logins, GitLab groups and domains they are found by.
    pub accounts_and_domains: usize,
}

/// Forge counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForgeStats {
    /// All hosts.
    pub total: usize,
    /// Code hosts.
    pub code_hosts: usize,
    /// Registry hosts.
    pub registries: usize,
    /// Registry hosts per ecosystem.
    pub registries_by_ecosystem: BTreeMap<String, usize>,
}

/// Vendor counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VendorStats {
    /// All vendors.
    pub total: usize,
    /// By kind (`cloud`, `ai-api`, …).
    pub by_kind: BTreeMap<String, usize>,
    /// Package name patterns over all ecosystems.
    pub patterns: usize,
    /// Vendors with at least one alternative.
    pub with_alternatives: usize,
    /// Alternatives over all vendors.
    pub alternatives: usize,
}

/// Licence counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenseStats {
    /// Licence ids with a category.
    pub ids: usize,
    /// Licence ids per category.
    pub by_category: BTreeMap<String, usize>,
    /// Non-SPDX names recognised.
    pub names: usize,
    /// `WITH` exceptions with a known effect.
    pub exceptions: usize,
}

/// Gazetteer counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GazetteerStats {
    /// Derived place names (cities and regions).
    pub places: usize,
    /// Hand-written alias entries.
    pub aliases: usize,
}

/// Counts over `kb` and the embedded country, jurisdiction and place data.
pub fn stats(kb: &Kb) -> Stats {
    let mut by_kind = BTreeMap::new();
    let (mut with_parent, mut with_wikidata, mut accounts) = (0, 0, 0);
    for o in kb.orgs.iter() {
        *by_kind.entry(kebab(&o.kind)).or_insert(0) += 1;
        with_parent += usize::from(o.parent.is_some());
        with_wikidata += usize::from(o.wikidata.is_some());
        accounts += o.github.len() + o.gitlab.len() + o.huggingface.len() + o.domains.len();
    }
    let orgs = OrgStats {
        total: kb.orgs.len(),
        by_kind,
        with_parent,
        with_wikidata,
        accounts_and_domains: accounts,
    };
    let mut registries_by_ecosystem = BTreeMap::new();
    for f in kb.forges.iter().filter(|f| f.kind == ForgeKind::Registry) {
        *registries_by_ecosystem.entry(f.ecosystem.clone().unwrap_or_default()).or_insert(0) += 1;
    }
    let code_hosts = kb.forges.iter().filter(|f| f.kind == ForgeKind::CodeHost).count();
    let forges = ForgeStats {
        total: kb.forges.len(),
        code_hosts,
        registries: kb.forges.len() - code_hosts,
        registries_by_ecosystem,
    };
    let mut vendor_kinds = BTreeMap::new();
    for v in kb.vendors.iter() {
        *vendor_kinds.entry(kebab(&v.kind)).or_insert(0) += 1;
    }
    let vendors = VendorStats {
        total: kb.vendors.len(),
        by_kind: vendor_kinds,
        patterns: kb.vendors.iter().map(|v| v.patterns.values().map(Vec::len).sum::<usize>()).sum(),
        with_alternatives: kb.vendors.iter().filter(|v| !v.alternatives.is_empty()).count(),
        alternatives: kb.vendors.iter().map(|v| v.alternatives.len()).sum(),
    };
    let mut by_category = BTreeMap::new();
    for (_, category) in kb.licenses.ids.values() {
        *by_category.entry(category.to_string()).or_insert(0) += 1;
    }
    let licenses = LicenseStats {
        ids: kb.licenses.ids.len(),
        by_category,
        names: kb.licenses.names.len(),
        exceptions: kb.licenses.exceptions.len(),
    };
    Stats {
        orgs,
        forges,
        vendors,
        licenses,
        countries: countries::all().len(),
        country_aliases: countries::aliases().len(),
        jurisdictions: jurisdictions::groups().iter().map(|g| (g.name.clone(), g.members.len())).collect(),
        gazetteer: GazetteerStats { places: gazetteer::entries().len(), aliases: gazetteer::aliases().len() },
    }
}

/// `a 3, b 4`, or `-` for an empty map.
fn breakdown(map: &BTreeMap<String, usize>) -> String {
    if map.is_empty() {
        return "-".to_string();
    }
    map.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ")
}

/// Writes the counts as text, one topic a line.
pub fn render(s: &Stats, out: &mut dyn Write) -> io::Result<()> {
    let o = &s.orgs;
    writeln!(out, "organisations   {} ({})", o.total, breakdown(&o.by_kind))?;
    writeln!(
        out,
        "                {} with a parent, {} with a Wikidata id, {} accounts and domains",
        o.with_parent, o.with_wikidata, o.accounts_and_domains
    )?;
    let f = &s.forges;
    writeln!(out, "forges          {} ({} code hosts, {} registries)", f.total, f.code_hosts, f.registries)?;
    writeln!(out, "                registries: {}", breakdown(&f.registries_by_ecosystem))?;
    let v = &s.vendors;
    writeln!(out, "vendors         {} ({})", v.total, breakdown(&v.by_kind))?;
    writeln!(
        out,
        "                {} name patterns, {} alternatives for {} vendors",
        v.patterns, v.alternatives, v.with_alternatives
    )?;
    let l = &s.licenses;
    writeln!(out, "licences        {} ids, {} names, {} exceptions", l.ids, l.names, l.exceptions)?;
    writeln!(out, "                {}", breakdown(&l.by_category))?;
    writeln!(out, "countries       {} ({} alias entries)", s.countries, s.country_aliases)?;
    writeln!(out, "jurisdictions   {}", breakdown(&s.jurisdictions))?;
    writeln!(out, "gazetteer       {} places, {} alias entries", s.gazetteer.places, s.gazetteer.aliases)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::file::KbFile;

    #[test]
    fn counts_add_up_and_follow_a_user_file() {
        let mut kb = Kb::embedded();
        let before = stats(&kb);
        assert_eq!(before.orgs.by_kind.values().sum::<usize>(), before.orgs.total);
        assert_eq!(before.vendors.by_kind.values().sum::<usize>(), before.vendors.total);
        assert_eq!(before.licenses.by_category.values().sum::<usize>(), before.licenses.ids);
        assert_eq!(before.forges.registries_by_ecosystem.values().sum::<usize>(), before.forges.registries);
        assert_eq!(before.jurisdictions.get("eu"), Some(&27));
        let file = KbFile::parse(
            "mine.toml",
            "[[org]]\nid = \"acme\"\nname = \"Acme\"\nkind = \"academic\"\ncountry = \"DE\"\n\
             parent = \"amazon\"\nsource = \"https://acme.example/\"\n\
             [[license]]\nid = \"LicenseRef-Acme\"\ncategory = \"proprietary\"\nsource = \"https://acme.example/l\"\n",
        )
        .unwrap();
        kb.extend("mine.toml", file).unwrap();
        let after = stats(&kb);
        assert_eq!(after.orgs.total, before.orgs.total + 1);
        assert_eq!(after.orgs.with_parent, before.orgs.with_parent + 1);
        assert_eq!(
            after.orgs.by_kind.get("academic"),
            before.orgs.by_kind.get("academic").map(|n| n + 1).as_ref()
        );
        assert_eq!(
            after.licenses.by_category.get("proprietary"),
            before.licenses.by_category.get("proprietary").map(|n| n + 1).as_ref()
        );
        let mut text = Vec::new();
        render(&after, &mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(text.starts_with(&format!("organisations   {} (", after.orgs.total)), "{text}");
    }
}

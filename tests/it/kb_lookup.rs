//! `kb lookup` over the embedded knowledge base: every entry can be found by the keys the audit
//! uses, every interpretation of the text is tried, and the answer is deterministic.

use cargo_sovereign::kb::base::Kb;
use cargo_sovereign::kb::file::KbFile;
use cargo_sovereign::kb::geo::{flags, jurisdictions};
use cargo_sovereign::kb::inspect::hits::{Hit, Lookup, OrgHit, VendorHit};
use cargo_sovereign::kb::inspect::lookup::{lookup, render};

fn orgs(l: &Lookup) -> Vec<&OrgHit> {
    l.hits.iter().filter_map(|h| if let Hit::Org(o) = h { Some(o) } else { None }).collect()
}

fn vendors(l: &Lookup) -> Vec<&VendorHit> {
    l.hits.iter().filter_map(|h| if let Hit::Vendor(v) = h { Some(v) } else { None }).collect()
}

fn text(l: &Lookup) -> String {
    let mut out = Vec::new();
    render(l, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn every_org_is_found_by_id_and_accounts_with_its_control_country() {
    let kb = Kb::embedded();
    assert!(kb.orgs.len() > 100);
    for org in kb.orgs.iter() {
        let found = lookup(&kb, &org.id);
        let hit = orgs(&found).into_iter().find(|h| h.id == org.id);
        let hit = hit.unwrap_or_else(|| panic!("{} not found by id", org.id));
        assert!(hit.matched_by.iter().any(|m| m == "id"), "{}: {:?}", org.id, hit.matched_by);
        assert_eq!(hit.control_country.as_deref(), kb.orgs.control_country(&org.id), "{}", org.id);
        assert_eq!(hit.parents.first(), org.parent.as_ref(), "{}", org.id);
        for login in &org.github {
            let owner = kb.orgs.by_github(login).map(|o| o.id.clone());
            let found = lookup(&kb, login);
            assert!(orgs(&found).iter().any(|h| Some(&h.id) == owner.as_ref()), "github {login}");
        }
    }
}

#[test]
fn urls_and_addresses_name_the_owner_and_the_forge() {
    let kb = Kb::embedded();
    let owner = kb.orgs.by_github("rust-lang").map(|o| o.id.clone()).unwrap();
    for q in
        ["https://github.com/rust-lang/cargo", "github.com/rust-lang", "git@github.com:rust-lang/cargo.git"]
    {
        let found = lookup(&kb, q);
        let hits = orgs(&found);
        assert_eq!(hits.len(), 1, "{q}: {hits:?}");
        assert_eq!(hits[0].id, owner, "{q}");
        assert_eq!(hits[0].matched_by, ["repository owner"], "{q}");
        assert!(found.hits.iter().any(|h| matches!(h, Hit::Forge(f) if f.host == "github.com")), "{q}");
    }
    let amazon = kb.orgs.by_domain("amazon.com").map(|o| o.id.clone()).unwrap();
    let found = lookup(&kb, "someone@eu.amazon.com");
    assert!(orgs(&found).iter().any(|h| h.id == amazon && h.matched_by == ["domain"]));
}

#[test]
fn organisation_names_match_without_their_accents() {
    let kb = Kb::embedded();
    for q in ["France Telecom", "France Télécom", "france telecom"] {
        let found = lookup(&kb, q);
        let hits = orgs(&found);
        assert!(hits.iter().any(|h| h.id == "orange" && h.matched_by == ["name"]), "{q}: {hits:?}");
        assert!(text(&found).starts_with("organisation `orange`: Orange S.A.\n"), "{q}");
    }
}

#[test]
fn packages_are_matched_in_each_ecosystem_form() {
    let kb = Kb::embedded();
    let cases = [
        ("cargo:aws-sdk-s3", "cargo", None, "aws-sdk-s3"),
        ("npm:@aws-sdk/client-s3", "npm", Some("@aws-sdk"), "client-s3"),
        ("maven:software.amazon.awssdk:s3", "maven", Some("software.amazon.awssdk"), "s3"),
        ("boto3", "pypi", None, "boto3"),
    ];
    for (q, eco, ns, name) in cases {
        let want = kb.vendors.match_package(eco, ns, name).map(|v| v.id.clone());
        assert!(want.is_some(), "{q}: the embedded data should know it");
        let found = lookup(&kb, q);
        let hits = vendors(&found);
        assert_eq!(hits.iter().map(|v| Some(v.id.clone())).collect::<Vec<_>>(), [want], "{q}");
        assert!(hits[0].matched_by.iter().any(|m| m.starts_with(&format!("{eco} package"))), "{q}");
    }
    for v in kb.vendors.iter() {
        let found = lookup(&kb, &v.id);
        assert!(vendors(&found).iter().any(|h| h.id == v.id && h.alternatives == v.alternatives), "{}", v.id);
    }
}

#[test]
fn licences_countries_groups_and_places() {
    let kb = Kb::embedded();
    let found = lookup(&kb, "Apache 2.0");
    let lic = found.hits.iter().find_map(|h| if let Hit::License(l) = h { Some(l) } else { None });
    let lic = lic.unwrap();
    assert_eq!(lic.expression.as_deref(), Some("Apache-2.0"));
    assert_eq!(lic.category, kb.licenses.classify("Apache-2.0").category);

    let found = lookup(&kb, "EL");
    let country = found.hits.iter().find_map(|h| if let Hit::Country(c) = h { Some(c) } else { None });
    let country = country.unwrap();
    assert_eq!(country.code, "GR");
    assert_eq!(country.flag, flags::flag("GR"));
    for g in jurisdictions::groups() {
        assert_eq!(country.groups.contains(&g.name), g.members.iter().any(|m| m == "GR"), "{}", g.name);
    }

    let found = lookup(&kb, "EEA");
    assert!(found.hits.iter().any(|h| matches!(h, Hit::Jurisdiction(j) if j.members.len() == 30)));

    // A bare country is a country hit; the location reading would only repeat it.
    let found = lookup(&kb, "Deutschland");
    assert_eq!(found.hits.len(), 1, "{found:?}");
    let found = lookup(&kb, "Berlin, Germany");
    let place = found.hits.iter().find_map(|h| if let Hit::Location(l) = h { Some(l) } else { None });
    assert_eq!(place.map(|l| l.country.as_str()), Some("DE"));
    assert!(text(&found).contains("DE (Germany)"));
}

#[test]
fn nothing_found_is_an_answer_and_input_is_bounded() {
    let kb = Kb::embedded();
    for q in ["", "   ", "zzqx-no-such-thing", "@/:", "cargo:zzqx", "maven::"] {
        let found = lookup(&kb, q);
        assert!(found.hits.is_empty(), "{q:?}: {found:?}");
        assert!(text(&found).starts_with("nothing in the knowledge base matches"));
    }
    let long = "a.b/".repeat(100_000);
    assert!(lookup(&kb, &long).query.chars().count() <= 1024);
}

#[test]
fn user_entries_are_found_and_output_is_deterministic() {
    let mut kb = Kb::embedded();
    let file = KbFile::parse(
        "mine.toml",
        "[[org]]\nid = \"acme-gmbh\"\nname = \"ACME GmbH\"\nkind = \"company\"\ncountry = \"DE\"\n\
         parent = \"amazon\"\ngithub = [\"acme-oss\"]\nsource = \"https://acme.example/\"\n",
    )
    .unwrap();
    kb.extend("mine.toml", file).unwrap();
    let found = lookup(&kb, "acme-oss");
    let hits = orgs(&found);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].parents, ["amazon"]);
    assert_eq!(hits[0].control_country.as_deref(), kb.orgs.control_country("amazon"));
    let a = serde_json::to_string(&lookup(&kb, "aws")).unwrap();
    let b = serde_json::to_string(&lookup(&kb, "aws")).unwrap();
    assert_eq!(a, b);
    let kinds: Vec<usize> = lookup(&kb, "aws").hits.iter().map(kind_rank).collect();
    assert!(kinds.windows(2).all(|w| w[0] <= w[1]), "{kinds:?}");
}

fn kind_rank(h: &Hit) -> usize {
    match h {
        Hit::Org(_) => 0,
        Hit::Forge(_) => 1,
        Hit::Vendor(_) => 2,
        Hit::License(_) => 3,
        Hit::Country(_) => 4,
        Hit::Jurisdiction(_) => 5,
        Hit::Location(_) => 6,
    }
}

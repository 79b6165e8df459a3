//! Attribution, signal by signal: packages shaped like real metadata (Cargo packages with
//! repository URLs, author e-mails and home pages; SBOM components with suppliers, publishers
//! and Maven groups) are enriched with the embedded knowledge base and the resulting
//! [`Origin`] is checked against DESIGN.md's rules.

use std::collections::BTreeSet;

use cargo_sovereign::enrich::{Attributor, PackageFacts};
use cargo_sovereign::kb::base::Kb;
use cargo_sovereign::model::{
    EntityKind, GraphBuilder, Jurisdiction, Origin, Package, Party, PartyKind, Signal, Source,
};
use cargo_sovereign::policy::config::{self, Config};
use cargo_sovereign::policy::jurisdiction::{self, trusted_countries};

/// A crates.io package as `cargo metadata` describes it.
pub(crate) fn krate(name: &str) -> Package {
    Package {
        id: format!("pkg:cargo/{name}@1.0.0"),
        name: name.to_string(),
        version: Some("1.0.0".to_string()),
        ecosystem: "cargo".to_string(),
        purl: Some(format!("pkg:cargo/{name}@1.0.0")),
        source: Source::Registry { url: None, default: true },
        license: Some("MIT OR Apache-2.0".to_string()),
        ..Package::default()
    }
}

pub(crate) fn author(name: &str, email: &str) -> Party {
    Party { kind: PartyKind::Person, name: Some(name.into()), email: Some(email.into()), ..Party::default() }
}

fn org_party(name: &str, country: Option<&str>) -> Party {
    Party {
        kind: PartyKind::Organization,
        name: Some(name.into()),
        country: country.map(str::to_string),
        ..Party::default()
    }
}

/// Enriches a graph of one root depending on `p` under `config`, and returns `p`'s facts.
fn facts_with(p: Package, config: &Config) -> PackageFacts {
    let id = p.id.clone();
    let mut b = GraphBuilder::new(false);
    let root = b.add_package(Package {
        id: "app".into(),
        name: "app".into(),
        ecosystem: "cargo".into(),
        source: Source::Path { path: ".".into() },
        ..Package::default()
    });
    let dep = b.add_package(p);
    b.add_edge(root, dep, cargo_sovereign::model::DepKind::Normal);
    b.add_root(root);
    let graph = b.finish();
    let kb = Kb::embedded();
    let attributor = Attributor {
        kb: &kb,
        overrides: &config.overrides,
        follow_parent: config.follow_parent,
        online: None,
    };
    let mut facts = attributor.enrich(&graph);
    jurisdiction::judge(&mut facts, &trusted_countries(config).unwrap());
    facts.swap_remove(graph.index_of(&id).unwrap())
}

fn origin_with(p: Package, config: &Config) -> Origin {
    Origin::clone(&facts_with(p, config).origin.expect("enrichment always gives an origin"))
}

pub(crate) fn origin(p: Package) -> Origin {
    origin_with(p, &Config::default())
}

pub(crate) fn signals(o: &Origin) -> Vec<Signal> {
    o.evidence.iter().map(|e| e.signal).collect()
}

fn policy(text: &str) -> Config {
    config::parse("sovereign.toml", text).unwrap()
}

#[test]
fn override_decides_outright() {
    let mut p = krate("aws-sdk-s3");
    p.repository = Some("https://github.com/awslabs/aws-sdk-rust".into());
    let c = policy(
        r#"
[[override]]
package = "aws-sdk-s3"
entity = "ACME GmbH"
country = "DE"
reason = "vendored fork we maintain"
"#,
    );
    let o = origin_with(p, &c);
    assert_eq!(o.entity.as_deref(), Some("ACME GmbH"));
    assert_eq!(o.control_country.as_deref(), Some("DE"));
    assert_eq!(o.jurisdiction, Jurisdiction::Trusted);
    assert_eq!(o.confidence, 1.0);
    assert_eq!(o.evidence[0].signal, Signal::Override);
    assert!(o.evidence[0].claim.contains("vendored fork we maintain"), "{:?}", o.evidence[0]);
    // The overridden signals stay visible.
    assert!(signals(&o).contains(&Signal::RepositoryOwner), "{:?}", o.evidence);
}

#[test]
fn override_of_another_version_does_not_apply() {
    let mut p = krate("aws-sdk-s3");
    p.repository = Some("https://github.com/awslabs/aws-sdk-rust".into());
    let c = policy("[[override]]\npackage = \"aws-sdk-s3@9.9.9\"\ncountry = \"DE\"\n");
    let o = origin_with(p, &c);
    assert!(!signals(&o).contains(&Signal::Override));
    assert_eq!(o.control_country.as_deref(), Some("US"));
}

#[test]
fn package_pattern_of_a_vendor_sdk_from_the_vendor() {
    let mut p = krate("aws-sdk-s3");
    p.repository = Some("https://github.com/awslabs/aws-sdk-rust".into());
    let f = facts_with(p, &Config::default());
    let o = f.origin.unwrap();
    assert_eq!(o.entity_id.as_deref(), Some("amazon"));
    assert_eq!(o.control_country.as_deref(), Some("US"));
    assert_eq!(o.jurisdiction, Jurisdiction::Untrusted);
    assert_eq!(signals(&o), vec![Signal::PackagePattern, Signal::RepositoryOwner]);
    // Two agreeing rows: the strongest (0.9) plus 0.05.
    assert_eq!(o.confidence, 0.95);
    assert_eq!(f.vendor.map(|v| v.id.clone()), Some("aws".to_string()));
}

#[test]
fn package_pattern_alone_without_a_repository() {
    let o = origin(krate("aws-sdk-dynamodb"));
    assert_eq!(signals(&o), vec![Signal::PackagePattern]);
    assert_eq!(o.entity_id.as_deref(), Some("amazon"));
    assert_eq!(o.confidence, 0.9);
}

#[test]
fn third_party_client_is_not_the_vendors() {
    let mut p = krate("async-openai");
    p.repository = Some("https://github.com/64bit/async-openai".into());
    let f = facts_with(p, &Config::default());
    let o = f.origin.unwrap();
    assert!(!signals(&o).contains(&Signal::PackagePattern), "{:?}", o.evidence);
    assert_ne!(o.entity_id.as_deref(), Some("openai"));
    assert_eq!(o.entity, None);
    // It is still a client of OpenAI's service: lock-in is a separate dimension.
    assert_eq!(f.vendor.map(|v| v.id.clone()), Some("openai".to_string()));
}

#[test]
fn third_party_client_under_another_known_org_is_that_orgs() {
    // A client of Amazon's service published by Microsoft is Microsoft's, not Amazon's.
    let mut p = krate("aws-sdk-s3");
    p.repository = Some("https://github.com/microsoft/aws-sdk-s3-fork".into());
    let o = origin(p);
    assert_eq!(signals(&o), vec![Signal::RepositoryOwner]);
    assert_eq!(o.entity_id.as_deref(), Some("microsoft"));
}

#[test]
fn maven_group_namespace_matches_the_vendor_pattern() {
    let p = Package {
        id: "pkg:maven/software.amazon.awssdk/s3@2.25.0".into(),
        name: "s3".into(),
        version: Some("2.25.0".into()),
        ecosystem: "maven".into(),
        namespace: Some("software.amazon.awssdk".into()),
        purl: Some("pkg:maven/software.amazon.awssdk/s3@2.25.0".into()),
        license: Some("Apache-2.0".into()),
        ..Package::default()
    };
    let o = origin(p);
    assert_eq!(signals(&o), vec![Signal::PackagePattern]);
    assert_eq!(o.entity_id.as_deref(), Some("amazon"));
    assert_eq!(o.jurisdiction, Jurisdiction::Untrusted);
}

#[test]
fn sbom_supplier_country() {
    let p = Package {
        id: "pkg:npm/widgets@2.0.0".into(),
        name: "widgets".into(),
        version: Some("2.0.0".into()),
        ecosystem: "npm".into(),
        supplier: Some(Box::new(org_party("Acme Widgets GmbH", Some("DE")))),
        ..Package::default()
    };
    let o = origin(p);
    // The supplier's stated country, and its name's legal form (an organisation's).
    assert_eq!(signals(&o), vec![Signal::SbomCountry, Signal::PartyName]);
    assert_eq!(o.entity.as_deref(), Some("Acme Widgets GmbH"));
    assert_eq!(o.entity_kind, EntityKind::Company);
    assert_eq!(o.decided_by, Some(Signal::SbomCountry));
    assert_eq!(o.entity_id, None);
    assert_eq!(o.country.as_deref(), Some("DE"));
    assert_eq!(o.control_country.as_deref(), Some("DE"));
    assert_eq!(o.jurisdiction, Jurisdiction::Trusted);
    // 0.9 for the stated country, 0.05 for the agreeing name.
    assert_eq!(o.confidence, 0.95);
}

#[test]
fn sbom_manufacturer_country_by_name() {
    let p = Package {
        id: "pkg:npm/gadgets@1.0.0".into(),
        name: "gadgets".into(),
        ecosystem: "npm".into(),
        manufacturer: Some(Box::new(org_party("Gadget Works Inc.", Some("United States")))),
        ..Package::default()
    };
    let o = origin(p);
    assert_eq!(o.control_country.as_deref(), Some("US"));
    assert_eq!(o.jurisdiction, Jurisdiction::Untrusted);
}

#[test]
fn repository_owner() {
    let mut p = krate("ovh-api");
    p.repository = Some("git+https://github.com/ovh/ovh-rs.git".into());
    let o = origin(p);
    assert_eq!(signals(&o), vec![Signal::RepositoryOwner]);
    assert_eq!(o.entity_id.as_deref(), Some("ovhcloud"));
    assert_eq!(o.entity_kind, EntityKind::Company);
    assert_eq!(o.control_country.as_deref(), Some("FR"));
    assert_eq!(o.jurisdiction, Jurisdiction::Trusted);
    assert_eq!(o.confidence, 0.8);
}

#[test]
fn unknown_repository_owner_says_nothing() {
    let mut p = krate("left-pad-rs");
    p.repository = Some("https://github.com/some-person/left-pad-rs".into());
    let o = origin(p);
    assert!(o.evidence.is_empty(), "{:?}", o.evidence);
    assert_eq!(o.jurisdiction, Jurisdiction::Unknown);
}

#[test]
fn homepage_domain() {
    let mut p = krate("scaleway-rs");
    p.homepage = Some("https://www.scaleway.com/en/developers/".into());
    let o = origin(p);
    assert_eq!(signals(&o), vec![Signal::HomepageDomain]);
    assert_eq!(o.entity_id.as_deref(), Some("scaleway"));
    assert_eq!(o.control_country.as_deref(), Some("FR"));
    assert_eq!(o.confidence, 0.6);
}

#[test]
fn homepage_on_a_code_host_is_not_the_hosts() {
    let mut p = krate("some-tool");
    p.homepage = Some("https://github.com/some-person/some-tool".into());
    let o = origin(p);
    assert!(o.evidence.is_empty(), "github.com must not make GitHub the owner: {:?}", o.evidence);
}

#[test]
fn party_name_of_publisher_and_author() {
    let p = Package {
        id: "pkg:nuget/Contoso.Client@1.0.0".into(),
        name: "Contoso.Client".into(),
        ecosystem: "nuget".into(),
        publisher: Some(Box::new(Party { name: Some("Microsoft Corporation".into()), ..Party::default() })),
        ..Package::default()
    };
    let o = origin(p);
    assert_eq!(signals(&o), vec![Signal::PartyName]);
    assert_eq!(o.entity_id.as_deref(), Some("microsoft"));
    assert_eq!(o.confidence, 0.6);

    let mut p = krate("gcp-thing");
    p.authors = vec![Party { name: Some("Google LLC".into()), ..Party::default() }];
    let o = origin(p);
    assert_eq!(signals(&o), vec![Signal::PartyName]);
    assert_eq!(o.entity_id.as_deref(), Some("google"));
    // An author name is weaker than an SBOM supplier or publisher name.
    assert_eq!(o.confidence, 0.5);
}

#[test]
fn generic_tlds_never_count() {
    for (email, homepage, repository) in [
        ("a@example.io", "https://example.rs", "https://example.dev/x/y"),
        ("a@example.ai", "https://docs.example.io", "https://code.example.rs/x/y"),
        ("a@example.eu", "https://example.ai", "https://example.io/x/y"),
    ] {
        let mut p = krate("generic");
        p.authors = vec![author("Someone", email)];
        p.homepage = Some(homepage.into());
        p.repository = Some(repository.into());
        let o = origin(p);
        // Only that the author is a person: no country from any of the domains.
        assert!(
            o.evidence.iter().all(|e| e.signal == Signal::PersonalAuthors),
            "{email} {homepage} {repository}: {:?}",
            o.evidence
        );
        assert_eq!(o.control_country, None);
        assert_eq!(o.jurisdiction, Jurisdiction::Unknown);
    }
}

#[test]
fn conflicting_entities_strongest_wins_with_less_confidence() {
    let mut p = krate("mixed");
    p.repository = Some("https://github.com/aws/mixed".into());
    p.supplier = Some(Box::new(Party { name: Some("SAP SE".into()), ..Party::default() }));
    let o = origin(p);
    assert_eq!(o.entity_id.as_deref(), Some("amazon"));
    assert_eq!(o.control_country.as_deref(), Some("US"));
    // 0.8 for the repository, minus half of SAP's 0.6.
    assert_eq!(o.confidence, 0.5);
    assert!(o.confidence < 0.8);
    let entities: BTreeSet<&str> = o.evidence.iter().filter_map(|e| e.entity.as_deref()).collect();
    assert_eq!(entities, BTreeSet::from(["amazon", "sap"]), "both rows stay visible");
}

#[test]
fn conflict_does_not_depend_on_order() {
    let party = |name: &str| Some(Box::new(Party { name: Some(name.into()), ..Party::default() }));
    let mut a = krate("mixed");
    (a.supplier, a.manufacturer) = (party("SAP SE"), party("OVHcloud"));
    let mut b = krate("mixed");
    (b.supplier, b.manufacturer) = (party("OVHcloud"), party("SAP SE"));
    let (oa, ob) = (origin(a), origin(b));
    assert_eq!((&oa.entity_id, oa.confidence), (&ob.entity_id, ob.confidence));
    // Equal support: the tie is broken by id, and confidence drops to half.
    assert_eq!(oa.entity_id.as_deref(), Some("ovhcloud"));
    assert_eq!(oa.confidence, 0.3);
}

#[test]
fn subsidiary_is_controlled_from_the_parents_country() {
    let mut p = krate("embark-thing");
    p.repository = Some("https://github.com/EmbarkStudios/embark-thing".into());
    let o = origin(p.clone());
    assert_eq!(o.entity_id.as_deref(), Some("embark-studios"));
    assert_eq!(o.country.as_deref(), Some("SE"));
    assert_eq!(o.control_country.as_deref(), Some("JP"));
    assert_eq!(o.parent.as_deref(), Some("Nexon Co., Ltd."));
    assert_eq!(o.jurisdiction, Jurisdiction::Untrusted);

    let own = origin_with(p, &policy("follow-parent = false\n"));
    assert_eq!(own.country.as_deref(), Some("SE"));
    assert_eq!(own.control_country.as_deref(), Some("SE"));
    assert_eq!(own.jurisdiction, Jurisdiction::Trusted);
}

#[test]
fn community_has_no_country_and_says_why() {
    let mut p = krate("serde");
    p.repository = Some("https://github.com/serde-rs/serde".into());
    let o = origin(p);
    assert_eq!(o.entity_id.as_deref(), Some("serde-rs"));
    assert_eq!(o.entity_kind, EntityKind::Community);
    assert_eq!(o.control_country, None);
    assert_eq!(o.jurisdiction, Jurisdiction::Unknown);
    assert!(o.note.as_deref().is_some_and(|n| n.contains("community")), "{:?}", o.note);
}

#[test]
fn nothing_known_is_unknown_not_a_guess() {
    let p = Package {
        id: "pkg:generic/mystery@1".into(),
        name: "mystery".into(),
        ecosystem: "generic".into(),
        ..Package::default()
    };
    let o = origin(p);
    assert_eq!(o.entity, None);
    assert_eq!(o.entity_kind, EntityKind::Unknown);
    assert_eq!(o.control_country, None);
    assert_eq!(o.jurisdiction, Jurisdiction::Unknown);
    assert_eq!(o.confidence, 0.0);
    assert!(o.evidence.is_empty());
}

#[test]
fn trusted_groups_change_the_jurisdiction() {
    // Proton (CH), Canonical (GB), Nordic Semiconductor (NO), SAP (DE), Amazon (US).
    let owners = ["ProtonMail", "canonical", "NordicSemiconductor", "SAP", "aws"];
    let judge = |trusted: &[&str]| -> Vec<Jurisdiction> {
        let c = Config { trusted: trusted.iter().map(|s| s.to_string()).collect(), ..Config::default() };
        owners
            .iter()
            .map(|owner| {
                let mut p = krate("x");
                p.repository = Some(format!("https://github.com/{owner}/x"));
                origin_with(p, &c).jurisdiction
            })
            .collect()
    };
    use Jurisdiction::{Trusted as T, Untrusted as U};
    assert_eq!(judge(&["europe"]), vec![T, T, T, T, U]);
    assert_eq!(judge(&["eea"]), vec![U, U, T, T, U]);
    assert_eq!(judge(&["eu"]), vec![U, U, U, T, U]);
    assert_eq!(judge(&["CH", "US"]), vec![T, U, U, U, T]);
    assert_eq!(judge(&["eu", "GB"]), vec![U, T, U, T, U]);
}

#[test]
fn unknown_trusted_item_is_a_config_error() {
    let c = Config { trusted: vec!["europa".into()], ..Config::default() };
    assert!(trusted_countries(&c).is_err());
}

#[test]
fn org_override_changes_a_country() {
    let mut p = krate("ovh-api");
    p.repository = Some("https://github.com/ovh/ovh-rs".into());
    let c = policy("[[override]]\norg = \"ovhcloud\"\ncountry = \"US\"\nreason = \"test\"\n");
    let o = origin_with(p, &c);
    assert_eq!(o.entity_id.as_deref(), Some("ovhcloud"));
    assert_eq!(o.control_country.as_deref(), Some("US"));
    assert_eq!(o.jurisdiction, Jurisdiction::Untrusted);
    assert_eq!(o.evidence[0].signal, Signal::Override);
    // Another organisation is untouched.
    let mut q = krate("sap-client");
    q.repository = Some("https://github.com/SAP/sap-client".into());
    assert_eq!(origin_with(q, &c).control_country.as_deref(), Some("DE"));
}

#[test]
fn org_override_names_compare_folded_like_place_names() {
    // `ETH Zurich` in the policy is the knowledge base's `ETH Zürich`.
    let p = Package { supplier: Some(Box::new(org_party("ETH Zürich", None))), ..krate("eth-tool") };
    let c = policy("[[override]]\norg = \"ETH Zurich\"\ncountry = \"FR\"\nreason = \"test\"\n");
    let o = origin_with(p, &c);
    assert_eq!(o.entity.as_deref(), Some("ETH Zürich"));
    assert_eq!(o.control_country.as_deref(), Some("FR"), "{:?}", o.evidence);
    assert_eq!(o.evidence[0].signal, Signal::Override);
}

//! Vendor SDK patterns: every pattern is exercised by an example package, the well-known
//! clients match their vendor, and multi-cloud abstractions match none.

use cargo_sovereign::kb::vendors::VendorIndex;

use super::kb_vendor_examples::EXAMPLES;

fn vendors() -> VendorIndex {
    VendorIndex::try_embedded().unwrap_or_else(|e| panic!("data/vendors.toml: {e:#?}"))
}

#[test]
fn every_vendor_pattern_matches_an_example() {
    let idx = vendors();
    let mut unmatched = Vec::new();
    for v in idx.iter() {
        for (eco, pats) in &v.patterns {
            for pat in pats {
                let hit = EXAMPLES.iter().any(|(e, ns, name)| {
                    e == eco && v.matching_patterns(e, *ns, name).contains(&pat.as_str())
                });
                if !hit {
                    unmatched.push(format!("{} {eco} {pat}", v.id));
                }
            }
        }
    }
    assert!(unmatched.is_empty(), "patterns without an example: {unmatched:#?}");
    // And every example is claimed by some vendor.
    for (eco, ns, name) in EXAMPLES {
        assert!(idx.match_package(eco, *ns, name).is_some(), "{eco} {ns:?} {name} matches no vendor");
    }
}

#[test]
fn vendor_matches_and_non_matches() {
    let idx = vendors();
    let m = |eco: &str, ns: Option<&str>, name: &str| idx.match_package(eco, ns, name).map(|v| v.id.as_str());
    assert_eq!(m("cargo", None, "aws-sdk-s3"), Some("aws"));
    assert_eq!(m("npm", Some("@aws-sdk"), "client-s3"), Some("aws"));
    assert_eq!(m("npm", None, "@aws-sdk/client-s3"), Some("aws"));
    assert_eq!(m("pypi", None, "boto3"), Some("aws"));
    assert_eq!(m("maven", Some("software.amazon.awssdk"), "s3"), Some("aws"));
    assert_eq!(m("pypi", None, "google-cloud-aiplatform"), Some("google-gemini"));
    assert_eq!(m("pypi", None, "google-cloud-storage"), Some("google-cloud"));
    assert_eq!(m("pypi", None, "nvidia-cudnn-cu12"), Some("cudnn"));
    assert_eq!(m("pypi", None, "nvidia-cublas-cu12"), Some("cuda"));
    assert_eq!(m("pypi", None, "mistralai"), Some("mistral-ai"));
    // Multi-cloud abstractions are the way out, not lock-in.
    for (eco, name) in [
        ("cargo", "object_store"),
        ("cargo", "opendal"),
        ("pypi", "apache-libcloud"),
        ("pypi", "opendal"),
        ("npm", "opendal"),
    ] {
        assert_eq!(m(eco, None, name), None, "{eco} {name}");
    }
    // Ordinary packages and near misses.
    for (eco, name) in [
        ("cargo", "serde"),
        ("cargo", "aws-lc-rs"),
        ("cargo", "oci-spec"),
        ("npm", "react"),
        ("pypi", "requests"),
        ("cargo", "tokio"),
    ] {
        assert_eq!(m(eco, None, name), None, "{eco} {name}");
    }
}

#[test]
fn vendor_alternatives_are_well_formed() {
    let idx = vendors();
    let ai = idx.by_id("openai").unwrap();
    assert!(ai.alternatives.iter().any(|a| a.org.as_deref() == Some("mistral-ai")));
    let aws = idx.by_id("aws").unwrap();
    assert!(aws.alternatives.iter().any(|a| a.name.as_deref() == Some("object_store")));
    assert!(aws.alternatives.iter().any(|a| a.hint.is_some()));
    // An alternative is never itself a vendor client.
    for v in idx.iter() {
        for a in &v.alternatives {
            if let (Some(name), Some(eco)) = (&a.name, &a.ecosystem) {
                let hit = idx.match_package(eco, None, name).map(|x| x.id.as_str());
                let own_eu = matches!(hit, Some("mistral-ai" | "aleph-alpha"));
                assert!(
                    hit.is_none() || own_eu,
                    "{}: alternative {eco} {name} is a vendor client ({hit:?})",
                    v.id
                );
            }
        }
    }
}

//! Cross-checks between the two halves of the knowledge base: every country an organisation or
//! forge entry names must be a real ISO 3166-1 code in the countries table (the entry checks
//! only see two uppercase letters).

use cargo_sovereign::kb::base::Kb;
use cargo_sovereign::kb::geo::countries;

#[test]
fn every_org_and_forge_country_is_an_iso_code() {
    let kb = Kb::embedded();
    assert!(countries::data_errors().is_empty());
    assert!(kb.orgs.len() > 100 && kb.forges.len() > 10);
    let mut bad = Vec::new();
    for org in kb.orgs.iter() {
        bad.extend(
            org.country.iter().filter(|c| !countries::is_code(c)).map(|c| format!("org {}: {c}", org.id)),
        );
    }
    for f in kb.forges.iter() {
        bad.extend(
            f.country.iter().filter(|c| !countries::is_code(c)).map(|c| format!("forge {}: {c}", f.host)),
        );
    }
    assert!(bad.is_empty(), "not ISO 3166-1 codes: {bad:#?}");
}

#[test]
fn every_forge_country_agrees_with_its_operator() {
    let kb = Kb::embedded();
    for f in kb.forges.iter() {
        let operator = kb.orgs.by_id(&f.operator);
        assert!(operator.is_some(), "forge {}: operator {}", f.host, f.operator);
        if let (Some(country), Some(op)) = (&f.country, operator) {
            assert_eq!(Some(country), op.country.as_ref(), "forge {} vs org {}", f.host, op.id);
        }
    }
}

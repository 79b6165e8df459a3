//! What people's addresses and places say (issue 21): an author's work address is where a
//! person works (affiliation), a country-code domain or a stated place is where people are
//! (location); neither decides who controls a package. Organisations named in metadata by a
//! legal form are organisations.

use cargo_sovereign::model::{EntityKind, Jurisdiction, Party, Signal};

use super::attribution::{author, krate, origin, signals};

/// Issue 21: a contributor's work address made a personal crate "controlled by Google".
#[test]
fn an_authors_work_address_is_affiliation_not_control() {
    let mut p = krate("sap-client");
    p.authors = vec![author("Jane Doe", "jane.doe@sap.com")];
    let o = origin(p);
    // Where the author works, and that the authors are people: a person's own package.
    assert_eq!(signals(&o), vec![Signal::EmailDomain, Signal::PersonalAuthors]);
    assert!(o.evidence[0].claim.contains("works, or worked, at SAP"), "{}", o.evidence[0].claim);
    assert_eq!((o.entity, o.control_country), (None, None));
    assert_eq!((o.entity_kind, o.decided_by), (EntityKind::Individual, Some(Signal::PersonalAuthors)));
    assert_eq!(o.jurisdiction, Jurisdiction::Unknown);

    // A co-author's domain does not decide for everyone (uuid → AU from one address).
    let mut p = krate("two-authors");
    p.authors = vec![author("A", "a@sap.com"), author("B", "b@example.org")];
    assert_eq!(origin(p).entity, None);
}

#[test]
fn every_author_at_one_organisation_names_it_unverified() {
    let mut p = krate("sap-client");
    p.authors = vec![author("A", "a@sap.com"), author("B", "b@sap.com")];
    let o = origin(p);
    // One affiliation row per domain, and the row saying every author shares it.
    assert_eq!(signals(&o), vec![Signal::EmailDomain, Signal::AuthorsDomain, Signal::PersonalAuthors]);
    assert_eq!(o.entity_id.as_deref(), Some("sap"));
    assert_eq!(o.control_country.as_deref(), Some("DE"));
    assert_eq!(o.decided_by, Some(Signal::AuthorsDomain));
    assert!(!o.verified, "an e-mail domain never carries an error-level finding");

    // A fork keeps its upstream's authors: the repository owner outranks them.
    let mut fork = krate("forked");
    fork.authors = vec![author("A", "a@sap.com"), author("B", "b@sap.com")];
    fork.repository = Some("https://github.com/someone-else/forked".into());
    let o = origin(fork);
    assert_eq!(o.entity, None, "{:?}", o.evidence);
}

#[test]
fn an_author_with_a_legal_form_is_an_organisation() {
    let mut p = krate("sync-thing");
    p.authors = vec![Party { name: Some("Example Widgets AG".into()), ..Party::default() }];
    let o = origin(p);
    assert_eq!(signals(&o), vec![Signal::PartyName]);
    assert_eq!(o.entity.as_deref(), Some("Example Widgets AG"));
    assert_eq!(o.entity_kind, EntityKind::Company);
    // `AG` exists in Germany, Austria and Switzerland: no country.
    assert_eq!(o.control_country, None);

    let mut p = krate("finnish-thing");
    p.authors = vec![Party { name: Some("Example Oy".into()), ..Party::default() }];
    assert_eq!(origin(p).control_country.as_deref(), Some("FI"), "Oy exists in Finland alone");
}

#[test]
fn generic_mail_provider_is_not_an_organisation() {
    let mut p = krate("hobby");
    p.authors = vec![author("Jane Doe", "jane@gmail.com")];
    let o = origin(p);
    assert!(o.evidence.iter().all(|e| e.entity.is_none() && e.country.is_none()), "{:?}", o.evidence);
}

/// Issue 21: a personal `.ng` domain made a crate Nigerian.
#[test]
fn a_country_tld_is_the_maintainers_location_never_a_controlling_country() {
    let mut p = krate("hygge");
    p.authors = vec![author("Someone", "someone@example.dk")];
    let o = origin(p);
    assert_eq!(signals(&o), vec![Signal::PersonalAuthors, Signal::CountryTld]);
    assert_eq!(o.entity, None);
    assert_eq!(o.entity_kind, EntityKind::Individual);
    assert_eq!((o.country, o.control_country), (None, None));
    assert_eq!(o.maintainers_location.as_deref(), Some("DK"));
    assert_eq!(o.jurisdiction, Jurisdiction::Unknown);
}

/// Issue 21: mail providers and code hosts under a country-code TLD were read as countries
/// (gmx.se → SE, posteo.de → DE, git.sr.ht → Haiti).
#[test]
fn mail_providers_and_code_hosts_give_no_country() {
    for email in ["a@gmx.se", "a@posteo.de", "a@outlook.es", "a@yandex.ru", "a@live.com.au", "a@lists.sr.ht"]
    {
        let mut p = krate("personal");
        p.authors = vec![author("Someone", email)];
        p.repository = Some("https://git.sr.ht/~someone/personal".into());
        p.homepage = Some("https://someone.srht.site/".into());
        let o = origin(p);
        assert!(o.evidence.iter().all(|e| e.signal == Signal::PersonalAuthors), "{email}: {:?}", o.evidence);
        assert_eq!(o.control_country, None, "{email}");
    }
}

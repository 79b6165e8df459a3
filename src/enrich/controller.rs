//! Who controls a package, as one key for counting controllers (the elephant factor): the
//! organisation or community attribution named, or, for a person's own package, the person's
//! account on the code host (from the repository URL; a person with no repository is one
//! controller per package's first author). Keys are counted, never printed: a person's
//! account name does not reach a report through them.

use crate::model::{hosted, EntityKind, Origin, Package};

/// The controller's key, `None` when nobody is known.
pub fn key(package: &Package, origin: Option<&Origin>) -> Option<String> {
    let origin = origin?;
    if let Some(entity) = origin.entity_id.as_deref().or(origin.entity.as_deref()) {
        return Some(format!("entity:{}", entity.to_lowercase()));
    }
    if origin.entity_kind != EntityKind::Individual {
        return None;
    }
    if let Some(repo) = package.repository.as_deref().and_then(hosted) {
        return Some(format!("person:{}/{}", repo.host, repo.owner.to_lowercase()));
    }
    let author = package.authors.first()?;
    let who = author.name.as_deref().or(author.email.as_deref())?;
    Some(format!("person:{}", who.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Party;

    fn origin(kind: EntityKind, entity: Option<&str>) -> Option<Origin> {
        Some(Origin { entity_kind: kind, entity: entity.map(String::from), ..Origin::default() })
    }

    #[test]
    fn keys_name_the_organisation_or_the_persons_account() {
        let mut p = Package { name: "memchr".into(), ..Package::default() };
        p.repository = Some("https://github.com/BurntSushi/memchr".into());
        assert_eq!(
            key(&p, origin(EntityKind::Individual, None).as_ref()).as_deref(),
            Some("person:github.com/burntsushi")
        );
        assert_eq!(
            key(&p, origin(EntityKind::Company, Some("Acme")).as_ref()).as_deref(),
            Some("entity:acme")
        );
        assert_eq!(key(&p, origin(EntityKind::Unknown, None).as_ref()), None);
        p.repository = None;
        p.authors = vec![Party { name: Some("Jane".into()), ..Party::default() }];
        assert_eq!(key(&p, origin(EntityKind::Individual, None).as_ref()).as_deref(), Some("person:jane"));
        assert_eq!(key(&p, None), None);
    }
}

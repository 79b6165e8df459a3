//! How each `kb lookup` hit reads as text: a title and labelled fields, in the order a person
//! checking an attribution wants them.

use serde::Serialize;

use super::hits::Hit;
use crate::kb::geo::countries;
use crate::kb::vendors::Alternative;

/// The kebab-case name serde gives a unit enum value (`OrgKind::Company` → `company`).
pub(super) fn kebab<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A country code with its name: `US (United States of America)`; `-` for none.
fn country_label(code: Option<&str>) -> String {
    match code {
        Some(c) => match countries::get(c) {
            Some(country) => format!("{c} ({})", country.common_name.unwrap_or(country.name)),
            None => c.to_string(),
        },
        None => "-".to_string(),
    }
}

/// Labelled values, in display order.
pub(super) type Fields = Vec<(&'static str, String)>;

/// The title and fields of one hit.
pub(super) fn describe(hit: &Hit) -> (String, Fields) {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_string());
    match hit {
        Hit::Org(o) => {
            let mut f: Fields = vec![("matched by", o.matched_by.join(", ")), ("kind", kebab(&o.kind))];
            f.push(("country", country_label(o.country.as_deref())));
            if !o.parents.is_empty() {
                f.push(("parents", o.parents.join(" → ")));
            }
            f.push(("controlled from", country_label(o.control_country.as_deref())));
            f.extend(o.wikidata.as_ref().map(|w| ("wikidata", w.clone())));
            f.extend(o.note.as_ref().map(|n| ("note", n.clone())));
            f.push(("source", o.source.clone()));
            (format!("organisation `{}`: {}", o.id, o.name), f)
        }
        Hit::Forge(h) => {
            let mut f: Fields = vec![("kind", kebab(&h.kind))];
            f.extend(h.ecosystem.as_ref().map(|e| ("ecosystem", e.clone())));
            let operator = match &h.operator_name {
                Some(name) => format!("{} ({name})", h.operator),
                None => h.operator.clone(),
            };
            f.push(("operator", operator));
            f.push(("country", country_label(h.country.as_deref())));
            f.push(("controlled from", country_label(h.control_country.as_deref())));
            f.extend(h.note.as_ref().map(|n| ("note", n.clone())));
            f.push(("source", h.source.clone()));
            (format!("forge `{}`", h.host), f)
        }
        Hit::Vendor(v) => {
            let mut f: Fields = vec![("matched by", v.matched_by.join(", ")), ("kind", kebab(&v.kind))];
            f.push(("organisation", v.org.clone()));
            f.push(("controlled from", country_label(v.control_country.as_deref())));
            for a in &v.alternatives {
                f.push(("alternative", alternative_label(a)));
            }
            f.extend(v.note.as_ref().map(|n| ("note", n.clone())));
            f.push(("source", v.source.clone()));
            (format!("vendor `{}`: {}", v.id, v.service), f)
        }
        Hit::License(l) => {
            let f: Fields = vec![
                ("expression", opt(&l.expression)),
                ("category", l.category.to_string()),
                ("licence ids", if l.ids.is_empty() { "-".to_string() } else { l.ids.join(", ") }),
            ];
            ("licence".to_string(), f)
        }
        Hit::Country(c) => {
            let mut f: Fields = vec![("matched by", c.matched_by.clone())];
            f.extend(c.flag.as_ref().map(|fl| ("flag", fl.clone())));
            f.push(("groups", if c.groups.is_empty() { "-".to_string() } else { c.groups.join(", ") }));
            if !c.partial_groups.is_empty() {
                f.push(("partly in", c.partial_groups.join(", ")));
            }
            (format!("country {}: {}", c.code, c.name), f)
        }
        Hit::Jurisdiction(j) => {
            let mut f: Fields = vec![
                ("description", j.description.clone()),
                ("members", format!("{} ({})", j.members.len(), j.members.join(" "))),
            ];
            if !j.partial.is_empty() {
                f.push(("partly", j.partial.join(" ")));
            }
            f.push(("source", j.source.clone()));
            (format!("jurisdiction group `{}`", j.name), f)
        }
        Hit::Location(l) => {
            let f: Fields = vec![
                ("country", country_label(Some(&l.country))),
                ("matched", format!("`{}` ({})", l.matched, l.via)),
                ("confidence", format!("{:.2}", l.confidence)),
            ];
            ("location".to_string(), f)
        }
    }
}

fn alternative_label(a: &Alternative) -> String {
    let mut s = match (&a.name, &a.ecosystem, &a.hint) {
        (Some(name), Some(eco), _) => format!("{eco}:{name}"),
        (_, _, Some(hint)) => hint.clone(),
        _ => String::new(),
    };
    if let Some(org) = &a.org {
        s.push_str(&format!(" [{org}]"));
    }
    if let Some(note) = &a.note {
        s.push_str(&format!(" — {note}"));
    }
    s
}

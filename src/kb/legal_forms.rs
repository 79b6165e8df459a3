//! Legal forms in names: `Actyx AG`, `Materialize, Inc.`, `YesLogic Pty. Ltd.`,
//! `Stichting NLnet`. A name with one is an organisation's, not a person's. A few forms exist in
//! one country only, and then say where the organisation is registered; most (`GmbH`: Germany,
//! Austria, Switzerland; `Inc.`; `B.V.`: the Netherlands and Belgium) say nothing of the country.
//!
//! Source for the forms and the countries that have them: "List of legal entity types by
//! country", <https://en.wikipedia.org/wiki/List_of_legal_entity_types_by_country>.

use crate::kb::fold::normalize;

/// Forms that end a name, as their folded words (the fold drops dots: `B.V.` is `bv`, `Sp. z o.o.`
/// is `sp z oo`), with the country when only one has the form.
const SUFFIXES: &[(&[&str], Option<&str>)] = &[
    (&["gmbh"], None),
    (&["ggmbh"], None),
    (&["ag"], None),
    (&["kg"], None),
    (&["ug"], None),
    (&["se"], None),
    (&["ev"], None),
    (&["inc"], None),
    (&["incorporated"], None),
    (&["corp"], None),
    (&["corporation"], None),
    (&["llc"], None),
    (&["ltd"], None),
    (&["limited"], None),
    (&["plc"], None),
    (&["llp"], None),
    (&["pbc"], None),
    (&["pty", "ltd"], None),
    (&["sa"], None),
    (&["sas"], None),
    (&["sarl"], None),
    (&["sasu"], Some("FR")),
    (&["eurl"], Some("FR")),
    (&["bv"], None),
    (&["nv"], None),
    (&["oy"], Some("FI")),
    (&["oyj"], Some("FI")),
    (&["ab"], None),
    (&["asa"], Some("NO")),
    (&["aps"], Some("DK")),
    (&["ou"], Some("EE")),
    (&["uab"], Some("LT")),
    (&["sp", "z", "oo"], Some("PL")),
    (&["kft"], Some("HU")),
    (&["zrt"], Some("HU")),
    (&["srl"], None),
    (&["spa"], None),
    (&["kk"], Some("JP")),
    (&["aisbl"], None),
    (&["asbl"], None),
    (&["vzw"], Some("BE")),
];

/// Forms that begin a name (`Stichting NLnet`, `Fondation …`).
const PREFIXES: &[&str] = &["stichting", "fondation", "fundacion", "fondazione", "stiftung"];

/// What a name's legal form says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegalForm {
    /// The country registering it, when the form exists in one country alone.
    pub country: Option<&'static str>,
    /// A foundation's form (`Stichting`, `Stiftung`) rather than a company's.
    pub foundation: bool,
}

/// The legal form in `name`, if it has one; a bare form (`Inc.`) is not a name.
pub fn of(name: &str) -> Option<LegalForm> {
    let folded: String = normalize(name).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    if words.len() >= 2 && PREFIXES.contains(&words[0]) {
        return Some(LegalForm { country: None, foundation: true });
    }
    SUFFIXES.iter().find_map(|(form, country)| {
        (words.len() > form.len() && words.ends_with(form) && written_as_a_form(name, form))
            .then_some(LegalForm { country: *country, foundation: false })
    })
}

/// A two-letter form counts only as forms are written, in capitals or with dots (`AG`, `OÜ`,
/// `S.A.`, `e.V.`): `Ou`, `Se` and `Sa` end people's names too. `Oy` is written so.
fn written_as_a_form(name: &str, form: &[&str]) -> bool {
    let [word] = form else { return true };
    if word.len() != 2 || *word == "oy" {
        return true;
    }
    let last = name.trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
    last.contains('.') || !last.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_a_legal_form_are_organisations() {
        for name in ["Actyx AG", "Materialize, Inc.", "YesLogic Pty. Ltd.", "Near Inc", "Acme GmbH"] {
            assert_eq!(of(name), Some(LegalForm { country: None, foundation: false }), "{name}");
        }
        assert_eq!(of("Stichting NLnet").map(|f| f.foundation), Some(true));
        assert_eq!(of("Solita Oy").and_then(|f| f.country), Some("FI"));
        assert_eq!(of("Example Sp. z o.o.").and_then(|f| f.country), Some("PL"));
        assert_eq!(of("Example OÜ").and_then(|f| f.country), Some("EE"));
        assert_eq!(of("Example S.A.").map(|f| f.country), Some(None));
        assert_eq!(of("Example e.V.").map(|f| f.country), Some(None));
    }

    #[test]
    fn people_and_bare_forms_are_not() {
        for name in ["Jane Doe", "Wei Ou", "Ana Sa", "Inc.", "GmbH", "The Tokio project", "Kim Se"] {
            assert_eq!(of(name), None, "{name}");
        }
    }
}

//! `kb validate`: check a user's knowledge-base file before an audit relies on it.
//!
//! `--kb FILE` during an audit stops at the first syntax error and reports index problems
//! without a line. A user writing a file wants every problem at once, each pointing at the
//! entry: so this reads the file entry by entry (a typo in one `[[org]]` does not hide the
//! next), runs the same checks as [`Kb::extend`], and adds the ones only a reviewer would
//! otherwise catch (a country code of the right shape that ISO never assigned, a licence
//! entry without an https source). Reference checks count the file's own organisations even
//! when one of them is faulty, so one mistake is reported once, not again at every reference.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::de::{Deserialize, IntoDeserializer};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::error::{line_column, InputError};
use crate::kb::base::Kb;
use crate::kb::entry_error::{EntryError, EntryKey, Table};
use crate::kb::file::KbFile;
use crate::kb::geo::countries;
use crate::kb::licenses::LicenseEntry;

/// What a valid file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    /// The file as named on the command line.
    pub path: String,
    /// `[[org]]` entries.
    pub orgs: usize,
    /// `[[forge]]` entries.
    pub forges: usize,
    /// `[[vendor]]` entries.
    pub vendors: usize,
    /// `[[license]]` entries.
    pub licenses: usize,
}

impl FileSummary {
    /// One line: `mine.toml: 3 organisations, 1 vendor, 2 licences — valid`.
    pub fn line(&self) -> String {
        let counts = [
            (self.orgs, "organisation", "organisations"),
            (self.forges, "forge", "forges"),
            (self.vendors, "vendor", "vendors"),
            (self.licenses, "licence", "licences"),
        ];
        let parts: Vec<String> = counts
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
            .collect();
        let what = if parts.is_empty() { "no entries".to_string() } else { parts.join(", ") };
        format!("{}: {what} — valid", self.path)
    }
}

/// Reads and validates a file; see [`validate`].
pub fn validate_file(kb: &mut Kb, path: &Path) -> Result<FileSummary, Vec<InputError>> {
    let name = path.display().to_string();
    let text =
        crate::files::read::read_text(path, crate::files::read::Limit::config()).map_err(|e| vec![e])?;
    validate(kb, &name, &text)
}

/// Validates `text` (named `path` in messages) against `kb` and, when it is valid, adds its
/// entries to `kb`, so a later file may refer to this one's organisations. On failure `kb` is
/// unchanged and every problem is returned, located entries first in file order.
pub fn validate(kb: &mut Kb, path: &str, text: &str) -> Result<FileSummary, Vec<InputError>> {
    let root = DeTable::parse(text).map_err(|e| vec![InputError::from_toml(path, text, &e)])?;
    let mut reader =
        Reader { path, text, file: KbFile::default(), at: BTreeMap::new(), problems: Vec::new() };
    for (key, value) in root.get_ref() {
        match key.get_ref().as_ref() {
            "org" => reader.entries(value, Table::Org, |f, e| f.org.push(e)),
            "forge" => reader.entries(value, Table::Forge, |f, e| f.forge.push(e)),
            "vendor" => reader.entries(value, Table::Vendor, |f, e| f.vendor.push(e)),
            "license" => reader.entries(value, Table::License, |f, e| f.license.push(e)),
            other => reader.problem_at(
                key.span().start,
                format!("unknown table `{other}`, expected `org`, `forge`, `vendor` or `license`"),
            ),
        }
    }
    let Reader { file, at, mut problems, .. } = reader;
    for problem in check(kb, &file) {
        // When two entries share the key, a duplicate is reported at the second one and
        // anything else at the first.
        let places = problem.entry.as_ref().and_then(|e| at.get(e));
        let pos = places.and_then(|p| if problem.duplicate { p.get(1).or(p.first()) } else { p.first() });
        problems.push(match pos.copied() {
            Some((line, column)) => InputError::at(path, line, column, problem.to_string()),
            None => problem.in_file(path),
        });
    }
    if problems.is_empty() {
        let summary = FileSummary {
            path: path.to_string(),
            orgs: file.org.len(),
            forges: file.forge.len(),
            vendors: file.vendor.len(),
            licenses: file.license.len(),
        };
        kb.extend(path, file)?;
        return Ok(summary);
    }
    problems.sort_by_key(|p| (p.line.is_none(), p.line, p.column));
    Err(problems)
}

/// The entries read so far, where each one's key is, and the problems found reading them.
struct Reader<'a> {
    path: &'a str,
    text: &'a str,
    file: KbFile,
    /// Each entry → line and column of its `id` (or `host`) value, in file order.
    at: BTreeMap<EntryKey, Vec<(usize, usize)>>,
    problems: Vec<InputError>,
}

impl Reader<'_> {
    fn problem_at(&mut self, offset: usize, message: String) {
        let (line, column) = line_column(self.text, offset);
        self.problems.push(InputError::at(self.path, line, column, message));
    }

    /// Reads every entry of one array of tables, each on its own, so one bad entry does not
    /// hide the others.
    fn entries<T: for<'de> Deserialize<'de>>(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        table: Table,
        push: impl Fn(&mut KbFile, T),
    ) {
        let Some(items) = value.get_ref().as_array() else {
            let message = format!("`{table}` must be an array of tables (`[[{table}]]`)");
            return self.problem_at(value.span().start, message);
        };
        for item in items.iter() {
            let id = item.get_ref().get(table.key_field());
            let offset = id.map_or(item.span().start, |v| v.span().start);
            if let Some(name) = id.and_then(|v| v.get_ref().as_str()) {
                let place = line_column(self.text, offset);
                let entry = EntryKey { table, key: name.to_string() };
                self.at.entry(entry).or_default().push(place);
            }
            match T::deserialize(item.clone().into_deserializer()) {
                Ok(entry) => push(&mut self.file, entry),
                Err(e) => {
                    let message = format!("{table} entry: {}", e.message().trim());
                    self.problem_at(e.span().map_or(offset, |s| s.start), message);
                }
            }
        }
    }
}

/// Every problem with `file` as an extension of `kb`.
fn check(kb: &Kb, file: &KbFile) -> Vec<EntryError> {
    let mut problems = Vec::new();
    if let Err(e) = kb.orgs.clone().extend(file.org.clone()) {
        problems.extend(e);
    }
    if let Err(e) = kb.forges.clone().extend(file.forge.clone()) {
        problems.extend(e);
    }
    if let Err(e) = kb.vendors.clone().extend(file.vendor.clone()) {
        problems.extend(e);
    }
    problems
        .extend(file.org.iter().flat_map(|o| unassigned_country(Table::Org, &o.id, o.country.as_deref())));
    problems.extend(
        file.forge.iter().flat_map(|f| unassigned_country(Table::Forge, &f.host, f.country.as_deref())),
    );
    problems.extend(check_references(kb, file));
    problems.extend(check_licenses(&file.license));
    problems
}

/// A country code of the right shape that is not an assigned ISO 3166-1 code (`XX`, `EU`).
fn unassigned_country(table: Table, key: &str, country: Option<&str>) -> Option<EntryError> {
    let c = country.filter(|c| countries::is_code_shape(c) && !countries::is_code(c))?;
    Some(EntryError::new(table, key, format!("country `{c}` is not an ISO 3166-1 country code")))
}

/// Organisations named by forges and vendors that neither `kb` nor the file define.
fn check_references(kb: &Kb, file: &KbFile) -> Vec<EntryError> {
    let local: BTreeSet<&str> = file.org.iter().map(|o| o.id.as_str()).collect();
    let known = |id: &str| local.contains(id) || kb.orgs.by_id(id).is_some();
    let mut problems = Vec::new();
    for f in file.forge.iter().filter(|f| !known(&f.operator)) {
        let message = format!("operator `{}` is not a known org", f.operator);
        problems.push(EntryError::new(Table::Forge, &f.host, message));
    }
    for v in &file.vendor {
        let alt_orgs = v.alternatives.iter().filter_map(|a| a.org.as_deref());
        for org in std::iter::once(v.org.as_str()).chain(alt_orgs).filter(|o| !known(o)) {
            problems.push(EntryError::new(Table::Vendor, &v.id, format!("org `{org}` is not a known org")));
        }
    }
    problems
}

/// Licence entries: a non-empty id, listed once, with an https source.
fn check_licenses(entries: &[LicenseEntry]) -> Vec<EntryError> {
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    for l in entries {
        let id = l.id.trim();
        if id.is_empty() {
            problems.push(EntryError::new(Table::License, "", "id is empty"));
        } else if !seen.insert(id.to_ascii_lowercase()) {
            problems.push(EntryError::duplicate(Table::License, &l.id, "id listed twice"));
        }
        if !l.source.starts_with("https://") {
            problems.push(EntryError::new(Table::License, &l.id, "source is not an https URL"));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<FileSummary, Vec<String>> {
        let mut kb = Kb::embedded();
        validate(&mut kb, "mine.toml", text).map_err(|e| e.iter().map(ToString::to_string).collect())
    }

    const ORG: &str = "[[org]]\nid = \"acme\"\nname = \"Acme\"\nkind = \"company\"\ncountry = \"DE\"\n\
                       source = \"https://acme.example/\"\n";

    #[test]
    fn a_valid_file_is_summarised_and_added() {
        let text = format!(
            "{ORG}\n[[license]]\nid = \"LicenseRef-Acme\"\ncategory = \"proprietary\"\n\
             source = \"https://acme.example/l\"\n"
        );
        let mut kb = Kb::embedded();
        let s = validate(&mut kb, "mine.toml", &text).unwrap();
        assert_eq!(s.line(), "mine.toml: 1 organisation, 1 licence — valid");
        assert!(kb.orgs.by_id("acme").is_some());
        assert_eq!(run("").unwrap().line(), "mine.toml: no entries — valid");
    }

    #[test]
    fn every_bad_entry_is_reported_at_its_line() {
        let text = format!(
            "{ORG}\n[[org]]\nid = \"beta\"\nnmae = \"B\"\n\n[[forge]]\nhost = \"git.acme.example\"\n\
             kind = \"code-host\"\noperator = \"acme\"\ncountry = 7\nsource = \"https://acme.example/\"\n"
        );
        let errs = run(&text).unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].starts_with("mine.toml:10:1: org entry: unknown field `nmae`"), "{errs:?}");
        assert!(errs[1].starts_with("mine.toml:16:11: forge entry: "), "{errs:?}");
    }

    #[test]
    fn checks_point_at_the_entry_and_do_not_cascade() {
        let text = "[[org]]\nid = \"acme\"\nname = \"Acme\"\nkind = \"company\"\ncountry = \"XX\"\n\
                    source = \"http://acme.example/\"\n\n[[vendor]]\nid = \"acme-cloud\"\norg = \"acme\"\n\
                    service = \"Acme Cloud\"\nkind = \"cloud\"\npatterns = { cargo = [\"acme-cloud-*\"] }\n\
                    alternatives = [{ name = \"x\", ecosystem = \"cargo\", org = \"nobody\" }]\n\
                    source = \"https://acme.example/\"\n";
        let errs = run(text).unwrap_err();
        let want = [
            "mine.toml:2:6: org `acme`: source is not an https URL",
            "mine.toml:2:6: org `acme`: country `XX` is not an ISO 3166-1 country code",
            "mine.toml:9:6: vendor `acme-cloud`: org `nobody` is not a known org",
        ];
        assert_eq!(errs, want);
    }

    #[test]
    fn unknown_tables_syntax_errors_and_licences() {
        let errs = run("[[orgs]]\nid = \"x\"\n").unwrap_err();
        assert_eq!(
            errs,
            ["mine.toml:1:3: unknown table `orgs`, expected `org`, `forge`, `vendor` or `license`"]
        );
        let errs = run("[[org]\n").unwrap_err();
        assert!(errs[0].starts_with("mine.toml:1:"), "{errs:?}");
        let lic = "[[license]]\nid = \"X-1\"\ncategory = \"permissive\"\nsource = \"\"\n";
        let errs = run(&format!("{lic}{lic}")).unwrap_err();
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert!(errs.iter().any(|e| e.contains("id listed twice")), "{errs:?}");
    }
}

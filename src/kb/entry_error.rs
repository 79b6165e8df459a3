//! [`EntryError`]: what is wrong with knowledge-base entries, naming the entry as data.
//!
//! The indexes check every entry they are given (a malformed field, a key two entries claim, a
//! reference to an organisation nobody defines, a parent cycle) and report every problem at
//! once. `kb validate` then points each problem at the line of its entry, and an audit's
//! `--kb FILE` names the file: both need to know which entry a problem is about, so that is
//! carried as a [`Table`] and a key rather than left in the message to be read back.

use std::fmt;

use crate::error::InputError;

/// The array of a knowledge-base file an entry belongs to: `[[org]]`, `[[forge]]`, …
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    /// `[[org]]`, keyed by `id`.
    Org,
    /// `[[forge]]`, keyed by `host`.
    Forge,
    /// `[[vendor]]`, keyed by `id`.
    Vendor,
    /// `[[license]]`, keyed by `id`.
    License,
}

impl Table {
    /// The table's name as a file writes it: `org`, `forge`, `vendor`, `license`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Table::Org => "org",
            Table::Forge => "forge",
            Table::Vendor => "vendor",
            Table::License => "license",
        }
    }

    /// The field that names an entry of this table.
    pub const fn key_field(self) -> &'static str {
        match self {
            Table::Forge => "host",
            Table::Org | Table::Vendor | Table::License => "id",
        }
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of a knowledge-base file, by table and key: ``org `acme` ``.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryKey {
    /// Its table.
    pub table: Table,
    /// Its `id` (or `host`), as written.
    pub key: String,
}

/// A problem with knowledge-base entries. Displayed as ``org `acme`: source is not an https
/// URL``, or the message alone when it is about several entries (a parent cycle).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", prefix(.entry))]
pub struct EntryError {
    /// The entry the problem is about; `None` when it is about several.
    pub entry: Option<EntryKey>,
    /// Whether the problem is a key that another entry claims too (then it is the later
    /// entry's problem).
    pub duplicate: bool,
    /// What is wrong, without the entry.
    pub message: String,
}

impl EntryError {
    /// A problem with one entry.
    pub fn new(table: Table, key: &str, message: impl Into<String>) -> Self {
        EntryError {
            entry: Some(EntryKey { table, key: key.to_string() }),
            duplicate: false,
            message: message.into(),
        }
    }

    /// An entry claims a key that another entry claims too.
    pub fn duplicate(table: Table, key: &str, message: impl Into<String>) -> Self {
        EntryError { duplicate: true, ..EntryError::new(table, key, message) }
    }

    /// A problem of several entries together.
    pub fn of_several(message: impl Into<String>) -> Self {
        EntryError { entry: None, duplicate: false, message: message.into() }
    }

    /// The problem as an error in the file `path`, for a reader that does not locate entries.
    pub fn in_file(&self, path: &str) -> InputError {
        InputError::new(path, self.to_string())
    }
}

/// ``org `acme`: `` in front of a message about that entry; nothing for several entries.
fn prefix(entry: &Option<EntryKey>) -> String {
    match entry {
        Some(EntryKey { table, key }) => format!("{table} `{key}`: "),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_name_the_entry_before_the_message() {
        let e = EntryError::new(Table::Forge, "git.example.org", "a code host has no ecosystem");
        assert_eq!(e.to_string(), "forge `git.example.org`: a code host has no ecosystem");
        assert!(!e.duplicate);
        let d = EntryError::duplicate(Table::License, "", "id listed twice");
        assert_eq!(d.to_string(), "license ``: id listed twice");
        assert!(d.duplicate);
        assert_eq!(
            EntryError::of_several("orgs a, b form a parent cycle").to_string(),
            "orgs a, b form a parent cycle"
        );
        assert_eq!(
            e.in_file("kb.toml").to_string(),
            "kb.toml: forge `git.example.org`: a code host has no ecosystem"
        );
    }
}

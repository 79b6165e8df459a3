//! The knowledge base: curated and derived facts in `data/`, embedded in the binary.
//!
//! Attribution needs facts that no package states about itself: which country a place name
//! belongs to, which countries a policy group such as `eea` contains, that `github.com/aws` is
//! Amazon's and Amazon is controlled from the US, that `boto3` is a client of a proprietary
//! cloud. These facts live as commented TOML and TSV files in `data/`, each entry with a
//! source, so a reviewer can check them and a user can read them. They are embedded with
//! `include_str!` so the tool works offline and gives the same answer everywhere, and parsed
//! lazily, once, on first use.
//!
//! Organisations, forges, vendors and licences are each an entry type plus an index built from
//! a `Vec` of entries, so a user's `--kb FILE` in the same format ([`file::KbFile`]) extends or
//! overrides the embedded data without a second code path; [`base::Kb`] holds the four
//! indexes one audit uses.
//!
//! Where things are, from the bottom up (a file imports only what is below it):
//! - `loaded` (embedded data parsed once, never panicking) and `sorted_lines` (a binary search
//!   over a sorted embedded text), which the embedded tables below share;
//! - `fold` (the one way names are compared: case and accents do not matter), `domains`
//!   (organisation domains, and the mail providers and public suffixes that are none),
//!   `names` (entry ids, organisation names), `glob`, `entry_error` ([`entry_error::EntryError`]:
//!   what is wrong with an entry, naming it);
//! - `licenses/` (licence categories and the reading of declared licences) and `geo/`
//!   (countries, flags, jurisdiction groups, places, free-text locations): embedded data only;
//! - `orgs`, `forges`, `vendors`: the entry types and their indexes; `file`: the file format
//!   made of those entries; `embedded`: the shipped files read in that format; `base`: [`base::Kb`];
//! - `inspect/`: the `kb` subcommand's library side (lookup, stats, validate).

pub mod base;
pub mod domains;
mod embedded;
pub mod entry_error;
pub mod file;
pub mod fold;
pub mod forges;
pub mod geo;
pub mod glob;
pub mod inspect;
pub mod legal_forms;
pub mod licenses;
mod loaded;
pub mod names;
pub mod orgs;
mod sorted_lines;
pub mod vendors;

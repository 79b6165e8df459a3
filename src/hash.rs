//! The hash maps, sets and tables of in-memory indexes (package ids, bom-refs, interned facts).
//!
//! The standard library's SipHash showed in profiles of large inputs and of warm runs; these
//! use foldhash, several times faster on short keys, still seeded at random per process so a
//! crafted input cannot aim for collisions. Nothing iterates over them to produce output
//! (outputs are sorted), so the random order never reaches a report.

/// A `HashMap` with the fast hasher; make one with `HashMap::default()`.
pub type HashMap<K, V> = std::collections::HashMap<K, V, RandomState>;
/// A `HashSet` with the fast hasher; make one with `HashSet::default()`.
pub type HashSet<T> = std::collections::HashSet<T, RandomState>;
/// The fast hasher, for `hashbrown::HashTable`s that hash their entries themselves (an index
/// holding places in a list instead of copies of its keys).
pub type RandomState = foldhash::fast::RandomState;

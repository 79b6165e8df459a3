//! Finding a report's packages by id, for many ids one after another.
//!
//! The reports this tool writes list their packages sorted by id, each once, so an id is found
//! by bisection. Findings are sorted by severity, code and then package, so the ids of a run
//! of findings come in ascending order: each is found by galloping forward from the one before,
//! which reads the package list mostly in order, where a fresh bisection or a hash lookup of
//! a large list costs a trip to memory per step. A report from elsewhere may list its packages
//! in another order: its ids are then found through a hash map, the last package with an id
//! winning (as the SARIF output's map of every id did before).

use super::document::PackageReport;
use crate::hash::HashMap;

/// Looks up ids in a report's package list; see the module documentation.
pub struct Lookup<'a> {
    packages: &'a [PackageReport],
    /// `None` when the packages are sorted by id, each once.
    unsorted: Option<HashMap<&'a str, usize>>,
    /// Where the last id looked up is, or would be.
    cursor: usize,
}

impl<'a> Lookup<'a> {
    /// A lookup over `packages`.
    pub fn new(packages: &'a [PackageReport]) -> Lookup<'a> {
        let sorted = packages.windows(2).all(|w| w[0].id < w[1].id);
        let unsorted = (!sorted).then(|| {
            let mut map: HashMap<&str, usize> = HashMap::default();
            map.reserve(packages.len());
            for (i, p) in packages.iter().enumerate() {
                map.insert(p.id.as_str(), i);
            }
            map
        });
        Lookup { packages, unsorted, cursor: 0 }
    }

    /// The index of the package with this id.
    pub fn index_of(&mut self, id: &str) -> Option<usize> {
        if let Some(map) = &self.unsorted {
            return map.get(id).copied();
        }
        let packages = self.packages;
        let n = packages.len();
        let below = |i: usize| packages[i].id.as_str() < id;
        // From the last place when every id before it is below `id`, from the start otherwise.
        let start = match self.cursor.checked_sub(1) {
            Some(before) if before < n && below(before) => self.cursor,
            _ => 0,
        };
        // Ids before `low` are below `id`; `high` is the end or an id not below it.
        let (mut low, mut high, mut step) = (start, start, 1);
        while high < n && below(high) {
            low = high + 1;
            high = start + step;
            step *= 2;
        }
        let high = high.min(n);
        let at = low + packages[low..high].partition_point(|p| p.id.as_str() < id);
        self.cursor = at;
        (at < n && packages[at].id == id).then_some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packages(ids: &[&str]) -> Vec<PackageReport> {
        let names: Vec<&str> = ids.to_vec();
        crate::report::paths::tests::report(&names, &[], &[]).packages
    }

    #[test]
    fn every_id_is_found_in_any_order_of_asking() {
        let ids: Vec<String> = (0..1000).map(|i| format!("p{:04}", i * 3)).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let list = packages(&refs);
        let mut lookup = Lookup::new(&list);
        // Ascending, descending, jumping about, and ids that are not there (between two,
        // before the first, after the last), each checked against a plain search.
        let mut asked: Vec<String> = (0..3100).map(|i| format!("p{i:04}")).collect();
        asked.extend((0..3100).rev().map(|i| format!("p{i:04}")));
        asked.extend((0..3100).map(|i| format!("p{:04}", (i * 7919) % 3100)));
        asked.extend(["a", "p", "q", "p2997", "p2999", ""].map(String::from));
        for id in &asked {
            let expected = list.iter().position(|p| &p.id == id);
            assert_eq!(lookup.index_of(id), expected, "{id}");
        }
    }

    #[test]
    fn a_list_not_sorted_by_id_is_searched_through_a_map_the_last_package_winning() {
        let mut list = packages(&["a", "b", "c"]);
        list.reverse();
        list.push(list[0].clone());
        let mut lookup = Lookup::new(&list);
        assert_eq!(lookup.index_of("c"), Some(3));
        assert_eq!(lookup.index_of("a"), Some(2));
        assert_eq!(lookup.index_of("d"), None);
        assert_eq!(Lookup::new(&[]).index_of("a"), None);
    }
}

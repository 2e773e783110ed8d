//! The outlets a CSV file's records name, which tell a swallowed row from
//! prose that happens to have a row's shape (see [`SeenOutlets`]).

use std::collections::{HashMap, HashSet};

use super::quotes::unquote;

/// The outlets a CSV file's records name, for the rule that a line swallowed
/// by a quoted field is a row of its own when it has a row's shape and its
/// outlet cell names an outlet that another record of the file uses. Prose
/// in a text field may take a row's shape (`The end,really,yes`); it does
/// not name the file's outlets in the outlet column's place.
///
/// Outlets used before the swallowing record (or by it) are known when it
/// is read; a swallowed line naming an outlet not seen yet is kept as a
/// suspect, and a later record using that outlet convicts it.
#[derive(Debug, Default)]
pub(crate) struct SeenOutlets {
    seen: HashSet<Vec<u8>>,
    /// The first suspect line naming each outlet not seen yet.
    suspects: HashMap<Vec<u8>, Suspect>,
}

/// A swallowed line shaped like a row, naming an outlet not seen yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Suspect {
    /// Line where the quoted field opened.
    pub opened: u64,
    /// The swallowed line.
    pub row: u64,
}

/// Outlets remembered at most: a file of more distinct outlets is checked
/// against its first ones.
const MOST_OUTLETS: usize = 100_000;
/// Suspect lines remembered at most.
const MOST_SUSPECTS: usize = 1_000;

impl SeenOutlets {
    /// Notes the outlet of a record read (as its field holds it); returns
    /// the first suspect line that named it, if any.
    pub(crate) fn record(&mut self, outlet: &[u8]) -> Option<Suspect> {
        let outlet = outlet.trim_ascii();
        if outlet.is_empty() {
            return None;
        }
        if self.seen.len() < MOST_OUTLETS && !self.seen.contains(outlet) {
            self.seen.insert(outlet.to_vec());
        }
        self.suspects.get(outlet).copied()
    }

    /// Whether the swallowed line `cells` (on line `row`, in a field opened
    /// on line `opened`) names an outlet already seen in the outlet column;
    /// if it names another, it is kept as a suspect.
    pub(crate) fn names_seen(&mut self, outlet_cell: &[u8], opened: u64, row: u64) -> bool {
        let outlet = unquote(outlet_cell);
        if self.seen.contains(outlet) {
            return true;
        }
        if self.suspects.len() < MOST_SUSPECTS && !outlet.is_empty() {
            self.suspects
                .entry(outlet.to_vec())
                .or_insert(Suspect { opened, row });
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets_seen_before_and_after() {
        let mut outlets = SeenOutlets::default();
        assert_eq!(outlets.record(b" A "), None);
        assert!(outlets.names_seen(b"\"A\"", 2, 3), "seen, quoted or not");
        assert!(!outlets.names_seen(b"really", 2, 4), "prose: a suspect");
        assert!(!outlets.names_seen(b"B", 5, 6));
        assert!(!outlets.names_seen(b"B", 7, 8), "the first suspect kept");
        assert_eq!(outlets.record(b"C"), None);
        assert_eq!(outlets.record(b"B"), Some(Suspect { opened: 5, row: 6 }));
    }
}

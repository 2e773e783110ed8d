//! Outlet names that differ only in letter case (`Le Monde`, `le monde`,
//! `LE MONDE`): slant keeps them apart, as it cannot know they are one, and
//! warns once per spelling so that they are not split silently.

use std::collections::HashMap;

use super::{Origin, ReadWarning};

/// Outlets remembered at most: a corpus of more distinct outlets is checked
/// against its first ones.
const MOST_OUTLETS: usize = 100_000;

/// The outlets read so far, by their lower-case form.
#[derive(Debug, Default)]
pub(crate) struct OutletCases {
    /// Lower-case form -> every spelling read, each with where it was first
    /// read.
    seen: HashMap<String, Vec<(String, Origin)>>,
    /// The outlet of the record before, checked already: corpora list an
    /// outlet's records together, so most records need no lower-casing.
    last: String,
}

impl OutletCases {
    /// Notes the outlet of a document read at `origin`; the warning when
    /// this is the first record to spell it this way and another spelling
    /// of it in another case was read before.
    pub(crate) fn record(&mut self, outlet: &str, origin: &Origin) -> Option<ReadWarning> {
        if outlet == self.last {
            return None;
        }
        outlet.clone_into(&mut self.last);
        let key = outlet.to_lowercase();
        if !self.seen.contains_key(&key) {
            if self.seen.len() < MOST_OUTLETS {
                self.seen
                    .insert(key, vec![(outlet.to_string(), origin.clone())]);
            }
            return None;
        }
        let spellings = self.seen.get_mut(&key)?;
        if spellings.iter().any(|(s, _)| s == outlet) {
            return None;
        }
        let (first, at) = &spellings[0];
        let message = format!(
            "outlet `{outlet}` differs from `{first}` ({at}) only in letter case, so they are counted as two outlets; if they are one, spell them alike"
        );
        let warning = ReadWarning {
            file: origin.file.to_string(),
            line: origin.line.unwrap_or(1),
            message,
        };
        spellings.push((outlet.to_string(), origin.clone()));
        Some(warning)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn at(line: u64) -> Origin {
        Origin {
            file: Arc::from("c.csv"),
            line: Some(line),
        }
    }

    #[test]
    fn each_other_spelling_warns_once_naming_the_first() {
        let mut cases = OutletCases::default();
        assert_eq!(cases.record("Le Monde", &at(2)), None);
        assert_eq!(cases.record("Le Monde", &at(3)), None);
        let w = cases.record("le monde", &at(4)).unwrap();
        assert_eq!((w.file.as_str(), w.line), ("c.csv", 4));
        assert!(w
            .message
            .contains("`le monde` differs from `Le Monde` (c.csv:2)"));
        assert_eq!(cases.record("le monde", &at(5)), None);
        assert!(cases.record("LE MONDE", &at(6)).is_some());
        assert_eq!(cases.record("Die Zeit", &at(7)), None);
        // beyond ASCII too
        assert_eq!(cases.record("Süddeutsche", &at(8)), None);
        assert!(cases.record("SÜDDEUTSCHE", &at(9)).is_some());
    }
}

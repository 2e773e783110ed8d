//! File-name stems for outlets: one slug per outlet, decided once per
//! report, so that a chart's file and every link to it agree.

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};

/// A slug's length in bytes, at most. Chart names add a prefix, a
/// collision suffix and an extension, and stay far below the 255 bytes
/// file systems allow.
pub const MAX_SLUG: usize = 60;
/// Hex digits of the name's hash appended to a slug that was cut.
const HASH_DIGITS: usize = 8;
/// The slug of a name with no letter or digit.
const EMPTY: &str = "outlet";

/// A file-name-safe version of a name: lower-case letters and digits,
/// each other run of characters one `-`, at most [`MAX_SLUG`] bytes.
/// A longer slug is cut on a character boundary and ends in a hash of
/// the whole name, so names sharing a long prefix keep apart. Different
/// names can share a slug; [`Slugs`] tells them apart.
pub fn slug(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            // Lower case may add a combining mark (`İ`): only letters stay.
            s.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    while s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() {
        return EMPTY.into();
    }
    if s.len() <= MAX_SLUG {
        return s;
    }
    let mut cut = MAX_SLUG - HASH_DIGITS - 1;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s.truncate(cut);
    while s.ends_with('-') {
        s.pop();
    }
    let hash = Sha256::digest(name.as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("{s}-{}", &hex[..HASH_DIGITS])
}

/// Each outlet's file stem, unique within a report.
///
/// Outlets are taken in name order: the first with a given slug keeps it,
/// the later ones get `-2`, `-3`, ... (skipping any stem another outlet
/// has as its own slug), so the stems depend only on the set of names.
#[derive(Debug, Clone, Default)]
pub struct Slugs {
    stems: BTreeMap<String, String>,
}

impl Slugs {
    /// The stems of `outlets` (duplicates are fine).
    pub fn new<'a>(outlets: impl IntoIterator<Item = &'a str>) -> Slugs {
        let names: BTreeSet<&str> = outlets.into_iter().collect();
        let mut taken = BTreeSet::new();
        let mut stems = BTreeMap::new();
        let mut later = Vec::new();
        // First every slug goes to the first of its names, so a name
        // whose slug looks like a suffixed one ("A 2") still keeps it.
        for name in &names {
            let s = slug(name);
            if taken.insert(s.clone()) {
                stems.insert(name.to_string(), s);
            } else {
                later.push((*name, s));
            }
        }
        for (name, s) in later {
            // `taken` is finite, so some suffix is free.
            let mut n = 2;
            let stem = loop {
                let candidate = format!("{s}-{n}");
                if !taken.contains(&candidate) {
                    break candidate;
                }
                n += 1;
            };
            taken.insert(stem.clone());
            stems.insert(name.to_string(), stem);
        }
        Slugs { stems }
    }

    /// The stem of `outlet`; none for an outlet the map was not built with.
    pub fn get(&self, outlet: &str) -> Option<&str> {
        self.stems.get(outlet).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long(prefix: &str) -> String {
        let mut s = prefix.to_string();
        while s.len() < 300 {
            s.push_str(" the very long name of an outlet");
        }
        s
    }

    #[test]
    fn slugs_of_single_names() {
        let cases: &[(&str, &str)] = &[
            ("RT", "rt"),
            ("Caliber.Az", "caliber-az"),
            ("Inter Bellum News", "inter-bellum-news"),
            ("  A -- B  ", "a-b"),
            ("Ukraïnska Pravda", "ukraïnska-pravda"),
            ("Українська Правда", "українська-правда"),
            ("ÉCOLE", "école"),
            ("日本経済新聞", "日本経済新聞"),
            ("", "outlet"),
            ("!!!", "outlet"),
            ("—", "outlet"),
        ];
        for (name, want) in cases {
            assert_eq!(slug(name), *want, "{name:?}");
        }
    }

    #[test]
    fn long_names_are_cut_on_a_char_boundary_with_a_hash() {
        for name in [long("A"), long("Ж"), "ж".repeat(150), "日".repeat(100)] {
            let s = slug(&name);
            assert!(s.len() <= MAX_SLUG, "{s:?}: {} bytes", s.len());
            assert_eq!(s.len(), s.trim_end_matches(char::is_alphanumeric).len() + 8);
            assert_eq!(s, slug(&name), "stable");
        }
        // The hash is of the whole name, pinned so that file names do not
        // change between versions: the first 8 hex digits of its SHA-256.
        assert_eq!(
            slug(&"a".repeat(300)),
            format!("{}-{}", "a".repeat(51), "9835fa6b")
        );
        // Names that agree on the kept prefix still differ.
        assert_ne!(slug(&long("B")), slug(&format!("{} x", long("B"))));
        assert_ne!(slug(&long("B")), slug(&long("b")));
    }

    #[test]
    fn every_outlet_gets_its_own_short_stem() {
        let a300 = long("A");
        let sets: Vec<Vec<&str>> = vec![
            vec!["A B", "A-B", "a_b"],
            vec!["Foo", "foo", "FOO"],
            vec!["a", "A", "a 2", "a-2", "A 3"],
            vec!["", "!!!", "???", "Outlet", "outlet-2"],
            vec!["Ukraïnska Pravda", "UKRAÏNSKA PRAVDA", "Українська Правда"],
            vec![&a300, "A", "a"],
        ];
        for set in &sets {
            let slugs = Slugs::new(set.iter().copied());
            let stems: BTreeSet<&str> = set.iter().map(|o| slugs.get(o).unwrap()).collect();
            assert_eq!(stems.len(), set.len(), "{set:?}: {stems:?}");
            for o in set {
                let stem = slugs.get(o).unwrap();
                assert!(stem.len() <= MAX_SLUG + 4, "{stem:?}");
                assert!(!stem.is_empty());
                assert!(
                    stem.chars().all(|c| c.is_alphanumeric() || c == '-'),
                    "{stem:?}"
                );
            }
            // The stems depend on the names, not on their order.
            let reversed = Slugs::new(set.iter().rev().copied());
            for o in set {
                assert_eq!(slugs.get(o), reversed.get(o), "{o:?}");
            }
        }
    }

    #[test]
    fn the_first_name_keeps_the_plain_slug() {
        let slugs = Slugs::new(["foo", "FOO", "Foo", "A B", "A-B", "a_b", "a 2", "a", "A"]);
        let cases = [
            ("FOO", "foo"),
            ("Foo", "foo-2"),
            ("foo", "foo-3"),
            ("A B", "a-b"),
            ("A-B", "a-b-2"),
            ("a_b", "a-b-3"),
            ("A", "a"),
            ("a 2", "a-2"),
            ("a", "a-3"),
        ];
        for (name, want) in cases {
            assert_eq!(slugs.get(name), Some(want), "{name:?}");
        }
        assert_eq!(slugs.get("bar"), None);
    }
}

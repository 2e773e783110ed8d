//! The ids read so far, for the duplicate-id check, in little memory: per
//! id its 128-bit hash (xxh3) and where it was first read, as an index
//! into the files seen and a line, not the id itself. Two different ids
//! share a hash with probability about n^2 / 2^129 (below 10^-26 for a
//! billion ids).

use std::sync::Arc;

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_128;

use super::Origin;

/// Line of an origin without one.
const NO_LINE: u64 = u64::MAX;

/// Ids seen, each with where it was first read.
#[derive(Debug, Default)]
pub struct SeenIds {
    /// Files in the order first seen: records of one file come together.
    files: Vec<Arc<str>>,
    // Looked up, never iterated: outputs do not depend on hashing.
    first: FxHashMap<u128, (u32, u64)>,
}

impl SeenIds {
    /// Where `id` was first read, if it was.
    pub fn first(&self, id: &str) -> Option<Origin> {
        let &(file, line) = self.first.get(&xxh3_128(id.as_bytes()))?;
        Some(Origin {
            file: self.files.get(file as usize)?.clone(),
            line: (line != NO_LINE).then_some(line),
        })
    }

    /// Notes that `id` was read at `origin`.
    pub fn insert(&mut self, id: &str, origin: &Origin) {
        let same_file = self.files.last().is_some_and(|f| **f == *origin.file);
        if !same_file {
            self.files.push(origin.file.clone());
        }
        let file = (self.files.len() - 1) as u32;
        self.first.insert(
            xxh3_128(id.as_bytes()),
            (file, origin.line.unwrap_or(NO_LINE)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(file: &str, line: Option<u64>) -> Origin {
        Origin {
            file: file.into(),
            line,
        }
    }

    #[test]
    fn an_id_is_found_with_where_it_was_first_read() {
        let mut ids = SeenIds::default();
        ids.insert("a", &at("one.jsonl", Some(3)));
        ids.insert("b", &at("one.jsonl", Some(4)));
        ids.insert("c", &at("dir/c.txt", None));
        ids.insert("d", &at("two.csv", Some(2)));
        assert_eq!(
            ids.first("a").map(|o| o.to_string()).as_deref(),
            Some("one.jsonl:3")
        );
        assert_eq!(
            ids.first("b").map(|o| o.to_string()).as_deref(),
            Some("one.jsonl:4")
        );
        assert_eq!(
            ids.first("c").map(|o| o.to_string()).as_deref(),
            Some("dir/c.txt")
        );
        assert_eq!(
            ids.first("d").map(|o| o.to_string()).as_deref(),
            Some("two.csv:2")
        );
        assert!(ids.first("e").is_none());
        assert!(ids.first("A").is_none(), "ids are compared exactly");
    }
}

//! The duplicate-id check, in two ways.
//!
//! - [`SeenIds`], as each record is read: per id its 128-bit hash (xxh3)
//!   and where it was first read, as an index into the files seen and a
//!   line, not the id itself; about 69 MB per million ids.
//! - [`IdSort`], once the reading is done, in a bounded memory: each id's
//!   hash, its place among the records checked and its line go to an
//!   external sort ([`crate::extsort`]), the ids and file names in input
//!   order to a temporary file; the sorted hashes give the first record
//!   whose id an earlier record used, which is the record [`SeenIds`]
//!   would have stopped at.
//!
//! Two different ids share a hash with probability about n^2 / 2^129
//! (below 10^-26 for a billion ids).

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_128;

use super::{CorpusError, Origin, ProblemKind, RecordProblem};
use crate::extsort::{rewound, Record, Sorter};

/// Line of an origin without one.
const NO_LINE: u64 = u64::MAX;

/// How the reader checks that no two records share an id.
#[derive(Debug, Clone, Default)]
pub enum IdCheck {
    /// Each id as it is read, against every id before it, held in memory
    /// (the default).
    #[default]
    AsRead,
    /// Once the reading is done, by an external sort that spills to the
    /// folder given (the system's temporary folder when `None`): memory
    /// stays flat in the number of records. The first repeated id (in
    /// input order) stops the reading as [`IdCheck::AsRead`] would, but
    /// only after the records after it were read, as its last item or in
    /// place of a later error. With `--on-error skip`, where a repeated
    /// id must be left out as it is read, ids are checked as read.
    AtEnd(Option<PathBuf>),
    /// Known from an earlier pass over the same inputs with the same
    /// options ([`crate::corpus::Reader::known_ids`]): the records that
    /// repeat an id, by their place among the records checked, sorted.
    Known(Arc<[RepeatedId]>),
}

/// A record whose id an earlier record used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatedId {
    /// Its place among the records whose ids were checked, from 0.
    pub index: u64,
    /// Where the id was first used.
    pub first: Origin,
}

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

/// What the sort of ids keeps of a record: the hash of its id, its place
/// among the records checked and its line. Sorted by hash, then place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct IdRecord {
    hash: u128,
    index: u64,
    line: u64,
}

impl Record for IdRecord {
    const BYTES: usize = 32;

    fn put(&self, out: &mut [u8]) {
        out[..16].copy_from_slice(&self.hash.to_le_bytes());
        out[16..24].copy_from_slice(&self.index.to_le_bytes());
        out[24..32].copy_from_slice(&self.line.to_le_bytes());
    }

    fn get(b: &[u8]) -> IdRecord {
        let u64_at = |at: usize| {
            let mut x = [0u8; 8];
            x.copy_from_slice(&b[at..at + 8]);
            u64::from_le_bytes(x)
        };
        let mut hash = [0u8; 16];
        hash.copy_from_slice(&b[..16]);
        IdRecord {
            hash: u128::from_le_bytes(hash),
            index: u64_at(16),
            line: u64_at(24),
        }
    }
}

/// File-name length that means "the file of the record before".
const SAME_FILE: u32 = u32::MAX;

/// Ids checked once the reading is done ([`IdCheck::AtEnd`]).
#[derive(Debug)]
pub struct IdSort {
    dir: PathBuf,
    sorter: Sorter<IdRecord>,
    /// Per record in input order: its id, and its file when it differs from
    /// the record before's.
    names: BufWriter<File>,
    last_file: Option<Arc<str>>,
    count: u64,
}

impl IdSort {
    /// An empty check spilling to `dir` (the system's temporary folder
    /// when `None`).
    pub fn new(dir: Option<&Path>) -> Result<IdSort, CorpusError> {
        let folder = dir.map_or_else(std::env::temp_dir, Path::to_path_buf);
        let names = match dir {
            Some(d) => tempfile::tempfile_in(d),
            None => tempfile::tempfile(),
        };
        let names = names.map_err(|source| CorpusError::Read {
            path: folder.clone(),
            source,
        })?;
        Ok(IdSort {
            sorter: Sorter::new(Some(&folder)),
            dir: folder,
            names: BufWriter::with_capacity(1 << 16, names),
            last_file: None,
            count: 0,
        })
    }

    fn error(&self, source: io::Error) -> CorpusError {
        CorpusError::Read {
            path: self.dir.clone(),
            source,
        }
    }

    /// Notes the next record's id, read at `origin`.
    pub fn push(&mut self, id: &str, origin: &Origin) -> Result<(), CorpusError> {
        let record = IdRecord {
            hash: xxh3_128(id.as_bytes()),
            index: self.count,
            line: origin.line.unwrap_or(NO_LINE),
        };
        self.count += 1;
        let same = self.last_file.as_deref() == Some(&*origin.file);
        let written = self.sorter.push(record).and_then(|()| {
            write_str(&mut self.names, id)?;
            if same {
                self.names.write_all(&SAME_FILE.to_le_bytes())
            } else {
                write_str(&mut self.names, &origin.file)
            }
        });
        written.map_err(|e| self.error(e))?;
        if !same {
            self.last_file = Some(origin.file.clone());
        }
        Ok(())
    }

    /// The first record (in input order) whose id an earlier record used,
    /// as the problem [`SeenIds`] gives: its origin and id, and where the
    /// id was first used.
    pub fn finish(self) -> Result<Option<RecordProblem>, CorpusError> {
        let dir = self.dir;
        let err = |source| CorpusError::Read {
            path: dir.clone(),
            source,
        };
        let names = self.names;
        let Some((first, repeat)) = first_repeat(self.sorter).map_err(err)? else {
            return Ok(None);
        };
        let mut names = rewound(names).map_err(err)?;
        let [(_, first_file), (id, repeat_file)] =
            read_names(&mut names, [first.index, repeat.index]).map_err(err)?;
        let at = |file: String, line: u64| Origin {
            file: file.into(),
            line: (line != NO_LINE).then_some(line),
        };
        Ok(Some(RecordProblem {
            origin: at(repeat_file, repeat.line),
            id: Some(id),
            kind: ProblemKind::DuplicateId {
                first: at(first_file, first.line),
            },
        }))
    }
}

/// Of the sorted records, the first use and the repeat of the id repeated
/// first (the lowest place among second uses).
fn first_repeat(sorter: Sorter<IdRecord>) -> io::Result<Option<(IdRecord, IdRecord)>> {
    let mut best: Option<(IdRecord, IdRecord)> = None;
    let mut group: Option<(IdRecord, bool)> = None;
    for r in sorter.finish()? {
        let r = r?;
        match &mut group {
            Some((first, seen_second)) if first.hash == r.hash => {
                if !*seen_second && best.is_none_or(|(_, b)| r.index < b.index) {
                    best = Some((*first, r));
                }
                *seen_second = true;
            }
            _ => group = Some((r, false)),
        }
    }
    Ok(best)
}

fn write_str(w: &mut impl Write, s: &str) -> io::Result<()> {
    let len = u32::try_from(s.len()).map_err(|_| io::Error::other("a name over 4 GB"))?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(s.as_bytes())
}

/// The id and file of the records at places `want` (ascending), read in
/// one pass over the names.
fn read_names(names: &mut File, want: [u64; 2]) -> io::Result<[(String, String); 2]> {
    let mut r = BufReader::new(names);
    let mut out: [(String, String); 2] = Default::default();
    let mut file = String::new();
    for index in 0..=want[1] {
        let id = read_str(&mut r)?.unwrap_or_default();
        if let Some(f) = read_str(&mut r)? {
            file = f;
        }
        for (k, &w) in want.iter().enumerate() {
            if w == index {
                out[k] = (id.clone(), file.clone());
            }
        }
    }
    Ok(out)
}

/// A length-prefixed string; `None` for [`SAME_FILE`].
fn read_str(r: &mut impl Read) -> io::Result<Option<String>> {
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let len = u32::from_le_bytes(len);
    if len == SAME_FILE {
        return Ok(None);
    }
    let mut bytes = vec![0u8; len as usize];
    r.read_exact(&mut bytes)?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
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

    /// The problem [`SeenIds`] gives for `ids` read in order, one per
    /// line of `file`, or `None`.
    fn as_read(ids: &[String], file: &str) -> Option<String> {
        let mut seen = SeenIds::default();
        for (k, id) in ids.iter().enumerate() {
            let origin = at(file, Some(k as u64 + 1));
            if let Some(first) = seen.first(id) {
                return Some(format!(
                    "{origin}: document `{id}`: duplicate id, first used at {first}"
                ));
            }
            seen.insert(id, &origin);
        }
        None
    }

    fn at_end(ids: &[String], files: &[&str]) -> Option<String> {
        let mut sort = IdSort::new(None).unwrap();
        for (k, id) in ids.iter().enumerate() {
            let file = files[k * files.len() / ids.len().max(1)];
            sort.push(id, &at(file, Some(k as u64 + 1))).unwrap();
        }
        sort.finish().unwrap().map(|p| p.to_string())
    }

    #[test]
    fn the_sort_finds_the_id_that_reading_would_stop_at() {
        // ids drawn from a range about the size of the list repeat a few
        // times; from a wide range, rarely or never. 10,000 ids fill
        // several runs of the sort.
        let mut x: u64 = 7;
        for (n, range) in [
            (0, 1),
            (1, 1),
            (2, 1),
            (50, 40),
            (10_000, 9_000_000),
            (10_000, 20_000),
        ] {
            let ids: Vec<String> = (0..n)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    format!("id-{}", x % range)
                })
                .collect();
            let want = as_read(&ids, "c.jsonl");
            assert_eq!(at_end(&ids, &["c.jsonl"]), want, "{n} ids below {range}");
        }
        // the repeat found last in the sorted order is the first read
        let ids: Vec<String> = ["z", "a", "b", "a", "z"].map(String::from).to_vec();
        assert_eq!(
            at_end(&ids, &["c.jsonl"]).as_deref(),
            Some("c.jsonl:4: document `a`: duplicate id, first used at c.jsonl:2")
        );
    }

    #[test]
    fn the_sort_names_the_files_of_both_records() {
        let ids: Vec<String> = ["a", "b", "c", "d", "e", "b"].map(String::from).to_vec();
        assert_eq!(
            at_end(&ids, &["one.csv", "two.jsonl", "dir/x.txt"]).as_deref(),
            Some("dir/x.txt:6: document `b`: duplicate id, first used at one.csv:2")
        );
        let mut sort = IdSort::new(None).unwrap();
        sort.push("a", &at("dir/a.txt", None)).unwrap();
        sort.push("a", &at("dir/b.txt", None)).unwrap();
        assert_eq!(
            sort.finish().unwrap().map(|p| p.to_string()).as_deref(),
            Some("dir/b.txt: document `a`: duplicate id, first used at dir/a.txt")
        );
    }
}

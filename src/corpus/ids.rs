//! The duplicate-id check, in two ways.
//!
//! - [`SeenIds`], as each record is read: per id its 128-bit hash (xxh3)
//!   and where it was first read, as an index into the files seen and a
//!   line, not the id itself; about 69 MB per million ids.
//! - [`IdSort`], once a reading is done, in a bounded memory: each id's
//!   hash, its place among the records checked, its file (an index into
//!   the files read) and line go to an external sort
//!   ([`crate::extsort`]), the ids in input order to a temporary file; the
//!   sorted hashes give the first record whose id an earlier record used,
//!   which is the record [`SeenIds`] would have stopped at, or every such
//!   record ([`IdSort::repeats`]), the records [`SeenIds`] would have
//!   skipped.
//!
//! Two different ids share a hash with probability about n^2 / 2^129
//! (below 10^-26 for a billion ids).

use std::fs::File;
use std::io::{self, BufReader, BufWriter};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_128;

pub use super::known_ids::{KnownRepeats, RepeatedId};
use super::known_ids::{RepeatRecord, NO_LINE};
use super::{CorpusError, Origin, ProblemKind, RecordProblem};
use crate::extsort::{read_str, rewound, write_str, GetFields, PutFields, Record, Sorter};

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
    /// id must be left out as it is read, as [`IdCheck::Ahead`].
    AtEnd(Option<PathBuf>),
    /// In a reading of their own before the documents are read, by the
    /// same sort: the records that repeat an id are then known as they are
    /// read, and stop or are skipped exactly where [`IdCheck::AsRead`]
    /// would, at the cost of reading the inputs twice. Standard input is
    /// copied aside to be read again (to the reading's spool when it has
    /// one).
    Ahead(Option<PathBuf>),
    /// Known from an earlier reading of the same inputs with the same
    /// options ([`crate::corpus::Reader::known_ids`]): the records that
    /// repeat an id, by their place among the records checked.
    Known(Arc<KnownRepeats>),
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
/// among the records checked, its line and its file (an index into the
/// files read). Sorted by hash, then place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct IdRecord {
    hash: u128,
    index: u64,
    line: u64,
    file: u32,
}

impl Record for IdRecord {
    const BYTES: usize = 36;

    fn put(&self, out: &mut [u8]) {
        PutFields::new(out)
            .put(self.hash)
            .put(self.index)
            .put(self.line)
            .put(self.file);
    }

    fn get(b: &[u8]) -> IdRecord {
        let mut f = GetFields::new(b);
        IdRecord {
            hash: f.get(),
            index: f.get(),
            line: f.get(),
            file: f.get(),
        }
    }
}

/// Ids checked once the reading is done ([`IdCheck::AtEnd`]).
#[derive(Debug)]
pub struct IdSort {
    dir: PathBuf,
    sorter: Sorter<IdRecord>,
    /// Per record in input order, its id.
    names: BufWriter<File>,
    /// The files read, in order (a directory's documents are a file each).
    files: Vec<Arc<str>>,
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
            files: Vec::new(),
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
        if self.files.last().is_none_or(|f| **f != *origin.file) {
            self.files.push(origin.file.clone());
        }
        let record = IdRecord {
            hash: xxh3_128(id.as_bytes()),
            index: self.count,
            line: origin.line.unwrap_or(NO_LINE),
            file: (self.files.len() - 1) as u32,
        };
        self.count += 1;
        let written = self
            .sorter
            .push(record)
            .and_then(|()| write_str(&mut self.names, id));
        written.map_err(|e| self.error(e))
    }

    /// Every record (in input order) whose id an earlier record used, with
    /// where the id was first used: the records [`SeenIds`] finds
    /// repeated, written to a temporary file beside the sort's runs.
    pub fn repeats(self) -> Result<KnownRepeats, CorpusError> {
        let dir = self.dir;
        let err = |source| CorpusError::Read {
            path: dir.clone(),
            source,
        };
        let mut later: Sorter<RepeatRecord> = Sorter::new(Some(&dir));
        let mut first: Option<IdRecord> = None;
        for r in self.sorter.finish().map_err(err)? {
            let r = r.map_err(err)?;
            match first {
                Some(f) if f.hash == r.hash => later
                    .push(RepeatRecord {
                        index: r.index,
                        file: f.file,
                        line: f.line,
                    })
                    .map_err(err)?,
                _ => first = Some(r),
            }
        }
        let sorted = later.finish().map_err(err)?;
        KnownRepeats::write(sorted, self.files, Some(&dir)).map_err(err)
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
        let id = read_id(&mut names, repeat.index).map_err(err)?;
        let files = self.files;
        let at = |r: IdRecord| Origin {
            file: files
                .get(r.file as usize)
                .cloned()
                .unwrap_or_else(|| "".into()),
            line: (r.line != NO_LINE).then_some(r.line),
        };
        Ok(Some(RecordProblem {
            origin: at(repeat),
            id: Some(id),
            kind: ProblemKind::DuplicateId { first: at(first) },
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

/// The id of the record at place `want`, read from the ids in order.
fn read_id(names: &mut File, want: u64) -> io::Result<String> {
    let mut r = BufReader::new(names);
    let mut id = String::new();
    for _ in 0..=want {
        id = read_str(&mut r)?;
    }
    Ok(id)
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

    /// `n` ids `id-0` .. below `range`, drawn by xorshift from `x`.
    fn random_ids(x: &mut u64, n: usize, range: u64) -> Vec<String> {
        (0..n)
            .map(|_| {
                *x ^= *x << 13;
                *x ^= *x >> 7;
                *x ^= *x << 17;
                format!("id-{}", *x % range)
            })
            .collect()
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
            let ids = random_ids(&mut x, n, range);
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

    /// Every repeat the sort finds, as `file:line first-file:line`, read
    /// back through a cursor; and as a check as read finds them.
    fn repeats_both_ways(ids: &[String], files: &[&str]) -> (Vec<String>, Vec<String>) {
        let origin = |k: usize| at(files[k * files.len() / ids.len()], Some(k as u64 + 1));
        let mut sort = IdSort::new(None).unwrap();
        let mut seen = SeenIds::default();
        let mut want = Vec::new();
        for (k, id) in ids.iter().enumerate() {
            sort.push(id, &origin(k)).unwrap();
            match seen.first(id) {
                Some(first) => want.push(format!("{} {first}", origin(k))),
                None => seen.insert(id, &origin(k)),
            }
        }
        let mut cursor = super::super::known_ids::Cursor::new(Arc::new(sort.repeats().unwrap()));
        let got = (0..ids.len())
            .filter_map(|k| {
                let first = cursor.at(k as u64).unwrap()?;
                Some(format!("{} {first}", origin(k)))
            })
            .collect();
        (got, want)
    }

    #[test]
    fn the_sort_finds_every_repeat_that_reading_would_skip() {
        // repeats early, late, three times and more, across files; 10,000
        // ids fill several runs of the sort
        let mut x: u64 = 11;
        for (n, range) in [(1, 1), (3, 1), (50, 40), (10_000, 20_000), (10_000, 3_000)] {
            let ids = random_ids(&mut x, n, range);
            let (got, want) = repeats_both_ways(&ids, &["a.jsonl", "b.csv", "dir/c.txt"]);
            assert_eq!(got, want, "{n} ids below {range}");
        }
        let ids: Vec<String> = ["a", "a", "b", "a", "c", "b"].map(String::from).to_vec();
        let (got, _) = repeats_both_ways(&ids, &["one.jsonl", "two.jsonl"]);
        assert_eq!(
            got,
            [
                "one.jsonl:2 one.jsonl:1",
                "two.jsonl:4 one.jsonl:1",
                "two.jsonl:6 one.jsonl:3"
            ]
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

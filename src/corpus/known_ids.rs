//! The records that repeat an id, learnt by one reading and consulted by
//! the readings after it in record order ([`super::IdCheck::Known`]).
//!
//! Found by the sort of ids ([`super::ids::IdSort::repeats`]) they are
//! written in order to an anonymous temporary file, 20 bytes a record, and
//! each reading walks them with a cursor that holds [`CHUNK`] of them: a
//! reading's memory does not grow with the number of repeats. A check in
//! memory ([`super::IdCheck::AsRead`]) hands its list over as it is.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::sync::{Arc, Mutex};

use super::Origin;
use crate::extsort::{rewound, temp_file, GetFields, PutFields, Record};

/// Line of an origin without one.
pub(super) const NO_LINE: u64 = u64::MAX;

/// Repeats a cursor reads from the file at a time.
const CHUNK: usize = 4096;

/// A record whose id an earlier record used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatedId {
    /// Its place among the records whose ids were checked, from 0.
    pub index: u64,
    /// Where the id was first used.
    pub first: Origin,
}

/// A repeat as the sort and the file keep it: its place, and the file (an
/// index into the files read) and line where the id was first used.
/// Sorted by place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct RepeatRecord {
    pub index: u64,
    pub file: u32,
    pub line: u64,
}

impl Record for RepeatRecord {
    const BYTES: usize = 20;

    fn put(&self, out: &mut [u8]) {
        PutFields::new(out)
            .put(self.index)
            .put(self.file)
            .put(self.line);
    }

    fn get(b: &[u8]) -> RepeatRecord {
        let mut f = GetFields::new(b);
        RepeatRecord {
            index: f.get(),
            file: f.get(),
            line: f.get(),
        }
    }
}

/// The records that repeat an id, in record order.
#[derive(Debug)]
pub struct KnownRepeats {
    store: Store,
}

#[derive(Debug)]
enum Store {
    /// A list in memory (from a check as read).
    Memory(Vec<RepeatedId>),
    /// `len` [`RepeatRecord`]s in a file, and the files they name.
    Disk {
        file: Mutex<File>,
        len: u64,
        files: Vec<Arc<str>>,
    },
}

impl KnownRepeats {
    /// No repeats.
    pub fn none() -> KnownRepeats {
        KnownRepeats::from(Vec::new())
    }

    /// The repeats `sorted` (by place), written to a temporary file in
    /// `dir` (the system's when `None`); `files` are the files they name.
    pub(super) fn write(
        sorted: impl Iterator<Item = io::Result<RepeatRecord>>,
        files: Vec<Arc<str>>,
        dir: Option<&std::path::Path>,
    ) -> io::Result<KnownRepeats> {
        let mut w = BufWriter::with_capacity(1 << 16, temp_file(dir)?);
        let mut rec = [0u8; RepeatRecord::BYTES];
        let mut len = 0u64;
        for r in sorted {
            r?.put(&mut rec);
            w.write_all(&rec)?;
            len += 1;
        }
        Ok(KnownRepeats {
            store: Store::Disk {
                file: Mutex::new(rewound(w)?),
                len,
                files,
            },
        })
    }

    /// How many records repeat an id.
    pub fn len(&self) -> u64 {
        match &self.store {
            Store::Memory(list) => list.len() as u64,
            Store::Disk { len, .. } => *len,
        }
    }

    /// Whether no record repeats an id.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Up to [`CHUNK`] repeats from the `from`-th, in order.
    fn chunk(&self, from: u64) -> io::Result<Vec<RepeatedId>> {
        match &self.store {
            Store::Memory(list) => Ok(list
                .iter()
                .skip(from as usize)
                .take(CHUNK)
                .cloned()
                .collect()),
            Store::Disk { file, len, files } => {
                let n = (*len).saturating_sub(from).min(CHUNK as u64) as usize;
                let mut bytes = vec![0u8; n * RepeatRecord::BYTES];
                {
                    let mut f = file.lock().unwrap_or_else(|e| e.into_inner());
                    f.seek(SeekFrom::Start(from * RepeatRecord::BYTES as u64))?;
                    f.read_exact(&mut bytes)?;
                }
                bytes
                    .chunks_exact(RepeatRecord::BYTES)
                    .map(|b| {
                        let r = RepeatRecord::get(b);
                        let file = files.get(r.file as usize).cloned().ok_or_else(|| {
                            io::Error::new(io::ErrorKind::InvalidData, "a repeat names no file")
                        })?;
                        Ok(RepeatedId {
                            index: r.index,
                            first: Origin {
                                file,
                                line: (r.line != NO_LINE).then_some(r.line),
                            },
                        })
                    })
                    .collect()
            }
        }
    }
}

impl From<Vec<RepeatedId>> for KnownRepeats {
    fn from(list: Vec<RepeatedId>) -> KnownRepeats {
        KnownRepeats {
            store: Store::Memory(list),
        }
    }
}

/// A reading's walk through the known repeats, in record order.
#[derive(Debug)]
pub(super) struct Cursor {
    pub known: Arc<KnownRepeats>,
    /// Repeats read from the store so far.
    taken: u64,
    ahead: std::collections::VecDeque<RepeatedId>,
}

impl Cursor {
    pub fn new(known: Arc<KnownRepeats>) -> Cursor {
        Cursor {
            known,
            taken: 0,
            ahead: Default::default(),
        }
    }

    /// Where the id of the record at place `index` was first used, if it
    /// repeats one. Places come in increasing order.
    pub fn at(&mut self, index: u64) -> io::Result<Option<Origin>> {
        loop {
            if self.ahead.is_empty() {
                if self.taken >= self.known.len() {
                    return Ok(None);
                }
                let chunk = self.known.chunk(self.taken)?;
                self.taken += chunk.len() as u64;
                self.ahead.extend(chunk);
            }
            match self.ahead.front() {
                Some(r) if r.index < index => {
                    self.ahead.pop_front();
                }
                Some(r) if r.index == index => {
                    return Ok(self.ahead.pop_front().map(|r| r.first));
                }
                _ => return Ok(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(file: &str, line: u64) -> Origin {
        Origin {
            file: file.into(),
            line: Some(line),
        }
    }

    #[test]
    fn a_cursor_finds_each_repeat_in_memory_and_on_disk() {
        // 10,000 repeats, every third place: more than two chunks
        let places: Vec<u64> = (0..10_000u64).map(|k| 3 * k + 1).collect();
        let files: Vec<Arc<str>> = vec!["a.jsonl".into(), "b.csv".into()];
        let records = places.iter().map(|&index| {
            Ok(RepeatRecord {
                index,
                file: (index % 2) as u32,
                line: index / 2,
            })
        });
        let disk = KnownRepeats::write(records, files.clone(), None).unwrap();
        let memory = KnownRepeats::from(
            places
                .iter()
                .map(|&index| RepeatedId {
                    index,
                    first: origin(&files[(index % 2) as usize], index / 2),
                })
                .collect::<Vec<_>>(),
        );
        for known in [disk, memory] {
            assert_eq!(known.len(), 10_000);
            let mut cursor = Cursor::new(Arc::new(known));
            for index in 0..30_005u64 {
                let want = (index % 3 == 1 && index < 30_000)
                    .then(|| origin(&files[(index % 2) as usize], index / 2));
                assert_eq!(cursor.at(index).unwrap(), want, "place {index}");
            }
        }
        let mut none = Cursor::new(Arc::new(KnownRepeats::none()));
        assert_eq!(none.at(0).unwrap(), None);
    }
}

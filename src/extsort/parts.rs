//! A sorter's records read back in parts by key range, each part merged
//! on its own and all of them at once: the runs on disk are read with
//! positioned reads, which share no file cursor, so parts can be merged
//! on as many threads as there are parts. A part's start in each run is
//! found by a binary search of the run's fixed-size records.

use std::fs::File;
use std::io;

use super::{read_exact_at, Merge, Record, Sorter, Source};

/// Every record of a sorter, kept for reading in parts
/// ([`Parts::between`]).
#[derive(Debug)]
pub struct Parts<R> {
    /// Sorted runs on disk, with their records.
    files: Vec<(File, u64)>,
    /// The last records, sorted in memory.
    memory: Vec<R>,
    /// Files the sorter kept for runs to come: closed with the parts.
    _spare: Vec<File>,
}

impl<R: Record> Sorter<R> {
    /// Every record added, for reading in parts by key range; the records
    /// in memory stay there.
    pub fn into_parts(mut self) -> io::Result<Parts<R>> {
        let mut memory = std::mem::take(&mut self.run);
        memory.sort_unstable();
        let files = self
            .runs
            .into_iter()
            .map(|(_, f)| {
                let records = f.metadata()?.len() / R::BYTES as u64;
                Ok((f, records))
            })
            .collect::<io::Result<Vec<_>>>()?;
        Ok(Parts {
            files,
            memory,
            _spare: self.free,
        })
    }
}

impl<R: Record + Clone> Parts<R> {
    /// The records `r` with `from <= r` (when given) and `r < to` (when
    /// given), in order. Parts may be read at the same time.
    pub fn between(&self, from: Option<&R>, to: Option<&R>) -> io::Result<Merge<R, RunPart<'_>>> {
        let mut parts = Vec::with_capacity(self.files.len());
        for (file, records) in &self.files {
            let start = match from {
                Some(key) => first_at_least::<R>(file, *records, key)?,
                None => 0,
            };
            let end = match to {
                Some(key) => first_at_least::<R>(file, *records, key)?,
                None => *records,
            };
            parts.push(RunPart {
                file,
                at: start * R::BYTES as u64,
                end: end.max(start) * R::BYTES as u64,
                buf: Vec::new(),
                pos: 0,
            });
        }
        let start = from.map_or(0, |key| self.memory.partition_point(|r| r < key));
        let end = to.map_or(self.memory.len(), |key| {
            self.memory.partition_point(|r| r < key)
        });
        let memory = self.memory[start..end.max(start)].to_vec();
        Merge::from_sources(parts, memory)
    }
}

/// The index of the first record not below `key` in a sorted run of
/// `records` records.
fn first_at_least<R: Record>(file: &File, records: u64, key: &R) -> io::Result<u64> {
    let mut rec = vec![0u8; R::BYTES];
    let (mut lo, mut hi) = (0u64, records);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        read_exact_at(file, &mut rec, mid * R::BYTES as u64)?;
        if R::get(&rec) < *key {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    Ok(lo)
}

/// Records of a run read from a byte range of its file, buffered.
pub struct RunPart<'a> {
    file: &'a File,
    /// Where the next read starts, and where the range ends.
    at: u64,
    end: u64,
    buf: Vec<u8>,
    /// The next record in `buf`.
    pos: usize,
}

/// Records read at once from a run, at most.
const BUFFERED: usize = 1024;

impl Source for RunPart<'_> {
    fn next_into(&mut self, rec: &mut [u8]) -> io::Result<bool> {
        if self.pos >= self.buf.len() {
            let left = self.end - self.at;
            if left == 0 {
                return Ok(false);
            }
            let n = left.min((BUFFERED * rec.len()) as u64) as usize;
            self.buf.resize(n, 0);
            read_exact_at(self.file, &mut self.buf, self.at)?;
            self.at += n as u64;
            self.pos = 0;
        }
        rec.copy_from_slice(&self.buf[self.pos..self.pos + rec.len()]);
        self.pos += rec.len();
        Ok(true)
    }
}

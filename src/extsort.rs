//! An external sort of fixed-size records, so that a check over every
//! record of a corpus (are two ids the same? in how many documents does a
//! line occur?) holds a bounded number of records in memory however large
//! the corpus: records are gathered in a run of [`RUN`] records; a full
//! run is sorted and written to an anonymous temporary file; runs are
//! merged [`FAN_IN`] at a time as they pile up (a run of level `k + 1`
//! holds [`FAN_IN`] runs of level `k`), and the runs left at the end are
//! merged as they are read. A corpus smaller than one run is sorted in
//! memory and never touches the disk.
//!
//! Records compare by their whole value ([`Ord`]), so equal records are
//! identical and the output is the same whatever the run size.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Records sorted in memory before a run is written: what a sorter holds.
pub const RUN: usize = 4096;

/// Runs merged into one at a time, and the most read at once.
pub const FAN_IN: usize = 32;

/// A record of fixed size.
pub trait Record: Ord + Sized {
    /// Bytes of a record on disk.
    const BYTES: usize;
    /// Writes the record into `out` (`BYTES` long).
    fn put(&self, out: &mut [u8]);
    /// Reads a record from `bytes` (`BYTES` long).
    fn get(bytes: &[u8]) -> Self;
}

/// Records gathered in any order, read back sorted.
#[derive(Debug)]
pub struct Sorter<R> {
    dir: Option<PathBuf>,
    run: Vec<R>,
    cap: usize,
    /// Sorted runs on disk, each with its level.
    runs: Vec<(u32, File)>,
    /// Files of runs already merged, emptied, for the next runs: creating
    /// a file costs the file system far more than emptying one, and a
    /// sorter of a large corpus writes thousands of runs.
    free: Vec<File>,
}

impl<R: Record> Sorter<R> {
    /// A sorter that writes its runs to temporary files in `dir` (the
    /// system's temporary folder when `None`), [`RUN`] records a run.
    pub fn new(dir: Option<&Path>) -> Sorter<R> {
        Sorter::with_run(dir, RUN)
    }

    /// A sorter with runs of `cap` records (at least 1).
    pub fn with_run(dir: Option<&Path>, cap: usize) -> Sorter<R> {
        Sorter {
            dir: dir.map(Path::to_path_buf),
            run: Vec::new(),
            cap: cap.max(1),
            runs: Vec::new(),
            free: Vec::new(),
        }
    }

    /// Adds a record.
    pub fn push(&mut self, r: R) -> io::Result<()> {
        self.run.push(r);
        if self.run.len() >= self.cap {
            self.spill()?;
        }
        Ok(())
    }

    /// Writes the run in memory to disk, and merges full levels.
    fn spill(&mut self) -> io::Result<()> {
        let mut run = std::mem::take(&mut self.run);
        run.sort_unstable();
        let mut w = self.temp()?;
        let mut rec = vec![0u8; R::BYTES];
        for r in &run {
            r.put(&mut rec);
            w.write_all(&rec)?;
        }
        self.runs.push((0, run_file(w)?));
        run.clear();
        self.run = run;
        while self.runs.len() >= FAN_IN {
            let level = self.runs[self.runs.len() - FAN_IN].0;
            if self.runs[self.runs.len() - FAN_IN..]
                .iter()
                .any(|(l, _)| *l != level)
            {
                break;
            }
            let full: Vec<File> = self
                .runs
                .drain(self.runs.len() - FAN_IN..)
                .map(|(_, f)| f)
                .collect();
            let mut w = self.temp()?;
            let mut merge = Merge::<R>::new(full, Vec::new())?;
            for r in merge.by_ref() {
                r?.put(&mut rec);
                w.write_all(&rec)?;
            }
            self.runs.push((level + 1, run_file(w)?));
            // Written over from the start, not emptied: on ext4 a file
            // emptied and written again is flushed to disk when closed.
            for mut f in merge.into_files() {
                f.seek(SeekFrom::Start(0))?;
                self.free.push(f);
            }
        }
        Ok(())
    }

    fn temp(&mut self) -> io::Result<BufWriter<File>> {
        let file = match self.free.pop() {
            Some(f) => f,
            None => temp_file(self.dir.as_deref())?,
        };
        Ok(BufWriter::with_capacity(1 << 16, file))
    }

    /// Every record added, in order. At most [`FAN_IN`] runs of each level
    /// are merged as they are read.
    pub fn finish(mut self) -> io::Result<Merge<R>> {
        let mut run = std::mem::take(&mut self.run);
        run.sort_unstable();
        let files = self.runs.into_iter().map(|(_, f)| f).collect();
        Merge::new(files, run)
    }
}

impl<R: Record> Sorter<R> {
    /// Every record added, written out as sorted runs that can be merged
    /// more than once ([`Runs::merge`]); nothing stays in memory.
    pub fn into_runs(mut self) -> io::Result<Runs<R>> {
        if !self.run.is_empty() {
            self.spill()?;
        }
        Ok(Runs {
            files: self.runs.into_iter().map(|(_, f)| f).collect(),
            record: std::marker::PhantomData,
        })
    }
}

/// Sorted runs on disk, kept for reading.
#[derive(Debug)]
pub struct Runs<R> {
    files: Vec<File>,
    record: std::marker::PhantomData<R>,
}

impl<R: Record> Runs<R> {
    /// Every record, in order. The files are read through shared cursors,
    /// rewound here: read one merge to its end before starting another.
    pub fn merge(&self) -> io::Result<Merge<R>> {
        let files = self
            .files
            .iter()
            .map(|f| {
                let mut f = f.try_clone()?;
                f.seek(SeekFrom::Start(0))?;
                Ok(f)
            })
            .collect::<io::Result<Vec<File>>>()?;
        Merge::new(files, Vec::new())
    }
}

/// A run's file, flushed, cut where the run ends (a file used again may
/// hold a longer run before) and rewound for reading.
fn run_file(w: BufWriter<File>) -> io::Result<File> {
    let mut f = w.into_inner().map_err(|e| e.into_error())?;
    let end = f.stream_position()?;
    if f.metadata()?.len() > end {
        f.set_len(end)?;
    }
    f.seek(SeekFrom::Start(0))?;
    Ok(f)
}

/// A writer's file, flushed and rewound for reading.
pub fn rewound(w: BufWriter<File>) -> io::Result<File> {
    let mut f = w.into_inner().map_err(|e| e.into_error())?;
    f.seek(SeekFrom::Start(0))?;
    Ok(f)
}

/// An anonymous temporary file in `dir` (the system's temporary folder
/// when `None`), removed when dropped.
pub fn temp_file(dir: Option<&Path>) -> io::Result<File> {
    match dir {
        Some(d) => tempfile::tempfile_in(d),
        None => tempfile::tempfile(),
    }
}

/// A fixed-size field of a record, little-endian on disk.
pub trait Field: Sized {
    /// Its bytes.
    const BYTES: usize;
    /// Writes it into `out` (`BYTES` long).
    fn put(self, out: &mut [u8]);
    /// Reads it from `bytes` (`BYTES` long).
    fn get(bytes: &[u8]) -> Self;
}

macro_rules! le_field {
    ($($t:ty),*) => {$(
        impl Field for $t {
            const BYTES: usize = std::mem::size_of::<$t>();
            fn put(self, out: &mut [u8]) {
                out.copy_from_slice(&self.to_le_bytes());
            }
            fn get(bytes: &[u8]) -> $t {
                let mut x = [0u8; std::mem::size_of::<$t>()];
                x.copy_from_slice(bytes);
                <$t>::from_le_bytes(x)
            }
        }
    )*};
}

le_field!(u8, u16, u32, u64, u128, f64);

/// A record's bytes written field by field, in order.
pub struct PutFields<'a> {
    out: &'a mut [u8],
    at: usize,
}

impl<'a> PutFields<'a> {
    /// Fields written from the start of `out`.
    pub fn new(out: &'a mut [u8]) -> PutFields<'a> {
        PutFields { out, at: 0 }
    }

    /// Writes the next field.
    pub fn put<F: Field>(&mut self, v: F) -> &mut Self {
        v.put(&mut self.out[self.at..self.at + F::BYTES]);
        self.at += F::BYTES;
        self
    }
}

/// A record's bytes read field by field, in the order written.
pub struct GetFields<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> GetFields<'a> {
    /// Fields read from the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> GetFields<'a> {
        GetFields { bytes, at: 0 }
    }

    /// Reads the next field.
    pub fn get<F: Field>(&mut self) -> F {
        let v = F::get(&self.bytes[self.at..self.at + F::BYTES]);
        self.at += F::BYTES;
        v
    }
}

/// Writes a field to a stream.
pub fn write_field<F: Field>(w: &mut impl Write, v: F) -> io::Result<()> {
    let mut bytes = [0u8; 16];
    v.put(&mut bytes[..F::BYTES]);
    w.write_all(&bytes[..F::BYTES])
}

/// Reads a field from a stream.
pub fn read_field<F: Field>(r: &mut impl Read) -> io::Result<F> {
    let mut bytes = [0u8; 16];
    r.read_exact(&mut bytes[..F::BYTES])?;
    Ok(F::get(&bytes[..F::BYTES]))
}

/// Writes a string, prefixed with its length in bytes (a `u32`).
pub fn write_str(w: &mut impl Write, s: &str) -> io::Result<()> {
    let len = u32::try_from(s.len()).map_err(|_| io::Error::other("a text over 4 GB"))?;
    write_field(w, len)?;
    w.write_all(s.as_bytes())
}

/// Reads the string [`write_str`] wrote at byte `at` of `file`, with
/// positioned reads ([`read_exact_at`]).
pub fn read_str_at(file: &File, at: u64) -> io::Result<String> {
    let mut len = [0u8; 4];
    read_exact_at(file, &mut len, at)?;
    let mut bytes = vec![0u8; u32::from_le_bytes(len) as usize];
    read_exact_at(file, &mut bytes, at + 4)?;
    String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Reads a string written by [`write_str`].
pub fn read_str(r: &mut impl Read) -> io::Result<String> {
    let len: u32 = read_field(r)?;
    let mut bytes = vec![0u8; len as usize];
    r.read_exact(&mut bytes)?;
    String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Where a merge reads the records of one sorted run.
pub trait Source {
    /// Reads the next record into `rec` (a record long); false at the end.
    fn next_into(&mut self, rec: &mut [u8]) -> io::Result<bool>;
}

/// One sorted run being read, from the start of its file.
pub struct RunReader {
    r: BufReader<File>,
}

impl Source for RunReader {
    fn next_into(&mut self, rec: &mut [u8]) -> io::Result<bool> {
        match self.r.read_exact(rec) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(false),
            Err(e) => Err(e),
        }
    }
}

/// Sorted runs merged into one sorted sequence.
pub struct Merge<R, S = RunReader> {
    files: Vec<S>,
    memory: std::vec::IntoIter<R>,
    /// The next record of each source (files by index, memory last).
    heap: BinaryHeap<Reverse<(R, usize)>>,
    rec: Vec<u8>,
}

impl<R: Record> Merge<R> {
    fn new(files: Vec<File>, memory: Vec<R>) -> io::Result<Merge<R>> {
        let files = files
            .into_iter()
            .map(|f| RunReader {
                r: BufReader::with_capacity(1 << 15, f),
            })
            .collect();
        Merge::from_sources(files, memory)
    }

    /// The files merged, to be used again.
    fn into_files(self) -> Vec<File> {
        self.files.into_iter().map(|f| f.r.into_inner()).collect()
    }
}

impl<R: Record, S: Source> Merge<R, S> {
    fn from_sources(files: Vec<S>, memory: Vec<R>) -> io::Result<Merge<R, S>> {
        let mut m = Merge {
            files,
            memory: memory.into_iter(),
            heap: BinaryHeap::new(),
            rec: vec![0u8; R::BYTES],
        };
        for source in 0..=m.files.len() {
            if let Some(r) = m.read(source)? {
                m.heap.push(Reverse((r, source)));
            }
        }
        Ok(m)
    }

    /// The next record of `source`.
    fn read(&mut self, source: usize) -> io::Result<Option<R>> {
        Ok(match self.files.get_mut(source) {
            Some(f) => f.next_into(&mut self.rec)?.then(|| R::get(&self.rec)),
            None => self.memory.next(),
        })
    }
}

impl<R: Record, S: Source> Iterator for Merge<R, S> {
    type Item = io::Result<R>;

    fn next(&mut self) -> Option<io::Result<R>> {
        let source = self.heap.peek()?.0 .1;
        // its next record takes the top's place: one sift, not two
        let taken = match self.read(source) {
            Ok(Some(next)) => {
                let mut top = self.heap.peek_mut()?;
                std::mem::replace(&mut *top, Reverse((next, source)))
            }
            Ok(None) => self.heap.pop()?,
            Err(e) => return Some(Err(e)),
        };
        Some(Ok(taken.0 .0))
    }
}

mod parts;
mod positioned;
pub use parts::{Parts, RunPart};
pub use positioned::{read_exact_at, write_all_at};

#[cfg(test)]
mod tests;

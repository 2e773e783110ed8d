//! What the search for wire copy keeps of each document, on disk instead of
//! in memory, so that the detection pass stays flat in the number of
//! documents: every signature at a fixed offset (read back only for the
//! few candidate pairs), every id and outlet in input order with where
//! each begins (read back for the documents in a group), and each band key
//! partitioned by its hash, so that the keys are matched one partition at a
//! time.
//!
//! The files are anonymous temporary files (removed by the system when the
//! run ends, however it ends) in the folder given, the run's staging
//! folder.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use super::signature::{Signature, HASHES};
use crate::extsort::{
    read_exact_at, read_str, temp_file, write_str, GetFields, Merge, PutFields, Record, Sorter,
};

/// Partitions of the band keys: a partition holds about `8 / PARTS` keys
/// per document, which is what finding the candidates holds in memory at
/// once. Few enough open files for any system's limit.
const PARTS: usize = 64;

/// Bytes of a signature record: a presence flag, the exact hash, the minima.
const SIG_BYTES: usize = 1 + 8 + 4 * HASHES;

/// Bytes of a band-key record: key, band, document position.
const KEY_BYTES: usize = 8 + 1 + 8;

/// A candidate pair `(i, band, j)`: document `j` is the first document (in
/// input order) whose key of `band` is that of the later document `i`.
pub type Candidate = (usize, u8, usize);

/// A [`Candidate`] as the external sort keeps it: sorted as the tuple.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CandidateRecord(pub Candidate);

impl Record for CandidateRecord {
    const BYTES: usize = 17;

    fn put(&self, out: &mut [u8]) {
        let (i, band, j) = self.0;
        PutFields::new(out).put(i as u64).put(band).put(j as u64);
    }

    fn get(b: &[u8]) -> CandidateRecord {
        let mut f = GetFields::new(b);
        CandidateRecord((f.get::<u64>() as usize, f.get(), f.get::<u64>() as usize))
    }
}

/// The spilled signatures, names and band keys of a corpus.
#[derive(Debug)]
pub struct Spill {
    dir: Option<PathBuf>,
    sigs: BufWriter<File>,
    names: BufWriter<File>,
    /// Where each document's id and outlet begin in `names`.
    starts: BufWriter<File>,
    names_len: u64,
    parts: Vec<BufWriter<File>>,
}

fn temp(dir: Option<&Path>) -> io::Result<BufWriter<File>> {
    Ok(BufWriter::new(temp_file(dir)?))
}

/// A writer's file, flushed and rewound for reading.
fn rewound(w: BufWriter<File>) -> io::Result<File> {
    let mut f = w.into_inner().map_err(|e| e.into_error())?;
    f.seek(SeekFrom::Start(0))?;
    Ok(f)
}

impl Spill {
    /// A spill to new temporary files in `dir` (the system's temporary
    /// folder when `None`).
    pub fn new(dir: Option<&Path>) -> io::Result<Spill> {
        Ok(Spill {
            dir: dir.map(Path::to_path_buf),
            sigs: temp(dir)?,
            names: temp(dir)?,
            starts: temp(dir)?,
            names_len: 0,
            parts: (0..PARTS).map(|_| temp(dir)).collect::<io::Result<_>>()?,
        })
    }

    /// Adds the document at input position `at` (positions come in order,
    /// from 0) and the keys of its bands.
    pub fn add(
        &mut self,
        at: usize,
        id: &str,
        outlet: &str,
        sig: Option<&Signature>,
    ) -> io::Result<()> {
        let mut rec = [0u8; SIG_BYTES];
        if let Some(s) = sig {
            rec[0] = 1;
            rec[1..9].copy_from_slice(&s.exact.to_le_bytes());
            for (chunk, m) in rec[9..].chunks_exact_mut(4).zip(&s.mins) {
                chunk.copy_from_slice(&m.to_le_bytes());
            }
            for (band, key) in s.band_keys().into_iter().enumerate() {
                // xxh3 keys are uniform: their top bits pick the partition
                let part = &mut self.parts[(key >> 58) as usize % PARTS];
                part.write_all(&key.to_le_bytes())?;
                part.write_all(&[band as u8])?;
                part.write_all(&(at as u64).to_le_bytes())?;
            }
        }
        self.sigs.write_all(&rec)?;
        self.starts.write_all(&self.names_len.to_le_bytes())?;
        for s in [id, outlet] {
            write_str(&mut self.names, s)?;
            self.names_len += 4 + s.len() as u64;
        }
        Ok(())
    }

    /// The folder of the spill's files (the system's temporary folder when
    /// `None`).
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Every [`Candidate`] pair, sorted by the later document, then band
    /// (by an external sort: a corpus of copies has several per copy); and
    /// the readers of the signatures and names.
    pub fn candidates(mut self) -> io::Result<(Merge<CandidateRecord>, Signatures, Names)> {
        let mut found = Sorter::new(self.dir.as_deref());
        for part in self.parts {
            let mut r = BufReader::new(rewound(part)?);
            // Keys are written in input order: the first seen is the first document.
            let mut first: FxHashMap<(u64, u8), usize> = FxHashMap::default();
            let mut rec = [0u8; KEY_BYTES];
            while read_record(&mut r, &mut rec)? {
                let key = u64::from_le_bytes(rec[..8].try_into().unwrap_or_default());
                let band = rec[8];
                let at = u64::from_le_bytes(rec[9..].try_into().unwrap_or_default()) as usize;
                match first.get(&(key, band)) {
                    Some(&j) => found.push(CandidateRecord((at, band, j)))?,
                    None => {
                        first.insert((key, band), at);
                    }
                }
            }
        }
        let sigs = Signatures::new(rewound(self.sigs)?)?;
        self.starts.write_all(&self.names_len.to_le_bytes())?;
        let (names, starts) = (rewound(self.names)?, rewound(self.starts)?);
        let names = Names {
            lens: (names.metadata()?.len(), starts.metadata()?.len()),
            names,
            starts,
        };
        Ok((found.finish()?, sigs, names))
    }
}

/// Reads one whole record; `false` at the end of the file.
fn read_record(r: &mut impl Read, rec: &mut [u8]) -> io::Result<bool> {
    match r.read_exact(rec) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(e),
    }
}

/// The spilled signatures, read by input position.
#[derive(Debug)]
pub struct Signatures {
    file: File,
    /// Bytes of the file.
    len: u64,
    /// Bytes read ahead for [`Signatures::get`], whose positions mostly
    /// rise (the later documents of the candidate pairs, in input order).
    ahead: Window,
    /// Bytes read ahead for [`Signatures::get_kept`], whose positions
    /// rise where a corpus repeats its stories in order.
    kept_ahead: Window,
    /// Signatures read by [`Signatures::get_kept`], each in the slot of
    /// its position modulo [`RECENT`]: a story copied by many outlets is
    /// the first document of every pair of its copies, and was read from
    /// the file for each.
    recent: Vec<Option<(usize, Option<Signature>)>>,
}

/// Slots of [`Signatures::get_kept`]'s memory of signatures read: about
/// 70 KB.
const RECENT: usize = 256;

impl Signatures {
    /// The signatures [`Spill::add`] wrote to `file`, flushed.
    fn new(file: File) -> io::Result<Signatures> {
        Ok(Signatures {
            len: file.metadata()?.len(),
            file,
            ahead: Window::default(),
            kept_ahead: Window::default(),
            recent: vec![None; RECENT],
        })
    }

    /// The signature of the document at input position `at`.
    pub fn get(&mut self, at: usize) -> io::Result<Option<Signature>> {
        let mut rec = [0u8; SIG_BYTES];
        self.ahead
            .read_at(&self.file, self.len, (at * SIG_BYTES) as u64, &mut rec)?;
        Ok(signature(&rec))
    }

    /// [`Signatures::get`] of a document likely to be asked for again (the
    /// first document of a group of copies), kept in memory once read
    /// until another takes its slot.
    pub fn get_kept(&mut self, at: usize) -> io::Result<Option<Signature>> {
        if let Some((_, sig)) = self.recent[at % RECENT]
            .as_ref()
            .filter(|(was, _)| *was == at)
        {
            return Ok(sig.clone());
        }
        let mut rec = [0u8; SIG_BYTES];
        let offset = (at * SIG_BYTES) as u64;
        match self.ahead.holding(offset, SIG_BYTES) {
            Some(bytes) => rec.copy_from_slice(bytes),
            None => self
                .kept_ahead
                .read_at(&self.file, self.len, offset, &mut rec)?,
        }
        let sig = signature(&rec);
        self.recent[at % RECENT] = Some((at, sig.clone()));
        Ok(sig)
    }

    /// The signatures of the documents at input positions `at`, in that
    /// order, read in the order of the file through one buffer.
    pub fn get_all(&mut self, at: &[usize]) -> io::Result<Vec<Option<Signature>>> {
        let mut out = vec![None; at.len()];
        let mut window = Window::default();
        let mut rec = [0u8; SIG_BYTES];
        for k in ascending(at) {
            window.read_at(&self.file, self.len, (at[k] * SIG_BYTES) as u64, &mut rec)?;
            out[k] = signature(&rec);
        }
        Ok(out)
    }
}

/// A signature record as [`Spill::add`] writes it.
fn signature(rec: &[u8; SIG_BYTES]) -> Option<Signature> {
    if rec[0] == 0 {
        return None;
    }
    let mut mins = [0u32; HASHES];
    for (m, chunk) in mins.iter_mut().zip(rec[9..].chunks_exact(4)) {
        *m = u32::from_le_bytes(chunk.try_into().unwrap_or_default());
    }
    Some(Signature {
        exact: u64::from_le_bytes(rec[1..9].try_into().unwrap_or_default()),
        mins,
    })
}

/// The indices of `at`, ordered by their values (ties in index order).
fn ascending(at: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..at.len()).collect();
    order.sort_by_key(|&k| at[k]);
    order
}

/// Bytes read ahead at once by a [`Window`].
const AHEAD: usize = 1 << 14;

/// A spilled file read at rising offsets through one buffer: records
/// close after one another cost a positioned read for each [`AHEAD`]
/// bytes they span rather than a system call each (a record at a lower
/// offset, or past the bytes held, is read again from the file).
#[derive(Debug)]
struct Window {
    /// The bytes of the file from `start`.
    buf: Vec<u8>,
    start: u64,
    /// Bytes read at once.
    ahead: usize,
}

impl Default for Window {
    fn default() -> Window {
        Window::new(AHEAD)
    }
}

impl Window {
    /// A window that reads `ahead` bytes at once.
    fn new(ahead: usize) -> Window {
        Window {
            buf: Vec::new(),
            start: 0,
            ahead,
        }
    }

    /// The `n` bytes at offset `at`, when held.
    fn holding(&self, at: u64, n: usize) -> Option<&[u8]> {
        let from = usize::try_from(at.checked_sub(self.start)?).ok()?;
        self.buf.get(from..from.checked_add(n)?)
    }

    /// Fills `out` from offset `at` of `file`, of `len` bytes: from the
    /// bytes held, or else read with the window's bytes from `at` (fewer
    /// at the end of the file). Fails when the file ends first.
    fn read_at(&mut self, file: &File, len: u64, at: u64, out: &mut [u8]) -> io::Result<()> {
        if let Some(bytes) = self.holding(at, out.len()) {
            out.copy_from_slice(bytes);
            return Ok(());
        }
        let ahead = len.saturating_sub(at).min(self.ahead as u64) as usize;
        if ahead < out.len() {
            // longer than a window, or past the end (an error)
            return read_exact_at(file, out, at);
        }
        self.buf.resize(ahead, 0);
        if let Err(e) = read_exact_at(file, &mut self.buf, at) {
            self.buf.clear();
            return Err(e);
        }
        self.start = at;
        out.copy_from_slice(&self.buf[..out.len()]);
        Ok(())
    }
}

/// The spilled ids and outlets, read by input position.
#[derive(Debug)]
pub struct Names {
    names: File,
    /// Per position, where its id begins, and the end of the last.
    starts: File,
    /// Bytes of `names` and of `starts`.
    lens: (u64, u64),
}

impl Names {
    /// The ids and outlets of the documents at input positions `at`, in
    /// that order, read in the order of the files through a buffer each
    /// (a name is written where the one before it ends).
    pub fn get_all(&mut self, at: &[usize]) -> io::Result<Vec<(String, String)>> {
        let mut out = vec![(String::new(), String::new()); at.len()];
        let (mut starts, mut names) = (Window::default(), Window::default());
        let (mut span, mut bytes) = ([0u8; 16], Vec::new());
        for k in ascending(at) {
            starts.read_at(&self.starts, self.lens.1, at[k] as u64 * 8, &mut span)?;
            let start = u64::from_le_bytes(span[..8].try_into().unwrap_or_default());
            let end = u64::from_le_bytes(span[8..].try_into().unwrap_or_default());
            bytes.resize(end.saturating_sub(start) as usize, 0);
            names.read_at(&self.names, self.lens.0, start, &mut bytes)?;
            let mut r = bytes.as_slice();
            out[k] = (read_str(&mut r)?, read_str(&mut r)?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Signatures read again, from the memory of those read or from the
    /// file, in any order, kept or not, by positions that share a slot of the memory,
    /// and of documents without one, are the signatures spilled.
    #[test]
    fn signatures_read_again_are_those_spilled() {
        let n = 3 * RECENT + 7;
        let sig = |at: usize| {
            (!at.is_multiple_of(5)).then(|| Signature {
                exact: at as u64,
                mins: std::array::from_fn(|i| (at * HASHES + i) as u32),
            })
        };
        let mut spill = Spill::new(None).unwrap();
        for at in 0..n {
            spill.add(at, "id", "outlet", sig(at).as_ref()).unwrap();
        }
        let (_, mut sigs, _) = spill.candidates().unwrap();
        let order = (0..n)
            .chain((0..n).rev())
            .chain((0..n).map(|k| (k * 97) % n))
            .chain([1, 1 + RECENT, 1, 1 + 2 * RECENT, 1 + RECENT]);
        for (k, at) in order.enumerate() {
            let got = if k % 3 == 0 {
                sigs.get(at)
            } else {
                sigs.get_kept(at)
            };
            assert_eq!(got.unwrap(), sig(at), "position {at}");
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(256, "tests/fixtures/proptest/window.txt"))]

        /// Reads through a window, at rising offsets and falling, short and
        /// longer than the window, at the end of the file and past it, give
        /// the file's bytes, or an error exactly where the file ends first
        /// (none for no bytes, even past the end).
        #[test]
        fn a_window_reads_what_the_file_holds(
            ahead in 1usize..40,
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
            reads in proptest::collection::vec((-40i64..120, 0usize..50), 0..60),
        ) {
            let mut file = temp_file(None).unwrap();
            file.write_all(&bytes).unwrap();
            let len = bytes.len() as u64;
            let mut window = Window::new(ahead);
            let mut at = 0i64;
            for (step, n) in reads {
                at = (at + step).max(0);
                let mut out = vec![0u8; n];
                let got = window.read_at(&file, len, at as u64, &mut out);
                // no bytes read anywhere, as a positioned read
                let want = if n == 0 { Some(&[][..]) } else { bytes.get(at as usize..at as usize + n) };
                proptest::prop_assert_eq!(got.is_ok(), want.is_some(), "{} bytes at {}", n, at);
                if let Some(want) = want {
                    proptest::prop_assert_eq!(&out[..], want);
                }
            }
        }
    }
}

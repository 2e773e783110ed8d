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
use crate::extsort::{read_str, temp_file, write_str, GetFields, Merge, PutFields, Record, Sorter};

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
        let sigs = Signatures {
            file: rewound(self.sigs)?,
        };
        self.starts.write_all(&self.names_len.to_le_bytes())?;
        let names = Names {
            names: rewound(self.names)?,
            starts: rewound(self.starts)?,
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
}

impl Signatures {
    /// The signature of the document at input position `at`.
    pub fn get(&mut self, at: usize) -> io::Result<Option<Signature>> {
        let mut rec = [0u8; SIG_BYTES];
        self.file.seek(SeekFrom::Start((at * SIG_BYTES) as u64))?;
        self.file.read_exact(&mut rec)?;
        if rec[0] == 0 {
            return Ok(None);
        }
        let mut mins = [0u32; HASHES];
        for (m, chunk) in mins.iter_mut().zip(rec[9..].chunks_exact(4)) {
            *m = u32::from_le_bytes(chunk.try_into().unwrap_or_default());
        }
        Ok(Some(Signature {
            exact: u64::from_le_bytes(rec[1..9].try_into().unwrap_or_default()),
            mins,
        }))
    }
}

/// The spilled ids and outlets, read by input position.
#[derive(Debug)]
pub struct Names {
    names: File,
    /// Per position, where its id begins, and the end of the last.
    starts: File,
}

impl Names {
    /// The id and outlet of the document at input position `at`.
    pub fn get(&mut self, at: usize) -> io::Result<(String, String)> {
        let mut span = [0u8; 16];
        self.starts.seek(SeekFrom::Start(at as u64 * 8))?;
        self.starts.read_exact(&mut span)?;
        let start = u64::from_le_bytes(span[..8].try_into().unwrap_or_default());
        let end = u64::from_le_bytes(span[8..].try_into().unwrap_or_default());
        let mut bytes = vec![0u8; end.saturating_sub(start) as usize];
        self.names.seek(SeekFrom::Start(start))?;
        self.names.read_exact(&mut bytes)?;
        let mut r = bytes.as_slice();
        Ok((read_str(&mut r)?, read_str(&mut r)?))
    }
}

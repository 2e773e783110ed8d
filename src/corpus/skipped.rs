//! The records skipped on reading (`--on-error skip`), kept in an
//! anonymous temporary file as they come, in record order, and read back
//! as often as the outputs need them: a corpus whose records are mostly
//! bad does not grow the reader's memory. Nothing touches the disk until
//! a record is skipped.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

use super::Skipped;
use crate::extsort::{read_field, read_str, temp_file, write_field, write_str};

/// The skipped records, in the order they were read.
#[derive(Debug, Default)]
pub struct SkippedList {
    /// The file they are written to, once one was skipped.
    file: Option<Mutex<BufWriter<File>>>,
    len: usize,
}

impl SkippedList {
    /// Adds a record at the end.
    pub fn push(&mut self, s: &Skipped) -> io::Result<()> {
        let w = match &mut self.file {
            Some(w) => w.get_mut().unwrap_or_else(|e| e.into_inner()),
            None => self
                .file
                .insert(Mutex::new(BufWriter::with_capacity(
                    1 << 16,
                    temp_file(None)?,
                )))
                .get_mut()
                .unwrap_or_else(|e| e.into_inner()),
        };
        write_str(w, &s.file)?;
        match s.line {
            Some(line) => {
                write_field(w, 1u8)?;
                write_field(w, line)?;
            }
            None => write_field(w, 0u8)?,
        }
        match &s.id {
            Some(id) => {
                write_field(w, 1u8)?;
                write_str(w, id)?;
            }
            None => write_field(w, 0u8)?,
        }
        write_str(w, &s.reason)?;
        self.len += 1;
        Ok(())
    }

    /// How many records were skipped.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The records, in order, read from the start.
    pub fn iter(&self) -> io::Result<Iter<'_>> {
        if let Some(w) = &self.file {
            w.lock().unwrap_or_else(|e| e.into_inner()).flush()?;
        }
        Ok(Iter {
            r: self
                .file
                .as_ref()
                .map(|file| BufReader::with_capacity(1 << 16, At { file, at: 0 })),
            left: self.len,
        })
    }

    /// Every record, in memory (for tests and small lists).
    pub fn to_vec(&self) -> io::Result<Vec<Skipped>> {
        self.iter()?.collect()
    }
}

impl TryFrom<Vec<Skipped>> for SkippedList {
    type Error = io::Error;

    fn try_from(list: Vec<Skipped>) -> io::Result<SkippedList> {
        let mut out = SkippedList::default();
        for s in &list {
            out.push(s)?;
        }
        Ok(out)
    }
}

/// A reading of the list from its own place in the file, which the
/// writer shares: each read seeks there, and leaves the file at its end
/// for later records.
struct At<'a> {
    file: &'a Mutex<BufWriter<File>>,
    at: u64,
}

impl Read for At<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut w = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let f = w.get_mut();
        f.seek(SeekFrom::Start(self.at))?;
        let n = f.read(buf)?;
        f.seek(SeekFrom::End(0))?;
        self.at += n as u64;
        Ok(n)
    }
}

/// The skipped records read back, in order.
pub struct Iter<'a> {
    r: Option<BufReader<At<'a>>>,
    left: usize,
}

impl Iterator for Iter<'_> {
    type Item = io::Result<Skipped>;

    fn next(&mut self) -> Option<io::Result<Skipped>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let r = self.r.as_mut()?;
        Some(read_one(r))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

fn read_one(r: &mut impl Read) -> io::Result<Skipped> {
    let file = read_str(r)?;
    let line = match read_field::<u8>(r)? {
        0 => None,
        _ => Some(read_field(r)?),
    };
    let id = match read_field::<u8>(r)? {
        0 => None,
        _ => Some(read_str(r)?),
    };
    Ok(Skipped {
        file,
        line,
        id,
        reason: read_str(r)?,
    })
}

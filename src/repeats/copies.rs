//! What the search for wire copy found, kept on disk so that a corpus of
//! copies does not hold a row per copy in memory: the rows of
//! `duplicates.csv` ([`DuplicateList`], written to a temporary file as they
//! are made and read back as the table is written) and the positions of
//! the later copies ([`CopyPositions`], sorted, consulted in input order by
//! [`CopyCursor`]). Both may also hold a list in memory, for repeats read
//! from a partial.
//!
//! The files are anonymous temporary files in the folder given (the run's
//! staging folder), removed by the system however the run ends.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::extsort::{read_field, read_str, temp_file, write_field, write_str};
use rustc_hash::FxHashMap;
use serde::Serialize;

/// A row of `duplicates.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct DuplicateRow {
    /// Group number, from 1, in order of the group's first document.
    pub group: usize,
    /// Document id.
    pub doc_id: String,
    /// Its outlet.
    pub outlet: String,
    /// Estimated similarity to the group's first document (1 = identical).
    pub similarity: f64,
    /// Whether this is the group's first document (in input order).
    pub first: bool,
}

/// Positions a cursor reads from the file at a time.
const CHUNK: usize = 4096;

fn locked(file: &Mutex<File>) -> std::sync::MutexGuard<'_, File> {
    file.lock().unwrap_or_else(|e| e.into_inner())
}

/// The rows of `duplicates.csv`, in order, with the counts the report
/// shows.
#[derive(Debug, Clone, Default)]
pub struct DuplicateList {
    rows: Rows,
    groups: usize,
    copies: usize,
    /// Later copies per outlet.
    per_outlet: FxHashMap<String, usize>,
}

#[derive(Debug, Clone)]
enum Rows {
    Memory(Arc<Vec<DuplicateRow>>),
    /// `len` rows written by [`RowWriter`].
    Disk {
        file: Arc<Mutex<File>>,
        len: usize,
    },
}

impl Default for Rows {
    fn default() -> Rows {
        Rows::Memory(Arc::default())
    }
}

impl DuplicateList {
    /// Rows of `duplicates.csv`.
    pub fn len(&self) -> usize {
        match &self.rows {
            Rows::Memory(rows) => rows.len(),
            Rows::Disk { len, .. } => *len,
        }
    }

    /// Whether no document copies another.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Groups of copies.
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// Documents that copy an earlier one.
    pub fn copies(&self) -> usize {
        self.copies
    }

    /// Documents of `outlet` that copy an earlier document.
    pub fn copies_of(&self, outlet: &str) -> usize {
        self.per_outlet.get(outlet).copied().unwrap_or(0)
    }

    /// Hands every row to `f`, in order, reading them one at a time.
    pub fn for_each<E: From<io::Error>>(
        &self,
        mut f: impl FnMut(&DuplicateRow) -> Result<(), E>,
    ) -> Result<(), E> {
        match &self.rows {
            Rows::Memory(rows) => rows.iter().try_for_each(f),
            Rows::Disk { file, len } => {
                let guard = locked(file);
                let mut copy = guard.try_clone()?;
                copy.seek(SeekFrom::Start(0))?;
                let mut r = BufReader::with_capacity(1 << 16, copy);
                for _ in 0..*len {
                    f(&read_row(&mut r)?)?;
                }
                Ok(())
            }
        }
    }

    /// Every row, in memory.
    pub fn to_vec(&self) -> io::Result<Vec<DuplicateRow>> {
        let mut out = Vec::with_capacity(self.len());
        self.for_each(|r| {
            out.push(r.clone());
            Ok::<(), io::Error>(())
        })?;
        Ok(out)
    }

    fn count(&mut self, row: &DuplicateRow) {
        if row.first {
            self.groups += 1;
        } else {
            self.copies += 1;
            *self.per_outlet.entry(row.outlet.clone()).or_default() += 1;
        }
    }
}

impl From<Vec<DuplicateRow>> for DuplicateList {
    fn from(rows: Vec<DuplicateRow>) -> DuplicateList {
        let mut list = DuplicateList::default();
        for r in &rows {
            list.count(r);
        }
        list.rows = Rows::Memory(Arc::new(rows));
        list
    }
}

/// Writes the rows of a [`DuplicateList`] to disk as they are made.
pub struct RowWriter {
    w: BufWriter<File>,
    list: DuplicateList,
    len: usize,
}

impl RowWriter {
    /// A writer to an anonymous temporary file in `dir` (the system's
    /// temporary folder when `None`).
    pub fn new(dir: Option<&Path>) -> io::Result<RowWriter> {
        Ok(RowWriter {
            w: BufWriter::with_capacity(1 << 16, temp_file(dir)?),
            list: DuplicateList::default(),
            len: 0,
        })
    }

    /// Writes the next row.
    pub fn push(&mut self, row: &DuplicateRow) -> io::Result<()> {
        write_field(&mut self.w, row.group as u64)?;
        write_field(&mut self.w, row.similarity.to_bits())?;
        write_field(&mut self.w, u8::from(row.first))?;
        write_str(&mut self.w, &row.doc_id)?;
        write_str(&mut self.w, &row.outlet)?;
        self.list.count(row);
        self.len += 1;
        Ok(())
    }

    /// The rows written.
    pub fn finish(self) -> io::Result<DuplicateList> {
        let mut file = self.w.into_inner().map_err(|e| e.into_error())?;
        file.flush()?;
        Ok(DuplicateList {
            rows: Rows::Disk {
                file: Arc::new(Mutex::new(file)),
                len: self.len,
            },
            ..self.list
        })
    }
}

fn read_row(r: &mut impl Read) -> io::Result<DuplicateRow> {
    Ok(DuplicateRow {
        group: read_field::<u64>(r)? as usize,
        similarity: f64::from_bits(read_field(r)?),
        first: read_field::<u8>(r)? != 0,
        doc_id: read_str(r)?,
        outlet: read_str(r)?,
    })
}

/// Input positions of the later copies, sorted.
#[derive(Debug, Clone, Default)]
pub struct CopyPositions {
    store: Positions,
}

#[derive(Debug, Clone)]
enum Positions {
    Memory(Arc<Vec<usize>>),
    Disk { file: Arc<Mutex<File>>, len: u64 },
}

impl Default for Positions {
    fn default() -> Positions {
        Positions::Memory(Arc::default())
    }
}

impl From<Vec<usize>> for CopyPositions {
    /// Positions in memory (`sorted` ascending).
    fn from(sorted: Vec<usize>) -> CopyPositions {
        CopyPositions {
            store: Positions::Memory(Arc::new(sorted)),
        }
    }
}

impl CopyPositions {
    /// How many.
    pub fn len(&self) -> u64 {
        match &self.store {
            Positions::Memory(v) => v.len() as u64,
            Positions::Disk { len, .. } => *len,
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every position, in memory.
    pub fn to_vec(&self) -> io::Result<Vec<usize>> {
        let mut out = Vec::new();
        self.for_each(|at| {
            out.push(at);
            Ok(())
        })?;
        Ok(out)
    }

    /// Hands every position to `f`, in order, `CHUNK` read at a time.
    pub fn for_each(&self, mut f: impl FnMut(usize) -> io::Result<()>) -> io::Result<()> {
        let mut from = 0;
        while from < self.len() {
            let chunk = self.chunk(from)?;
            from += chunk.len() as u64;
            chunk.into_iter().try_for_each(&mut f)?;
        }
        Ok(())
    }

    /// Up to [`CHUNK`] positions from the `from`-th.
    fn chunk(&self, from: u64) -> io::Result<Vec<usize>> {
        match &self.store {
            Positions::Memory(v) => Ok(v.iter().skip(from as usize).take(CHUNK).copied().collect()),
            Positions::Disk { file, len } => {
                let n = len.saturating_sub(from).min(CHUNK as u64) as usize;
                let mut bytes = vec![0u8; n * 8];
                {
                    let mut f = locked(file);
                    f.seek(SeekFrom::Start(from * 8))?;
                    f.read_exact(&mut bytes)?;
                }
                Ok(bytes
                    .chunks_exact(8)
                    .map(|b| {
                        let mut x = [0u8; 8];
                        x.copy_from_slice(b);
                        u64::from_le_bytes(x) as usize
                    })
                    .collect())
            }
        }
    }
}

/// Writes [`CopyPositions`] to disk, in ascending order.
pub struct PositionWriter {
    w: BufWriter<File>,
    len: u64,
}

impl PositionWriter {
    /// A writer to an anonymous temporary file in `dir` (the system's
    /// temporary folder when `None`).
    pub fn new(dir: Option<&Path>) -> io::Result<PositionWriter> {
        Ok(PositionWriter {
            w: BufWriter::with_capacity(1 << 16, temp_file(dir)?),
            len: 0,
        })
    }

    /// Writes the next position (ascending).
    pub fn push(&mut self, at: usize) -> io::Result<()> {
        self.len += 1;
        self.w.write_all(&(at as u64).to_le_bytes())
    }

    /// The positions written.
    pub fn finish(self) -> io::Result<CopyPositions> {
        let file = self.w.into_inner().map_err(|e| e.into_error())?;
        Ok(CopyPositions {
            store: Positions::Disk {
                file: Arc::new(Mutex::new(file)),
                len: self.len,
            },
        })
    }
}

/// A walk through [`CopyPositions`] in input order.
#[derive(Debug)]
pub struct CopyCursor {
    positions: CopyPositions,
    taken: u64,
    ahead: std::collections::VecDeque<usize>,
}

impl CopyCursor {
    /// A walk from the first position.
    pub fn new(positions: &CopyPositions) -> CopyCursor {
        CopyCursor {
            positions: positions.clone(),
            taken: 0,
            ahead: Default::default(),
        }
    }

    /// Whether `at` is a later copy. Positions asked come in increasing
    /// order.
    pub fn is_copy(&mut self, at: usize) -> io::Result<bool> {
        loop {
            if self.ahead.is_empty() {
                if self.taken >= self.positions.len() {
                    return Ok(false);
                }
                let chunk = self.positions.chunk(self.taken)?;
                self.taken += chunk.len() as u64;
                self.ahead.extend(chunk);
            }
            match self.ahead.front() {
                Some(&p) if p < at => {
                    self.ahead.pop_front();
                }
                Some(&p) => return Ok(p == at),
                None => return Ok(false),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(group: usize, id: &str, outlet: &str, first: bool) -> DuplicateRow {
        DuplicateRow {
            group,
            doc_id: id.into(),
            outlet: outlet.into(),
            similarity: if first { 1.0 } else { 0.93 },
            first,
        }
    }

    #[test]
    fn rows_come_back_from_disk_as_written_with_their_counts() {
        let rows = vec![
            row(1, "a", "AP", true),
            row(1, "c, \"q\"", "Daily", false),
            row(1, "d", "Daily", false),
            row(2, "e", "AP", true),
            row(2, "é", "Times", false),
        ];
        let mut w = RowWriter::new(None).unwrap();
        for r in &rows {
            w.push(r).unwrap();
        }
        let disk = w.finish().unwrap();
        let memory = DuplicateList::from(rows.clone());
        for list in [&disk, &memory] {
            assert_eq!(list.to_vec().unwrap(), rows);
            assert_eq!((list.len(), list.groups(), list.copies()), (5, 2, 3));
            assert_eq!(
                (
                    list.copies_of("Daily"),
                    list.copies_of("AP"),
                    list.copies_of("X")
                ),
                (2, 0, 0)
            );
        }
        // read twice, and from a clone
        assert_eq!(disk.clone().to_vec().unwrap(), rows);
    }

    #[test]
    fn a_cursor_tells_the_copies_in_input_order() {
        let copies: Vec<usize> = (0..10_000).map(|k| 3 * k + 2).collect();
        let mut w = PositionWriter::new(None).unwrap();
        for &c in &copies {
            w.push(c).unwrap();
        }
        let disk = w.finish().unwrap();
        assert_eq!(disk.to_vec().unwrap(), copies);
        for positions in [disk, CopyPositions::from(copies.clone())] {
            let mut cursor = CopyCursor::new(&positions);
            let got: Vec<usize> = (0..40_000)
                .filter(|&at| cursor.is_copy(at).unwrap())
                .collect();
            assert_eq!(got, copies);
        }
    }
}

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

use crate::extsort::{
    read_exact_at, read_field, read_str, temp_file, write_all_at, write_field, write_str,
};
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

/// Per input position, the first document of its group when it is a
/// later copy. Copies are placed in input order, so the roots are kept in
/// the order of their positions: a file of 8 bytes per copy (each root's
/// position), appended through a small buffer, and in memory a bit per
/// position (is it a copy?) with, per 64 positions, the copies before
/// them, so that a copy's place in the file is a count of bits. Most
/// look-ups name a document that is no copy (the first document of a
/// group) and are answered from the bits without touching the file; the
/// rest cost one positioned read, where a file of a slot per position
/// cost a seek and a read for every look-up and a seek and a write for
/// every copy. Memory is two bits a document.
pub(super) struct Roots {
    file: File,
    /// Bit `at % 64` of word `at / 64`: whether `at` is a copy.
    bits: Vec<u64>,
    /// Per word of `bits`, the copies at positions before it.
    before: Vec<u64>,
    /// Copies placed.
    len: u64,
    /// Roots of the last copies placed, not yet written: those from the
    /// `len - tail.len()`-th on.
    tail: Vec<u64>,
    /// Roots held before they are written at once.
    cap: usize,
}

/// Roots [`Roots`] holds before it writes them: 8 KB a write.
const TAIL: usize = 1024;

impl Roots {
    /// No copies yet, their roots to be kept in an anonymous temporary
    /// file in `dir` (the system's temporary folder when `None`).
    pub fn new(dir: Option<&Path>) -> io::Result<Roots> {
        Roots::with_tail(dir, TAIL)
    }

    /// [`Roots::new`], writing the roots `cap` at a time (tests write a
    /// few at a time, to read back from the file and from memory).
    fn with_tail(dir: Option<&Path>, cap: usize) -> io::Result<Roots> {
        Ok(Roots {
            file: temp_file(dir)?,
            bits: Vec::new(),
            before: Vec::new(),
            len: 0,
            tail: Vec::with_capacity(cap),
            cap: cap.max(1),
        })
    }

    /// Notes that the document at `at` copies the group of `root`. Copies
    /// come in input order: an `at` not after the last copy's is an error.
    pub fn set(&mut self, at: usize, root: usize) -> io::Result<()> {
        let (word, bit) = (at / 64, at % 64);
        let last = self.bits.len().checked_sub(1);
        let later = match last {
            Some(w) if word == w => self.bits[w] >> bit == 0,
            Some(w) => word > w,
            None => true,
        };
        if !later {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "copies placed out of input order",
            ));
        }
        // every copy so far is before the words added
        while self.bits.len() <= word {
            self.bits.push(0);
            self.before.push(self.len);
        }
        self.bits[word] |= 1 << bit;
        self.tail.push(root as u64);
        self.len += 1;
        if self.tail.len() >= self.cap {
            self.write_tail()?;
        }
        Ok(())
    }

    /// Writes the roots held to the end of the file.
    fn write_tail(&mut self) -> io::Result<()> {
        let written = self.len - self.tail.len() as u64;
        let bytes: Vec<u8> = self.tail.iter().flat_map(|r| r.to_le_bytes()).collect();
        write_all_at(&self.file, &bytes, written * 8)?;
        self.tail.clear();
        Ok(())
    }

    /// The first document of the group of the document at `at` (itself
    /// unless it is a later copy).
    pub fn get(&self, at: usize) -> io::Result<usize> {
        let (word, bit) = (at / 64, at % 64);
        let (Some(&bits), Some(&before)) = (self.bits.get(word), self.before.get(word)) else {
            return Ok(at);
        };
        if bits >> bit & 1 == 0 {
            return Ok(at);
        }
        // the copies before `at`: `at`'s place among them
        let k = before + u64::from((bits & ((1u64 << bit) - 1)).count_ones());
        let written = self.len - self.tail.len() as u64;
        let root = match k.checked_sub(written) {
            Some(t) => self.tail.get(t as usize).copied().unwrap_or(at as u64),
            None => {
                let mut x = [0u8; 8];
                read_exact_at(&self.file, &mut x, k * 8)?;
                u64::from_le_bytes(x)
            }
        };
        Ok(root as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

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

    #[test]
    fn roots_read_back_where_set_and_themselves_elsewhere() {
        let mut roots = Roots::new(None).unwrap();
        assert_eq!(roots.get(5).unwrap(), 5);
        roots.set(3, 1).unwrap();
        roots.set(7, 0).unwrap();
        assert_eq!(
            (0..10).map(|k| roots.get(k).unwrap()).collect::<Vec<_>>(),
            [0, 1, 2, 1, 4, 5, 6, 0, 8, 9]
        );
        // copies come in input order
        assert!(roots.set(7, 2).is_err() && roots.set(5, 2).is_err());
        assert_eq!(roots.get(7).unwrap(), 0);
    }

    /// What [`Roots`] is held to: a map of the copies to their roots.
    #[derive(Debug, Clone)]
    enum Step {
        /// Place a copy this far after the last (0: at the last copy
        /// again, refused), with this root.
        Set(usize, usize),
        /// Look up a position this far from the last copy (either way).
        Get(isize),
    }

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(256, "tests/fixtures/proptest/roots.txt"))]

        /// Roots set in input order (some refused, out of order) and read
        /// back from the bits, the roots held and the file, by positions
        /// in every word: each is the root set, or the position itself.
        #[test]
        fn roots_are_a_map_of_the_copies(
            cap in 1usize..6,
            first in 0usize..200,
            steps in proptest::collection::vec(proptest::prop_oneof![
                2 => (0usize..130, 0usize..1_000_000).prop_map(|(d, r)| Step::Set(d, r)),
                3 => (-300isize..300).prop_map(Step::Get),
            ], 0..200),
        ) {
            let mut roots = Roots::with_tail(None, cap).unwrap();
            let mut map = std::collections::BTreeMap::new();
            let mut last: Option<usize> = None;
            for step in steps {
                match step {
                    Step::Set(d, root) => {
                        let at = last.map_or(first, |l| l + d);
                        let ok = last.is_none_or(|l| at > l);
                        proptest::prop_assert_eq!(roots.set(at, root).is_ok(), ok);
                        if ok {
                            map.insert(at, root);
                            last = Some(at);
                        }
                    }
                    Step::Get(d) => {
                        let at = (last.unwrap_or(first) as isize + d).max(0) as usize;
                        proptest::prop_assert_eq!(roots.get(at).unwrap(), map.get(&at).copied().unwrap_or(at));
                    }
                }
            }
            for at in 0..last.map_or(0, |l| l + 70) {
                proptest::prop_assert_eq!(roots.get(at).unwrap(), map.get(&at).copied().unwrap_or(at));
            }
        }
    }
}

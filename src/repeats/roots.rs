//! Which group of copies each document belongs to while the search for
//! wire copy groups them ([`super::duplicates::DuplicateFinder::finish_spilled`]):
//! a bit per input position in memory and the roots of the copies in a
//! temporary file, so that memory stays two bits a document.

use std::fs::File;
use std::io;
use std::path::Path;

use crate::extsort::{read_exact_at, temp_file, write_all_at};

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

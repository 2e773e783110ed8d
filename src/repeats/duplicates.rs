//! Wire copy: documents whose texts are identical or nearly so, found by
//! MinHash over word shingles (Broder 1997). Each document's signature of
//! [`HASHES`] 32-bit minima is spilled to disk (see [`super::spill`]), so
//! memory does not grow with the corpus; candidate pairs come from
//! locality-sensitive banding (8 bands of 8 rows), and a pair
//! joins a group when its estimated Jaccard similarity is at least the
//! threshold (default 0.9). Hashes are xxh3 and fixed mixes of it, so
//! groups are the same on every run, platform and thread count.

use std::io;
use std::path::Path;

pub use super::copies::DuplicateRow;
use super::copies::{CopyPositions, DuplicateList, PositionWriter, RowWriter};
use super::roots::Roots;
pub use super::signature::{Signature, HASHES, NEAR_MAX, SHINGLE};
use super::spill::{Names, Signatures, Spill};
use crate::extsort::{GetFields, PutFields, Record, Sorter};

/// Signatures of a corpus, in input order, grouped at the end. What each
/// document leaves is spilled to disk ([`Spill`]): memory does not grow
/// with the corpus.
#[derive(Debug)]
pub struct DuplicateFinder {
    spill: Spill,
    count: usize,
}

impl DuplicateFinder {
    /// A finder that spills to temporary files in `dir` (the system's
    /// temporary folder when `None`).
    pub fn new(dir: Option<&Path>) -> io::Result<DuplicateFinder> {
        Ok(DuplicateFinder {
            spill: Spill::new(dir)?,
            count: 0,
        })
    }

    /// Adds the next document.
    pub fn add(&mut self, id: &str, outlet: &str, sig: Option<Signature>) -> io::Result<()> {
        self.spill.add(self.count, id, outlet, sig.as_ref())?;
        self.count += 1;
        Ok(())
    }

    /// Groups of near-identical documents (similarity to the group's first
    /// document at least `threshold`): the rows of `duplicates.csv`, and
    /// the input positions of every document that is not first in its
    /// group, both in memory ([`DuplicateFinder::finish_spilled`] keeps
    /// them on disk).
    pub fn finish(self, threshold: f64) -> io::Result<(Vec<DuplicateRow>, Vec<usize>)> {
        let found = self.finish_spilled(threshold)?;
        Ok((found.rows.to_vec()?, found.copies.to_vec()?))
    }

    /// [`DuplicateFinder::finish`], the rows and positions written to
    /// temporary files beside the spill as they are found: memory does not
    /// grow with the copies.
    ///
    /// A document copies the group of the first earlier document that
    /// shares one of its band keys (bands in order) when it is similar
    /// enough to that group's first document: the candidates are every
    /// such pair, taken in input order. Groups are numbered in the order
    /// of their first documents, each listed first, then its copies in
    /// input order (an external sort of the pairs (first, copy)).
    pub fn finish_spilled(self, threshold: f64) -> io::Result<Found> {
        let dir = self.spill.dir().map(Path::to_path_buf);
        let dir = dir.as_deref();
        let (candidates, mut sigs, mut names) = self.spill.candidates()?;
        let mut roots = Roots::new(dir)?;
        let mut pairs: Sorter<Pair> = Sorter::new(dir);
        let mut copies = PositionWriter::new(dir)?;
        let mut current: Option<(usize, Option<Signature>)> = None;
        let mut placed: Option<usize> = None;
        for candidate in candidates {
            let (i, _band, j) = candidate?.0;
            // candidates come by later document: `i` may be placed already
            if placed == Some(i) {
                continue;
            }
            if current.as_ref().is_none_or(|(at, _)| *at != i) {
                current = Some((i, sigs.get(i)?));
            }
            let root = roots.get(j)?;
            let sig = current.as_ref().and_then(|(_, s)| s.as_ref());
            let root_sig = sigs.get_kept(root)?;
            if let (Some(s), Some(r)) = (sig, root_sig) {
                if r.similarity(s) >= threshold {
                    roots.set(i, root)?;
                    placed = Some(i);
                    pairs.push(Pair(root, i))?;
                    copies.push(i)?;
                }
            }
        }
        let mut rows = RowWriter::new(dir)?;
        let mut batch = Batch::default();
        let (mut g, mut root_at) = (0, None);
        for pair in pairs.finish()? {
            let Pair(root, i) = pair?;
            if root_at != Some(root) {
                (g, root_at) = (g + 1, Some(root));
                batch.rows.push((g, root, true));
            }
            batch.rows.push((g, i, false));
            if batch.rows.len() >= BATCH {
                batch.write(&mut sigs, &mut names, &mut rows)?;
            }
        }
        batch.write(&mut sigs, &mut names, &mut rows)?;
        Ok(Found {
            rows: rows.finish()?,
            copies: copies.finish()?,
        })
    }
}

/// What the search for copies found, on disk.
#[derive(Debug, Default, Clone)]
pub struct Found {
    /// The rows of `duplicates.csv`.
    pub rows: DuplicateList,
    /// The input positions of the later copies, sorted.
    pub copies: CopyPositions,
}

/// A copy `(first, copy)` by input positions, sorted by its group's first
/// document, then input order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Pair(usize, usize);

impl Record for Pair {
    const BYTES: usize = 16;

    fn put(&self, out: &mut [u8]) {
        PutFields::new(out).put(self.0 as u64).put(self.1 as u64);
    }

    fn get(b: &[u8]) -> Pair {
        let mut f = GetFields::new(b);
        Pair(f.get::<u64>() as usize, f.get::<u64>() as usize)
    }
}

/// Rows of `duplicates.csv` looked up at a time: their ids, outlets and
/// signatures are read in the order of the spilled files, not a seek and
/// a read per row (a corpus of copies has two rows per copy).
const BATCH: usize = 1024;

/// Rows of `duplicates.csv` waiting for their names and signatures.
#[derive(Debug, Default)]
struct Batch {
    /// Group, input position, and whether it is the group's first
    /// document, in the order of the table.
    rows: Vec<(usize, usize, bool)>,
    /// The signature of the last group's first document, which later
    /// batches may still need.
    root_sig: Option<Signature>,
}

impl Batch {
    /// Writes the rows held to `out`, each with its similarity to its
    /// group's first document, and empties the batch.
    fn write(
        &mut self,
        sigs: &mut Signatures,
        names: &mut Names,
        out: &mut RowWriter,
    ) -> io::Result<()> {
        let at: Vec<usize> = self.rows.iter().map(|&(_, i, _)| i).collect();
        let found = names.get_all(&at)?.into_iter().zip(sigs.get_all(&at)?);
        for (&(group, _, first), ((doc_id, outlet), sig)) in self.rows.iter().zip(found) {
            if first {
                self.root_sig = sig.clone();
            }
            out.push(&DuplicateRow {
                group,
                doc_id,
                outlet,
                similarity: match (&sig, &self.root_sig) {
                    (Some(s), Some(r)) => r.similarity(s),
                    _ => 0.0,
                },
                first,
            })?;
        }
        self.rows.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(seed: usize, words: usize) -> String {
        (0..words)
            .map(|i| format!("w{}", (i * 7919 + seed * 104_729) % 100_003))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn copies_and_near_copies_group_with_their_first_document() {
        let base = story(1, 400);
        // one word in 400 changed: about 5 of 396 shingles differ
        let edited = base.replacen("w", "x", 1);
        let mut f = DuplicateFinder::new(None).unwrap();
        f.add("a", "AP", Signature::of(&base)).unwrap();
        f.add("b", "Other", Signature::of(&story(2, 400))).unwrap();
        f.add("c", "Daily", Signature::of(&base.to_uppercase()))
            .unwrap();
        f.add("d", "Times", Signature::of(&edited)).unwrap();
        let (rows, dropped) = f.finish(0.9).unwrap();
        let got: Vec<(usize, &str, bool)> = rows
            .iter()
            .map(|r| (r.group, r.doc_id.as_str(), r.first))
            .collect();
        assert_eq!(got, [(1, "a", true), (1, "c", false), (1, "d", false)]);
        assert_eq!(rows[1].similarity, 1.0, "case does not matter");
        assert!(rows[2].similarity >= 0.9 && rows[2].similarity < 1.0);
        assert_eq!(dropped, [2, 3]);
    }

    #[test]
    fn different_texts_are_not_grouped() {
        let mut f = DuplicateFinder::new(None).unwrap();
        for s in 0..20 {
            f.add(&format!("d{s}"), "O", Signature::of(&story(s, 200)))
                .unwrap();
        }
        f.add("empty", "O", Signature::of("  ")).unwrap();
        assert!(f.finish(0.9).unwrap().0.is_empty());
    }

    /// A group of more rows than a [`BATCH`] of look-ups: the rows of the
    /// second batch are still compared with the group's first document.
    #[test]
    fn a_group_longer_than_a_batch_keeps_its_first_signature() {
        let mut f = DuplicateFinder::new(None).unwrap();
        let text = story(7, 60);
        f.add("other", "O", Signature::of(&story(8, 60))).unwrap();
        for n in 0..BATCH + 10 {
            f.add(
                &format!("c{n}"),
                &format!("O{}", n % 3),
                Signature::of(&text),
            )
            .unwrap();
        }
        let (rows, dropped) = f.finish(0.9).unwrap();
        assert_eq!(rows.len(), BATCH + 10);
        assert_eq!(dropped, (2..BATCH + 11).collect::<Vec<_>>());
        for (n, r) in rows.iter().enumerate() {
            assert_eq!((r.group, r.first), (1, n == 0));
            assert_eq!(r.doc_id, format!("c{n}"));
            assert_eq!(r.outlet, format!("O{}", n % 3));
            assert_eq!(r.similarity, 1.0, "row {n}: an exact copy");
        }
    }

    #[test]
    fn copies_are_found_across_every_partition_of_the_spill() {
        // 300 stories, then each again in capitals: 300 groups of two,
        // whose keys fall in all 64 partitions of the spilled band keys
        let mut f = DuplicateFinder::new(None).unwrap();
        let stories: Vec<String> = (0..300).map(|s| story(s, 50)).collect();
        for (s, text) in stories.iter().enumerate() {
            f.add(&format!("a{s}"), "A", Signature::of(text)).unwrap();
        }
        for (s, text) in stories.iter().enumerate() {
            f.add(&format!("b{s}"), "B", Signature::of(&text.to_uppercase()))
                .unwrap();
        }
        let (rows, dropped) = f.finish(0.9).unwrap();
        assert_eq!(dropped, (300..600).collect::<Vec<_>>());
        assert_eq!(rows.len(), 600);
        for (s, pair) in rows.chunks(2).enumerate() {
            assert_eq!(
                (pair[0].group, pair[0].doc_id.as_str()),
                (s + 1, &*format!("a{s}"))
            );
            assert_eq!(
                (pair[1].doc_id.as_str(), pair[1].outlet.as_str()),
                (&*format!("b{s}"), "B")
            );
            assert_eq!(pair[1].similarity, 1.0);
        }
    }
}

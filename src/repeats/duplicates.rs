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

use rustc_hash::FxHashMap;
use serde::Serialize;

pub use super::signature::{Signature, HASHES, NEAR_MAX, SHINGLE};
use super::spill::{names_of, Signatures, Spill};

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
    /// group.
    ///
    /// A document copies the group of the first earlier document that
    /// shares one of its band keys (bands in order) when it is similar
    /// enough to that group's first document: the candidates are every
    /// such pair, taken in input order.
    pub fn finish(self, threshold: f64) -> io::Result<(Vec<DuplicateRow>, Vec<usize>)> {
        let (candidates, mut sigs, names) = self.spill.candidates()?;
        // Per copy, the first document of its group.
        let mut first_of: FxHashMap<usize, usize> = FxHashMap::default();
        let mut copies: Vec<(usize, usize)> = Vec::new();
        let mut current: Option<(usize, Option<Signature>)> = None;
        for candidate in candidates {
            let (i, _band, j) = candidate?.0;
            if first_of.contains_key(&i) {
                continue;
            }
            if current.as_ref().is_none_or(|(at, _)| *at != i) {
                current = Some((i, sigs.get(i)?));
            }
            let root = first_of.get(&j).copied().unwrap_or(j);
            let sig = current.as_ref().and_then(|(_, s)| s.as_ref());
            let root_sig = sigs.get(root)?;
            if let (Some(s), Some(r)) = (sig, root_sig) {
                if r.similarity(s) >= threshold {
                    first_of.insert(i, root);
                    copies.push((i, root));
                }
            }
        }
        group_rows(&copies, &mut sigs, names)
    }
}

/// The rows of `duplicates.csv` from the copies `(i, first)` in input
/// order, and the positions of the copies, sorted.
fn group_rows(
    copies: &[(usize, usize)],
    sigs: &mut Signatures,
    names: std::fs::File,
) -> io::Result<(Vec<DuplicateRow>, Vec<usize>)> {
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut group_of: FxHashMap<usize, usize> = FxHashMap::default();
    for &(i, root) in copies {
        let g = *group_of.entry(root).or_insert_with(|| {
            groups.push((root, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(i);
    }
    groups.sort_by_key(|(root, _)| *root);
    let mut wanted: Vec<usize> = copies.iter().flat_map(|&(i, r)| [i, r]).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let named = names_of(names, &wanted)?;
    let mut rows = Vec::new();
    let mut dropped = Vec::new();
    for (g, (root, members)) in groups.iter().enumerate() {
        let root_sig = sigs.get(*root)?;
        let mut row = |i: usize, first: bool| -> io::Result<DuplicateRow> {
            let (id, outlet) = named.get(&i).cloned().unwrap_or_default();
            Ok(DuplicateRow {
                group: g + 1,
                doc_id: id,
                outlet,
                similarity: match (sigs.get(i)?, &root_sig) {
                    (Some(s), Some(r)) => r.similarity(&s),
                    _ => 0.0,
                },
                first,
            })
        };
        rows.push(row(*root, true)?);
        for &i in members {
            rows.push(row(i, false)?);
        }
        dropped.extend(members.iter().copied());
    }
    dropped.sort_unstable();
    Ok((rows, dropped))
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

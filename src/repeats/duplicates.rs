//! Wire copy: documents whose texts are identical or nearly so, found by
//! MinHash over word shingles (Broder 1997). Each document keeps a
//! signature of [`HASHES`] 32-bit minima, so memory grows by a few hundred
//! bytes per document whatever its length; candidate pairs come from
//! locality-sensitive banding (8 bands of 8 rows), and a pair
//! joins a group when its estimated Jaccard similarity is at least the
//! threshold (default 0.9). Hashes are xxh3 and fixed mixes of it, so
//! groups are the same on every run, platform and thread count.

use rustc_hash::FxHashMap;
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

use super::lines::{hash_run, word_hashes};

/// Words per shingle.
pub const SHINGLE: usize = 5;
/// MinHash values per document.
pub const HASHES: usize = 64;
/// Bands of the banding index.
const BANDS: usize = 8;
/// Rows per band: `BANDS * ROWS == HASHES`. A pair with similarity 0.9
/// shares a band with probability 1 - (1 - 0.9^8)^8, about 0.99.
const ROWS: usize = 8;

/// The highest similarity shown for texts that are not identical.
pub const NEAR_MAX: f64 = 0.99;

/// A document's MinHash signature and the hash of its whole text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Hash of the normalised text (lower-case words), for exact copies.
    pub exact: u64,
    /// Per hash function, the least shingle hash.
    pub mins: [u32; HASHES],
}

impl Signature {
    /// The signature of `text`; `None` for a text without words.
    pub fn of(text: &str) -> Option<Signature> {
        Signature::of_words(&word_hashes(text).1)
    }

    /// The signature of a text whose [`word_hashes`] are `words`.
    pub fn of_words(words: &[u64]) -> Option<Signature> {
        if words.is_empty() {
            return None;
        }
        let joined: Vec<u8> = words.iter().flat_map(|h| h.to_le_bytes()).collect();
        let multipliers: [u64; HASHES] = std::array::from_fn(multiplier);
        let mut mins = [u32::MAX; HASHES];
        for w in words.windows(SHINGLE.min(words.len())) {
            let h = hash_run(w);
            for (m, a) in mins.iter_mut().zip(&multipliers) {
                *m = (*m).min((h.wrapping_mul(*a) >> 32) as u32);
            }
        }
        Some(Signature {
            exact: xxh3_64(&joined),
            mins,
        })
    }

    /// Estimated Jaccard similarity of the two shingle sets: 1 for equal
    /// texts, and at most [`NEAR_MAX`] for texts known to differ (all 64
    /// minima can agree although a word changed).
    pub fn similarity(&self, other: &Signature) -> f64 {
        if self.exact == other.exact {
            return 1.0;
        }
        let same = self
            .mins
            .iter()
            .zip(&other.mins)
            .filter(|(a, b)| a == b)
            .count();
        (same as f64 / HASHES as f64).min(NEAR_MAX)
    }
}

/// The odd multiplier of the `i`-th hash function: a shingle's xxh3 hash
/// `h` becomes the high 32 bits of `h * a_i` (multiply-shift hashing),
/// one multiplication per function instead of hashing the shingle again.
/// The `a_i` are SplitMix64 outputs, fixed.
fn multiplier(i: usize) -> u64 {
    let mut z = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) | 1
}

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

/// Signatures of a corpus, in input order, grouped at the end.
#[derive(Debug, Default)]
pub struct DuplicateFinder {
    docs: Vec<(String, String, Option<Signature>)>,
}

impl DuplicateFinder {
    /// Adds the next document.
    pub fn add(&mut self, id: &str, outlet: &str, sig: Option<Signature>) {
        self.docs.push((id.to_string(), outlet.to_string(), sig));
    }

    /// Groups of near-identical documents (similarity to the group's first
    /// document at least `threshold`): the rows of `duplicates.csv`, and
    /// the input positions of every document that is not first in its
    /// group.
    pub fn finish(self, threshold: f64) -> (Vec<DuplicateRow>, Vec<usize>) {
        // One map per band, keyed by the band's hash: half the memory of
        // one map keyed by (band, hash), which held 8 entries per document.
        let mut buckets: Vec<FxHashMap<u64, usize>> = vec![FxHashMap::default(); BANDS];
        // Per document, the first earlier document it copies, if any.
        let mut first_of: Vec<Option<usize>> = vec![None; self.docs.len()];
        for (i, (_, _, sig)) in self.docs.iter().enumerate() {
            let Some(sig) = sig else { continue };
            for (bucket, rows) in buckets.iter_mut().zip(sig.mins.chunks(ROWS)) {
                let band: Vec<u8> = rows.iter().flat_map(|m| m.to_le_bytes()).collect();
                let key = xxh3_64(&band);
                match bucket.get(&key) {
                    Some(&j) if first_of[i].is_none() => {
                        let root = first_of[j].unwrap_or(j);
                        let root_sig = self.docs[root].2.as_ref();
                        if root_sig.is_some_and(|r| r.similarity(sig) >= threshold) {
                            first_of[i] = Some(root);
                        }
                    }
                    Some(_) => {}
                    None => {
                        bucket.insert(key, i);
                    }
                }
            }
        }
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut group_of: FxHashMap<usize, usize> = FxHashMap::default();
        for (i, f) in first_of.iter().enumerate() {
            if let Some(root) = *f {
                let g = *group_of.entry(root).or_insert_with(|| {
                    groups.push((root, Vec::new()));
                    groups.len() - 1
                });
                groups[g].1.push(i);
            }
        }
        groups.sort_by_key(|(root, _)| *root);
        let mut rows = Vec::new();
        let mut dropped = Vec::new();
        for (g, (root, copies)) in groups.iter().enumerate() {
            let row = |i: usize, first: bool| {
                let (id, outlet, sig) = &self.docs[i];
                let root_sig = self.docs[*root].2.as_ref();
                DuplicateRow {
                    group: g + 1,
                    doc_id: id.clone(),
                    outlet: outlet.clone(),
                    similarity: match (sig, root_sig) {
                        (Some(s), Some(r)) => r.similarity(s),
                        _ => 0.0,
                    },
                    first,
                }
            };
            rows.push(row(*root, true));
            rows.extend(copies.iter().map(|&i| row(i, false)));
            dropped.extend(copies.iter().copied());
        }
        dropped.sort_unstable();
        (rows, dropped)
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
        let mut f = DuplicateFinder::default();
        f.add("a", "AP", Signature::of(&base));
        f.add("b", "Other", Signature::of(&story(2, 400)));
        f.add("c", "Daily", Signature::of(&base.to_uppercase()));
        f.add("d", "Times", Signature::of(&edited));
        let (rows, dropped) = f.finish(0.9);
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
        let mut f = DuplicateFinder::default();
        for s in 0..20 {
            f.add(&format!("d{s}"), "O", Signature::of(&story(s, 200)));
        }
        f.add("empty", "O", Signature::of("  "));
        assert!(f.finish(0.9).0.is_empty());
    }
}

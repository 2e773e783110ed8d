//! A document's MinHash signature over word shingles (Broder 1997): what
//! the search for wire copy ([`super::duplicates`]) keeps of each document
//! and spills to disk ([`super::spill`]).

use xxhash_rust::xxh3::xxh3_64;

use super::lines::{hash_run, word_hashes};

/// Words per shingle.
pub const SHINGLE: usize = 5;
/// MinHash values per document.
pub const HASHES: usize = 64;
/// Bands of the banding index.
pub(crate) const BANDS: usize = 8;
/// Rows per band: `BANDS * ROWS == HASHES`. A pair with similarity 0.9
/// shares a band with probability 1 - (1 - 0.9^8)^8, about 0.99.
pub(crate) const ROWS: usize = 8;

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

    /// The key of each band of [`ROWS`] minima, the index of the banding.
    pub fn band_keys(&self) -> [u64; BANDS] {
        std::array::from_fn(|b| {
            let band: Vec<u8> = self.mins[b * ROWS..(b + 1) * ROWS]
                .iter()
                .flat_map(|m| m.to_le_bytes())
                .collect();
            xxh3_64(&band)
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
pub(crate) fn multiplier(i: usize) -> u64 {
    let mut z = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) | 1
}

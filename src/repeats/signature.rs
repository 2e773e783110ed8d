//! A document's MinHash signature over word shingles (Broder 1997): what
//! the search for wire copy ([`super::duplicates`]) keeps of each document
//! and spills to disk ([`super::spill`]).

use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use super::lines::{hash_run, word_hashes};
use super::runs::hash_fixed;

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
        Signature::of_words(&word_hashes(text))
    }

    /// The signature of a text whose [`word_hashes`] are `words`.
    pub fn of_words(words: &[u64]) -> Option<Signature> {
        if words.is_empty() {
            return None;
        }
        let mut mins = [u32::MAX; HASHES];
        fold_shingles(words, &mut mins);
        Some(Signature {
            exact: exact_hash(words),
            mins,
        })
    }

    /// The key of each band of `ROWS` minima, the index of the banding.
    pub fn band_keys(&self) -> [u64; BANDS] {
        std::array::from_fn(|b| {
            // the band's minima as little-endian bytes, on the stack (on the
            // reading thread, for every document)
            let mut band = [0u8; 4 * ROWS];
            for (out, m) in band.chunks_exact_mut(4).zip(&self.mins[b * ROWS..]) {
                out.copy_from_slice(&m.to_le_bytes());
            }
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

/// The xxh3 hash of the little-endian bytes of `words`, one after another,
/// fed to the streaming hasher a block at a time from the stack (the same
/// value as hashing them joined, without a copy of the whole text's words).
fn exact_hash(words: &[u64]) -> u64 {
    const BLOCK: usize = 64;
    let mut hasher = Xxh3::new();
    let mut bytes = [0u8; 8 * BLOCK];
    for chunk in words.chunks(BLOCK) {
        for (b, h) in bytes.chunks_exact_mut(8).zip(chunk) {
            b.copy_from_slice(&h.to_le_bytes());
        }
        hasher.update(&bytes[..8 * chunk.len()]);
    }
    hasher.digest()
}

/// The odd multiplier of the `i`-th hash function: a shingle's xxh3 hash
/// `h` becomes the high 32 bits of `h * a_i` (multiply-shift hashing),
/// one multiplication per function instead of hashing the shingle again.
/// The `a_i` are SplitMix64 outputs, fixed.
pub(crate) const fn multiplier(i: usize) -> u64 {
    let mut z = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) | 1
}

/// The low and high 32 bits of each [`multiplier`].
const HALVES: ([u32; HASHES], [u32; HASHES]) = {
    let mut lo = [0u32; HASHES];
    let mut hi = [0u32; HASHES];
    let mut i = 0;
    while i < HASHES {
        lo[i] = multiplier(i) as u32;
        hi[i] = (multiplier(i) >> 32) as u32;
        i += 1;
    }
    (lo, hi)
};

/// Lowers each of `mins` to the least value of its hash function over the
/// shingles of `words`. With AVX2 the same arithmetic runs on eight
/// functions at once (the values are the same bits either way).
fn fold_shingles(words: &[u64], mins: &mut [u32; HASHES]) {
    if fold_avx512_if_any(words, mins) {
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        unsafe { fold_avx2(words, mins) };
        return;
    }
    fold(words, mins);
}

/// [`fold`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn fold_avx2(words: &[u64], mins: &mut [u32; HASHES]) {
    fold(words, mins);
}

/// [`fold_avx512`] when the processor has AVX-512 F and DQ: whether it
/// folded.
#[rustversion::since(1.89)]
#[allow(clippy::incompatible_msrv)] // compiled only from 1.89 (rustversion)
#[cfg_attr(not(target_arch = "x86_64"), allow(unused_variables))]
fn fold_avx512_if_any(words: &[u64], mins: &mut [u32; HASHES]) -> bool {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512dq")
    {
        // SAFETY: the processor has AVX-512 F and DQ, checked just above.
        unsafe { fold_avx512(words, mins) };
        return true;
    }
    false
}

/// Before rustc 1.89, whose AVX-512 intrinsics are not stable: never.
#[rustversion::before(1.89)]
fn fold_avx512_if_any(_words: &[u64], _mins: &mut [u32; HASHES]) -> bool {
    false
}

/// [`fold`] with AVX-512: eight hash functions at once in 64-bit lanes,
/// each `h * a_i` one `vpmullq` (the 64-bit product mod 2^64, whose bits
/// 32 to 63 are [`high_bits`]), shifted down and kept if lower. The
/// minima are the same values as [`fold`]'s; a third of its instructions
/// (three per eight functions, where the 32-bit arithmetic takes nine or
/// ten).
#[rustversion::since(1.89)]
#[allow(clippy::incompatible_msrv)] // compiled only from 1.89 (rustversion)
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
fn fold_avx512(words: &[u64], mins: &mut [u32; HASHES]) {
    use std::arch::x86_64::{
        __m512i, _mm512_min_epu64, _mm512_mullo_epi64, _mm512_set1_epi64, _mm512_srli_epi64,
    };
    /// Vectors of eight lanes.
    const V: usize = HASHES / 8;
    // The lanes as plain arrays: `__m512i` is eight `u64`s, any bits valid.
    let lanes = |v: [u64; 8]| -> __m512i {
        // SAFETY: both types are 64 bytes of plain integers.
        unsafe { std::mem::transmute::<[u64; 8], __m512i>(v) }
    };
    let a: [__m512i; V] =
        std::array::from_fn(|v| lanes(std::array::from_fn(|k| MULTIPLIERS[8 * v + k])));
    let mut m: [__m512i; V] =
        std::array::from_fn(|v| lanes(std::array::from_fn(|k| u64::from(mins[8 * v + k]))));
    for w in words.windows(SHINGLE.min(words.len())) {
        let h = _mm512_set1_epi64(shingle_hash(w) as i64);
        for v in 0..V {
            let high = _mm512_srli_epi64::<32>(_mm512_mullo_epi64(h, a[v]));
            m[v] = _mm512_min_epu64(m[v], high);
        }
    }
    for (v, m) in m.iter().enumerate() {
        // SAFETY: as above; every lane holds bits 32 to 63 of a product, or
        // a minimum as given, so below 2^32.
        let got = unsafe { std::mem::transmute::<__m512i, [u64; 8]>(*m) };
        for (k, g) in got.iter().enumerate() {
            mins[8 * v + k] = *g as u32;
        }
    }
}

/// Every [`multiplier`], for [`fold_avx512`].
#[rustversion::since(1.89)]
#[cfg(target_arch = "x86_64")]
const MULTIPLIERS: [u64; HASHES] = {
    let mut a = [0u64; HASHES];
    let mut i = 0;
    while i < HASHES {
        a[i] = multiplier(i);
        i += 1;
    }
    a
};

/// The shingles' minima, one hash function after another for each
/// shingle; the loop over the functions vectorises.
#[inline(always)]
fn fold(words: &[u64], mins: &mut [u32; HASHES]) {
    let (lo, hi) = (&HALVES.0, &HALVES.1);
    for w in words.windows(SHINGLE.min(words.len())) {
        let h = shingle_hash(w);
        let (hl, hh) = (h as u32, (h >> 32) as u32);
        for i in 0..HASHES {
            mins[i] = mins[i].min(high_bits(hl, hh, lo[i], hi[i]));
        }
    }
}

/// [`hash_run`] of a shingle: a whole one ([`SHINGLE`] words, all but
/// the texts shorter than that) in line ([`hash_fixed`]), in the loop
/// compiled for AVX2 (a call there cost as much as the hash, with the
/// minima saved and restored around it).
#[inline(always)]
fn shingle_hash(w: &[u64]) -> u64 {
    <&[u64; SHINGLE]>::try_from(w).map_or_else(|_| hash_run(w), hash_fixed)
}

/// Bits 32 to 63 of `h * a` (mod 2^64) in 32-bit arithmetic, which
/// vectorises where 64-bit multiplication does not: with `h = hh 2^32 + hl`
/// and `a = ah 2^32 + al`, they are `hi32(hl al) + lo32(hh al) + lo32(hl ah)`
/// (mod 2^32); the other terms fall below bit 32 or above bit 63.
#[inline(always)]
fn high_bits(hl: u32, hh: u32, al: u32, ah: u32) -> u32 {
    (((u64::from(hl) * u64::from(al)) >> 32) as u32)
        .wrapping_add(hh.wrapping_mul(al))
        .wrapping_add(hl.wrapping_mul(ah))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A shingle's hash in line is [`hash_run`]'s, for whole shingles
    /// and the shorter ones of short texts.
    #[test]
    fn shingle_hashes_are_run_hashes() {
        let words: Vec<u64> = (1..12u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .chain([0, u64::MAX, 1 << 63])
            .collect();
        for n in 0..=SHINGLE {
            for w in words.windows(n.max(1)) {
                let w = &w[..n];
                assert_eq!(shingle_hash(w), hash_run(w), "{w:?}");
            }
        }
    }

    /// A band's key is the hash of its minima's little-endian bytes joined.
    #[test]
    fn band_keys_hash_the_bands_bytes() {
        let sig = Signature {
            exact: 7,
            mins: std::array::from_fn(|i| (i as u32).wrapping_mul(0x9E37_79B9) ^ 0xFF00_00FF),
        };
        for (b, key) in sig.band_keys().into_iter().enumerate() {
            let bytes: Vec<u8> = sig.mins[b * ROWS..(b + 1) * ROWS]
                .iter()
                .flat_map(|m| m.to_le_bytes())
                .collect();
            assert_eq!(key, xxh3_64(&bytes), "band {b}");
        }
    }

    /// The streamed hash of the words is the hash of their bytes joined,
    /// for texts shorter and longer than a block and not a multiple of it.
    #[test]
    fn the_exact_hash_is_the_hash_of_the_joined_words() {
        for n in [0usize, 1, 7, 63, 64, 65, 130, 1000] {
            let words: Vec<u64> = (0..n as u64)
                .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
                .collect();
            let joined: Vec<u8> = words.iter().flat_map(|h| h.to_le_bytes()).collect();
            assert_eq!(exact_hash(&words), xxh3_64(&joined), "{n} words");
        }
    }

    /// The 32-bit arithmetic of [`high_bits`] against the 64-bit product
    /// it stands for, on hashes of every shape (zero halves, all ones,
    /// random), and a whole signature against the 64-bit products.
    #[test]
    fn split_multiplication_gives_the_high_bits_of_the_product() {
        let mut x = 0x1234_5678_9ABC_DEF0u64;
        let mut hs = vec![
            0,
            1,
            u64::MAX,
            1 << 32,
            u64::from(u32::MAX),
            0x8000_0000_8000_0000,
        ];
        for _ in 0..200 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            hs.push(x);
        }
        for &h in &hs {
            for i in 0..HASHES {
                let (al, ah) = (HALVES.0[i], HALVES.1[i]);
                let wide = (h.wrapping_mul(multiplier(i)) >> 32) as u32;
                assert_eq!(high_bits(h as u32, (h >> 32) as u32, al, ah), wide);
            }
        }
        let wide: [u32; HASHES] = std::array::from_fn(|i| {
            hs.windows(SHINGLE)
                .map(|w| (hash_run(w).wrapping_mul(multiplier(i)) >> 32) as u32)
                .min()
                .unwrap_or(u32::MAX)
        });
        let (mut plain, mut dispatched) = ([u32::MAX; HASHES], [u32::MAX; HASHES]);
        fold(&hs, &mut plain);
        fold_shingles(&hs, &mut dispatched);
        assert_eq!(plain, wide);
        assert_eq!(dispatched, wide);
    }

    /// Minima as [`fold`] (the reference, 32-bit arithmetic) finds them.
    fn by_fold(words: &[u64], start: &[u32; HASHES]) -> [u32; HASHES] {
        let mut mins = *start;
        fold(words, &mut mins);
        mins
    }

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(256, "tests/fixtures/proptest/minhash.txt"))]

        /// Every road the processor has (AVX-512, AVX2, plain) lowers the
        /// minima as [`fold`] does, from fresh minima and from minima
        /// already low (a signature folded further), on texts of one word
        /// to a few hundred, shorter and longer than a shingle, and words
        /// of every bit pattern.
        #[test]
        fn every_road_gives_folds_minima(
            words in proptest::collection::vec(proptest::prop_oneof![
                4 => proptest::num::u64::ANY,
                1 => 0u64..4,
                1 => proptest::strategy::Just(u64::MAX),
            ], 1..300),
            low in proptest::collection::vec(proptest::num::u32::ANY, HASHES),
        ) {
            let low: [u32; HASHES] = std::array::from_fn(|i| low[i]);
            for start in [[u32::MAX; HASHES], low] {
                let want = by_fold(&words, &start);
                let mut got = start;
                fold_shingles(&words, &mut got);
                proptest::prop_assert_eq!(got, want);
                let mut wide = start;
                if fold_avx512_if_any(&words, &mut wide) {
                    proptest::prop_assert_eq!(wide, want);
                }
                #[cfg(target_arch = "x86_64")]
                if std::arch::is_x86_feature_detected!("avx2") {
                    let mut two = start;
                    // SAFETY: the processor has AVX2.
                    unsafe { fold_avx2(&words, &mut two) };
                    proptest::prop_assert_eq!(two, want);
                }
            }
        }
    }
}

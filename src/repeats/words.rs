//! The words of a text as the repeat pass sees them: each word token
//! ([`crate::text::tokens`]) and the xxh3 hash of its lower case. Every
//! document is hashed word by word in the detection pass (runs repeated
//! within a document and MinHash signatures are built from these hashes),
//! so the common case, an ASCII word of at most `SHORT` bytes, is lower-
//! cased in a fixed block on the stack that the compiler vectorises.

use std::ops::Range;

use xxhash_rust::xxh3::xxh3_64;

#[cfg(test)]
use crate::text::tokens;

mod find;
use find::{each_word, marks_any, Lower, Marks, Words, CHUNK, PADDED};

/// Bytes of a word lower-cased in one fixed block (of the text from the
/// word's start).
const SHORT: usize = 32;

/// [`SHORT`] bytes of ones, then as many zeros: from `SHORT - len`, the
/// mask of a word's first `len` bytes in a block.
const OWN_BYTES: [u8; 2 * SHORT] = {
    let mut t = [0u8; 2 * SHORT];
    let mut i = 0;
    while i < SHORT {
        t[i] = 0xFF;
        i += 1;
    }
    t
};

/// The hash of each word of `text` ([`crate::text::tokens`]) in lower case. The words'
/// byte ranges are not kept: at 16 bytes a word they took three bytes per
/// byte of text, more than the hashes; what needs them reads them again.
pub fn word_hashes(text: &str) -> Vec<u64> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        return unsafe { word_hashes_avx2(text) };
    }
    word_hashes_any(text)
}

/// [`word_hashes_any`] compiled for AVX2: a word's block is lower-cased
/// and checked for ASCII in one 32-byte register rather than two halves
/// (about 8% less time in finding and hashing the words, perf samples on
/// `news-10k`, tenth round).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn word_hashes_avx2(text: &str) -> Vec<u64> {
    hashes_with(text, |c| find::marks_avx2(c))
}

/// [`word_hashes`] on any processor.
fn word_hashes_any(text: &str) -> Vec<u64> {
    hashes_with(text, marks_any)
}

/// [`word_hashes`], the words found with `marks` ([`find::each_word`]).
#[inline(always)]
fn hashes_with(text: &str, marks: impl Fn(&[u8; CHUNK]) -> Marks) -> Vec<u64> {
    let mut hashes = Hashes {
        text,
        // News text runs about six bytes a word: one allocation for most
        // texts.
        hashes: Vec::with_capacity(text.len() / 5 + 4),
        buf: Vec::new(),
    };
    each_word(text, marks, &mut hashes);
    hashes.hashes
}

/// The hashes of the words of `text` so far.
struct Hashes<'a> {
    text: &'a str,
    hashes: Vec<u64>,
    /// Room for the lower case of words not in ASCII.
    buf: Vec<u8>,
}

impl Words for Hashes<'_> {
    /// A word of ASCII letters and digits comes lower-cased with its chunk
    /// and is hashed as it is, in line in the search; the others take
    /// [`word_hash`], out of line.
    #[inline(always)]
    fn word(&mut self, at: Range<usize>, lower: Option<Lower<'_>>) {
        let h = match lower {
            Some(lower) if lower.end - lower.start <= 16 => {
                short_hash(lower.padded, lower.start, lower.end)
            }
            Some(lower) => xxh3_64(lower.bytes()),
            None => joined_word_hash(self.text, at, &mut self.buf),
        };
        self.hashes.push(h);
    }
}

/// The bytes of xxh3's default secret (the specification's `kSecret`)
/// that its hash of 1 to 16 bytes reads.
const SECRET: [u8; 56] = [
    0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
    0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
    0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
    0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e,
];

/// The little-endian `u64` of [`SECRET`] at `at`.
const fn secret64(at: usize) -> u64 {
    let mut v = 0u64;
    let mut k = 0;
    while k < 8 {
        v |= (SECRET[at + k] as u64) << (8 * k);
        k += 1;
    }
    v
}

/// The little-endian `u64` of `p` at `at` (0 if out of it: never, for the
/// reads of [`short_hash`]).
#[inline(always)]
fn read64(p: &[u8; PADDED], at: usize) -> u64 {
    p.get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// `xxh3_64(&p[start..end])` for a word of 1 to 16 bytes whose chunk
/// `p` has 8 bytes of room about it ([`Lower`]), without a branch: the
/// three roads of xxh3 for 1 to 3, 4 to 8 and 9 to 16 bytes (with the
/// default secret and seed 0) are all computed, from reads of a fixed size
/// about the word, and the one for its length kept. In news text a word's
/// length falls in one class or another nearly at random, and the branches
/// to them were mispredicted often; the two roads not taken cost a few
/// multiplications. The same values as `xxh3_64`, tested for every length.
#[inline(always)]
fn short_hash(p: &[u8; PADDED], start: usize, end: usize) -> u64 {
    let len = (end - start) as u64;
    let byte = |at: usize| u64::from(p.get(at).copied().unwrap_or(0));
    // 1 to 3 bytes: the first, middle and last bytes and the length
    let combo = byte(start) << 16
        | byte(start + (end - start) / 2) << 24
        | byte(end.wrapping_sub(1))
        | len << 8;
    let flip = u64::from((secret64(0) as u32) ^ (secret64(4) as u32));
    let h3 = xxh64_avalanche(combo ^ flip);
    // 4 to 8 bytes: the first and the last four
    let first = read64(p, start) & 0xFFFF_FFFF;
    let last = read64(p, end.wrapping_sub(4)) & 0xFFFF_FFFF;
    let keyed = last.wrapping_add(first << 32) ^ (secret64(8) ^ secret64(16));
    let h8 = strong_avalanche(keyed, len);
    // 9 to 16 bytes: the first and the last eight
    let lo = read64(p, start) ^ (secret64(24) ^ secret64(32));
    let hi = read64(p, end.wrapping_sub(8)) ^ (secret64(40) ^ secret64(48));
    let product = u128::from(lo) * u128::from(hi);
    let acc = len
        .wrapping_add(lo.swap_bytes())
        .wrapping_add(hi)
        .wrapping_add(product as u64 ^ (product >> 64) as u64);
    let h16 = xxh3_avalanche(acc);
    // all ones where the class is the word's
    let small = 0u64.wrapping_sub(u64::from(len <= 3));
    let mid = 0u64.wrapping_sub(u64::from(len <= 8));
    let h = (h3 & small) | (h8 & !small);
    (h & mid) | (h16 & !mid)
}

/// xxh64's final mix, which xxh3 gives texts of 1 to 3 bytes.
#[inline(always)]
fn xxh64_avalanche(mut v: u64) -> u64 {
    v ^= v >> 33;
    v = v.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    v ^= v >> 29;
    v = v.wrapping_mul(0x1656_67B1_9E37_79F9);
    v ^ v >> 32
}

/// xxh3's final mix of texts of 4 to 8 bytes (`rrmxmx`).
#[inline(always)]
fn strong_avalanche(mut v: u64, len: u64) -> u64 {
    v ^= v.rotate_left(49) ^ v.rotate_left(24);
    v = v.wrapping_mul(0x9FB2_1C65_1E98_DF25);
    v ^= (v >> 35).wrapping_add(len);
    v = v.wrapping_mul(0x9FB2_1C65_1E98_DF25);
    v ^ v >> 28
}

/// xxh3's final mix of texts of 9 to 16 bytes.
#[inline(always)]
fn xxh3_avalanche(mut v: u64) -> u64 {
    v ^= v >> 37;
    v = v.wrapping_mul(0x1656_6791_9E37_79F9);
    v ^ v >> 32
}

/// [`word_hash`] of a word that is not all ASCII letters and digits.
#[inline(never)]
fn joined_word_hash(text: &str, at: Range<usize>, buf: &mut Vec<u8>) -> u64 {
    word_hash(text, at, buf)
}

/// The xxh3 hash of the word at `at` in `text`, in lower case (Unicode
/// lower-casing, which maps ASCII letters as bytes do); `buf` holds the
/// words not read in a block. In line in the loop over the words, the
/// other words out of line ([`other_word_hash`]).
#[inline(always)]
fn word_hash(text: &str, at: Range<usize>, buf: &mut Vec<u8>) -> u64 {
    let len = at.len();
    // A fixed block of the text from the word's start (words near the end
    // of the text take the other road): a copy of a known size, not a call
    // to copy `len` bytes.
    let block: Option<[u8; SHORT]> = text
        .as_bytes()
        .get(at.start..at.start + SHORT)
        .and_then(|b| b.try_into().ok());
    if let (true, Some(mut block)) = (len <= SHORT, block) {
        // only the word's own bytes must be ASCII: a mask of `len` ones
        // read from a table, where computing it per byte cost more than
        // the lower-casing
        let own: &[u8; SHORT] = OWN_BYTES[SHORT - len..][..SHORT]
            .try_into()
            .unwrap_or(&[0xFF; SHORT]);
        let mut high = 0u8;
        for (c, m) in block.iter_mut().zip(own) {
            high |= *c & m;
            *c |= u8::from(c.wrapping_sub(b'A') < 26) << 5;
        }
        if high < 0x80 {
            return xxh3_64(&block[..len]);
        }
    }
    other_word_hash(text, at, buf)
}

/// [`word_hash`] of a word longer than a block, beyond ASCII or at the end
/// of the text.
#[inline(never)]
fn other_word_hash(text: &str, at: Range<usize>, buf: &mut Vec<u8>) -> u64 {
    let word = &text[at];
    buf.clear();
    // `’` (in `Kyiv’s`) is its own lower case, and ASCII lower-casing
    // leaves its bytes alone.
    if word.is_ascii() || word.split('\u{2019}').all(str::is_ascii) {
        buf.extend(word.bytes().map(|b| b.to_ascii_lowercase()));
    } else {
        let mut utf8 = [0u8; 4];
        for c in word.chars().flat_map(char::to_lowercase) {
            buf.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        }
    }
    xxh3_64(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash the fast road must reproduce: the character road.
    fn by_chars(word: &str) -> u64 {
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        xxh3_64(lower.as_bytes())
    }

    #[test]
    fn short_long_and_unicode_words_hash_as_their_lower_case() {
        let long = "Antidisestablishmentarianism-and-then-SOME-MORE".repeat(2);
        for text in [
            "Kyiv AP 2014 McDONALD'S x9 ZELENSKYY @[`{ AZaz",
            "Zürich ÉTAT İstanbul ΣΟΦΊΑ straße Kyiv\u{2019}s",
            long.as_str(),
            "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG",
            // a word whose block runs into letters beyond ASCII
            "Kyiv \u{C9}\u{C9}\u{C9}\u{C9}\u{C9}\u{C9}\u{C9}\u{C9}\u{C9}\u{C9}\u{C9}\u{C9}\u{C9}\u{C9}\u{C9}\u{C9}",
            "",
        ] {
            let words = word_hashes(text);
            let toks: Vec<Range<usize>> = tokens(text).collect();
            assert_eq!(toks.len(), words.len());
            for (t, h) in toks.iter().zip(&words) {
                assert_eq!(*h, by_chars(&text[t.clone()]), "{:?}", &text[t.clone()]);
            }
        }
    }

    /// The hash without branches is xxh3's for every length from 1 to
    /// 16, every place of the word in its chunk (the first byte of the
    /// chunk to its last) and any bytes about it.
    #[test]
    fn short_hashes_are_xxh3() {
        let mut x = 0x0123_4567_89AB_CDEFu64;
        for round in 0..40 {
            let mut p = [0u8; PADDED];
            for b in p.iter_mut() {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                *b = (x >> 56) as u8;
            }
            if round % 4 == 1 {
                p = [0; PADDED];
            }
            if round % 4 == 2 {
                p = [0xFF; PADDED];
            }
            for len in 1..=16 {
                for i in 0..=CHUNK - len {
                    let start = find::PAD + i;
                    let end = start + len;
                    assert_eq!(
                        short_hash(&p, start, end),
                        xxh3_64(&p[start..end]),
                        "{len} bytes at {i}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(256, "tests/fixtures/proptest/word_hashes.txt"))]

        /// Any bytes of 1 to 16, anywhere in a chunk: xxh3's hash.
        #[test]
        fn short_hashes_are_xxh3_on_any_bytes(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, PADDED),
            len in 1usize..=16,
            at in 0usize..CHUNK,
        ) {
            let p: [u8; PADDED] = std::array::from_fn(|k| bytes[k]);
            let i = at.min(CHUNK - len);
            let start = find::PAD + i;
            proptest::prop_assert_eq!(short_hash(&p, start, start + len), xxh3_64(&p[start..start + len]));
        }

        /// On any mix of ASCII letters at the edges of the case ranges,
        /// digits, punctuation and letters beyond ASCII, in words shorter
        /// and longer than the fixed block, every hash is the character
        /// road's.
        #[test]
        fn hashes_match_the_character_road(text in "[aAzZ@\\[`{09'., \u{C9}\u{E9}\u{130}\u{3A3}\u{2019}]{0,80}") {
            let words = word_hashes(&text);
            let toks: Vec<Range<usize>> = tokens(&text).collect();
            proptest::prop_assert_eq!(toks.len(), words.len());
            for (t, h) in toks.iter().zip(&words) {
                proptest::prop_assert_eq!(*h, by_chars(&text[t.clone()]));
            }
        }
    }
}

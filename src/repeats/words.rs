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
mod short;
use find::{each_word, marks_any, Marks, Words};
use short::{Block, CHUNK};

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
    /// and is hashed there ([`short::xxh3_in`]), in line in the search; the
    /// others take [`word_hash`], out of line.
    #[inline(always)]
    fn word(&mut self, at: Range<usize>, lower: Option<(&Block, usize)>) {
        let h = match lower {
            // the length by a subtraction: `at.len()` would check that `at`
            // is not reversed, which it never is
            Some((block, i)) => short::xxh3_in(block, i, at.end.wrapping_sub(at.start)),
            None => joined_word_hash(self.text, at, &mut self.buf),
        };
        self.hashes.push(h);
    }
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

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(256, "tests/fixtures/proptest/word_hashes.txt"))]

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

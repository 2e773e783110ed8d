//! Bitmaps of the bytes that segmentation stops at, made in one pass over a
//! document.
//!
//! Sentences and quotations were found by a `memchr3` from each stop to the
//! next: news sentences run about 130 bytes, and a search that short spent
//! more on its start than on the bytes it read. One pass over the whole text
//! that notes each byte of a set in a bit (32 bytes to a register where the
//! processor has AVX2) costs less than half a machine instruction a byte,
//! and each stop after it is a few instructions on a 32-bit word.

/// The bytes a bitmap notes. Four bytes each, the same byte repeated where
/// a set has fewer, so that one routine makes the bitmap of every set.
pub(in crate::text) type ByteSet = [u8; 4];

/// The bytes a sentence may end at: `.`, `!`, `?`, and the last byte of
/// the ellipsis (`E2 80 A6`), found from it as in `find_ellipsis`.
pub(in crate::text) const SENTENCE_ENDS: ByteSet = [b'.', b'!', b'?', 0xA6];

/// The bytes a quote mark starts with: `"`, the lead byte of the curly
/// quotes (`E2`) and of the guillemets (`C2`).
pub(in crate::text) const QUOTE_LEADS: ByteSet = [b'"', 0xE2, 0xC2, 0xC2];

/// The bits of 32 bytes of text, the first byte's lowest: one AVX2
/// register's bytes.
type Word = u32;

/// The bytes of text a [`Word`] holds the bits of.
const WORD_BYTES: usize = Word::BITS as usize;

/// A bit for each byte of a text that is in a [`ByteSet`]: byte `i` is bit
/// `i % 32` of word `i / 32`.
#[derive(Debug, Clone)]
pub(in crate::text) struct Bits {
    words: Vec<Word>,
}

impl Bits {
    /// The bitmap of the bytes of `bytes` in `set`, made with AVX2 where
    /// the processor has it (checked at run time).
    pub(in crate::text) fn of(bytes: &[u8], set: ByteSet) -> Bits {
        let mut words = Vec::with_capacity(bytes.len().div_ceil(WORD_BYTES));
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, checked just above.
            unsafe { fill_avx2(bytes, set, &mut words) };
            return Bits { words };
        }
        fill_any(bytes, set, &mut words);
        Bits { words }
    }

    /// The first byte at or after `from` and before `end` that is in the
    /// set.
    #[inline]
    pub(in crate::text) fn next_in(&self, from: usize, end: usize) -> Option<usize> {
        if from >= end {
            return None;
        }
        let mut w = from / WORD_BYTES;
        let mut m = *self.words.get(w)? & (Word::MAX << (from % WORD_BYTES));
        while m == 0 {
            w += 1;
            // a word that starts at or past `end` holds nothing before it
            if w * WORD_BYTES >= end {
                return None;
            }
            m = *self.words.get(w)?;
        }
        Some(w * WORD_BYTES + m.trailing_zeros() as usize).filter(|&at| at < end)
    }
}

/// The word of up to 32 bytes `chunk`, a byte at a time.
fn word_any(chunk: &[u8], set: ByteSet) -> Word {
    chunk
        .iter()
        .enumerate()
        .fold(0, |m, (i, b)| m | Word::from(set.contains(b)) << i)
}

/// [`Bits::of`] on any processor, a byte at a time.
fn fill_any(bytes: &[u8], set: ByteSet, words: &mut Vec<Word>) {
    words.extend(bytes.chunks(WORD_BYTES).map(|c| word_any(c, set)));
}

/// [`Bits::of`], 32 bytes at a time in an AVX2 register; the last few
/// bytes a byte at a time. (A word of 64 bits from two registers was put
/// together bit by bit by the compiler, 130 instructions a word.)
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn fill_avx2(bytes: &[u8], set: ByteSet, words: &mut Vec<Word>) {
    use std::arch::x86_64::*;
    let [a, b, c, d] = set.map(|x| _mm256_set1_epi8(x as i8));
    let (chunks, tail) = bytes.as_chunks::<32>();
    // the words written in place, without a check of room for each
    let from = words.len();
    words.resize(from + chunks.len(), 0);
    for (word, chunk) in words[from..].iter_mut().zip(chunks) {
        // SAFETY: the load reads the 32 bytes of `chunk` (an unaligned load
        // may read any address).
        let v = unsafe { _mm256_loadu_si256(chunk.as_ptr().cast()) };
        let ab = _mm256_or_si256(_mm256_cmpeq_epi8(v, a), _mm256_cmpeq_epi8(v, b));
        let cd = _mm256_or_si256(_mm256_cmpeq_epi8(v, c), _mm256_cmpeq_epi8(v, d));
        *word = _mm256_movemask_epi8(_mm256_or_si256(ab, cd)) as Word;
    }
    if !tail.is_empty() {
        words.push(word_any(tail, set));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(256, "tests/fixtures/proptest/marks.txt"))]

        /// The bitmap notes exactly the bytes of the set, and the search
        /// in it finds what a search byte by byte finds, from and to any
        /// offset (past the text too), on text whose length is around a
        /// multiple of 32.
        #[test]
        fn bits_find_what_bytes_find(
            text in "[a.!?\"\u{2026}\u{201C}\u{e6}\u{ab} \n]{0,150}",
            from in 0usize..400,
            len in 0usize..400,
        ) {
            let b = text.as_bytes();
            for set in [SENTENCE_ENDS, QUOTE_LEADS] {
                let bits = Bits::of(b, set);
                let mut any = Vec::new();
                fill_any(b, set, &mut any);
                proptest::prop_assert_eq!(&bits.words, &any);
                let end = from + len;
                let want = (from..end.min(b.len())).find(|&i| set.contains(&b[i]));
                proptest::prop_assert_eq!(bits.next_in(from, end), want, "{:?}", text);
            }
        }
    }
}

//! The counts of [`super::inner_counts`] for every sentence of a
//! document from one pass over its text: each byte's marks (a token
//! starts, a join, a period between letters, a byte beyond ASCII) as bits,
//! and each sentence's counts as the bits set in its range. A sentence of
//! news runs about 130 bytes, and a call per sentence, padding its last
//! chunk, cost more than its bytes did.

use std::ops::Range;

use super::{alnum, alpha, digit};

/// The bytes one word of marks covers.
const WORD: usize = 64;

/// The marks of a text's inner bytes: bit `q` of the marks stands for
/// byte `q + 1` of the text, with byte `q` before it and `q + 2` after
/// it, as [`super::inner_counts`] reads them.
pub(in crate::text) struct Marks {
    /// Per 64 bytes: starts, joins, periods between letters, bytes beyond ASCII.
    words: Vec<[u64; 4]>,
}

impl Marks {
    /// The marks of `bytes`.
    pub(in crate::text) fn of(bytes: &[u8]) -> Marks {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, checked just above.
            return unsafe { marks_avx2(bytes) };
        }
        marks_any(bytes)
    }

    /// [`super::inner_counts`] of `bytes[r]`, where `bytes` are those the
    /// marks were made of: the bits of inner bytes `r.start + 1` to
    /// `r.end - 2`, whose bytes before and after lie in `r` too.
    pub(in crate::text) fn inner_counts(&self, r: Range<usize>) -> [usize; 4] {
        let mut out = [0usize; 4];
        if r.end < r.start + 3 {
            return out;
        }
        let (lo, hi) = (r.start, r.end - 2);
        let (first, last) = (lo / WORD, (hi - 1) / WORD);
        let low = !0u64 << (lo % WORD);
        let high = !0u64 >> (WORD - 1 - (hi - 1) % WORD);
        for (w, marks) in self.words[first..=last].iter().enumerate() {
            let mut keep = !0u64;
            if w == 0 {
                keep &= low;
            }
            if first + w == last {
                keep &= high;
            }
            for (o, m) in out.iter_mut().zip(marks) {
                *o += (m & keep).count_ones() as usize;
            }
        }
        out
    }
}

/// [`marks_any`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn marks_avx2(bytes: &[u8]) -> Marks {
    marks_any(bytes)
}

/// [`Marks::of`] on any processor: 64 bytes at a time, the last ones
/// padded with spaces, which mark nothing.
#[inline(always)]
fn marks_any(bytes: &[u8]) -> Marks {
    let n = bytes.len();
    let inner = n.saturating_sub(2);
    let mut words = Vec::with_capacity(inner.div_ceil(WORD));
    for k in (0..inner).step_by(WORD) {
        let take = |from: usize| -> [u8; WORD] {
            let mut c = [b' '; WORD];
            let s = &bytes[from + k..(from + k + WORD).min(from + inner)];
            c[..s.len()].copy_from_slice(s);
            c
        };
        words.push(word_marks(&take(0), &take(1), &take(2)));
    }
    Marks { words }
}

/// The marks of one word: byte `i` of `at`, with byte `i` of `before`
/// before it and of `after` after it, as [`super::add_chunk`] counts them.
/// Each mark is found as a byte, 0 or 1, a loop that vectorises, and the
/// bytes packed into bits eight at a time (a shift per bit did not
/// vectorise, and cost twice what the counts per sentence did).
#[inline(always)]
fn word_marks(before: &[u8; WORD], at: &[u8; WORD], after: &[u8; WORD]) -> [u64; 4] {
    let mut flags = [[0u8; WORD]; 4];
    for i in 0..WORD {
        let (p, c, x) = (before[i], at[i], after[i]);
        let (ap, dp, ax, dx) = (alpha(p), digit(p), alpha(x), digit(x));
        let letters = ap & ax;
        let period = c == b'.';
        let joined = ((c == b'\'') & letters) | ((period | (c == b',')) & dp & dx);
        flags[0][i] = u8::from(alnum(c) & !(ap | dp));
        flags[1][i] = u8::from(joined);
        flags[2][i] = u8::from(period & letters);
        flags[3][i] = c >> 7;
    }
    flags.map(|f| pack(&f))
}

/// Bit `i` set where byte `i` of `flags` (each 0 or 1) is 1. Eight bytes
/// read as a number and multiplied by this constant land, byte `j` at bit
/// `56 + j`, on no other term (their places are all distinct, so nothing
/// carries).
#[inline(always)]
fn pack(flags: &[u8; WORD]) -> u64 {
    const GATHER: u64 = 0x0102_0408_1020_4080;
    let mut m = 0u64;
    for (k, eight) in flags.chunks_exact(8).enumerate() {
        let mut b = [0u8; 8];
        b.copy_from_slice(eight);
        m |= (u64::from_le_bytes(b).wrapping_mul(GATHER) >> 56) << (8 * k);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Packing gives each byte's bit, for every single byte and all.
    #[test]
    fn pack_sets_each_bytes_bit() {
        for i in 0..WORD {
            let mut f = [0u8; WORD];
            f[i] = 1;
            assert_eq!(pack(&f), 1u64 << i);
        }
        assert_eq!(pack(&[1u8; WORD]), !0u64);
        assert_eq!(pack(&[0u8; WORD]), 0);
    }

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(1024, "tests/fixtures/proptest/marks.txt"))]

        /// The marks count, in every range of a text, what the chunks
        /// count of that range alone, on both roads (AVX2 and portable).
        #[test]
        fn marks_count_as_chunks(
            bytes in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just(b'a'),
                proptest::strategy::Just(b'Z'),
                proptest::strategy::Just(b'5'),
                proptest::strategy::Just(b' '),
                proptest::strategy::Just(b'.'),
                proptest::strategy::Just(b','),
                proptest::strategy::Just(b'\''),
                proptest::strategy::Just(0xE2u8),
                proptest::strategy::Just(0x99u8),
                proptest::strategy::Just(b'\n'),
            ], 0..300),
            cuts in proptest::collection::vec((0usize..300, 0usize..300), 1..8),
        ) {
            let (marks, any) = (Marks::of(&bytes), marks_any(&bytes));
            proptest::prop_assert_eq!(&marks.words, &any.words);
            for (a, b) in cuts {
                let (a, b) = (a.min(bytes.len()), b.min(bytes.len()));
                let r = a.min(b)..a.max(b);
                let want = super::super::inner_counts_any(&bytes[r.clone()]);
                proptest::prop_assert_eq!(marks.inner_counts(r.clone()), want, "{:?}", r);
            }
        }
    }
}

//! The word tokens of a text ([`crate::text::tokens`]) found 64 bytes at
//! a time: one pass over a block of the text marks its ASCII letters and
//! digits, its bytes beyond ASCII and its `.`, `,` and `'`, and each word
//! is then read from those marks with a few bit operations, where the
//! tokenizer asks about every byte. A word whose end could join it to
//! more (a `'`, a `.` or `,` between digits, an abbreviation's period, a
//! character beyond ASCII) and every character beyond ASCII outside a
//! word are read by the tokenizer itself, from where it would read them:
//! the tokens found are exactly its tokens.

use std::ops::Range;

use super::short::{Block, CHUNK, FRONT};
use crate::text::{punctuation_at, tokens, PUNCTUATION_LEN};

/// The marks of the bytes of a [`CHUNK`], bit `i` for byte `i`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Marks {
    /// ASCII letters and digits.
    pub alnum: u64,
    /// Bytes beyond ASCII.
    pub high: u64,
    /// `.`, `,` and `'`: after a word, they may join it to what follows.
    pub join: u64,
}

/// [`Marks`] of `c` a byte at a time, on any processor.
#[inline(always)]
pub(super) fn marks_any(c: &[u8; CHUNK]) -> Marks {
    let mut m = Marks {
        alnum: 0,
        high: 0,
        join: 0,
    };
    for (i, &x) in c.iter().enumerate() {
        m.alnum |= u64::from(x.is_ascii_alphanumeric()) << i;
        m.high |= u64::from(x >> 7) << i;
        m.join |= u64::from(matches!(x, b'.' | b',' | b'\'')) << i;
    }
    m
}

/// [`Marks`] of `c`, 32 bytes to a register.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
pub(super) fn marks_avx2(c: &[u8; CHUNK]) -> Marks {
    use std::arch::x86_64::{__m256i, _mm256_loadu_si256};
    let (lo, hi) = c.split_at(CHUNK / 2);
    // SAFETY: each load reads the 32 bytes of one half of the array (an
    // unaligned load may read any address).
    let (lo, hi): (__m256i, __m256i) = unsafe {
        (
            _mm256_loadu_si256(lo.as_ptr().cast()),
            _mm256_loadu_si256(hi.as_ptr().cast()),
        )
    };
    let (lo, hi) = (half_marks_avx2(lo), half_marks_avx2(hi));
    Marks {
        alnum: lo.alnum | hi.alnum << 32,
        high: lo.high | hi.high << 32,
        join: lo.join | hi.join << 32,
    }
}

/// [`Marks`] of the 32 bytes of `v`, in the low 32 bits.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn half_marks_avx2(v: std::arch::x86_64::__m256i) -> Marks {
    use std::arch::x86_64::*;
    let set = |b: u8| _mm256_set1_epi8(b as i8);
    // A byte is in `lo..lo + n` when, moved by `128 - lo`, it is below
    // `n - 128` as a signed byte: `a`..`z` after setting bit 5 (which maps
    // `A`..`Z` there and no other byte), and `0`..`9`. Bytes beyond ASCII
    // land on neither.
    let lowered = _mm256_or_si256(v, set(0x20));
    let letter = _mm256_cmpgt_epi8(
        set(26u8.wrapping_sub(128)),
        _mm256_add_epi8(lowered, set(128 - b'a')),
    );
    let digit = _mm256_cmpgt_epi8(
        set(10u8.wrapping_sub(128)),
        _mm256_add_epi8(v, set(128 - b'0')),
    );
    let join = _mm256_or_si256(
        _mm256_or_si256(
            _mm256_cmpeq_epi8(v, set(b'.')),
            _mm256_cmpeq_epi8(v, set(b',')),
        ),
        _mm256_cmpeq_epi8(v, set(b'\'')),
    );
    let bits = |x: __m256i| u64::from(_mm256_movemask_epi8(x) as u32);
    Marks {
        alnum: bits(_mm256_or_si256(letter, digit)),
        high: bits(v),
        join: bits(join),
    }
}

/// What takes the words [`each_word`] finds.
pub(super) trait Words {
    /// The next word, at `at` in the text; for a word of ASCII letters and
    /// digits, `lower` is its chunk in lower case and the word's offset in
    /// the chunk (the word at `FRONT + offset` of the block; `None` for the
    /// other words).
    fn word(&mut self, at: Range<usize>, lower: Option<(&Block, usize)>);
}

/// Gives `words` each token of `text` in order, found with `marks`
/// ([`marks_any`], or a faster equal).
#[inline(always)]
pub(super) fn each_word(text: &str, marks: impl Fn(&[u8; CHUNK]) -> Marks, words: &mut impl Words) {
    let b = text.as_bytes();
    let mut pad = [0u8; CHUNK];
    let mut lower: Block = [0; FRONT + CHUNK + 16];
    let mut pos = 0;
    while pos < b.len() {
        // The chunk from `pos`; at the end of the text, padded with zeros,
        // which mark nothing: a word that runs into them ends the text.
        let base = pos;
        let chunk: &[u8; CHUNK] = match b.get(base..base + CHUNK).and_then(|c| c.try_into().ok()) {
            Some(c) => c,
            None => {
                pad.fill(0);
                pad[..b.len() - base].copy_from_slice(&b[base..]);
                &pad
            }
        };
        let m = marks(chunk);
        // Bit 5 set lower-cases an ASCII letter and leaves a digit as it is.
        for (l, c) in lower[FRONT..FRONT + CHUNK].iter_mut().zip(chunk) {
            *l = c | 0x20;
        }
        let starts = m.alnum | m.high;
        // Bytes between `pos` and the next start are ASCII and neither
        // letters nor digits: the tokenizer steps over them.
        while pos - base < CHUNK {
            let left = starts & (!0u64 << (pos - base));
            if left == 0 {
                pos = base + CHUNK;
                break;
            }
            let i = left.trailing_zeros() as usize;
            let s = base + i;
            if m.high >> i & 1 == 0 {
                // The word's letters and digits: the run of `alnum` from
                // `i`, to the first byte that is not one (at most the end
                // of the text, as the padding marks nothing), or 64 when
                // the run reaches the chunk's end.
                let e = i + (!m.alnum >> i).trailing_zeros() as usize;
                if e >= CHUNK {
                    if i > 0 {
                        // the word runs past the chunk: read again from its
                        // start
                        pos = s;
                        break;
                    }
                } else if (m.high | m.join) >> e & 1 == 0 || ends_before(b, s, base + e) {
                    words.word(s..base + e, Some((&lower, i)));
                    pos = base + e;
                    continue;
                }
            } else if punctuation_at(b, s).is_some() {
                // a dash, quote or ellipsis the tokenizer steps over
                pos = s + PUNCTUATION_LEN;
                continue;
            }
            // A character beyond ASCII, or a word that may join to more:
            // the tokenizer's next token from here.
            match tokens(&text[s..]).next() {
                Some(t) => {
                    words.word(s + t.start..s + t.end, None);
                    pos = s + t.end;
                }
                None => return,
            }
        }
    }
}

/// Whether the ASCII word whose letters and digits are `b[s..e]` ends
/// there, before `b[e]` (a `.`, `,`, `'` or a byte beyond ASCII), as the
/// tokenizer reads it: a `.` or `,` ends a word unless it is between
/// digits or a period after a single letter (which may be an
/// abbreviation's); a dash, quote or ellipsis beyond ASCII ends it, but
/// for `’` between letters or before a character beyond ASCII; the rest
/// (`'`, other characters) is left to the tokenizer.
#[inline(always)]
fn ends_before(b: &[u8], s: usize, e: usize) -> bool {
    let before = b[e - 1];
    match b[e] {
        c @ (b'.' | b',') => {
            let between_digits =
                before.is_ascii_digit() && b.get(e + 1).is_some_and(u8::is_ascii_digit);
            let single_letter = c == b'.' && e == s + 1 && before.is_ascii_alphabetic();
            !between_digits && !single_letter
        }
        b'\'' => false,
        _ => match punctuation_at(b, e) {
            None => false,
            Some(RIGHT_SINGLE_QUOTE) => {
                let after = b.get(e + PUNCTUATION_LEN).copied();
                after.is_none_or(|a| a.is_ascii())
                    && !(before.is_ascii_alphabetic()
                        && after.is_some_and(|a| a.is_ascii_alphabetic()))
            }
            Some(_) => true,
        },
    }
}

/// The third byte of `’` (U+2019), which may join a word as `'` does.
const RIGHT_SINGLE_QUOTE: u8 = 0x99;

#[cfg(test)]
mod tests;

//! A quick proof that a document holds no run repeated within it
//! ([`super::runs`]), for the runs found as each document is masked
//! (repeats reused from an earlier run), where nothing else needs the
//! words' xxh3 hashes: finding and hashing every word in lower case took
//! about two thirds of the masking.
//!
//! The proof reads *pieces*: the longest runs of letters and digits (ASCII
//! letters and digits, and the characters beyond ASCII that
//! `char::is_alphanumeric` calls so), found 64 bytes at a time. Each piece
//! gets a cheap hash ([`piece_hash`]), and the pieces go through the same
//! count as words ([`super::runs::repeats_by`]). When no run of
//! [`RUN_WORDS`] pieces is found [`RUN_TIMES`](super::runs::RUN_TIMES) times, no run of words is:
//!
//! 1. Every piece lies inside one word token ([`crate::text::tokens`]),
//!    and every token holds at least one piece: a token starts at a letter
//!    or digit that follows neither (or starts the text), and ends after a
//!    letter or digit, or an abbreviation's last period, before a character
//!    that is neither (or the end of the text).
//! 2. Two words with the same lower case have pieces of the same hashes in
//!    the same order. Lower-casing maps each character on its own to one
//!    or more characters: ASCII to ASCII and, but for `İ` (U+0130) and the
//!    Kelvin sign (U+212A), after which a document takes the exact road,
//!    characters beyond ASCII to characters beyond ASCII; letters and
//!    digits to letters and digits, and other characters to others (the
//!    tests check every character). So the pieces of a word's lower case
//!    are the lower case of its pieces. A piece of ASCII hashes as its
//!    bytes with bit 5 set, which lower-cases its letters and changes none
//!    of its digits: the same for a piece and its lower case. Every piece
//!    with a character beyond ASCII hashes alike.
//! 3. So a run of [`RUN_WORDS`] words found at [`RUN_TIMES`](super::runs::RUN_TIMES) places holds
//!    at least as many pieces, the same at each place (no piece lies
//!    between two words, by 1), and the runs of [`RUN_WORDS`] pieces that
//!    start at the first piece of each place start at different pieces:
//!    a run of pieces found [`RUN_TIMES`](super::runs::RUN_TIMES) times. Pieces only collide more
//!    than words do (equal words give equal pieces, never the other way),
//!    which costs only a document sent to the exact road.
//!
//! The exact road counts runs by their xxh3 hash, so the two agree but for
//! two different runs of words whose hashes collide (one chance in 2^64 a
//! pair), which the exact road would mask as if they were one.

use std::ops::Range;

use super::runs::{repeats_by, runs_of, RUN_WORDS};
use super::words::word_hashes;

use crate::text::punctuation_at;

/// Runs of [`RUN_WORDS`] words that occur [`RUN_TIMES`](super::runs::RUN_TIMES)
/// times or more in `text` ([`runs_of`]). Most documents hold none, which
/// the proof above shows without hashing their words with xxh3 in lower
/// case; only the others are read word by word.
pub fn repeated_runs(text: &str) -> Vec<Range<usize>> {
    if !may_repeat(text) {
        return Vec::new();
    }
    runs_of(text, &word_hashes(text))
}

/// Whether `text` may hold a run of words repeated within it: false only
/// when [`runs_of`] finds none (see the proof above).
pub(super) fn may_repeat(text: &str) -> bool {
    piece_hashes(text).is_none_or(|pieces| repeats_by(&pieces, window_hash))
}

/// The hash of a run of pieces: each piece's hash turned by a different
/// number of bytes, all of them exclusive-ored and [`mix`]ed. Equal runs
/// hash alike, which is all the proof needs; a cheap hash of hashes
/// already mixed, where xxh3 of the run's 64 bytes cost as much as
/// finding the pieces.
fn window_hash(run: &[u64; RUN_WORDS]) -> u64 {
    let mut h = 0;
    for (k, p) in (0u32..).zip(run) {
        h ^= p.rotate_left(8 * k);
    }
    mix(h)
}

/// The [`piece_hash`] of each piece of `text`, in order; none when `text`
/// holds a character whose lower case is ASCII but itself is not.
pub(super) fn piece_hashes(text: &str) -> Option<Vec<u64>> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        return unsafe { piece_hashes_avx2(text) };
    }
    piece_hashes_with::<false>(text)
}

/// [`piece_hashes_with`] compiled for AVX2, a block's bits found with its
/// instructions ([`block_bits_avx2`]): written as a loop over the bytes,
/// the compiler widened each byte to 64 bits to shift it into place.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn piece_hashes_avx2(text: &str) -> Option<Vec<u64>> {
    piece_hashes_with::<true>(text)
}

/// Bytes read at a time: one bit of a `u64` each.
const BLOCK: usize = 64;

/// [`piece_hashes`], a block's bits found by [`block_bits_avx2`] when
/// `AVX2` (only on a processor that has it) and [`block_bits`] when not.
/// The bits mark the bytes of pieces; a piece starts or ends where a bit
/// differs from the one before it (the last bit of the block before, for
/// the first).
#[inline(always)]
fn piece_hashes_with<const AVX2: bool>(text: &str) -> Option<Vec<u64>> {
    let b = text.as_bytes();
    // News text runs about six bytes a word.
    let mut out = Vec::with_capacity(b.len() / 5 + 4);
    // the start of the piece open, if one is
    let mut start: Option<usize> = None;
    // the last bit of the block before, and the bits of a character beyond
    // ASCII that runs on from it
    let (mut last, mut carry) = (0u64, 0u64);
    let mut last_block = [0u8; BLOCK];
    for (n, block) in b.chunks(BLOCK).enumerate() {
        let at = n * BLOCK;
        let block: &[u8; BLOCK] = match block.try_into() {
            Ok(full) => full,
            Err(_) => {
                // the last block: zero bytes are neither letters nor
                // beyond ASCII
                last_block[..block.len()].copy_from_slice(block);
                &last_block
            }
        };
        let (ascii, high) = if AVX2 {
            // SAFETY: `AVX2` only from `piece_hashes_avx2`, called on a
            // processor that has it.
            #[cfg(target_arch = "x86_64")]
            unsafe {
                block_bits_avx2(block)
            }
            #[cfg(not(target_arch = "x86_64"))]
            block_bits(block)
        } else {
            block_bits(block)
        };
        let mut bits = ascii | carry;
        carry = 0;
        if high != 0 {
            let (more, on) = beyond_ascii(text, at, high)?;
            bits |= more;
            carry = on;
        }
        let mut edges = bits ^ (bits << 1 | last);
        last = bits >> (BLOCK - 1);
        while edges != 0 {
            let i = at + edges.trailing_zeros() as usize;
            edges &= edges - 1;
            match start.take() {
                None => start = Some(i),
                Some(s) => out.push(piece_hash(b, s..i)),
            }
        }
    }
    if let Some(s) = start {
        out.push(piece_hash(b, s..b.len()));
    }
    Some(out)
}

/// For a block of bytes, a bit for each ASCII letter or digit and a bit
/// for each byte beyond ASCII.
#[inline(always)]
fn block_bits(block: &[u8; BLOCK]) -> (u64, u64) {
    let (mut ascii, mut high) = (0u64, 0u64);
    for (k, &c) in block.iter().enumerate() {
        let letter = (c | 0x20).wrapping_sub(b'a') < 26;
        let digit = c.wrapping_sub(b'0') < 10;
        ascii |= u64::from(letter | digit) << k;
        high |= u64::from(c >> 7) << k;
    }
    (ascii, high)
}

/// [`block_bits`] with AVX2, 32 bytes at a time: a byte is in a range when
/// its distance from the range's start, as an unsigned byte, is no more
/// than the range's length less one (its minimum with that is itself).
///
/// # Safety
///
/// The processor must have AVX2.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn block_bits_avx2(block: &[u8; BLOCK]) -> (u64, u64) {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_min_epu8, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8, _mm256_sub_epi8,
    };
    let mut masks = [0u32; 4];
    for (half, pair) in block.chunks_exact(32).zip(masks.chunks_exact_mut(2)) {
        // SAFETY: the load reads the 32 bytes of `half`, with no alignment
        // asked; the processor has AVX2 (the caller's promise).
        unsafe {
            let v = _mm256_loadu_si256(half.as_ptr().cast::<__m256i>());
            let folded = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
            let letter = _mm256_sub_epi8(folded, _mm256_set1_epi8(b'a' as i8));
            let letter = _mm256_cmpeq_epi8(_mm256_min_epu8(letter, _mm256_set1_epi8(25)), letter);
            let digit = _mm256_sub_epi8(v, _mm256_set1_epi8(b'0' as i8));
            let digit = _mm256_cmpeq_epi8(_mm256_min_epu8(digit, _mm256_set1_epi8(9)), digit);
            pair[0] = _mm256_movemask_epi8(_mm256_or_si256(letter, digit)) as u32;
            pair[1] = _mm256_movemask_epi8(v) as u32;
        }
    }
    let join = |lo: u32, hi: u32| u64::from(lo) | u64::from(hi) << 32;
    (join(masks[0], masks[2]), join(masks[1], masks[3]))
}

/// The bits of the letters and digits beyond ASCII among the bytes
/// `high` marks in the block at `at`: those in the block, and those of a
/// character that runs on into the next. None at a character whose lower
/// case is ASCII but itself is not (see the proof above).
fn beyond_ascii(text: &str, at: usize, mut high: u64) -> Option<(u64, u64)> {
    let b = text.as_bytes();
    let (mut bits, mut carry) = (0u64, 0u64);
    while high != 0 {
        let k = high.trailing_zeros() as usize;
        high &= high - 1;
        let i = at + k;
        // a character's later bytes, and the dashes and quotes of news text
        if b[i] < 0xC0 || punctuation_at(b, i).is_some() {
            continue;
        }
        let c = text.get(i..)?.chars().next()?;
        if LOWER_CASE_ASCII.contains(&c) {
            return None;
        }
        if c.is_alphanumeric() {
            let own = ((1u128 << c.len_utf8()) - 1) << k;
            bits |= own as u64;
            carry |= (own >> BLOCK) as u64;
        }
    }
    Some((bits, carry))
}

/// The characters beyond ASCII whose lower case holds ASCII: `İ`, whose
/// lower case is `i` and a combining dot, and the Kelvin sign, whose lower
/// case is `k` (every other, the tests check).
const LOWER_CASE_ASCII: [char; 2] = ['\u{130}', '\u{212A}'];

/// The hash of every piece with a byte beyond ASCII.
const BEYOND_ASCII: u64 = 0x5EED_0FB1_0C4A_11D0;

/// The high bit of each byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Bit 5 of each byte of a word: ASCII letters in lower case.
const LOWER: u64 = 0x2020_2020_2020_2020;

/// The hash of the piece `at` of `b`: of its bytes with bit 5 set (the
/// last of eight padded with zeros, which no piece holds), the first eight
/// and the next eight each [`mix`]ed with its own seed and the two
/// exclusive-ored, then each further eight mixed in turn; [`BEYOND_ASCII`]
/// when it has a byte beyond ASCII. Equal lower-cased pieces hash alike;
/// others may too, rarely.
#[inline(always)]
fn piece_hash(b: &[u8], at: Range<usize>) -> u64 {
    let len = at.len();
    // Most pieces: two words read from the text and mixed side by side,
    // without a branch on whether the piece is longer than eight bytes
    // (hard to foretell).
    if let (true, Some(bytes)) = (len <= 16, b.get(at.start..at.start + 16)) {
        let word = |k: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&bytes[8 * k..8 * k + 8]);
            u64::from_le_bytes(w)
        };
        let (own, more) = (own_bytes(len), own_bytes(len.saturating_sub(8)));
        let (first, second) = (word(0) & own, word(1) & more);
        let h = first_two(first | (LOWER & own), second | (LOWER & more));
        return if (first | second) & HIGH_BITS == 0 {
            h
        } else {
            BEYOND_ASCII
        };
    }
    long_piece_hash(&b[at])
}

/// [`piece_hash`] of a piece longer than sixteen bytes or near the end of
/// the text.
#[inline(never)]
fn long_piece_hash(piece: &[u8]) -> u64 {
    let mut words = piece.chunks(8).map(lowered);
    let mut hash = || {
        let first = words.next().unwrap_or(Some(0))?;
        let second = words.next().unwrap_or(Some(0))?;
        words.try_fold(first_two(first, second), |h, w| Some(mix(h ^ w?)))
    };
    hash().unwrap_or(BEYOND_ASCII)
}

/// Eight bytes or fewer of a piece as a word, padded with zeros, with bit
/// 5 set in each of its bytes; none when one is beyond ASCII.
fn lowered(chunk: &[u8]) -> Option<u64> {
    let mut bytes = [0u8; 8];
    bytes[..chunk.len()].copy_from_slice(chunk);
    let word = u64::from_le_bytes(bytes);
    (word & HIGH_BITS == 0).then_some(word | (LOWER & own_bytes(chunk.len())))
}

/// The hash of a piece's first two words (the second zero when it has
/// one): each mixed with its own seed, so that the two multiplications
/// run side by side.
#[inline(always)]
fn first_two(first: u64, second: u64) -> u64 {
    mix(SEED ^ first) ^ mix(SEED_TWO ^ second)
}

/// The seeds of a piece's first two words.
const SEED: u64 = 0x243F_6A88_85A3_08D3;
const SEED_TWO: u64 = 0x1319_8A2E_0370_7344;

/// The mask of the first `len` bytes of a word (`len` up to 8).
#[inline(always)]
fn own_bytes(len: usize) -> u64 {
    ((1u128 << (8 * len.min(8))) - 1) as u64
}

/// A multiply folded on itself: every bit of the result depends on every
/// bit of `x`, the low bits (which index the count tables) too.
#[inline(always)]
fn mix(x: u64) -> u64 {
    let p = u128::from(x) * u128::from(0x9E37_79B9_7F4A_7C15u64);
    (p as u64) ^ ((p >> 64) as u64)
}

#[cfg(test)]
mod tests;

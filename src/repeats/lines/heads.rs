//! The heads of an outlet's boilerplate lines: which paragraphs masking
//! need not normalise and hash, read off their first bytes.

use rustc_hash::FxHashSet;

use super::{ascii_normal, line_hash_in, SHOWN_CHARS};
use crate::text::{punctuation_at, PUNCTUATION_LEN};

/// Normalised bytes of a line that [`Heads`] keeps: a word's worth, one
/// comparison of 64 bits.
pub(super) const HEAD: usize = 8;

/// The first eight bytes of the normalised form of each boilerplate
/// line of one outlet (all of a shorter line's). A paragraph's normalised
/// form equals one of the lines only if it begins with that line's head,
/// and the head of most paragraphs is read off their first bytes without
/// normalising them: so the paragraphs of an outlet with boilerplate are
/// not all normalised and hashed whole to find the few that are
/// boilerplate (that took most of the masking of the matching pass).
///
/// The heads come from the shown text of the lines (`boilerplate.csv`),
/// which is the start of a paragraph holding the line: its normalised
/// form is the start of the line's, as normalising goes character by
/// character. Whether a paragraph begins with a head is decided on its
/// bytes, not its hash, so a paragraph whose hash merely collides with a
/// line's (two different normalised lines with one 64-bit hash) is
/// passed over where hashing every paragraph would have masked it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Heads {
    /// Each head, its bytes little-endian in a word, with the mask of the
    /// bytes it has; sorted, none twice.
    heads: Vec<(u64, u64)>,
}

impl Heads {
    /// The heads of the lines `set` of one outlet, from the shown texts of
    /// its rows of `boilerplate.csv`: those that find this outlet's lines
    /// write one row per line, with the start of a paragraph holding it
    /// ([`super::LineCounts::finish`], [`crate::repeats::line_tally::LineTally::finish`],
    /// and the repeats files written from them). None, so that every
    /// paragraph is hashed, when the rows cannot be the lines': a row
    /// without text, a whole (not shortened) text that is none of the
    /// lines or the same line as another, or not one row per line.
    pub fn of<'a>(set: &FxHashSet<u64>, shown: impl IntoIterator<Item = &'a str>) -> Option<Heads> {
        let mut heads = Vec::new();
        let mut found: FxHashSet<u64> = FxHashSet::default();
        let (mut whole, mut shortened) = (0usize, 0usize);
        let mut buf = Vec::new();
        for text in shown {
            let h = line_hash_in(&mut buf, text);
            if buf.is_empty() {
                return None;
            }
            if text.chars().count() >= SHOWN_CHARS {
                // maybe the start of a longer line, whose hash is not known
                // (and may be another line's: the start of "Z" and "Z"
                // again on the next line is the line "Z")
                shortened += 1;
            } else if set.contains(&h) {
                whole += 1;
                found.insert(h);
            } else {
                return None;
            }
            let n = buf.len().min(HEAD);
            let mut word = [0u8; HEAD];
            word[..n].copy_from_slice(&buf[..n]);
            let mask = u64::MAX >> (8 * (HEAD - n));
            heads.push((u64::from_le_bytes(word), mask));
        }
        // one row per line: each whole text a line of its own, and a
        // shortened text for each other line
        if whole != found.len() || whole + shortened != set.len() {
            return None;
        }
        heads.sort_unstable();
        heads.dedup();
        Some(Heads { heads })
    }

    /// False when the paragraph `p` (its bytes) is surely none of the
    /// lines; true when it may be one, or when its head is not read off
    /// its first bytes ([`head_word`]).
    pub(super) fn may_hold(&self, p: &[u8]) -> bool {
        match head_word(p) {
            Some(w) => self.heads.iter().any(|&(h, m)| w & m == h),
            None => true,
        }
    }
}

/// A byte of ones in every byte of a word.
const ONES: u64 = u64::from_le_bytes([1; 8]);
/// The top bit of every byte of a word.
const TOPS: u64 = ONES << 7;

/// The top bit of each byte of `w` (all ASCII) that is within `lo..=hi`:
/// the sums carry into no other byte, as no byte is over 0x7F.
#[inline(always)]
fn bytes_within(w: u64, lo: u8, hi: u8) -> u64 {
    let from_lo = w.wrapping_add(ONES * u64::from(0x80 - lo));
    let over_hi = w.wrapping_add(ONES * u64::from(0x7F - hi));
    from_lo & !over_hi & TOPS
}

/// The first [`HEAD`] bytes of the normalised form of the paragraph `p`
/// as a word (little-endian), read off its first bytes; None when they do
/// not give it: fewer than [`HEAD`] bytes, white space first or last
/// (unless an ASCII byte not white space follows) or twice in a row (a
/// run squeezed or left out), or a character
/// beyond ASCII that is not a mark copied as it is. Eight ASCII bytes,
/// most paragraphs' start, are mapped all at once in the word, as
/// [`super::ascii_normal`] maps each.
#[inline]
pub(super) fn head_word(p: &[u8]) -> Option<u64> {
    let first = p.first_chunk::<HEAD>()?;
    let w = u64::from_le_bytes(*first);
    if w & TOPS != 0 {
        return head_word_by_bytes(p);
    }
    let upper = bytes_within(w, b'A', b'Z');
    let digit = bytes_within(w, b'0', b'9');
    let space = bytes_within(w, b'\t', b'\r') | bytes_within(w, b' ', b' ');
    // white space first or after white space
    if space & (0x80 | (space << 8)) != 0 {
        return None;
    }
    // white space last (a word ends there a sixth of the time)
    if space >> 63 != 0 && !word_follows(p) {
        return None;
    }
    // each top bit as the whole byte
    let (digit, space) = ((digit >> 7) * 0xFF, (space >> 7) * 0xFF);
    let lower = w | (upper >> 2);
    let lower = (lower & !digit) | ((ONES * u64::from(b'0')) & digit);
    Some((lower & !space) | ((ONES * u64::from(b' ')) & space))
}

/// [`head_word`] a byte at a time, marks beyond ASCII included.
pub(super) fn head_word_by_bytes(p: &[u8]) -> Option<u64> {
    let first = p.first_chunk::<HEAD>()?;
    let mut word = [0u8; HEAD];
    // true at the start: white space there is left out
    let mut space = true;
    let mut i = 0;
    while i < HEAD {
        let b = first[i];
        if b >= 0x80 {
            punctuation_at(p, i)?;
            let end = (i + PUNCTUATION_LEN).min(HEAD);
            word[i..end].copy_from_slice(&first[i..end]);
            space = false;
            i = end;
            continue;
        }
        let n = ascii_normal(b);
        if n == b' ' {
            if space {
                return None;
            }
            space = true;
        } else {
            space = false;
        }
        word[i] = n;
        i += 1;
    }
    if space && !word_follows(p) {
        return None;
    }
    Some(u64::from_le_bytes(word))
}

/// Whether the byte after the head of `p` is ASCII and not white space:
/// then white space last in the head is one space of the normalised
/// line, not the start of a run that may end the paragraph and be left
/// out.
#[inline]
fn word_follows(p: &[u8]) -> bool {
    p.get(HEAD)
        .is_some_and(|&b| b < 0x80 && ascii_normal(b) != b' ')
}

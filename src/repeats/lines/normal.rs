//! The normal form of a line, and its hash: lower case, ASCII digits as
//! `0`, runs of white space as one space. Two copies of a credit line or a
//! footer that differ only in case, a date's digits or spacing hash alike.

use xxhash_rust::xxh3::xxh3_64;

use crate::text::{ascii_len, punctuation_at, PUNCTUATION_LEN};

/// The hash of a paragraph, normalised: lower case, digits as `0`, runs of
/// white space as one space.
pub fn line_hash(line: &str) -> u64 {
    line_hash_in(&mut Vec::new(), line)
}

/// [`line_hash`], normalising into `buf` (reused across the lines of a
/// document rather than allocated per line).
pub(super) fn line_hash_in(buf: &mut Vec<u8>, line: &str) -> u64 {
    normal_line_into(line, buf);
    xxh3_64(buf)
}

/// The bytes [`line_hash`] hashes: the UTF-8 of the normalised line, that
/// is its words (split at Unicode white space) lower-cased, with ASCII
/// digits as `0`, joined by one space.
#[cfg(test)]
pub(super) fn normal_line(line: &str) -> Vec<u8> {
    let mut out = Vec::new();
    normal_line_into(line, &mut out);
    out
}

/// [`normal_line`] into `out`. News paragraphs are ASCII but for a curly
/// quote or a dash here and there, so ASCII stretches go through
/// [`normal_ascii`] in bulk and only the other characters one by one
/// (decoding every character of the paragraph took most of the time of
/// the repeat pass).
fn normal_line_into(line: &str, out: &mut Vec<u8>) {
    out.clear();
    out.reserve(line.len());
    let mut space = false;
    // The whole line is first normalised as if ASCII, in one pass that
    // also tells whether any byte is beyond ASCII. The marks are neither
    // white space nor changed, and [`ascii_normal`] leaves bytes beyond
    // ASCII as they are: a line that is ASCII (most news paragraphs), or
    // whose only characters beyond ASCII are marks, is normalised so. Only
    // a line with other characters (rare) is normalised again below, and
    // only then are the marks looked for.
    if !normal_ascii(line.as_bytes(), out, &mut space) || only_marks_beyond_ascii(line.as_bytes()) {
        return;
    }
    out.clear();
    space = false;
    let mut utf8 = [0u8; 4];
    let mut rest = line;
    while !rest.is_empty() {
        let ascii = ascii_len(rest.as_bytes());
        normal_ascii(&rest.as_bytes()[..ascii], out, &mut space);
        rest = &rest[ascii..];
        // Dashes, curly quotes and the ellipsis are neither white space
        // nor changed by lower-casing: their bytes are copied as they are.
        if punctuation_at(rest.as_bytes(), 0).is_some() {
            if space {
                out.push(b' ');
                space = false;
            }
            out.extend_from_slice(&rest.as_bytes()[..PUNCTUATION_LEN]);
            rest = &rest[PUNCTUATION_LEN..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(b' ');
            space = false;
        }
        // The lower case of a character beyond ASCII is never an ASCII
        // digit, so no digit becomes `0` here.
        for l in c.to_lowercase() {
            out.extend_from_slice(l.encode_utf8(&mut utf8).as_bytes());
        }
    }
}

/// Whether every byte of `bytes` beyond ASCII belongs to a mark of
/// [`punctuation_at`] (dashes, curly quotes, the ellipsis): most news
/// paragraphs.
pub(super) fn only_marks_beyond_ascii(bytes: &[u8]) -> bool {
    let mut i = 0;
    loop {
        i += ascii_len(&bytes[i..]);
        if i >= bytes.len() {
            return true;
        }
        if punctuation_at(bytes, i).is_none() {
            return false;
        }
        i += PUNCTUATION_LEN;
    }
}

/// One ASCII byte normalised: lower case, digits as `0`, white space (what
/// `char::is_whitespace` calls so below 128: space and tab to carriage
/// return) as a space.
/// Written without branches, so that the loop over a stretch vectorises.
#[inline(always)]
pub(super) fn ascii_normal(b: u8) -> u8 {
    let upper = b.wrapping_sub(b'A') < 26;
    let digit = b.wrapping_sub(b'0') < 10;
    let space = b.wrapping_sub(b'\t') <= b'\r' - b'\t';
    let m = b | (u8::from(upper) << 5);
    let m = if digit { b'0' } else { m };
    if space {
        b' '
    } else {
        m
    }
}

/// What [`map_normal_into`] saw while mapping.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Mapped {
    /// Some byte mapped is beyond ASCII.
    pub(super) beyond_ascii: bool,
    /// Two spaces follow each other in `out` from where it was asked: a
    /// run of white space to squeeze.
    pub(super) two_spaces: bool,
}

/// Appends the `bytes` to `out`, each as [`ascii_normal`] maps it, and
/// tells what it saw; compiled for AVX2 where the processor has it
/// (checked at run time, as the matching road's map is). Looking for
/// bytes beyond ASCII and for two spaces in the same vectorised loops
/// saved a search of the line for each (`memchr::memmem` for the two
/// spaces cost a third of the map in setting up, the lines being short).
pub(super) fn map_normal_into(out: &mut Vec<u8>, bytes: &[u8], from: usize) -> Mapped {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        return unsafe { map_normal_avx2(out, bytes, from) };
    }
    map_normal_any(out, bytes, from)
}

/// [`map_normal_into`] with AVX2: 32 bytes a step, the last few by a step
/// over the last 32 bytes, or through a padded copy when there are fewer
/// (a stretch of a news paragraph is a few vectors long, so the tail is a
/// large part of it), the spaces told by a mask of each step's bytes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn map_normal_avx2(out: &mut Vec<u8>, bytes: &[u8], from: usize) -> Mapped {
    use std::arch::x86_64::{
        __m256i, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_storeu_si256,
    };
    let start = out.len();
    let before = out.get(from..).unwrap_or_default();
    let mut two_spaces = before.windows(2).any(|w| w == b"  ");
    // whether the byte before the next step is a space
    let mut space_before = before.last() == Some(&b' ');
    let mut high = 0u32;
    out.reserve(bytes.len());
    let spare = &mut out.spare_capacity_mut()[..bytes.len()];
    let mut step = |input: &[u8; 32], output: &mut [u8; 32], len: usize| {
        // SAFETY: `input` is 32 bytes long, as an unaligned load reads.
        let v = unsafe { _mm256_loadu_si256(input.as_ptr().cast::<__m256i>()) };
        let (m, spaces) = normal_step(v);
        // SAFETY: `output` is 32 bytes long, as an unaligned store writes.
        unsafe { _mm256_storeu_si256(output.as_mut_ptr().cast::<__m256i>(), m) };
        // only the first `len` bytes are the stretch's (`len` 1 to 32)
        let keep = u32::MAX >> (32 - len);
        high |= _mm256_movemask_epi8(v) as u32 & keep;
        let spaces = spaces & keep;
        two_spaces |= spaces & ((spaces << 1) | u32::from(space_before)) != 0;
        space_before = spaces >> (len - 1) & 1 == 1;
    };
    let mut chunks = bytes.chunks_exact(32);
    let mut into = spare.chunks_exact_mut(32);
    for (chunk, dst) in chunks.by_ref().zip(into.by_ref()) {
        let mut mapped = [0u8; 32];
        // The conversions cannot fail: both chunks are 32 bytes long.
        let Ok(input) = <&[u8; 32]>::try_from(chunk) else {
            break;
        };
        step(input, &mut mapped, 32);
        for (d, m) in dst.iter_mut().zip(mapped) {
            d.write(m);
        }
    }
    let rest = chunks.remainder();
    if !rest.is_empty() && bytes.len() >= 32 {
        // The last 32 bytes, a step overlapping the one before: its first
        // bytes are mapped again, to the same bytes, and only its last
        // `rest.len()` are looked at (copying the tail in and out of a
        // padded copy cost two calls of `memcpy`).
        let last = bytes.len() - 32;
        let spare = &mut out.spare_capacity_mut()[last..bytes.len()];
        let input = &bytes[last..];
        // SAFETY: `input` is 32 bytes long, as an unaligned load reads.
        let v = unsafe { _mm256_loadu_si256(input.as_ptr().cast::<__m256i>()) };
        let (m, spaces) = normal_step(v);
        // SAFETY: `spare` is 32 bytes long (of the capacity reserved
        // above), as an unaligned store writes.
        unsafe { _mm256_storeu_si256(spare.as_mut_ptr().cast::<__m256i>(), m) };
        let new = u32::MAX << (32 - rest.len());
        high |= _mm256_movemask_epi8(v) as u32 & new;
        // the first new byte's pair is with the byte before it, in `v`
        two_spaces |= spaces & (spaces << 1) & new != 0;
    } else if !rest.is_empty() {
        // padded with a letter: neither white space nor beyond ASCII
        let mut input = [b'x'; 32];
        input[..rest.len()].copy_from_slice(rest);
        let mut mapped = [0u8; 32];
        step(&input, &mut mapped, rest.len());
        for (d, m) in into.into_remainder().iter_mut().zip(mapped) {
            d.write(m);
        }
    }
    // SAFETY: the `bytes.len()` bytes after the first `start` were all
    // written above: by the 32-byte steps, then the last or the padded one.
    unsafe { out.set_len(start + bytes.len()) };
    Mapped {
        beyond_ascii: high != 0,
        two_spaces,
    }
}

/// 32 bytes mapped as [`ascii_normal`] maps each, and the mask of those
/// mapped to a space (bit `i` for byte `i`).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn normal_step(v: std::arch::x86_64::__m256i) -> (std::arch::x86_64::__m256i, u32) {
    use std::arch::x86_64::{
        __m256i, _mm256_and_si256, _mm256_blendv_epi8, _mm256_cmpeq_epi8, _mm256_min_epu8,
        _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8, _mm256_sub_epi8,
    };
    // whether each byte is within `low` and `low + span`: its distance from
    // `low`, wrapping, is at most `span`
    let within = |low: u8, span: u8| -> __m256i {
        let d = _mm256_sub_epi8(v, _mm256_set1_epi8(low as i8));
        _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(span as i8)), d)
    };
    let upper = within(b'A', 25);
    let digit = within(b'0', 9);
    let white = within(b'\t', b'\r' - b'\t');
    let m = _mm256_or_si256(v, _mm256_and_si256(upper, _mm256_set1_epi8(0x20)));
    let m = _mm256_blendv_epi8(m, _mm256_set1_epi8(b'0' as i8), digit);
    let m = _mm256_blendv_epi8(m, _mm256_set1_epi8(b' ' as i8), white);
    let spaces = _mm256_movemask_epi8(_mm256_cmpeq_epi8(m, _mm256_set1_epi8(b' ' as i8)));
    (m, spaces as u32)
}

/// [`map_normal_into`] on any processor: the two spaces are looked for in
/// `out` from `from` (at most its length), after the bytes are mapped.
/// Each loop is a fold without early exit, so that it vectorises.
#[inline(always)]
fn map_normal_any(out: &mut Vec<u8>, bytes: &[u8], from: usize) -> Mapped {
    let start = out.len();
    out.resize(start + bytes.len(), 0);
    let mut high = 0u8;
    for (o, &b) in out[start..].iter_mut().zip(bytes) {
        *o = ascii_normal(b);
        high |= b;
    }
    let seen = out.get(from..).unwrap_or_default();
    let next = seen.get(1..).unwrap_or_default();
    let mut pairs = 0u8;
    for (&a, &b) in seen.iter().zip(next) {
        pairs |= u8::from(a == b' ') & u8::from(b == b' ');
    }
    Mapped {
        beyond_ascii: high >= 0x80,
        two_spaces: pairs != 0,
    }
}

/// Appends the `bytes` to `out`, normalised as ASCII, with `space` true
/// when white space is pending (seen after a word, not yet written);
/// whether any byte is beyond ASCII. Bytes beyond ASCII among them are
/// kept as they are, as words' bytes (right for the marks of
/// [`punctuation_at`], the only ones the caller lets stand). The bytes
/// are mapped in one pass, and runs of white space squeezed afterwards
/// only when there are any.
fn normal_ascii(bytes: &[u8], out: &mut Vec<u8>, space: &mut bool) -> bool {
    if bytes.is_empty() {
        return false;
    }
    let from = out.len();
    if *space {
        out.push(b' ');
        *space = false;
    }
    let mapped = map_normal_into(out, bytes, from);
    let added = &out[from..];
    // `out` never ends in a space, so one space is a run only at the start
    // of the line; a single space at the end becomes the pending one.
    let squeezed = from > 0 || added.first() != Some(&b' ');
    if squeezed && !mapped.two_spaces {
        if out.last() == Some(&b' ') {
            out.pop();
            *space = true;
        }
        return mapped.beyond_ascii;
    }
    // Writing never overtakes reading: a pending space is written only
    // after at least one space byte was read and not written.
    let mut w = from;
    for r in from..out.len() {
        let b = out[r];
        if b == b' ' {
            *space = w > 0;
            continue;
        }
        if *space {
            out[w] = b' ';
            w += 1;
            *space = false;
        }
        out[w] = b;
        w += 1;
    }
    out.truncate(w);
    mapped.beyond_ascii
}

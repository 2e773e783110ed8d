//! Boilerplate: text that an outlet repeats rather than writes. Two kinds
//! are found and masked before matching:
//!
//! - **Repeated lines**: a paragraph (normalised: lower case, digits as 0,
//!   runs of space as one) found in at least [`LineRule::min_docs`]
//!   documents of one outlet, and in at least [`LineRule::min_share`] of
//!   them: photo credits, newsletter footers, "Advertisement", "The
//!   Associated Press contributed to this report".
//! - **Repeated runs within a document**: a run of [`RUN_WORDS`] words
//!   found [`RUN_TIMES`] times or more in one document, such as a photo
//!   gallery's caption header repeated before each of its 44 pictures
//!   (found in [`super::runs`]).
//!
//! Lines are kept as 64-bit hashes (xxh3, fixed by its specification, so
//! the same on every run and platform); only the text of lines that reach
//! `min_docs` documents is kept, shortened, for `boilerplate.csv`.

use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};
use xxhash_rust::xxh3::xxh3_64;

use crate::text::{ascii_len, paragraphs, punctuation_at, PUNCTUATION_LEN};

mod heads;
pub use heads::Heads;

pub use super::pieces::repeated_runs;
pub use super::runs::{hash_run, runs_of, RUN_TIMES, RUN_WORDS};
pub use super::words::word_hashes;

/// Characters of a line kept for `boilerplate.csv`.
pub const SHOWN_CHARS: usize = 100;

/// When a repeated line is boilerplate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineRule {
    /// Documents of one outlet a line must appear in (default 3: a line
    /// shared by two stories is often a quotation repeated in a follow-up).
    pub min_docs: usize,
    /// Share of the outlet's documents it must appear in (default 0.05, so
    /// that in an outlet of 1,000 stories a stock phrase of a running story
    /// in a dozen of them is not taken for a footer).
    pub min_share: f64,
}

impl Default for LineRule {
    fn default() -> Self {
        LineRule {
            min_docs: 3,
            min_share: 0.05,
        }
    }
}

impl LineRule {
    /// Documents a line needs in an outlet of `docs` documents.
    pub fn threshold(&self, docs: usize) -> usize {
        self.min_docs
            .max((self.min_share * docs as f64).ceil() as usize)
    }
}

/// The hash of a paragraph, normalised: lower case, digits as `0`, runs of
/// white space as one space.
pub fn line_hash(line: &str) -> u64 {
    line_hash_in(&mut Vec::new(), line)
}

/// [`line_hash`], normalising into `buf` (reused across the lines of a
/// document rather than allocated per line).
fn line_hash_in(buf: &mut Vec<u8>, line: &str) -> u64 {
    normal_line_into(line, buf);
    xxh3_64(buf)
}

/// The bytes [`line_hash`] hashes: the UTF-8 of the normalised line, that
/// is its words (split at Unicode white space) lower-cased, with ASCII
/// digits as `0`, joined by one space.
#[cfg(test)]
fn normal_line(line: &str) -> Vec<u8> {
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
fn only_marks_beyond_ascii(bytes: &[u8]) -> bool {
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
fn ascii_normal(b: u8) -> u8 {
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
struct Mapped {
    /// Some byte mapped is beyond ASCII.
    beyond_ascii: bool,
    /// Two spaces follow each other in `out` from where it was asked: a
    /// run of white space to squeeze.
    two_spaces: bool,
}

/// Appends the `bytes` to `out`, each as [`ascii_normal`] maps it, and
/// tells what it saw; compiled for AVX2 where the processor has it
/// (checked at run time, as the matching road's map is). Looking for
/// bytes beyond ASCII and for two spaces in the same vectorised loops
/// saved a search of the line for each (`memchr::memmem` for the two
/// spaces cost a third of the map in setting up, the lines being short).
fn map_normal_into(out: &mut Vec<u8>, bytes: &[u8], from: usize) -> Mapped {
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

/// The distinct line hashes of a document's paragraphs.
pub fn doc_lines(text: &str) -> Vec<u64> {
    let mut buf = Vec::new();
    let mut hs: Vec<u64> = paragraphs(text)
        .into_iter()
        .map(|p| line_hash_in(&mut buf, &text[p]))
        .collect();
    hs.sort_unstable();
    hs.dedup();
    hs
}

/// The distinct line hashes of a document's paragraphs (sorted), each with
/// the first paragraph that has it.
pub fn doc_lines_at(text: &str) -> Vec<(u64, Range<usize>)> {
    let mut buf = Vec::new();
    let mut hs: Vec<(u64, Range<usize>)> = paragraphs(text)
        .into_iter()
        .map(|p| (line_hash_in(&mut buf, &text[p.clone()]), p))
        .collect();
    hs.sort_unstable_by_key(|(h, p)| (*h, p.start));
    hs.dedup_by_key(|(h, _)| *h);
    hs
}

/// Sorts the rows of `boilerplate.csv` by outlet, then documents (most
/// first), then text.
pub(super) fn sort_rows(rows: &mut [BoilerplateLine]) {
    rows.sort_by(|a, b| {
        (&a.outlet, std::cmp::Reverse(a.documents), &a.line).cmp(&(
            &b.outlet,
            std::cmp::Reverse(b.documents),
            &b.line,
        ))
    });
}

/// Per outlet, in how many documents each line occurs.
#[derive(Debug, Default)]
pub struct LineCounts {
    /// Outlet -> (documents, line hash -> documents holding it).
    outlets: FxHashMap<String, (usize, FxHashMap<u64, u32>)>,
    /// Shortened text of lines seen in `keep_text_at` documents or more.
    texts: FxHashMap<(String, u64), String>,
    keep_text_at: u32,
}

/// One boilerplate line of an outlet (`boilerplate.csv`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BoilerplateLine {
    /// The outlet.
    pub outlet: String,
    /// The line as first seen, shortened to 100 characters.
    pub line: String,
    /// Documents of the outlet that hold it.
    pub documents: u32,
}

impl LineCounts {
    /// Counts that keep the text of lines once they reach `rule.min_docs`.
    pub fn new(rule: &LineRule) -> LineCounts {
        LineCounts {
            keep_text_at: rule.min_docs.max(1) as u32,
            ..LineCounts::default()
        }
    }

    /// Counts gathered elsewhere (merged partial results, see
    /// [`crate::partial`]): per outlet its documents and the documents
    /// holding each line hash, and per (outlet, line) the text to show.
    pub fn from_parts(
        outlets: FxHashMap<String, (usize, FxHashMap<u64, u32>)>,
        texts: FxHashMap<(String, u64), String>,
    ) -> LineCounts {
        LineCounts {
            outlets,
            texts,
            keep_text_at: 0,
        }
    }

    /// Adds one document: its outlet, text and [`doc_lines`].
    pub fn add(&mut self, outlet: &str, text: &str, lines: &[u64]) {
        let (docs, counts) = self.outlets.entry(outlet.to_string()).or_default();
        *docs += 1;
        let mut reached = Vec::new();
        for &h in lines {
            let c = counts.entry(h).or_insert(0);
            *c += 1;
            if *c == self.keep_text_at {
                reached.push(h);
            }
        }
        if reached.is_empty() {
            return;
        }
        for p in paragraphs(text) {
            let h = line_hash(&text[p.clone()]);
            if reached.contains(&h) {
                let shown: String = text[p].chars().take(SHOWN_CHARS).collect();
                self.texts.entry((outlet.to_string(), h)).or_insert(shown);
            }
        }
    }

    /// The boilerplate lines under `rule`: per outlet, the set of hashes,
    /// and the rows of `boilerplate.csv` sorted by outlet, then documents
    /// (most first), then text.
    pub fn finish(
        self,
        rule: &LineRule,
    ) -> (FxHashMap<String, FxHashSet<u64>>, Vec<BoilerplateLine>) {
        let mut sets: FxHashMap<String, FxHashSet<u64>> = FxHashMap::default();
        let mut rows = Vec::new();
        for (outlet, (docs, counts)) in self.outlets {
            let need = rule.threshold(docs) as u32;
            let set: FxHashSet<u64> = counts
                .iter()
                .filter(|(_, &c)| c >= need)
                .map(|(&h, &c)| {
                    rows.push(BoilerplateLine {
                        outlet: outlet.clone(),
                        line: self
                            .texts
                            .get(&(outlet.clone(), h))
                            .cloned()
                            .unwrap_or_default(),
                        documents: c,
                    });
                    h
                })
                .collect();
            if !set.is_empty() {
                sets.insert(outlet, set);
            }
        }
        sort_rows(&mut rows);
        (sets, rows)
    }
}

/// The byte ranges of `text` to mask: paragraphs whose hash is in `lines`,
/// and `runs` (see [`repeated_runs`]). With `heads` (of `lines`), only the
/// paragraphs that may begin as one of the lines are hashed.
pub fn mask_ranges(
    text: &str,
    lines: Option<&FxHashSet<u64>>,
    heads: Option<&Heads>,
    runs: &[Range<usize>],
) -> Vec<Range<usize>> {
    let boilerplate = match lines {
        Some(set) => boilerplate_in(text, &paragraphs(text), set, heads),
        None => Vec::new(),
    };
    with_runs(boilerplate, runs)
}

/// The ranges to mask: the paragraphs `boilerplate` and the `runs`, in
/// order of start (then end).
pub fn with_runs(mut boilerplate: Vec<Range<usize>>, runs: &[Range<usize>]) -> Vec<Range<usize>> {
    boilerplate.extend(runs.iter().cloned());
    boilerplate.sort_by_key(|r| (r.start, r.end));
    boilerplate
}

/// The paragraphs of `paragraphs` (those of `text`, in order) whose hash
/// is in `lines`; with `heads`, only those that may begin as one of the
/// lines are hashed.
pub fn boilerplate_in(
    text: &str,
    paragraphs: &[Range<usize>],
    lines: &FxHashSet<u64>,
    heads: Option<&Heads>,
) -> Vec<Range<usize>> {
    let mut buf = Vec::new();
    paragraphs
        .iter()
        .filter(|p| {
            let line = &text[(*p).clone()];
            heads.is_none_or(|h| h.may_hold(line.as_bytes()))
                && lines.contains(&line_hash_in(&mut buf, line))
        })
        .cloned()
        .collect()
}

/// Whether `r` is a range of `text` that starts and ends between
/// characters (so blanking it keeps the text UTF-8).
pub(super) fn fits(text: &str, r: &Range<usize>) -> bool {
    r.start <= r.end && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
}

/// `text` with the bytes of `ranges` replaced by spaces (line breaks kept),
/// so byte offsets still point into the original text.
pub fn blank(text: &mut String, ranges: &[Range<usize>]) {
    if ranges.is_empty() {
        return;
    }
    if ranges.iter().all(|r| fits(text, r)) {
        // SAFETY: every range starts and ends on a character boundary (and
        // within the text), so each character is wholly inside a range or
        // wholly outside all of them. Those outside keep their bytes; those
        // inside become spaces byte for byte, or stay when a line break (a
        // byte of a longer character is never 0x0A or 0x0D): ASCII
        // characters, so the text stays UTF-8. Checked so, the text is not
        // read through again to validate it, as `String::from_utf8` did.
        let bytes = unsafe { text.as_mut_vec() };
        for r in ranges {
            for b in &mut bytes[r.clone()] {
                if *b != b'\n' && *b != b'\r' {
                    *b = b' ';
                }
            }
        }
        return;
    }
    let mut bytes = std::mem::take(text).into_bytes();
    for r in ranges {
        for b in &mut bytes[r.clone()] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Ranges start and end on character boundaries, and every byte inside
    // became ASCII, so the text stays UTF-8.
    *text = String::from_utf8(bytes).unwrap_or_default();
}

#[cfg(test)]
mod tests;

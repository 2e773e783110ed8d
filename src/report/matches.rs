//! The evidence table, written as the run goes: every match of every
//! document, to `matches.csv`, so the corpus never has to be held in memory.
//!
//! A row holds keys and offsets only. What the matched entry is (its
//! frames, slot, poles, lexicon) is in `entries.csv`, keyed by `entry_id`;
//! the sentence's text is in `sentences.csv`, keyed by `doc_id` and
//! `sentence`; the outlet is in `documents.csv`; the matched words are the
//! document's characters `char_start..char_end`. So no text is repeated per
//! match (on a real corpus the text column alone was a sixth of the table),
//! and no cell holds two values.
//!
//! The columns ([`MATCH_COLUMNS`]): `doc_id`; `sentence`, the sentence's
//! index in the document (0-based); `char_start` and `char_end`, the
//! match's character (Unicode scalar value) offsets in the document text,
//! Python's `text[char_start:char_end]`; `entry_id`, the `entry_id` of
//! `entries.csv`; `voice`, `own` or `quote`; `negated`, 1 inside the scope
//! of a negation, else 0 (a digit, not `true` or `false`: the column is in
//! every row of the largest table).
//!
//! A document's rows are rendered to bytes on the worker threads
//! ([`DocHook::prepare`](crate::stream::DocHook::prepare)), with the csv
//! crate's quoting, so the one thread that sees the documents in order
//! only appends them to the file: it also reads and parses the corpus,
//! and the more it does per document, the less a second thread helps.

use std::io::Write;
use std::path::Path;

use super::sink::Sink;
use crate::corpus::Document;
use crate::matching::MatchedDoc;

/// The columns of `matches.csv`, described in the module's documentation.
pub const MATCH_COLUMNS: &[&str] = &[
    "doc_id",
    "sentence",
    "char_start",
    "char_end",
    "entry_id",
    "voice",
    "negated",
];

/// Writes match rows as documents arrive.
pub struct MatchWriter {
    out: Sink,
    rows: u64,
}

impl MatchWriter {
    /// Starts the table at `path` (gzipped when `gzip`), with its header.
    pub fn new(path: &Path, gzip: bool) -> std::io::Result<Self> {
        let mut out = Sink::create(path, gzip)?;
        out.write_all(MATCH_COLUMNS.join(",").as_bytes())?;
        out.write_all(b"\n")?;
        Ok(MatchWriter { out, rows: 0 })
    }

    /// Writes the matches of one document.
    pub fn document(&mut self, doc: &Document, m: &MatchedDoc) -> std::io::Result<()> {
        let rows = rows_of(doc, m);
        self.append(&rows, m)
    }

    /// Appends `rows`, the rows [`rows_of`] rendered for `m`.
    fn append(&mut self, rows: &[u8], m: &MatchedDoc) -> std::io::Result<()> {
        self.out.write_all(rows)?;
        self.rows += m.hits.len() as u64;
        Ok(())
    }

    /// Finishes the file; returns the row count.
    pub fn finish(mut self) -> std::io::Result<u64> {
        // Flushed twice, as the csv writer this replaced flushed it (once
        // when told, once more as it let go of the sink): each flush of a
        // gzip stream leaves a mark in it, and the file must not change.
        self.out.flush()?;
        self.out.flush()?;
        self.out.finish()?;
        Ok(self.rows)
    }
}

impl crate::stream::DocHook for MatchWriter {
    /// The document's rows, as they go in the file.
    type Item = Vec<u8>;
    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Vec<u8> {
        rows_of(doc, m)
    }
    fn consume(&mut self, _: &Document, m: &MatchedDoc, rows: Vec<u8>) -> std::io::Result<()> {
        self.append(&rows, m)
    }
}

/// The rows of `doc`'s matches `m`, one a line, as the csv crate writes
/// them: the id quoted when it holds a comma, quote or line end (quotes
/// doubled), numbers in decimal. Character offsets come from one forward
/// walk over the text ([`CharOffsets`]), not a count from its start per
/// match.
fn rows_of(doc: &Document, m: &MatchedDoc) -> Vec<u8> {
    if m.hits.is_empty() {
        return Vec::new();
    }
    let id = csv_field(&doc.id);
    // A row is the id and at most 6 numbers, 5 commas and `quote`: room
    // for short numbers, so most documents fill the vector at once.
    let mut out = Vec::with_capacity(m.hits.len() * (id.len() + 32));
    let mut chars = CharOffsets::new(&doc.text);
    let mut num = itoa::Buffer::new();
    for h in &m.hits {
        let (start, end) = chars.span(h.term.start, h.term.end);
        out.extend_from_slice(&id);
        out.push(b',');
        out.extend_from_slice(num.format(h.sentence).as_bytes());
        out.push(b',');
        out.extend_from_slice(num.format(start).as_bytes());
        out.push(b',');
        out.extend_from_slice(num.format(end).as_bytes());
        out.push(b',');
        out.extend_from_slice(num.format(h.term.entry).as_bytes());
        out.push(b',');
        out.extend_from_slice(h.voice.as_str().as_bytes());
        out.extend_from_slice(if h.negated { b",1\n" } else { b",0\n" });
    }
    out
}

/// `s` as a field of a row that has others: as is, or quoted with its
/// quotes doubled when it holds a comma, a quote, `\r` or `\n` (the csv
/// crate's `QuoteStyle::Necessary` with its default delimiter, quote and
/// terminator).
fn csv_field(s: &str) -> std::borrow::Cow<'_, [u8]> {
    let b = s.as_bytes();
    if !b.iter().any(|&c| matches!(c, b',' | b'"' | b'\r' | b'\n')) {
        return std::borrow::Cow::Borrowed(b);
    }
    let mut q = Vec::with_capacity(b.len() + 2);
    q.push(b'"');
    for &c in b {
        if c == b'"' {
            q.push(b'"');
        }
        q.push(c);
    }
    q.push(b'"');
    std::borrow::Cow::Owned(q)
}

/// Byte offsets of one text to character offsets, for match starts that
/// increase: each start's count goes on from the one before, so a
/// document's matches cost one walk over the text up to its last match.
/// A start before the one before counts again from the text's start.
struct CharOffsets<'a> {
    bytes: &'a [u8],
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    fn new(text: &'a str) -> Self {
        CharOffsets {
            bytes: text.as_bytes(),
            byte: 0,
            chars: 0,
        }
    }

    /// The characters before byte `start` and before byte `end`. An end
    /// before its start (no match has one) is counted from the text's
    /// start; an offset past the text counts as its end.
    fn span(&mut self, start: usize, end: usize) -> (usize, usize) {
        let start = start.min(self.bytes.len());
        let end = end.min(self.bytes.len());
        if start < self.byte {
            (self.byte, self.chars) = (0, 0);
        }
        self.chars += count_chars(&self.bytes[self.byte..start]);
        self.byte = start;
        let end = match end.checked_sub(start) {
            Some(_) => self.chars + count_chars(&self.bytes[start..end]),
            None => count_chars(&self.bytes[..end]),
        };
        (self.chars, end)
    }
}

/// The characters of `b`, a piece of UTF-8 cut at character boundaries:
/// its bytes less those that continue a character (0x80..=0xBF). With
/// AVX2 where the processor has it (checked at run time), as the token
/// counts are ([`crate::text`]'s `count_tokens`): a document's walk runs
/// over most of its text, and a loop a byte at a time cost more than
/// rendering the rows.
fn count_chars(b: &[u8]) -> usize {
    if b.len() < LANES {
        // A match's own words, mostly: fewer bytes than a padded chunk.
        return b.iter().filter(|&&c| (c as i8) >= -0x40).count();
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        return b.len() - unsafe { continuations_avx2(b) };
    }
    b.len() - continuations_any(b)
}

/// [`continuations_any`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn continuations_avx2(b: &[u8]) -> usize {
    continuations_any(b)
}

/// Bytes counted at once: a vector of AVX2.
const LANES: usize = 32;

/// The bytes of `b` that continue a character, on any processor: a
/// byte-wide count per lane over up to 255 chunks of [`LANES`] bytes
/// (the compiler makes the chunk's loop a few vector instructions), then
/// summed; the last chunk padded with zeros, which continue nothing, so
/// that no byte is counted one at a time.
#[inline(always)]
fn continuations_any(b: &[u8]) -> usize {
    let mut total = 0;
    let mut chunks = b.chunks_exact(LANES);
    let mut lanes = [0u8; LANES];
    let mut added = 0;
    for c in &mut chunks {
        add_continuations(&mut lanes, c);
        added += 1;
        if added == 255 {
            total += lanes.iter().map(|&n| usize::from(n)).sum::<usize>();
            (lanes, added) = ([0; LANES], 0);
        }
    }
    let mut last = [0u8; LANES];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    add_continuations(&mut lanes, &last);
    total + lanes.iter().map(|&n| usize::from(n)).sum::<usize>()
}

/// Adds one to each lane whose byte of `chunk` continues a character.
#[inline(always)]
fn add_continuations(lanes: &mut [u8; LANES], chunk: &[u8]) {
    for (n, &c) in lanes.iter_mut().zip(chunk) {
        *n += u8::from((c as i8) < -0x40);
    }
}

#[cfg(test)]
mod tests;

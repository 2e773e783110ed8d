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

use std::path::Path;

use serde::Serialize;

use super::sink::Sink;
use crate::corpus::Document;
use crate::matching::MatchedDoc;

/// `matches.csv`: one row per match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchRow<'a> {
    /// Document id.
    pub doc_id: &'a str,
    /// Sentence index in the document (0-based).
    pub sentence: u32,
    /// Character (Unicode scalar value) offset of the match in the document
    /// text: Python's `text[char_start:char_end]`.
    pub char_start: usize,
    /// Character offset where it ends.
    pub char_end: usize,
    /// Index of the matched entry: the `entry_id` of `entries.csv`.
    pub entry_id: u32,
    /// `own` or `quote`.
    pub voice: &'static str,
    /// 1 inside the scope of a negation, else 0 (a digit, not `true` or
    /// `false`: the column is in every row of the largest table).
    pub negated: u8,
}

/// The columns of [`MatchRow`], for a table with no rows.
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
    csv: csv::Writer<Sink>,
    rows: u64,
}

impl MatchWriter {
    /// Starts the table at `path` (gzipped when `gzip`).
    pub fn new(path: &Path, gzip: bool) -> std::io::Result<Self> {
        Ok(MatchWriter {
            csv: csv::Writer::from_writer(Sink::create(path, gzip)?),
            rows: 0,
        })
    }

    /// Writes the matches of one document.
    pub fn document(&mut self, doc: &Document, m: &MatchedDoc) -> std::io::Result<()> {
        let mut chars = CharOffsets::new(&doc.text);
        for h in &m.hits {
            let row = MatchRow {
                doc_id: &doc.id,
                sentence: h.sentence,
                char_start: chars.at(h.term.start),
                char_end: chars.at(h.term.end),
                entry_id: h.term.entry,
                voice: h.voice.as_str(),
                negated: u8::from(h.negated),
            };
            self.csv.serialize(&row).map_err(std::io::Error::other)?;
            self.rows += 1;
        }
        Ok(())
    }

    /// Finishes the file; returns the row count.
    pub fn finish(mut self) -> std::io::Result<u64> {
        if self.rows == 0 {
            // An empty table still has its header.
            self.csv.write_record(MATCH_COLUMNS)?;
        }
        self.csv.flush()?;
        let sink = self.csv.into_inner().map_err(|e| e.into_error())?;
        sink.finish()?;
        Ok(self.rows)
    }
}

impl crate::stream::DocHook for MatchWriter {
    type Item = ();
    fn prepare(&self, _: &Document, _: &MatchedDoc) {}
    fn consume(&mut self, doc: &Document, m: &MatchedDoc, _: ()) -> std::io::Result<()> {
        self.document(doc, m)
    }
}

/// Byte offsets to character offsets, for increasing byte offsets.
struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            return self.text[..byte].chars().count();
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_characters() {
        let t = "Kyiv\u{2019}s \u{201C}Kiev\u{201D}";
        let mut c = CharOffsets::new(t);
        let kiev = t.find("Kiev").unwrap();
        assert_eq!(c.at(kiev), 8);
        assert_eq!(c.at(kiev + 4), 12);
        assert_eq!(c.at(0), 0);
    }
}

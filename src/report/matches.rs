//! The evidence table, written as the run goes: every match of every
//! document, to `matches.csv` and to the `matches` array of `results.json`,
//! so the corpus never has to be held in memory.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::corpus::Document;
use crate::lexicon::LexiconSet;
use crate::matching::MatchedDoc;

/// `matches.csv`: one row per match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchRow<'a> {
    /// Document id.
    pub doc_id: &'a str,
    /// Outlet.
    pub outlet: &'a str,
    /// Sentence index in the document (0-based).
    pub sentence: u32,
    /// UTF-8 byte offset of the match in the document text.
    pub start: usize,
    /// UTF-8 byte offset where it ends.
    pub end: usize,
    /// The same, in characters (Unicode scalar values): Python's `text[a:b]`.
    pub char_start: usize,
    /// Character offset where it ends.
    pub char_end: usize,
    /// The matched text as it appears.
    pub text: &'a str,
    /// The lexicon form that matched, `*` included.
    pub term: String,
    /// The entry's label (its first form, or the variant's name).
    pub entry: &'a str,
    /// Frame id (empty if the entry is in none; `|`-separated when it is in
    /// several).
    pub frame: String,
    /// Variant slot id (empty if none).
    pub slot: &'a str,
    /// Variant label within the slot (empty if none).
    pub variant: &'a str,
    /// Axis id of the entry's pole (empty if none; `|`-separated for an
    /// entry on several axes).
    pub axis: String,
    /// Pole id (same convention).
    pub pole: String,
    /// Pole weight of one match, before the quotation weight (same
    /// convention; empty if no pole).
    pub weight: String,
    /// `own` or `quote`.
    pub voice: &'static str,
    /// Lexicon name.
    pub lexicon: &'a str,
    /// The sentence holding the match.
    pub sentence_text: &'a str,
}

/// Writes match rows to CSV and to a JSON-lines fragment as documents
/// arrive.
pub struct MatchWriter<'s> {
    set: &'s LexiconSet,
    csv: csv::Writer<BufWriter<File>>,
    json: BufWriter<File>,
    json_path: PathBuf,
    rows: u64,
}

fn create(path: &Path) -> std::io::Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(1 << 16, File::create(path)?))
}

impl<'s> MatchWriter<'s> {
    /// Starts `matches.csv` and the fragment `json_part` in `dir`.
    pub fn new(set: &'s LexiconSet, dir: &Path, json_part: &str) -> std::io::Result<Self> {
        let json_path = dir.join(json_part);
        Ok(MatchWriter {
            set,
            csv: csv::Writer::from_writer(create(&dir.join("matches.csv"))?),
            json: create(&json_path)?,
            json_path,
            rows: 0,
        })
    }

    /// Writes the matches of one document.
    pub fn document(&mut self, doc: &Document, m: &MatchedDoc) -> std::io::Result<()> {
        let set = self.set;
        let mut chars = CharOffsets::new(&doc.text);
        for h in &m.hits {
            let e = &set.entries[h.term.entry as usize];
            let joined = |f: &dyn Fn(&crate::lexicon::PoleWeight) -> String| {
                e.poles.iter().map(f).collect::<Vec<_>>().join("|")
            };
            let sentence = m
                .layout
                .sentences
                .get(h.sentence as usize)
                .cloned()
                .unwrap_or(0..0);
            let row = MatchRow {
                doc_id: &doc.id,
                outlet: &doc.outlet,
                sentence: h.sentence,
                start: h.term.start,
                end: h.term.end,
                char_start: chars.at(h.term.start),
                char_end: chars.at(h.term.end),
                text: &doc.text[h.term.start..h.term.end],
                term: e.forms[h.term.form as usize].display(),
                entry: &e.label,
                frame: e
                    .frames
                    .iter()
                    .map(|&f| set.frames[f].id.as_str())
                    .collect::<Vec<_>>()
                    .join("|"),
                slot: e.slot.map_or("", |s| set.slots[s].id.as_str()),
                variant: if e.slot.is_some() { &e.label } else { "" },
                axis: joined(&|p| set.axes[p.axis].id.clone()),
                pole: joined(&|p| set.pole_id(p).to_string()),
                weight: joined(&|p| p.weight.to_string()),
                voice: h.voice.as_str(),
                lexicon: &set.lexicons[e.lexicon].name,
                sentence_text: &doc.text[sentence],
            };
            self.csv.serialize(&row).map_err(std::io::Error::other)?;
            serde_json::to_writer(&mut self.json, &row)?;
            self.json.write_all(b"\n")?;
            self.rows += 1;
        }
        Ok(())
    }

    /// Flushes both files; returns the fragment's path and the row count.
    /// The fragment has one JSON object per line; [`FromFragment`] streams
    /// it into `results.json`.
    pub fn finish(mut self) -> std::io::Result<(PathBuf, u64)> {
        if self.rows == 0 {
            // An empty table still has its header.
            self.csv.write_record(MATCH_COLUMNS)?;
        }
        self.csv.flush()?;
        self.json.flush()?;
        Ok((self.json_path, self.rows))
    }
}

impl crate::stream::DocHook for MatchWriter<'_> {
    type Item = ();
    fn prepare(&self, _: &Document, _: &MatchedDoc) {}
    fn consume(&mut self, doc: &Document, m: &MatchedDoc, _: ()) -> std::io::Result<()> {
        self.document(doc, m)
    }
}

/// The columns of [`MatchRow`], for a table with no rows.
const MATCH_COLUMNS: &[&str] = &[
    "doc_id",
    "outlet",
    "sentence",
    "start",
    "end",
    "char_start",
    "char_end",
    "text",
    "term",
    "entry",
    "frame",
    "slot",
    "variant",
    "axis",
    "pole",
    "weight",
    "voice",
    "lexicon",
    "sentence_text",
];

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

/// The `matches` array of `results.json`, streamed from the fragment one
/// line at a time, never held in memory.
pub struct FromFragment<'a>(pub &'a Path);

impl serde::Serialize for FromFragment<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        use std::io::BufRead;
        let file = File::open(self.0).map_err(S::Error::custom)?;
        let mut seq = ser.serialize_seq(None)?;
        for line in std::io::BufReader::new(file).lines() {
            let line = line.map_err(S::Error::custom)?;
            let raw = serde_json::value::RawValue::from_string(line).map_err(S::Error::custom)?;
            seq.serialize_element(&raw)?;
        }
        seq.end()
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

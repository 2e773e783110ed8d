//! The sentence tables, each sentence once, keyed by `doc_id` and
//! `sentence`: `sentences.csv` (the text) and, with `--sentence-scores`,
//! `sentence_scores.csv` (the model's probabilities). Streamed as the run
//! goes when they cover the corpus, so it never has to be held in memory.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use super::sink::{SentenceText, Sink};
use crate::aggregate::Aggregate;
use crate::corpus::Document;
use crate::matching::MatchedDoc;
use crate::model::predict::DocPrediction;
use crate::model::Model;
use crate::scores::compare::Comparison;

/// The columns of `sentences.csv`.
pub const TEXT_COLUMNS: [&str; 3] = ["doc_id", "sentence", "text"];

/// Streams `sentence_scores.csv`: `doc_id, sentence, tokens`, then
/// `p_<class>` per class, and `model_score` when the classes are an axis's
/// poles.
pub struct SentenceScoreWriter<'a> {
    model: &'a Model,
    csv: csv::Writer<Sink>,
    rows: u64,
}

impl<'a> SentenceScoreWriter<'a> {
    /// Creates `path` (gzipped when `gzip`) and writes the header.
    pub fn create(path: &Path, gzip: bool, model: &'a Model) -> std::io::Result<Self> {
        let mut csv = csv::Writer::from_writer(Sink::create(path, gzip)?);
        csv.write_record(score_columns(model))?;
        Ok(SentenceScoreWriter {
            model,
            csv,
            rows: 0,
        })
    }

    /// Writes the sentences of one predicted document.
    pub fn document(&mut self, doc: &Document, pred: &DocPrediction) -> std::io::Result<()> {
        for (s, (tokens, probs)) in pred.sentences.iter().enumerate() {
            let mut rec = vec![doc.id.clone(), s.to_string(), tokens.to_string()];
            rec.extend(probs.iter().map(|v| v.to_string()));
            if let Some(score) = self.model.axis_score(probs) {
                rec.push(score.to_string());
            }
            self.csv.write_record(&rec)?;
            self.rows += 1;
        }
        Ok(())
    }

    /// Finishes the file; returns the row count.
    pub fn finish(self) -> std::io::Result<u64> {
        finish(self.csv)?;
        Ok(self.rows)
    }
}

fn finish(mut csv: csv::Writer<Sink>) -> std::io::Result<()> {
    csv.flush()?;
    csv.into_inner().map_err(|e| e.into_error())?.finish()
}

/// The header of `sentence_scores.csv` for `model`.
fn score_columns(model: &Model) -> Vec<String> {
    let mut header: Vec<String> = ["doc_id", "sentence", "tokens"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(model.classes.iter().map(|c| format!("p_{c}")));
    if model.axis.is_some() {
        header.push("model_score".into());
    }
    header
}

/// Streams `sentences.csv` for [`SentenceText::Matched`] or
/// [`SentenceText::All`].
pub struct SentenceTextWriter {
    all: bool,
    csv: csv::Writer<Sink>,
    rows: u64,
}

impl SentenceTextWriter {
    /// Creates `path` and writes the header; `all` writes every sentence,
    /// else only those with a match.
    pub fn create(path: &Path, gzip: bool, all: bool) -> std::io::Result<Self> {
        let mut csv = csv::Writer::from_writer(Sink::create(path, gzip)?);
        csv.write_record(TEXT_COLUMNS)?;
        Ok(SentenceTextWriter { all, csv, rows: 0 })
    }

    /// Writes the sentences of one document.
    pub fn document(&mut self, doc: &Document, m: &MatchedDoc) -> std::io::Result<()> {
        let mut matched = vec![self.all; m.layout.sentences.len()];
        for h in &m.hits {
            if let Some(s) = matched.get_mut(h.sentence as usize) {
                *s = true;
            }
        }
        for (s, span) in m.layout.sentences.iter().enumerate() {
            if matched[s] {
                let index = s.to_string();
                self.csv
                    .write_record([doc.id.as_str(), &index, &doc.text[span.clone()]])?;
                self.rows += 1;
            }
        }
        Ok(())
    }

    /// Finishes the file; returns the row count.
    pub fn finish(self) -> std::io::Result<u64> {
        finish(self.csv)?;
        Ok(self.rows)
    }
}

impl crate::stream::DocHook for SentenceTextWriter {
    type Item = ();
    fn prepare(&self, _: &Document, _: &MatchedDoc) {}
    fn consume(&mut self, doc: &Document, m: &MatchedDoc, _: ()) -> std::io::Result<()> {
        self.document(doc, m)
    }
}

/// What [`SentenceText`] asks to stream during the pass over the corpus.
pub fn streamed(mode: SentenceText) -> Option<bool> {
    match mode {
        SentenceText::Matched => Some(false),
        SentenceText::All => Some(true),
        SentenceText::None | SentenceText::Cited => None,
    }
}

/// The sentences the report cites (evidence, the model's surest sentences,
/// aligned sentences), each once, in document then sentence order: the
/// rows of `sentences.csv` for [`SentenceText::Cited`].
pub fn cited<'a>(
    aggregate: &'a Aggregate,
    comparison: Option<&'a Comparison>,
) -> std::io::Result<Vec<[String; 3]>> {
    let mut cited: Vec<(&str, u32, &str)> = Vec::new();
    for set in aggregate.evidence.values() {
        for e in set.positive.iter().chain(&set.negative) {
            cited.push((&e.doc_id, e.sentence, &e.text));
        }
    }
    if let Some(p) = &aggregate.predictions {
        for t in p.top.values().flatten() {
            cited.push((&t.doc_id, t.sentence, &t.text));
        }
    }
    if let Some(c) = comparison {
        for m in super::compare::written_groups(c).flat_map(|g| &g.members) {
            cited.push((&m.doc_id, m.sentence, &m.text));
        }
    }
    // Positions of the cited documents only, read from the documents'
    // texts in input order: a map of every id would grow with the corpus.
    let mut position: HashMap<&str, usize> = HashMap::new();
    let wanted: HashSet<&str> = cited.iter().map(|c| c.0).collect();
    for (i, text) in aggregate.texts.read()?.enumerate() {
        if let Some(&id) = wanted.get(text?.id.as_str()) {
            position.insert(id, i);
        }
    }
    let mut found: BTreeSet<(usize, u32, &str, &str)> = BTreeSet::new();
    for (doc_id, sentence, text) in cited {
        if let Some(&p) = position.get(doc_id) {
            found.insert((p, sentence, doc_id, text));
        }
    }
    let mut rows: Vec<[String; 3]> = Vec::with_capacity(found.len());
    for (_, sentence, doc_id, text) in found {
        // The same sentence reached twice is one row.
        let dup = rows
            .last()
            .is_some_and(|r| r[0] == doc_id && r[1] == sentence.to_string());
        if !dup {
            rows.push([doc_id.to_string(), sentence.to_string(), text.to_string()]);
        }
    }
    Ok(rows)
}

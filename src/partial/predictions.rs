//! A saved model's predictions as partial rows, and back: one row per
//! predicted document (its class probabilities, and its sentences' while
//! it is its outlet's only one in the shard), and per outlet and class the
//! sentences the model is most sure of, as ranked candidates that merge
//! keeps the top of; and, when the model's file lists its training
//! documents, one row per document saying whether it was one of them, so
//! that a report from partials counts them as analyze does (a partial
//! written before these rows reads as not counted).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::rows::Row;
use super::spill::Spill;
use crate::aggregate::{DocProbs, Predictions, TopSentence};
use crate::model::seen::Overlap;

/// The `kind` of a predicted document's row.
pub const PREDICTION: &str = "prediction";
/// The `kind` of a top sentence's row.
pub const TOP_SENTENCE: &str = "top_sentence";
/// The `kind` of a document's row saying whether the model was trained on
/// it (`true` or `false`).
pub const IN_TRAINING: &str = "in_training";

/// A document's probabilities as a partial holds them.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ProbRow {
    p: Vec<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    sentences: Vec<(u32, Vec<f64>)>,
}

/// The rows of a shard's predictions: documents by their place in the
/// shard (`records[place]` is its record), sentences by their document's
/// id (`record_of`); `keep` sentences are ranked per outlet and class.
/// The rows go to `rows`.
pub fn rows_of(
    pred: &Predictions,
    records: &[u64],
    record_of: &BTreeMap<String, u64>,
    keep: usize,
    rows: &mut Spill,
) -> Result<(), String> {
    for d in &pred.docs {
        let record = *records
            .get(d.doc)
            .ok_or_else(|| format!("a prediction of document {} of {}", d.doc, records.len()))?;
        let row = ProbRow {
            p: d.p.clone(),
            sentences: d.sentences.clone(),
        };
        rows.push(Row::Doc {
            record,
            kind: PREDICTION.into(),
            seq: 0,
            id: None,
            data: serde_json::to_value(row).map_err(|e| e.to_string())?,
        })
        .map_err(|e| e.to_string())?;
    }
    for ((outlet, class), list) in &pred.top {
        for t in list {
            let record = *record_of
                .get(&t.doc_id)
                .ok_or_else(|| format!("a top sentence of unknown document {:?}", t.doc_id))?;
            rows.push(Row::Top {
                kind: TOP_SENTENCE.into(),
                key: vec![outlet.clone(), class.to_string()],
                score: t.p,
                record,
                position: u64::from(t.sentence),
                keep: keep as u32,
                data: serde_json::to_value(t).map_err(|e| e.to_string())?,
            })
            .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// The rows saying of each document of a shard (by its place: `records[place]`
/// is its record) whether the saved model was trained on it.
pub fn training_rows(seen: &[bool], records: &[u64], rows: &mut Spill) -> Result<(), String> {
    if seen.len() != records.len() {
        return Err(format!(
            "{} documents looked up in the model's training list, of {}",
            seen.len(),
            records.len()
        ));
    }
    for (&record, &seen) in records.iter().zip(seen) {
        rows.push(Row::Doc {
            record,
            kind: IN_TRAINING.into(),
            seq: 0,
            id: None,
            data: Value::Bool(seen),
        })
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The documents whose records [`rows_of`] looks up by id.
pub fn quoted(pred: &Predictions) -> impl Iterator<Item = &str> {
    pred.top.values().flatten().map(|t| t.doc_id.as_str())
}

/// Gathers the predictions of a merged partial from its rows, streamed in
/// canonical order. A document's sentences are kept only when it is its
/// outlet's one predicted document, as analyze keeps them: dropped as soon
/// as a second one comes.
#[derive(Default)]
pub struct PredictionReader {
    out: Predictions,
    /// The last document row met (its record, outlet and place): a
    /// prediction follows its document's row.
    last: Option<(u64, Arc<str>, usize)>,
    /// Documents met.
    docs: usize,
    /// Per outlet, its first predicted document's place in `out.docs`,
    /// while it is the only one.
    only: HashMap<Arc<str>, Option<usize>>,
    /// Per document met so far, whether the model was trained on it, while
    /// every one has said (partials from before these rows say nothing).
    in_training: Vec<bool>,
}

impl PredictionReader {
    /// A document's row: its record and outlet.
    pub fn doc(&mut self, record: u64, outlet: &Arc<str>) {
        self.last = Some((record, outlet.clone(), self.docs));
        self.docs += 1;
    }

    /// Reads one row (rows of other consumers pass).
    pub fn push(&mut self, row: &Row) -> Result<(), String> {
        match row {
            Row::Doc {
                record, kind, data, ..
            } if kind == PREDICTION => {
                let (outlet, doc) = match &self.last {
                    Some((r, outlet, doc)) if r == record => (outlet.clone(), *doc),
                    _ => return Err(format!("a prediction of record {record}, not a document")),
                };
                let p: ProbRow = ProbRow::deserialize(data)
                    .map_err(|e| format!("a prediction row of record {record}: {e}"))?;
                let place = self.out.docs.len();
                let shared = match self.only.get_mut(&outlet) {
                    None => {
                        self.only.insert(outlet.clone(), Some(place));
                        false
                    }
                    Some(first) => {
                        if let Some(i) = first.take() {
                            self.out.docs[i].sentences = Vec::new();
                        }
                        true
                    }
                };
                self.out.docs.push(DocProbs {
                    doc,
                    outlet,
                    p: p.p,
                    sentences: if shared { Vec::new() } else { p.sentences },
                });
            }
            Row::Doc {
                record, kind, data, ..
            } if kind == IN_TRAINING => {
                let seen = data
                    .as_bool()
                    .ok_or_else(|| format!("an in_training row of record {record}: {data}"))?;
                match &self.last {
                    // the document before each said, and this one has not
                    Some((r, _, doc)) if r == record && *doc == self.in_training.len() => {
                        self.in_training.push(seen)
                    }
                    _ => {
                        return Err(format!(
                            "an in_training row of record {record}, not of the document before"
                        ))
                    }
                }
            }
            Row::Top {
                kind, key, data, ..
            } if kind == TOP_SENTENCE => top(&mut self.out, key, data)?,
            _ => {}
        }
        Ok(())
    }

    /// The predictions read.
    pub fn finish(self) -> Predictions {
        self.out
    }

    /// As [`PredictionReader::finish`], with, when every document said
    /// whether the model was trained on it, the scored ones counted as
    /// analyze counts them and the flag of each document in order; `None`
    /// from partials written before they said (or a merge of such and
    /// newer ones).
    pub fn finish_counted(self) -> (Predictions, Option<(Overlap, Vec<bool>)>) {
        if self.docs == 0 || self.in_training.len() != self.docs {
            return (self.out, None);
        }
        let mut o = Overlap::default();
        for d in &self.out.docs {
            o.add(&d.outlet, self.in_training[d.doc]);
        }
        (self.out, Some((o.finish(), self.in_training)))
    }
}

/// Adds a top sentence (rows come best first) to its outlet and class.
fn top(out: &mut Predictions, key: &[String], data: &Value) -> Result<(), String> {
    let bad = || format!("a top sentence with key {key:?}");
    let [outlet, class] = key else {
        return Err(bad());
    };
    let class: usize = class.parse().map_err(|_| bad())?;
    let t = TopSentence::deserialize(data).map_err(|e| format!("{}: {e}", bad()))?;
    out.top.entry((outlet.clone(), class)).or_default().push(t);
    Ok(())
}

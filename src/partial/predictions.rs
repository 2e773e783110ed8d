//! A saved model's predictions as partial rows, and back: one row per
//! predicted document (its class probabilities, and its sentences' while
//! it is its outlet's only one in the shard), and per outlet and class the
//! sentences the model is most sure of, as ranked candidates that merge
//! keeps the top of.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::rows::Row;
use super::shard::DOC;
use super::spill::Spill;
use crate::aggregate::{DocProbs, Predictions, TopSentence};

/// The `kind` of a predicted document's row.
pub const PREDICTION: &str = "prediction";
/// The `kind` of a top sentence's row.
pub const TOP_SENTENCE: &str = "top_sentence";

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

/// The documents whose records [`rows_of`] looks up by id.
pub fn quoted(pred: &Predictions) -> impl Iterator<Item = &str> {
    pred.top.values().flatten().map(|t| t.doc_id.as_str())
}

/// The predictions of a merged partial's `rows` (canonical order), whose
/// documents' outlets are `outlets`, in record order. A document's sentences are kept
/// only when it is its outlet's one predicted document, as analyze keeps
/// them.
pub fn predictions_of(rows: &[Row], outlets: &[Arc<str>]) -> Result<Predictions, String> {
    let mut out = Predictions::default();
    // The last document row met: predictions follow their document's row.
    let mut last: Option<(u64, usize)> = None;
    let mut next = 0usize;
    for row in rows {
        match row {
            Row::Doc { record, kind, .. } if kind == DOC => {
                last = Some((*record, next));
                next += 1;
            }
            Row::Doc {
                record, kind, data, ..
            } if kind == PREDICTION => {
                let doc = match last {
                    Some((r, i)) if r == *record => i,
                    _ => return Err(format!("a prediction of record {record}, not a document")),
                };
                let outlet = outlets
                    .get(doc)
                    .cloned()
                    .ok_or_else(|| format!("a prediction of record {record}, not a document"))?;
                let p: ProbRow = ProbRow::deserialize(data)
                    .map_err(|e| format!("a prediction row of record {record}: {e}"))?;
                out.docs.push(DocProbs {
                    doc,
                    outlet,
                    p: p.p,
                    sentences: p.sentences,
                });
            }
            Row::Top {
                kind, key, data, ..
            } if kind == TOP_SENTENCE => top(&mut out, key, data)?,
            _ => {}
        }
    }
    let mut per_outlet: HashMap<&str, usize> = HashMap::new();
    for d in &out.docs {
        *per_outlet.entry(&*d.outlet).or_default() += 1;
    }
    let shared: Vec<bool> = out
        .docs
        .iter()
        .map(|d| per_outlet[&*d.outlet] > 1)
        .collect();
    for (d, shared) in out.docs.iter_mut().zip(shared) {
        if shared {
            d.sentences = Vec::new();
        }
    }
    Ok(out)
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

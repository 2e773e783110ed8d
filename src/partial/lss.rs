//! LSS scores from a saved scale (`slant map --lss-polarity`) as partial
//! rows, and back: one row per document (its raw score and scaled words;
//! standardizing with the saved mean and SD happens at report time), and
//! per outlet and direction the sentences that move their documents
//! furthest, as ranked candidates that merge keeps the top of, under the
//! order analyze ranks them in.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::rows::Row;
use super::shard::DOC;
use super::spill::Spill;
use crate::lss::applied::{Candidate, ScoredDocs, TopCandidates};

/// The `kind` of a document's LSS row.
pub const LSS_DOC: &str = "lss";
/// The `kind` of an LSS evidence candidate's row.
pub const LSS_EVIDENCE: &str = "lss_evidence";

/// A document's LSS score as a partial holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct DocRow {
    raw: Option<f64>,
    words: u64,
}

/// What a candidate's row carries besides its key and rank.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CandidateData {
    id: String,
    contribution: f64,
    text: String,
}

fn direction(positive: bool) -> &'static str {
    if positive {
        "positive"
    } else {
        "negative"
    }
}

/// The rows of a shard's LSS scores; `records[place]` is the record of
/// the document at `place` in the shard. The rows go to `rows`.
pub fn rows_of(scored: ScoredDocs, records: &[u64], rows: &mut Spill) -> Result<(), String> {
    let record = |place: u64| {
        records
            .get(place as usize)
            .copied()
            .ok_or_else(|| format!("an LSS score of document {place} of {}", records.len()))
    };
    let spill = |e: std::io::Error| e.to_string();
    for (place, &(raw, words)) in scored.docs.iter().enumerate() {
        rows.push(Row::Doc {
            record: record(place as u64)?,
            kind: LSS_DOC.into(),
            seq: 0,
            id: None,
            data: json!(DocRow { raw, words }),
        })
        .map_err(spill)?;
    }
    let keep = scored.candidates.keep() as u32;
    for c in scored.candidates.into_vec() {
        rows.push(Row::Top {
            kind: LSS_EVIDENCE.into(),
            key: vec![c.outlet, direction(c.positive).into()],
            score: if c.positive {
                c.contribution
            } else {
                -c.contribution
            },
            record: record(c.record)?,
            position: u64::from(c.sentence),
            keep,
            data: json!(CandidateData {
                id: c.id,
                contribution: c.contribution,
                text: c.text,
            }),
        })
        .map_err(spill)?;
    }
    Ok(())
}

/// The LSS scores of a merged partial's `rows`, whose documents' outlets
/// are `outlets` in record order, keeping `keep` candidates per outlet
/// and direction.
pub fn scored_of(rows: &[Row], outlets: &[Arc<str>], keep: usize) -> Result<ScoredDocs, String> {
    let mut out = ScoredDocs {
        candidates: TopCandidates::new(keep),
        ..ScoredDocs::default()
    };
    let mut scores: BTreeMap<u64, (Option<f64>, u64)> = BTreeMap::new();
    let mut records = Vec::new();
    for row in rows {
        match row {
            Row::Doc {
                record,
                kind,
                id: Some(id),
                ..
            } if kind == DOC => {
                records.push(*record);
                out.ids.push(id.clone());
            }
            Row::Doc {
                record, kind, data, ..
            } if kind == LSS_DOC => {
                let d = DocRow::deserialize(data)
                    .map_err(|e| format!("an LSS row of record {record}: {e}"))?;
                scores.insert(*record, (d.raw, d.words));
            }
            Row::Top {
                kind,
                key,
                record,
                position,
                data,
                ..
            } if kind == LSS_EVIDENCE => {
                out.candidates
                    .add(candidate(key, *record, *position, data)?);
            }
            _ => {}
        }
    }
    for r in &records {
        let s = scores.get(r).ok_or_else(|| {
            format!("record {r} has no LSS score: it was mapped without --lss-polarity")
        })?;
        out.docs.push(*s);
    }
    if outlets.len() != records.len() {
        return Err(format!(
            "{} documents but {} outlets",
            records.len(),
            outlets.len()
        ));
    }
    out.outlets = outlets.iter().map(|o| o.to_string()).collect();
    Ok(out)
}

fn candidate(
    key: &[String],
    record: u64,
    position: u64,
    data: &serde_json::Value,
) -> Result<Candidate, String> {
    let bad = || format!("an LSS evidence row with key {key:?}");
    let [outlet, side] = key else {
        return Err(bad());
    };
    let d = CandidateData::deserialize(data).map_err(|e| format!("{}: {e}", bad()))?;
    Ok(Candidate {
        outlet: outlet.clone(),
        positive: side == "positive",
        contribution: d.contribution,
        record,
        sentence: u32::try_from(position).map_err(|_| bad())?,
        id: d.id,
        text: d.text,
    })
}

//! LSS scores from a saved scale (`slant map --lss-polarity`) as partial
//! rows, and back: one row per document (its raw score and scaled words;
//! standardizing with the saved mean and SD happens at report time), and
//! per outlet and direction the sentences that move their documents
//! furthest, as ranked candidates that merge keeps the top of, under the
//! order analyze ranks them in.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::rows::Row;
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

/// Gathers the LSS scores of a merged partial from its rows, streamed in
/// canonical order: each document's score follows its document's row.
pub struct ScoredReader {
    out: ScoredDocs,
    /// The last document met, while its score has not come.
    waiting: Option<u64>,
}

impl ScoredReader {
    /// A reader keeping `keep` candidates per outlet and direction.
    pub fn new(keep: usize) -> ScoredReader {
        ScoredReader {
            out: ScoredDocs {
                candidates: TopCandidates::new(keep),
                ..ScoredDocs::default()
            },
            waiting: None,
        }
    }

    /// A document's row: its record, id and outlet.
    pub fn doc(&mut self, record: u64, id: &str, outlet: &str) -> Result<(), String> {
        self.scored()?;
        self.waiting = Some(record);
        self.out.ids.push(id.to_string());
        self.out.outlets.push(outlet.to_string());
        Ok(())
    }

    /// Refuses a document left without its score.
    fn scored(&self) -> Result<(), String> {
        match self.waiting {
            Some(r) => Err(format!(
                "record {r} has no LSS score: it was mapped without --lss-polarity"
            )),
            None => Ok(()),
        }
    }

    /// Reads one row (rows of other consumers pass).
    pub fn push(&mut self, row: &Row) -> Result<(), String> {
        match row {
            Row::Doc {
                record, kind, data, ..
            } if kind == LSS_DOC => {
                let d = DocRow::deserialize(data)
                    .map_err(|e| format!("an LSS row of record {record}: {e}"))?;
                if self.waiting == Some(*record) {
                    self.waiting = None;
                    self.out.docs.push((d.raw, d.words));
                }
            }
            Row::Top {
                kind,
                key,
                record,
                position,
                data,
                ..
            } if kind == LSS_EVIDENCE => {
                self.out
                    .candidates
                    .add(candidate(key, *record, *position, data)?);
            }
            _ => {}
        }
        Ok(())
    }

    /// The scores read.
    pub fn finish(self) -> Result<ScoredDocs, String> {
        self.scored()?;
        Ok(self.out)
    }
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

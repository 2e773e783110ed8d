//! The comparison views' material as partial rows, and back: n-gram counts
//! per outlet (summed on merge), each word's first sighting (so that the
//! report interns words in analyze's order, whatever the shards), and the
//! sentences that may be aligned (the first of the corpus, up to the cap,
//! kept on merge as first sightings are).
//!
//! N-grams travel as text, never as a shard's word ids: ids are assigned
//! at report time, in the order of first sightings (record, then place
//! among the words the document holds first), which is the order in which
//! analyze interns them; the cap on distinct words then falls on the same
//! words, and ties broken by id break alike.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::rows::Row;
use crate::aggregate::ngrams::{order, pack, Counts};
use crate::aggregate::sentences::{fact_keys, AlignedTerm, Candidate, SentencePool};
use crate::aggregate::DocSummary;
use crate::features::AxisTally;

/// The `kind` of a word's first sighting.
pub const WORD: &str = "word";
/// The `kind` of an n-gram's count: key `[outlet, text]`.
pub const NGRAM: &str = "ngram";
/// The `kind` of a sentence that may be aligned.
pub const ALIGN: &str = "align";
/// The `kind` of the count of sentences that could be aligned, kept or not.
pub const ALIGN_SEEN: &str = "align_candidates";

/// A sentence that may be aligned, as a partial holds it (its fact keys
/// are computed again from its text).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct AlignRow {
    outlet: String,
    doc_id: String,
    sentence: u32,
    text: String,
    terms: Vec<AlignedTerm>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tally: Option<AxisTally>,
}

/// What a shard's word counts came from: `new_words[i]` is how many words
/// were interned once its `i`th document was counted, `records[i]` that
/// document's record.
pub struct Sightings<'a> {
    /// Words interned after each document, in document order.
    pub new_words: &'a [usize],
    /// Each document's record.
    pub records: &'a [u64],
}

/// The rows of a shard's n-gram counts and words.
pub fn count_rows(counts: &Counts, seen: &Sightings) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    let mut before = 0usize;
    for (&after, &record) in seen.new_words.iter().zip(seen.records) {
        for (place, id) in (before + 1..=after).enumerate() {
            let word = counts
                .words
                .word(id as u32)
                .ok_or_else(|| format!("word {id} of {} is not interned", counts.words.len()))?;
            rows.push(Row::First {
                kind: WORD.into(),
                key: vec![word.to_string()],
                record,
                position: place as u64,
                value: None,
                keep: 1,
            });
        }
        before = after;
    }
    for (outlet, grams) in counts.outlets.iter().zip(&counts.counts) {
        for (&key, &n) in grams {
            rows.push(Row::Count {
                kind: NGRAM.into(),
                key: vec![outlet.clone(), counts.words.text(key)],
                n: u64::from(n),
            });
        }
    }
    Ok(rows)
}

/// The rows of a shard's sentences to align, each under its document's
/// record (`record_of`), the first `max` of the corpus kept on merge.
pub fn align_rows(
    pool: &SentencePool,
    record_of: &BTreeMap<String, u64>,
    max: usize,
) -> Result<Vec<Row>, String> {
    let mut rows = Vec::with_capacity(pool.candidates.len() + 1);
    for c in &pool.candidates {
        let record = *record_of
            .get(&c.doc_id)
            .ok_or_else(|| format!("a sentence of unknown document {:?}", c.doc_id))?;
        let row = AlignRow {
            outlet: c.outlet.clone(),
            doc_id: c.doc_id.clone(),
            sentence: c.sentence,
            text: c.text.clone(),
            terms: c.terms.clone(),
            tally: c.tally,
        };
        rows.push(Row::First {
            kind: ALIGN.into(),
            key: Vec::new(),
            record,
            position: u64::from(c.sentence),
            value: Some(serde_json::to_value(row).map_err(|e| e.to_string())?),
            keep: u32::try_from(max).unwrap_or(u32::MAX),
        });
    }
    rows.push(Row::Count {
        kind: ALIGN_SEEN.into(),
        key: Vec::new(),
        n: pool.candidates.len() as u64 + pool.dropped,
    });
    Ok(rows)
}

/// The n-gram counts of a merged partial's `rows`, whose documents are
/// `docs` in record order: outlets in order of first appearance, words
/// interned in order of first sighting, as analyze counts them.
pub fn counts_of(rows: &[Row], docs: &[DocSummary]) -> Result<Counts, String> {
    let mut counts = Counts::default();
    for d in docs {
        counts.outlet(&d.outlet);
    }
    let mut words: Vec<(u64, u64, &str)> = rows
        .iter()
        .filter_map(|r| match r {
            Row::First {
                kind,
                key,
                record,
                position,
                ..
            } if kind == WORD => Some((*record, *position, key.first()?.as_str())),
            _ => None,
        })
        .collect();
    words.sort_unstable();
    for (_, _, w) in words {
        // Past the id space analyze drops the word, and so every n-gram
        // that holds it.
        if counts.words.intern(w).is_none() {
            break;
        }
    }
    for r in rows {
        let Row::Count { kind, key, n } = r else {
            continue;
        };
        if kind != NGRAM {
            continue;
        }
        let [outlet, text] = key.as_slice() else {
            return Err(format!("an n-gram count with key {key:?}"));
        };
        let ids: Option<Vec<u32>> = text.split(' ').map(|w| counts.words.id(w)).collect();
        let Some(ids) = ids.filter(|ids| (1..=3).contains(&ids.len())) else {
            continue;
        };
        let o = counts.outlet(outlet);
        let gram = pack(&ids);
        let n32 = u32::try_from(*n).map_err(|_| format!("n-gram {text:?} counted {n} times"))?;
        counts.counts[o].insert(gram, n32);
        counts.totals[o][order(gram) - 1] += n;
    }
    Ok(counts)
}

/// The sentences to align of a merged partial's `rows`: the first `max`
/// of the corpus in input order, and how many more the cap left out.
pub fn pool_of(rows: &[Row], max: usize) -> Result<SentencePool, String> {
    let mut pool = SentencePool::default();
    let mut seen = 0u64;
    for r in rows {
        match r {
            Row::First { kind, value, .. } if kind == ALIGN => {
                let value = value.as_ref().unwrap_or(&serde_json::Value::Null);
                let a = AlignRow::deserialize(value)
                    .map_err(|e| format!("a sentence to align: {e}"))?;
                let keys = fact_keys(&a.text);
                let c = Candidate {
                    outlet: a.outlet,
                    doc_id: a.doc_id,
                    sentence: a.sentence,
                    text: a.text,
                    terms: a.terms,
                    tally: a.tally,
                    keys: Vec::new(),
                };
                pool.add(c, keys, max);
            }
            Row::Count { kind, n, .. } if kind == ALIGN_SEEN => seen += n,
            _ => {}
        }
    }
    pool.dropped = seen.saturating_sub(pool.candidates.len() as u64);
    Ok(pool)
}

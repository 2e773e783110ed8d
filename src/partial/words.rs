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

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::rows::Row;
use super::spill::Spill;
use crate::aggregate::ngrams::{order, pack, Counts};
use crate::aggregate::sentences::{fact_keys, AlignedTerm, Candidate, SentencePool};
use crate::features::AxisTally;

/// The `kind` of a word's first sighting.
pub const WORD: &str = "word";
/// The `kind` of an n-gram's count: key `[outlet, text]`.
pub const NGRAM: &str = "ngram";
/// The `kind` of a sentence that may be aligned.
pub const ALIGN: &str = "align";
/// The `kind` of the count of sentences that could be aligned, kept or not.
pub const ALIGN_SEEN: &str = "align_candidates";
/// The `kind` of a candidate n-gram's count in a shard (`map
/// --ngram-candidates`): key `[outlet, text]`, outlet empty for all.
pub const CANDIDATE: &str = "ngram_candidate";
/// The `kind` of the count of (outlet, n-gram) pairs left out of the
/// candidates: none, and the candidates are every n-gram.
pub const LEFT_OUT: &str = "ngram_left_out";
/// The `kind` of an outlet's total n-grams of one order: key `[outlet, n]`,
/// written when only candidates are counted.
pub const TOTAL: &str = "ngram_total";

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

/// The rows of a shard's n-gram counts and words; with `only`, of the
/// candidate n-grams alone (and their words), with each outlet's totals;
/// into `rows`.
pub fn count_rows(
    counts: &Counts,
    seen: &Sightings,
    only: Option<&BTreeSet<String>>,
    rows: &mut Spill,
) -> Result<(), String> {
    // Interning a subset of the words in first-seen order keeps their
    // order, and so every comparison of packed n-grams.
    let words: Option<BTreeSet<&str>> = only.map(|c| c.iter().flat_map(|t| t.split(' ')).collect());
    let mut before = 0usize;
    for (&after, &record) in seen.new_words.iter().zip(seen.records) {
        for (place, id) in (before + 1..=after).enumerate() {
            let word = counts
                .words
                .word(id as u32)
                .ok_or_else(|| format!("word {id} of {} is not interned", counts.words.len()))?;
            if words.as_ref().is_some_and(|w| !w.contains(word)) {
                continue;
            }
            rows.push(Row::First {
                kind: WORD.into(),
                key: vec![word.to_string()],
                record,
                position: place as u64,
                value: None,
                keep: 1,
            })
            .map_err(spill)?;
        }
        before = after;
    }
    for (outlet, grams) in counts.outlets.iter().zip(&counts.counts) {
        for (&key, &n) in grams {
            let text = counts.words.text(key);
            if only.is_some_and(|c| !c.contains(&text)) {
                continue;
            }
            rows.push(Row::Count {
                kind: NGRAM.into(),
                key: vec![outlet.clone(), text],
                n: u64::from(n),
            })
            .map_err(spill)?;
        }
    }
    if only.is_some() {
        for (outlet, totals) in counts.outlets.iter().zip(&counts.totals) {
            for (n, &total) in totals.iter().enumerate() {
                rows.push(Row::Count {
                    kind: TOTAL.into(),
                    key: vec![outlet.clone(), (n + 1).to_string()],
                    n: total,
                })
                .map_err(spill)?;
            }
        }
    }
    Ok(())
}

/// A shard's candidate n-grams: each outlet's `top` most frequent, and the
/// `top` most frequent over all outlets (ties by text), with their counts.
pub fn candidate_rows(counts: &Counts, top: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut left_out = 0u64;
    let mut keep = |outlet: &str, grams: Vec<(u64, u64)>| {
        let mut texts: Vec<(u64, String)> = grams
            .into_iter()
            .map(|(key, n)| (n, counts.words.text(key)))
            .collect();
        texts.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        left_out += texts.len().saturating_sub(top) as u64;
        texts.truncate(top);
        for (n, text) in texts {
            rows.push(Row::Count {
                kind: CANDIDATE.into(),
                key: vec![outlet.to_string(), text],
                n,
            });
        }
    };
    for (outlet, grams) in counts.outlets.iter().zip(&counts.counts) {
        keep(
            outlet,
            grams.iter().map(|(&k, &n)| (k, u64::from(n))).collect(),
        );
    }
    keep("", counts.overall().into_iter().collect());
    rows.push(Row::Count {
        kind: LEFT_OUT.into(),
        key: Vec::new(),
        n: left_out,
    });
    rows
}

/// How many (outlet, n-gram) pairs the shards left out of the candidates.
pub fn left_out(rows: &[Row]) -> u64 {
    rows.iter()
        .map(|r| match r {
            Row::Count { kind, n, .. } if kind == LEFT_OUT => *n,
            _ => 0,
        })
        .sum()
}

/// The candidate n-grams of a merged `--ngram-candidates` partial.
pub fn candidate_set(rows: &[Row]) -> BTreeSet<String> {
    rows.iter()
        .filter_map(|r| match r {
            Row::Count { kind, key, .. } if kind == CANDIDATE => key.get(1).cloned(),
            _ => None,
        })
        .collect()
}

/// The rows of a shard's sentences to align, each under its document's
/// record (`record_of`), the first `max` of the corpus kept on merge;
/// into `rows`.
pub fn align_rows(
    pool: &SentencePool,
    record_of: &BTreeMap<String, u64>,
    max: usize,
    rows: &mut Spill,
) -> Result<(), String> {
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
        })
        .map_err(spill)?;
    }
    rows.push(Row::Count {
        kind: ALIGN_SEEN.into(),
        key: Vec::new(),
        n: pool.candidates.len() as u64 + pool.dropped,
    })
    .map_err(spill)
}

/// Gathers the comparison views' material from a merged partial's rows,
/// streamed in canonical order, in two passes, since the n-gram counts
/// come before the words they are interned by: the first reads each
/// word's first sighting and the sentences to align, the second
/// ([`CountReader`]) the counts alone.
#[derive(Default)]
pub struct WordReader {
    /// Each word's first sighting: record, place, word.
    words: Vec<(u64, u64, String)>,
    pool: SentencePool,
    /// Sentences kept to align.
    max: usize,
    /// Sentences that could be aligned, kept or not.
    seen: u64,
}

impl WordReader {
    /// A reader keeping the first `max` sentences to align.
    pub fn new(max: usize) -> WordReader {
        WordReader {
            max,
            ..WordReader::default()
        }
    }

    /// Reads one row of the first pass (rows of other consumers pass).
    pub fn push(&mut self, row: &Row) -> Result<(), String> {
        match row {
            Row::First {
                kind,
                key,
                record,
                position,
                ..
            } if kind == WORD => {
                if let Some(w) = key.first() {
                    self.words.push((*record, *position, w.clone()));
                }
            }
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
                self.pool.add(c, keys, self.max);
            }
            Row::Count { kind, n, .. } if kind == ALIGN_SEEN => self.seen += n,
            _ => {}
        }
        Ok(())
    }

    /// The sentences to align (the first `max` of the corpus in input
    /// order, and how many more the cap left out), and a reader of the
    /// n-gram counts of the documents' `outlets` (in order of first
    /// appearance), words interned in order of first sighting, as analyze
    /// counts them.
    pub fn finish(self, outlets: &[Arc<str>]) -> (CountReader, SentencePool) {
        let mut counts = Counts::default();
        for o in outlets {
            counts.outlet(o);
        }
        let mut words = self.words;
        words.sort_unstable();
        for (_, _, w) in words {
            // Past the id space analyze drops the word, and so every
            // n-gram that holds it.
            if counts.words.intern(&w).is_none() {
                break;
            }
        }
        let mut pool = self.pool;
        pool.dropped = self.seen.saturating_sub(pool.candidates.len() as u64);
        let reader = CountReader {
            counts,
            shipped: false,
        };
        (reader, pool)
    }
}

/// Reads a merged partial's n-gram counts ([`WordReader::finish`]).
pub struct CountReader {
    counts: Counts,
    /// Whether the partial ships each outlet's totals (it counted
    /// candidate n-grams only).
    shipped: bool,
}

impl CountReader {
    /// Reads one row (rows of other consumers pass).
    pub fn push(&mut self, row: &Row) -> Result<(), String> {
        let counts = &mut self.counts;
        let Row::Count { kind, key, n } = row else {
            return Ok(());
        };
        if kind == TOTAL {
            // Shipped totals sort after every n-gram count: the sums of
            // those give way to them.
            if !self.shipped {
                self.shipped = true;
                counts.totals.iter_mut().for_each(|t| *t = [0; 3]);
            }
            return total(counts, key, *n);
        }
        if kind != NGRAM {
            return Ok(());
        }
        let [outlet, text] = key.as_slice() else {
            return Err(format!("an n-gram count with key {key:?}"));
        };
        let ids: Option<Vec<u32>> = text.split(' ').map(|w| counts.words.id(w)).collect();
        let Some(ids) = ids.filter(|ids| (1..=3).contains(&ids.len())) else {
            return Ok(());
        };
        let o = counts.outlet(outlet);
        let gram = pack(&ids);
        let n32 = u32::try_from(*n).map_err(|_| format!("n-gram {text:?} counted {n} times"))?;
        counts.counts[o].insert(gram, n32);
        // Without shipped totals every n-gram is here, and they sum to
        // them (the n-grams the word cap drops included).
        if !self.shipped {
            counts.totals[o][order(gram) - 1] += n;
        }
        Ok(())
    }

    /// The counts read.
    pub fn finish(self) -> Counts {
        self.counts
    }
}

/// Adds an outlet's shipped total of one n-gram order.
fn total(counts: &mut Counts, key: &[String], n: u64) -> Result<(), String> {
    let bad = || format!("an n-gram total with key {key:?}");
    let [outlet, order] = key else {
        return Err(bad());
    };
    let order: usize = order.parse().map_err(|_| bad())?;
    let o = counts.outlet(outlet);
    let slot = counts.totals[o]
        .get_mut(order.wrapping_sub(1))
        .ok_or_else(bad)?;
    *slot += n;
    Ok(())
}

fn spill(e: std::io::Error) -> String {
    format!("spilling rows: {e}")
}

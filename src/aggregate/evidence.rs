//! Evidence sentences: per outlet and axis, the sentences that push its
//! score hardest toward each pole, with their marked matches. Kept as a
//! bounded list per side, so memory does not grow with the corpus.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::corpus::Document;
use crate::lexicon::LexiconSet;
use crate::matching::{Hit, MatchedDoc};
use crate::text::{QuoteWeight, Voice};

/// A sentence that moves an outlet's score, with its marked matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Document id.
    pub doc_id: String,
    /// Sentence index in the document.
    pub sentence: u32,
    /// Byte offsets of the sentence in the document text.
    pub start: usize,
    /// End of the sentence.
    pub end: usize,
    /// The sentence.
    pub text: String,
    /// Voice-weighted positive minus negative pole weight in the sentence.
    pub net: f64,
    /// The sentence's matches on this axis, offsets relative to the sentence.
    pub marks: Vec<Mark>,
}

/// A match inside an evidence sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    /// Start, relative to the sentence.
    pub start: usize,
    /// End, relative to the sentence.
    pub end: usize,
    /// Index into [`LexiconSet::entries`].
    pub entry: u32,
    /// Signed pole weight on this axis (before the quotation weight).
    pub weight: f64,
    /// Own voice or quotation.
    pub voice: Voice,
    /// Inside the scope of a negation: its weight counts as the run's
    /// negation policy says (ignored by default).
    pub negated: bool,
}

/// The strongest sentences on each side of one axis for one outlet.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EvidenceSet {
    /// Most positive first.
    pub positive: Vec<Evidence>,
    /// Most negative first.
    pub negative: Vec<Evidence>,
}

impl Evidence {
    /// The sentence as pieces in order: text between matches (`None`) and
    /// each match with its mark. A mark that overlaps the one before or
    /// does not fall on character boundaries of the text is left as plain
    /// text, so that every renderer shows the same marks.
    pub fn pieces(&self) -> Vec<(&str, Option<&Mark>)> {
        let text = self.text.as_str();
        let mut out = Vec::with_capacity(2 * self.marks.len() + 1);
        let mut at = 0;
        for m in &self.marks {
            if m.start < at
                || m.end > text.len()
                || !text.is_char_boundary(m.start)
                || !text.is_char_boundary(m.end)
            {
                continue;
            }
            out.push((&text[at..m.start], None));
            out.push((&text[m.start..m.end], Some(m)));
            at = m.end;
        }
        out.push((&text[at..], None));
        out
    }
}

impl EvidenceSet {
    /// Adds a document's candidate sentences, keeping the `n` strongest on
    /// each side.
    pub fn add(&mut self, candidates: Vec<Evidence>, n: usize) {
        let (pos, mut neg): (Vec<Evidence>, Vec<Evidence>) =
            candidates.into_iter().partition(|e| e.net > 0.0);
        neg.retain(|e| e.net < 0.0);
        keep_best(&mut self.positive, pos, n, |a, b| b.net.total_cmp(&a.net));
        keep_best(&mut self.negative, neg, n, |a, b| a.net.total_cmp(&b.net));
    }
}

/// Keeps the `n` best of `kept` and `new`; ties keep the earlier (input
/// order), as the sort is stable and `kept` comes first.
fn keep_best(
    kept: &mut Vec<Evidence>,
    new: Vec<Evidence>,
    n: usize,
    order: impl Fn(&Evidence, &Evidence) -> std::cmp::Ordering,
) {
    kept.extend(new);
    kept.sort_by(|a, b| order(a, b));
    kept.truncate(n);
}

/// Per axis, the sentences of `m` with evidence on it (axes without any
/// are left out).
pub fn of_document(
    set: &LexiconSet,
    doc: &Document,
    m: &MatchedDoc,
    q: QuoteWeight,
) -> Vec<(usize, Vec<Evidence>)> {
    (0..set.axes.len())
        .map(|axis| (axis, on_axis(set, doc, m, axis, q)))
        .filter(|(_, c)| !c.is_empty())
        .collect()
}

/// The sentences of `m` with evidence on `axis`.
fn on_axis(
    set: &LexiconSet,
    doc: &Document,
    m: &MatchedDoc,
    axis: usize,
    q: QuoteWeight,
) -> Vec<Evidence> {
    let mut by_sentence: BTreeMap<u32, Vec<&Hit>> = BTreeMap::new();
    for h in &m.hits {
        if set.entries[h.term.entry as usize]
            .poles
            .iter()
            .any(|p| p.axis == axis)
        {
            by_sentence.entry(h.sentence).or_default().push(h);
        }
    }
    by_sentence
        .into_iter()
        .map(|(s, hits)| {
            let range = m.layout.sentences[s as usize].clone();
            let mut net = 0.0;
            let marks = hits
                .iter()
                .map(|h| {
                    let w: f64 = set.entries[h.term.entry as usize]
                        .poles
                        .iter()
                        .filter(|p| p.axis == axis)
                        .map(|p| p.signed())
                        .sum();
                    net += set.negation.policy.apply(w, h.negated) * q.of(h.voice);
                    Mark {
                        start: h.term.start.saturating_sub(range.start),
                        end: h.term.end.min(range.end).saturating_sub(range.start),
                        entry: h.term.entry,
                        weight: w,
                        voice: h.voice,
                        negated: h.negated,
                    }
                })
                .collect();
            Evidence {
                doc_id: doc.id.clone(),
                sentence: s,
                start: range.start,
                end: range.end,
                text: doc.text[range].to_string(),
                net,
                marks,
            }
        })
        .collect()
}

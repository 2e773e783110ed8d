//! Predicting with a model: class probabilities for every sentence of a
//! document, and for the document (the token-weighted mean of its
//! sentences', or the whole text for a document model). Pure work on one
//! document, so it runs on any thread.

use ndarray::Array2;

use super::design::Passage;
use super::vocab::ngrams;
use super::{Model, Unit};
use crate::corpus::Document;
use crate::features::{columns, lexicon_row};
use crate::lexicon::LexiconSet;
use crate::matching::{Hit, MatchedDoc};

/// A model's prediction for one document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocPrediction {
    /// Per class, the document's probability.
    pub p: Vec<f64>,
    /// Per sentence: its word tokens and per-class probabilities.
    pub sentences: Vec<(u32, Vec<f64>)>,
}

/// Predicts documents matched with the lexicons the model was trained with.
pub struct Predictor<'a> {
    model: &'a Model,
    set: &'a LexiconSet,
    width: usize,
}

impl<'a> Predictor<'a> {
    /// A predictor; `model` must have been checked against `set`
    /// ([`Model::check`]).
    pub fn new(model: &'a Model, set: &'a LexiconSet) -> Self {
        Predictor {
            model,
            set,
            width: columns(set).len(),
        }
    }

    /// Whether `m` is off-topic for the model (see
    /// [`crate::features::off_topic_for_model`]): it then gets no
    /// prediction.
    pub fn off_topic(&self, m: &MatchedDoc) -> bool {
        let axis = self
            .model
            .axis
            .as_ref()
            .and_then(|a| self.set.axis(&a.axis));
        crate::features::off_topic_for_model(self.set, m, axis)
    }

    /// Predicts one matched document and its sentences.
    pub fn predict(&self, doc: &Document, m: &MatchedDoc) -> DocPrediction {
        let k = self.model.classes.len();
        // A few hundred sentences at a time: the design matrix is dense, so
        // a long document at once would hold sentences x features numbers.
        let spans = &m.layout.sentences;
        let mut sentences: Vec<(u32, Vec<f64>)> = Vec::with_capacity(spans.len());
        for start in (0..spans.len()).step_by(SENTENCES_AT_ONCE) {
            let end = (start + SENTENCES_AT_ONCE).min(spans.len());
            let passages: Vec<Passage> = (start..end)
                .map(|s| {
                    let hits: Vec<_> = m.sentence_hits(s).iter().collect();
                    self.passage(
                        &doc.text,
                        std::slice::from_ref(&spans[s]),
                        &hits,
                        u64::from(m.layout.sentence_tokens[s]),
                    )
                })
                .collect();
            let probs = self.probabilities(&passages);
            sentences.extend(
                m.layout.sentence_tokens[start..end]
                    .iter()
                    .zip(probs.rows())
                    .map(|(&t, r)| (t, r.to_vec())),
            );
        }
        let doc_p = match self.model.unit {
            Unit::Sentence => weighted_mean(&sentences, k),
            Unit::Document => {
                let hits: Vec<_> = m.hits.iter().collect();
                let whole = self.passage(&doc.text, &m.layout.sentences, &hits, m.layout.tokens());
                self.probabilities(std::slice::from_ref(&whole))
                    .row(0)
                    .to_vec()
            }
        };
        DocPrediction {
            p: doc_p,
            sentences,
        }
    }

    fn passage(
        &self,
        text: &str,
        spans: &[std::ops::Range<usize>],
        hits: &[&Hit],
        tokens: u64,
    ) -> Passage {
        let mut row = vec![0.0; self.width];
        lexicon_row(self.set, hits.iter().copied(), tokens, &mut row);
        Passage::new(
            &row,
            ngrams(
                text,
                spans,
                &[],
                self.model.design.vocabulary.options.ngrams,
            ),
        )
    }

    fn probabilities(&self, passages: &[Passage]) -> Array2<f64> {
        let refs: Vec<&Passage> = passages.iter().collect();
        self.model
            .classifier
            .predict_proba(&self.model.design.matrix(&refs))
    }
}

/// Sentences predicted in one matrix.
const SENTENCES_AT_ONCE: usize = 512;

/// Token-weighted mean of rows (plain mean when there are no tokens),
/// within [0, 1].
pub(crate) fn weighted_mean(rows: &[(u32, Vec<f64>)], k: usize) -> Vec<f64> {
    let total: f64 = rows.iter().map(|r| f64::from(r.0)).sum();
    let mut out = vec![0.0; k];
    for (w, p) in rows {
        let w = if total > 0.0 {
            f64::from(*w) / total
        } else {
            1.0 / rows.len() as f64
        };
        for c in 0..k {
            out[c] += w * p[c];
        }
    }
    into_unit_range(&mut out);
    out
}

/// Clamps probabilities into [0, 1], renormalizing only when one was
/// outside: token weights that add up to a hair over 1 by rounding carry a
/// sure class past 1 (1.0000000000000004 on the seeds), and every other
/// row is left bit for bit.
fn into_unit_range(p: &mut [f64]) {
    if p.iter().all(|v| (0.0..=1.0).contains(v)) {
        return;
    }
    p.iter_mut().for_each(|v| *v = v.clamp(0.0, 1.0));
    let sum: f64 = p.iter().sum();
    if sum > 0.0 {
        p.iter_mut().for_each(|v| *v /= sum);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_means() {
        let rows = vec![(1, vec![1.0, 0.0]), (3, vec![0.0, 1.0])];
        assert_eq!(weighted_mean(&rows, 2), [0.25, 0.75]);
        let none = vec![(0, vec![1.0, 0.0]), (0, vec![0.0, 1.0])];
        assert_eq!(weighted_mean(&none, 2), [0.5, 0.5]);
    }

    #[test]
    fn a_sure_document_is_exactly_one() {
        // 6/30 + 23/30 + 1/30 adds up to 1.0000000000000002 in f64
        let rows = vec![
            (6, vec![1.0, 0.0]),
            (23, vec![1.0, 0.0]),
            (1, vec![1.0, 0.0]),
        ];
        assert_eq!(weighted_mean(&rows, 2), [1.0, 0.0]);
    }
}

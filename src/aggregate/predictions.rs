//! The model's predictions, gathered as documents stream past: each
//! document's class probabilities (and its sentences'), and per outlet and
//! class the sentences the model is most sure of. A document off-topic for
//! the model gets no prediction at all, so it is in no outlet's
//! probabilities and gives no sentence.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::corpus::Document;
use crate::matching::MatchedDoc;
use crate::model::predict::{DocPrediction, Predictor};
use crate::stream::DocHook;

/// Probabilities of one document.
#[derive(Debug, Clone)]
pub struct DocProbs {
    /// Document id.
    pub id: String,
    /// Outlet.
    pub outlet: String,
    /// Per class.
    pub p: Vec<f64>,
    /// Per sentence: token count and per-class probabilities.
    pub sentences: Vec<(u32, Vec<f64>)>,
}

/// A sentence the model is most sure of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopSentence {
    /// Document id.
    pub doc_id: String,
    /// Sentence index.
    pub sentence: u32,
    /// Probability of the class.
    pub p: f64,
    /// The sentence.
    pub text: String,
}

/// A model's predictions on a corpus.
#[derive(Debug, Clone, Default)]
pub struct Predictions {
    /// Every document's probabilities, in input order.
    pub docs: Vec<DocProbs>,
    /// Per (outlet, class index): the sentences most probably of the class.
    pub top: BTreeMap<(String, usize), Vec<TopSentence>>,
}

impl Predictions {
    /// Adds one document's prediction, keeping `keep` sentences per outlet
    /// and class.
    pub fn add(&mut self, doc: &Document, m: &MatchedDoc, pred: DocPrediction, keep: usize) {
        for (s, (_, probs)) in pred.sentences.iter().enumerate() {
            let text = &doc.text[m.layout.sentences[s].clone()];
            for (c, &pc) in probs.iter().enumerate() {
                let list = self.top.entry((doc.outlet.clone(), c)).or_default();
                if list.len() < keep || list.last().is_some_and(|t| pc > t.p) {
                    list.push(TopSentence {
                        doc_id: doc.id.clone(),
                        sentence: s as u32,
                        p: pc,
                        text: text.to_string(),
                    });
                    // stable: earlier sentences win ties
                    list.sort_by(|a, b| b.p.total_cmp(&a.p));
                    list.truncate(keep);
                }
            }
        }
        self.docs.push(DocProbs {
            id: doc.id.clone(),
            outlet: doc.outlet.clone(),
            p: pred.p,
            sentences: pred.sentences,
        });
    }
}

/// Predicts every document with a model and gathers the [`Predictions`].
pub struct PredictionCollector<'a> {
    predictor: Predictor<'a>,
    keep: usize,
    out: Predictions,
}

impl<'a> PredictionCollector<'a> {
    /// A collector keeping `keep` top sentences per outlet and class.
    pub fn new(predictor: Predictor<'a>, keep: usize) -> Self {
        PredictionCollector {
            predictor,
            keep,
            out: Predictions::default(),
        }
    }

    /// Adds a document whose prediction was made by [`DocHook::prepare`].
    pub fn add(&mut self, doc: &Document, m: &MatchedDoc, pred: DocPrediction) {
        self.out.add(doc, m, pred, self.keep);
    }

    /// What was gathered.
    pub fn finish(self) -> Predictions {
        self.out
    }
}

impl DocHook for PredictionCollector<'_> {
    type Item = Option<DocPrediction>;

    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Option<DocPrediction> {
        (!self.predictor.off_topic(m)).then(|| self.predictor.predict(doc, m))
    }

    fn consume(
        &mut self,
        doc: &Document,
        m: &MatchedDoc,
        pred: Option<DocPrediction>,
    ) -> std::io::Result<()> {
        if let Some(pred) = pred {
            self.add(doc, m, pred);
        }
        Ok(())
    }
}

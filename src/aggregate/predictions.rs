//! The model's predictions, gathered as documents stream past: each
//! document's class probabilities (and its sentences'), and per outlet and
//! class the sentences the model is most sure of. A document off-topic for
//! the model gets no prediction at all, so it is in no outlet's
//! probabilities and gives no sentence.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::corpus::Document;
use crate::matching::MatchedDoc;
use crate::model::predict::{DocPrediction, Predictor};
use crate::stream::DocHook;

/// Probabilities of one document.
#[derive(Debug, Clone)]
pub struct DocProbs {
    /// The document's place in input order (0-based), as in
    /// [`super::Aggregate::docs`].
    pub doc: usize,
    /// Outlet: one shared name per outlet.
    pub outlet: Arc<str>,
    /// Per class.
    pub p: Vec<f64>,
    /// Per sentence: token count and per-class probabilities. Kept only
    /// while the document is its outlet's only one: an outlet's interval
    /// resamples sentences only then, and the sentences of a large corpus
    /// would otherwise outweigh everything else kept per document.
    pub sentences: Vec<(u32, Vec<f64>)>,
}

/// A sentence the model is most sure of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Every predicted document's probabilities, in input order (a
    /// document off-topic for the model has none).
    pub docs: Vec<DocProbs>,
    /// Per (outlet, class index): the sentences most probably of the class.
    pub top: BTreeMap<(String, usize), Vec<TopSentence>>,
    /// Documents seen, predicted or not: the next one's place.
    seen: usize,
    // Looked up, never iterated: per outlet, its shared name and its first
    // entry in `docs` while it is the only one (`None` after).
    outlets: HashMap<String, (Arc<str>, Option<usize>)>,
}

impl Predictions {
    /// Notes a document with no prediction (off-topic for the model), so
    /// that the next one's place in input order is right.
    pub fn skip(&mut self) {
        self.seen += 1;
    }

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
                        text: super::evidence::clip(text),
                    });
                    // stable: earlier sentences win ties
                    list.sort_by(|a, b| b.p.total_cmp(&a.p));
                    list.truncate(keep);
                }
            }
        }
        let at = self.docs.len();
        let (outlet, sentences) = match self.outlets.get_mut(&doc.outlet) {
            Some((name, only)) => {
                if let Some(first) = only.take() {
                    self.docs[first].sentences = Vec::new();
                }
                (name.clone(), Vec::new())
            }
            None => {
                let name: Arc<str> = doc.outlet.as_str().into();
                self.outlets
                    .insert(doc.outlet.clone(), (name.clone(), Some(at)));
                (name, pred.sentences)
            }
        };
        self.docs.push(DocProbs {
            doc: self.seen,
            outlet,
            p: pred.p,
            sentences,
        });
        self.seen += 1;
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

    /// Adds a document whose prediction was made by [`DocHook::prepare`]
    /// (`None`: off-topic for the model).
    pub fn add(&mut self, doc: &Document, m: &MatchedDoc, pred: Option<DocPrediction>) {
        match pred {
            Some(pred) => self.out.add(doc, m, pred, self.keep),
            None => self.out.skip(),
        }
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
        self.add(doc, m, pred);
        Ok(())
    }
}

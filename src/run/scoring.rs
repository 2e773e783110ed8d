//! Prediction during a pass over the corpus, as `analyze` (with a model,
//! saved or trained on its first pass) and `map --model` make it: each
//! document's class probabilities, the sentences the model is surest of,
//! and, when asked, every sentence's probabilities in
//! `sentence_scores.csv`; and, for a saved model that lists its training
//! documents, how many of the scored documents were among them.

use std::path::Path;

use crate::aggregate::predictions::PredictionCollector;
use crate::aggregate::Predictions;
use crate::corpus::Document;
use crate::lexicon::LexiconSet;
use crate::matching::MatchedDoc;
use crate::model::predict::{DocPrediction, Predictor};
use crate::model::seen::{document_key, Overlap, TrainingOverlap};
use crate::model::Model;
use crate::output::Staging;
use crate::report::sentences::SentenceScoreWriter;
use crate::report::OutputOptions;
use crate::stream::DocHook;

/// Sentences the report shows per outlet and class.
pub(super) const TOP_SENTENCES: usize = 3;

/// The predictions, the sentence scores' table (its name and rows), how
/// many of the scored documents the model was trained on, and per document
/// (input order) whether it was, when the model lists them.
pub(crate) type Counted = (
    Predictions,
    Option<(String, u64)>,
    TrainingOverlap,
    Option<Vec<bool>>,
);

/// Predicts each document, keeping the [`TOP_SENTENCES`] surest sentences
/// per outlet and class, and streams its sentences' probabilities to a
/// `sentence_scores.csv` when asked.
pub(crate) struct Scoring<'a> {
    collector: PredictionCollector<'a>,
    /// The table's name in the report, and its writer.
    sentences: Option<(String, SentenceScoreWriter<'a>)>,
    /// The scored documents counted against the model's training
    /// documents, when asked for ([`Scoring::counting_training`]) and the
    /// model lists them.
    overlap: Option<Overlap>,
    /// The model's training keys (sorted), and per document read whether
    /// it is among them, when asked for and the model lists them.
    in_training: Option<(&'a [u64], Vec<bool>)>,
}

impl<'a> Scoring<'a> {
    /// A report's scoring: `sentence_scores.csv` in `staging` when
    /// `outputs` asks for it, named and compressed as `outputs` says.
    pub(crate) fn new(
        model: &'a Model,
        set: &'a LexiconSet,
        staging: &Staging,
        outputs: &OutputOptions,
    ) -> std::io::Result<Self> {
        let name = outputs
            .sentence_scores
            .then(|| outputs.table_name("sentence_scores"));
        let table = name.map(|n| {
            let path = staging.path().join(&n);
            (n, path)
        });
        let table = table.as_ref().map(|(n, p)| (n.as_str(), p.as_path()));
        Scoring::writing(model, set, table, outputs.gzip)
    }

    /// Scoring with the sentence scores written to `table` (its name and
    /// path) if given, compressed when `gzip`.
    pub(crate) fn writing(
        model: &'a Model,
        set: &'a LexiconSet,
        table: Option<(&str, &Path)>,
        gzip: bool,
    ) -> std::io::Result<Self> {
        let sentences = table
            .map(|(name, path)| {
                let w = SentenceScoreWriter::create(path, gzip, model)?;
                Ok::<_, std::io::Error>((name.to_string(), w))
            })
            .transpose()?;
        Ok(Scoring {
            collector: PredictionCollector::new(Predictor::new(model, set), TOP_SENTENCES),
            sentences,
            overlap: None,
            in_training: None,
        })
    }

    /// Also counts the scored documents that `model` (the model scoring
    /// them) was trained on, and which of the documents read were, when
    /// its file lists them, for [`Scoring::finish_counted`]. Only a saved
    /// model needs it: a model
    /// trained in the run was trained on the corpus it scores, and
    /// hashing every text for a count nobody reads took a share of the
    /// prediction pass.
    pub(crate) fn counting_training(mut self, model: &'a Model) -> Self {
        self.overlap = model
            .training_documents
            .as_ref()
            .map(|_| Overlap::default());
        self.in_training = model.training_documents.as_deref().map(|k| (k, Vec::new()));
        self
    }

    /// The predictions, and the sentence scores' table (complete) with
    /// its name and rows.
    pub(crate) fn finish(self) -> std::io::Result<(Predictions, Option<(String, u64)>)> {
        let table = match self.sentences {
            Some((name, w)) => Some((name, w.finish()?)),
            None => None,
        };
        Ok((self.collector.finish(), table))
    }

    /// As [`Scoring::finish`], with how many of the scored documents the
    /// model was trained on ([`TrainingOverlap::Unknown`] when its file
    /// does not list them, or when [`Scoring::counting_training`] was not
    /// asked for).
    pub(crate) fn finish_counted(mut self) -> std::io::Result<Counted> {
        let overlap = match self.overlap.take() {
            Some(c) => TrainingOverlap::Counted(c.finish()),
            None => TrainingOverlap::Unknown,
        };
        let docs = self.in_training.take().map(|(_, docs)| docs);
        let (p, table) = self.finish()?;
        Ok((p, table, overlap, docs))
    }
}

impl DocHook for Scoring<'_> {
    type Item = Option<DocPrediction>;

    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Option<DocPrediction> {
        self.collector.prepare(doc, m)
    }

    fn consume(
        &mut self,
        doc: &Document,
        m: &MatchedDoc,
        p: Option<DocPrediction>,
    ) -> std::io::Result<()> {
        // An off-topic document has no prediction, and no sentence rows.
        if let (Some(p), Some((_, w))) = (&p, &mut self.sentences) {
            w.document(doc, p)?;
        }
        // Every document is looked up (documents.csv says it of each);
        // the scored ones are counted.
        let seen = self.in_training.as_mut().map(|(keys, docs)| {
            let seen = keys
                .binary_search(&document_key(&doc.id, &doc.text))
                .is_ok();
            docs.push(seen);
            seen
        });
        if let (Some(_), Some(c), Some(seen)) = (&p, &mut self.overlap, seen) {
            c.add(&doc.outlet, seen);
        }
        self.collector.add(doc, m, p);
        Ok(())
    }
}

//! A saved model in the map step: loaded and checked against the
//! lexicons, hashed for the partial's header (merge refuses partials
//! scored with another model, report one given another), and applied to
//! each document as analyze applies it.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::aggregate::predictions::PredictionCollector;
use crate::aggregate::Predictions;
use crate::corpus::Document;
use crate::error::Error;
use crate::lexicon::LexiconSet;
use crate::matching::MatchedDoc;
use crate::model::predict::{DocPrediction, Predictor};
use crate::model::Model;
use crate::report::sentences::SentenceScoreWriter;
use crate::stream::DocHook;

/// A saved model, checked, with the SHA-256 of its file.
pub struct SavedModel {
    /// The model.
    pub model: Model,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// The path as given, as the report names the model.
    pub label: String,
}

impl SavedModel {
    /// Loads the model at `path` and checks that it scores text matched
    /// with `set`.
    pub fn load(path: &PathBuf, set: &LexiconSet) -> Result<SavedModel, Error> {
        let model = Model::load(path)?;
        let label = path.display().to_string();
        model.check(set, &label)?;
        let bytes = std::fs::read(path)
            .map_err(|e| Error::Invalid(format!("{label}: cannot read: {e}")))?;
        Ok(SavedModel {
            model,
            sha256: format!("{:x}", Sha256::digest(&bytes)),
            label,
        })
    }
}

/// Predicts each document and, when asked, streams its sentences'
/// probabilities to a `sentence_scores.csv` at a path of the caller's.
pub struct Scoring<'a> {
    collector: PredictionCollector<'a>,
    sentences: Option<SentenceScoreWriter<'a>>,
}

impl<'a> Scoring<'a> {
    /// Scoring with `model`, keeping `keep` top sentences per outlet and
    /// class, and writing sentence scores to `sentences` if given.
    pub fn new(
        model: &'a Model,
        set: &'a LexiconSet,
        keep: usize,
        sentences: Option<&Path>,
    ) -> std::io::Result<Self> {
        let sentences = sentences
            .map(|p| SentenceScoreWriter::create(p, false, model))
            .transpose()?;
        Ok(Scoring {
            collector: PredictionCollector::new(Predictor::new(model, set), keep),
            sentences,
        })
    }

    /// The predictions; the sentence scores' file is complete.
    pub fn finish(self) -> std::io::Result<Predictions> {
        if let Some(w) = self.sentences {
            w.finish()?;
        }
        Ok(self.collector.finish())
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
        if let (Some(p), Some(w)) = (&p, &mut self.sentences) {
            w.document(doc, p)?;
        }
        self.collector.add(doc, m, p);
        Ok(())
    }
}

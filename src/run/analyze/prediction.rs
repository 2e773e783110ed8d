//! Prediction during a pass: each document's class probabilities and,
//! with `--sentence-scores`, its sentences'.

use super::{io, Ready, TOP_SENTENCES};
use crate::aggregate::predictions::PredictionCollector;
use crate::aggregate::Predictions;
use crate::corpus::Document;
use crate::error::Error;
use crate::lexicon::LexiconSet;
use crate::matching::MatchedDoc;
use crate::model::predict::{DocPrediction, Predictor};
use crate::model::Model;
use crate::output::Staging;
use crate::repeats::Repeats;
use crate::report::sentences::SentenceScoreWriter;
use crate::report::OutputOptions;
use crate::run::pass_with;
use crate::stream::DocHook;

/// Predicts each document and, with `--sentence-scores`, streams its
/// sentences' probabilities to `sentence_scores.csv`.
pub(super) struct Prediction<'a> {
    collector: PredictionCollector<'a>,
    sentences: Option<(String, SentenceScoreWriter<'a>)>,
}

impl<'a> Prediction<'a> {
    pub(super) fn new(
        model: &'a Model,
        set: &'a LexiconSet,
        staging: &Staging,
        outputs: &OutputOptions,
    ) -> std::io::Result<Self> {
        let sentences = if outputs.sentence_scores {
            let name = outputs.table_name("sentence_scores");
            let path = staging.path().join(&name);
            Some((
                name,
                SentenceScoreWriter::create(&path, outputs.gzip, model)?,
            ))
        } else {
            None
        };
        Ok(Prediction {
            collector: PredictionCollector::new(Predictor::new(model, set), TOP_SENTENCES),
            sentences,
        })
    }

    /// The predictions, and the streamed table's name and rows.
    pub(super) fn finish(self) -> std::io::Result<(Predictions, Option<(String, u64)>)> {
        let table = match self.sentences {
            Some((name, w)) => Some((name, w.finish()?)),
            None => None,
        };
        Ok((self.collector.finish(), table))
    }
}

impl DocHook for Prediction<'_> {
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
        self.collector.add(doc, m, p);
        Ok(())
    }
}

impl Ready {
    /// Streams the corpus again to predict it with a model trained on the
    /// first pass.
    pub(super) fn second_pass(
        &self,
        model: &Model,
        spool: &std::path::Path,
        repeats: &Repeats,
    ) -> Result<(Predictions, Option<(String, u64)>), Error> {
        let (inputs, read) = self.read.second_pass(&self.inputs, spool);
        let mut p = Prediction::new(model, &self.set, &self.staging, &self.outputs).map_err(io)?;
        pass_with(
            &inputs,
            read,
            &self.matcher,
            &mut p,
            &|_, _| {},
            Some(repeats),
        )?;
        p.finish().map_err(io)
    }
}

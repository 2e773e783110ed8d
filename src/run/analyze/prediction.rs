//! Prediction during a pass: each document's class probabilities and,
//! with `--sentence-scores`, its sentences' ([`Prediction`], the scoring
//! `map --model` does too), and the second pass that predicts with a
//! model trained on the first.

use super::{io, Ready};
use crate::aggregate::Predictions;
use crate::error::Error;
use crate::model::Model;
use crate::repeats::Repeats;
use crate::run::pass_with;
/// Predicts each document and, with `--sentence-scores`, streams its
/// sentences' probabilities to `sentence_scores.csv` in the staging folder.
pub(super) use crate::run::scoring::Scoring as Prediction;

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

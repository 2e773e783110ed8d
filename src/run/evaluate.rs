//! `evaluate` as a library call: a saved model applied to labelled
//! documents it never saw, and how well it did.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{find_repeats, pass_with, Spooled};
use crate::corpus::{Document, ReadOptions, ReadWarnings};
use crate::error::Error;
use crate::lexicon::{self, LexiconSource};
use crate::matching::{MatchedDoc, Matcher};
use crate::model::labels::LabelFile;
use crate::model::predict::Predictor;
use crate::model::seen::{OverlapCounter, TrainingOverlap};
use crate::model::train::argmax;
use crate::model::{Model, ModelError};
use crate::repeats::RepeatOptions;
use crate::scores::evaluation::{evaluate, Evaluation, Labelled};
use crate::stream::DocHook;

/// What [`evaluate_on`] needs.
#[derive(Debug, Clone)]
pub struct EvaluateConfig {
    /// Corpus inputs.
    pub inputs: Vec<PathBuf>,
    /// How to read them.
    pub read: ReadOptions,
    /// Lexicons (those the model was trained with).
    pub lexicons: Vec<LexiconSource>,
    /// The saved model.
    pub model: PathBuf,
    /// Document labels.
    pub labels: LabelFile,
    /// Boilerplate and wire copy, handled as in `score`.
    pub repeats: RepeatOptions,
    /// Seed of the bootstrap interval.
    pub seed: u64,
}

/// Predicts the labelled documents as they stream past.
struct Evaluator<'a> {
    predictor: Predictor<'a>,
    /// Document id -> (class index, line of the labels file).
    labels: HashMap<&'a str, (usize, u64)>,
    docs: Vec<Labelled>,
    /// Labelled documents seen, scored or not.
    seen: std::collections::BTreeSet<&'a str>,
    unscored: u64,
    /// The scored documents counted against the model's training
    /// documents, when it lists them.
    overlap: Option<OverlapCounter<'a>>,
}

impl DocHook for Evaluator<'_> {
    type Item = Option<Option<usize>>;

    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        if !self.labels.contains_key(doc.id.as_str()) {
            return None;
        }
        if self.predictor.off_topic(m) {
            return Some(None);
        }
        Some(Some(argmax(&self.predictor.predict(doc, m).p)))
    }

    fn consume(&mut self, doc: &Document, _: &MatchedDoc, item: Self::Item) -> std::io::Result<()> {
        let Some(predicted) = item else {
            return Ok(());
        };
        if let Some((key, (truth, _))) = self.labels.get_key_value(doc.id.as_str()) {
            self.seen.insert(key);
            match predicted {
                Some(predicted) => {
                    if let Some(c) = &mut self.overlap {
                        c.add(&doc.id, &doc.outlet, &doc.text);
                    }
                    self.docs.push(Labelled {
                        outlet: doc.outlet.clone(),
                        truth: *truth,
                        predicted,
                    })
                }
                None => self.unscored += 1,
            }
        }
        Ok(())
    }
}

/// The labels as class indices of `model`: an error names the line of a
/// sentence label or of a class the model does not know.
fn label_classes<'a>(
    file: &'a LabelFile,
    model: &Model,
) -> Result<HashMap<&'a str, (usize, u64)>, Error> {
    let mut rows: Vec<_> = file.labels.iter().collect();
    rows.sort_by_key(|(_, (_, line))| *line);
    let mut out = HashMap::new();
    for ((id, sentence), (class, line)) in rows {
        if sentence.is_some() {
            return Err(ModelError::Labels(format!(
                "{}:{line}: evaluate takes document labels (columns id, class), not sentences",
                file.path
            ))
            .into());
        }
        let Some(c) = model.classes.iter().position(|k| k == class) else {
            return Err(ModelError::Labels(format!(
                "{}:{line}: class `{class}` is not one of the model's ({})",
                file.path,
                model.classes.join(", ")
            ))
            .into());
        };
        out.insert(id.as_str(), (c, *line));
    }
    Ok(out)
}

/// Reads a corpus, predicts its labelled documents with a saved model and
/// evaluates the predictions; with what the reading found that may be
/// wrong.
pub fn evaluate_on(
    config: &EvaluateConfig,
    progress: &dyn Fn(u64, u64),
) -> Result<(Evaluation, ReadWarnings), Error> {
    let set = lexicon::load(&config.lexicons)?.set;
    let model = Model::load(&config.model)?;
    model.check(&set, &config.model.display().to_string())?;
    let matcher = Matcher::new(&set)?;
    let mut hook = Evaluator {
        predictor: Predictor::new(&model, &set),
        labels: label_classes(&config.labels, &model)?,
        docs: Vec::new(),
        seen: Default::default(),
        unscored: 0,
        overlap: model.training_documents.as_deref().map(OverlapCounter::new),
    };
    let (spool, read) = Spooled::first_pass(&config.inputs, &config.read)?;
    let repeats = find_repeats(&config.inputs, read, &config.repeats, None)?;
    let (inputs, read) = spool.second_pass(&config.inputs, &config.read);
    let mut reader = pass_with(&inputs, read, &matcher, &mut hook, progress, Some(&repeats))?;
    missing_documents(&config.labels, &hook)?;
    let mut evaluation = evaluate(&model.classes, &hook.docs, hook.unscored, config.seed).ok_or_else(|| {
        Error::Invalid(format!(
            "{}: none of the {} labelled documents could be scored (all off-topic for the model's axis)",
            config.labels.path, hook.unscored
        ))
    })?;
    evaluation.in_training = Some(match hook.overlap {
        Some(c) => TrainingOverlap::Counted(c.finish()),
        None => TrainingOverlap::Unknown,
    });
    Ok((evaluation, reader.take_warnings()))
}

/// An error naming the first labels whose document is not in the corpus
/// (or was left out as a later copy of wire text).
fn missing_documents(file: &LabelFile, hook: &Evaluator) -> Result<(), Error> {
    let mut missing: Vec<(u64, &str)> = hook
        .labels
        .iter()
        .filter(|(id, _)| !hook.seen.contains(*id))
        .map(|(id, (_, line))| (*line, *id))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    missing.sort_unstable();
    let mut lines: Vec<String> = missing
        .iter()
        .take(20)
        .map(|(line, id)| {
            format!(
                "{}:{line}: document `{id}` is not in the corpus (or is a later copy of wire text, left out)",
                file.path
            )
        })
        .collect();
    if missing.len() > 20 {
        lines.push(format!("... and {} more", missing.len() - 20));
    }
    Err(ModelError::Labels(lines.join("\n")).into())
}

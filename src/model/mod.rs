//! The model stage: a stance classifier that learns framing from examples,
//! scores every sentence, document and outlet with probabilities, and says
//! how far it can be trusted.
//!
//! - [`labels`] says where training labels come from: weak labels from the
//!   lexicon (the default), reference outlets, or a labels file, which it
//!   reads.
//! - [`units`] gathers training units as the corpus streams past.
//! - [`vocab`] and [`design`] turn passages into standardized features:
//!   lexicon features plus TF-IDF word n-grams, fitted on training data only;
//!   [`grams`] counts every training unit's n-grams once for all the fits of
//!   a `train`, and [`sparse`] keeps their rows sparse, standardized
//!   implicitly.
//! - [`classifier`] fits linfa's multinomial logistic regression or Gaussian
//!   naive Bayes and applies them in log space.
//! - [`crossval`], [`validate`] and [`train`] cross-validate without
//!   flattering: whole outlets held out (the number to cite), and whole
//!   documents held out beside it; [`probe`] measures how well the same
//!   features identify a unit's outlet (house style).
//! - [`predict`] gives class probabilities for every sentence and document;
//!   the scores stage turns them into per-outlet probabilities with
//!   bootstrap intervals.
//!
//! A [`Model`] is saved as JSON with everything needed to score new text.
//! It refuses a lexicon it was not trained with, and a file whose parts do
//! not fit each other (checked on loading, field by field).

pub mod classifier;
pub mod counter;
pub mod crossval;
pub mod design;
pub mod grams;
mod integrity;
pub mod labels;
pub mod params;
pub mod predict;
pub mod probe;
pub mod seen;
mod solver;
pub mod sparse;
pub mod train;
pub mod units;
pub mod validate;
pub mod vocab;
mod warnings;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::lexicon::LexiconSet;

pub use classifier::{Classifier, Convergence, FitOptions, Kind};
pub use design::{Design, Passage};
pub use labels::{Supervision, Unit};
pub use train::{TrainParams, TrainValidParams, Validation};
pub use units::UnitCollector;

/// The version of the model file format: 2 lists the training documents
/// ([`Model::training_documents`]).
pub const FORMAT: &str = "slant-model/2";

/// The format before [`FORMAT`], still read: its models keep no list of
/// their training documents, so which scored documents were in the
/// training set is unknown.
pub const FORMAT_1: &str = "slant-model/1";

/// Why a model could not be trained, saved, loaded or used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// A labels file or reference list is wrong.
    #[error("{0}")]
    Labels(String),
    /// Training failed.
    #[error("cannot train the model: {0}")]
    Training(String),
    /// The model file cannot be read or written.
    #[error("{path}: {message}")]
    File {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// The model does not fit the lexicons or features at hand.
    #[error("{path} was trained with other lexicons or features:\n  {differences}")]
    Mismatch {
        /// The model file.
        path: String,
        /// What differs, one per line.
        differences: String,
    },
}

/// A lexicon the model was trained with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LexiconRef {
    /// Its name.
    pub name: String,
    /// SHA-256 of its file.
    pub sha256: String,
}

/// How the two classes of a model map onto a stance axis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AxisLink {
    /// The axis id.
    pub axis: String,
    /// Index of the class at the negative pole.
    pub negative: usize,
    /// Index of the class at the positive pole.
    pub positive: usize,
}

/// How the model was trained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    /// `weak labels on <axis>`, `reference outlets`, or `labels from <file>`.
    pub supervision: String,
    /// For reference outlets: outlet and class.
    pub references: Vec<(String, String)>,
    /// Training units per class, in class order.
    pub units: Vec<u64>,
    /// Documents the units came from.
    pub documents: u64,
    /// Options.
    pub options: TrainValidParams,
    /// Whether the final fit converged (logistic regression only).
    pub convergence: Option<Convergence>,
}

/// A trained model: everything needed to score new text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// [`FORMAT`].
    pub format: String,
    /// slant's version that trained it.
    pub slant_version: String,
    /// Class names, sorted; columns of every probability table.
    pub classes: Vec<String>,
    /// What it classifies.
    pub unit: Unit,
    /// The axis its classes are the poles of, if any.
    pub axis: Option<AxisLink>,
    /// The lexicons it was trained with.
    pub lexicons: Vec<LexiconRef>,
    /// Features: lexicon columns, vocabulary, scaler.
    pub design: Design,
    /// The fitted classifier.
    pub classifier: Classifier,
    /// How it was trained.
    pub training: TrainingInfo,
    /// Cross-validation, as run at training time.
    pub validation: Validation,
    /// The documents it was trained on, as sorted, distinct keys (xxh3 of
    /// id and text, see [`seen::document_key`]): one per document of
    /// `training.documents`. `None` for a model of format [`FORMAT_1`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_documents: Option<Vec<u64>>,
}

/// A model read from JSON text; a field of the wrong type or a missing one
/// is named by its path in the file (`design.scaler.mean[3]`), text that is
/// not JSON by its line.
fn read_json(bytes: &[u8]) -> Result<Model, String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let model: Model = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let e = e.into_inner();
        match (e.classify(), path.as_str()) {
            (serde_json::error::Category::Data, p) if p != "." => {
                format!("not a slant model: field `{p}`: {e}")
            }
            _ => format!("not a slant model (line {}: {e})", e.line()),
        }
    })?;
    de.end()
        .map_err(|e| format!("not a slant model (line {}: {e})", e.line()))?;
    Ok(model)
}

/// The axis whose two poles are exactly `classes`, if any.
pub fn axis_link(set: &LexiconSet, classes: &[String]) -> Option<AxisLink> {
    if classes.len() != 2 {
        return None;
    }
    set.axes.iter().find_map(|a| {
        let neg = classes.iter().position(|c| *c == a.negative.id)?;
        let pos = classes.iter().position(|c| *c == a.positive.id)?;
        Some(AxisLink {
            axis: a.id.clone(),
            negative: neg,
            positive: pos,
        })
    })
}

impl Model {
    /// Writes the model as JSON to `path`, atomically.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let err = |message: String| ModelError::File {
            path: path.display().to_string(),
            message,
        };
        let mut bytes = serde_json::to_vec_pretty(self).map_err(|e| err(e.to_string()))?;
        bytes.push(b'\n');
        crate::output::write_atomic(path, &bytes).map_err(|e| match e {
            crate::output::OutputError::Write { source, .. } => {
                err(format!("cannot write: {source}"))
            }
            other => err(other.to_string()),
        })
    }

    /// Reads a model written by [`Model::save`], and checks that its parts
    /// fit each other: classes, features, vocabulary, scaler and classifier
    /// parameters agree in size, and every number is finite.
    pub fn load(path: &Path) -> Result<Model, ModelError> {
        let err = |message: String| ModelError::File {
            path: path.display().to_string(),
            message,
        };
        let bytes = std::fs::read(path).map_err(|e| err(format!("cannot read: {e}")))?;
        let mut model: Model = read_json(&bytes).map_err(err)?;
        match model.format.as_str() {
            FORMAT => {}
            // written before the training documents were listed
            FORMAT_1 => model.training_documents = None,
            other => {
                return Err(err(format!(
                    "model format `{other}`, but this slant reads `{FORMAT}` (and `{FORMAT_1}`)"
                )))
            }
        }
        integrity::check(&model).map_err(err)?;
        model.design.vocabulary.reindex();
        Ok(model)
    }

    /// Whether `path` holds a slant model (JSON whose `format` is
    /// [`FORMAT`] or [`FORMAT_1`]), which `slant train` may replace without
    /// `--force`. Reads
    /// as a stream, so a large file that is not JSON is turned down at its
    /// first byte.
    pub fn is_model_file(path: &Path) -> bool {
        #[derive(Deserialize)]
        struct Probe {
            format: String,
        }
        std::fs::File::open(path)
            .ok()
            .and_then(|f| serde_json::from_reader::<_, Probe>(std::io::BufReader::new(f)).ok())
            .is_some_and(|p| p.format == FORMAT || p.format == FORMAT_1)
    }

    /// Checks that the model can score text matched with `set`: the same
    /// lexicons (by content) and so the same lexicon features.
    pub fn check(&self, set: &LexiconSet, path: &str) -> Result<(), ModelError> {
        let mut diffs = Vec::new();
        for l in &self.lexicons {
            match set.lexicons.iter().find(|x| x.name == l.name) {
                None => diffs.push(format!(
                    "lexicon `{}` (sha256 {}) is not loaded",
                    l.name,
                    short(&l.sha256)
                )),
                Some(x) if x.sha256 != l.sha256 => diffs.push(format!(
                    "lexicon `{}` differs: trained with sha256 {}, loaded {} from {}",
                    l.name,
                    short(&l.sha256),
                    short(&x.sha256),
                    x.source
                )),
                Some(_) => {}
            }
        }
        for x in &set.lexicons {
            if !self.lexicons.iter().any(|l| l.name == x.name) {
                diffs.push(format!(
                    "lexicon `{}` is loaded but the model was not trained with it",
                    x.name
                ));
            }
        }
        if diffs.is_empty() && crate::features::columns(set) != self.design.lexicon_columns {
            diffs.push("the lexicon feature columns differ".into());
        }
        if let (true, Err(e)) = (diffs.is_empty(), integrity::check_axis(self, set)) {
            diffs.push(e);
        }
        if diffs.is_empty() {
            return Ok(());
        }
        diffs.push("load the lexicons the model was trained with (--lexicon FILE ...), or train a new model".into());
        Err(ModelError::Mismatch {
            path: path.to_string(),
            differences: diffs.join("\n  "),
        })
    }

    /// The model's score of class probabilities `p`: p(positive) -
    /// p(negative) when its classes are an axis's poles.
    pub fn axis_score(&self, p: &[f64]) -> Option<f64> {
        self.axis.as_ref().map(|a| p[a.positive] - p[a.negative])
    }

    /// The `n` features that push hardest toward each class: (class, feature,
    /// weight), from the classifier's standardized weights.
    pub fn top_features(&self, n: usize) -> Vec<(String, Vec<(String, f64)>)> {
        let names = self.design.names();
        let w = self.classifier.feature_weights();
        self.classes
            .iter()
            .enumerate()
            .map(|(c, class)| {
                let mut row: Vec<(usize, f64)> = w
                    .row(c)
                    .iter()
                    .copied()
                    .enumerate()
                    .filter(|(_, v)| *v > 0.0)
                    .collect();
                row.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                (
                    class.clone(),
                    row.into_iter()
                        .take(n)
                        .map(|(j, v)| (names[j].clone(), v))
                        .collect(),
                )
            })
            .collect()
    }
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod house_tests;
#[cfg(test)]
mod negation_tests;
#[cfg(test)]
mod saved_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod train_tests;

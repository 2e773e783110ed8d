//! The model's part of a report: probability columns in `outlets.csv` and
//! `documents.csv`, `model_features.csv`, `validation.csv`,
//! `validation_outlets.csv`, the `model`
//! member of `results.json`, and the model section of `report.md`.

use serde::Serialize;

use super::format::{Cell, FormatError, Table};
use crate::aggregate::{Aggregate, DocProbs, Predictions, TopSentence};
use crate::model::validate::Holdout;
use crate::model::{Model, Unit};
use crate::scores::model::{ModelScores, ModelSource, OutletProbs};
use crate::scores::tables::{OutletRow, Tables};
use crate::scores::Scores;

/// A model's part of a report: its scores, and the predictions they came
/// from. Reads as its [`ModelScores`].
#[derive(Debug, Clone, Copy)]
pub struct ModelView<'a> {
    /// Outlet probabilities, features, rank correlation.
    pub scores: &'a ModelScores,
    /// Per document probabilities and top sentences.
    pub predictions: &'a Predictions,
}

impl<'a> ModelView<'a> {
    /// The model's part of a run, when it has one: scores and predictions.
    pub fn of(scores: &'a Scores, aggregate: &'a Aggregate) -> Option<ModelView<'a>> {
        match (&scores.model, &aggregate.predictions) {
            (Some(scores), Some(predictions)) => Some(ModelView {
                scores,
                predictions,
            }),
            _ => None,
        }
    }
}

impl std::ops::Deref for ModelView<'_> {
    type Target = ModelScores;
    fn deref(&self) -> &ModelScores {
        self.scores
    }
}

fn opt(v: Option<f64>) -> Cell {
    v.map_or(Cell::Empty, Cell::Float)
}

/// `outlets.csv` (and `--format` output): with an axis, one row per outlet
/// and axis with the model's columns; without one (a dictionary such as
/// LIWC's), the per-outlet category table.
pub fn outlets_csv(t: &Tables, model: Option<ModelView<'_>>) -> Result<Table, FormatError> {
    if t.outlet_rows.is_empty() && !t.categories.is_empty() {
        return Table::from_rows(&t.categories);
    }
    outlet_table(&t.outlet_rows, model)
}

/// `outlets.csv`: the outlet rows, and with a model `model_score`,
/// `model_low`, `model_high` (on its axis's rows) and `p_<class>`,
/// `p_<class>_low`, `p_<class>_high` per class.
pub fn outlet_table(
    rows: &[OutletRow],
    model: Option<ModelView<'_>>,
) -> Result<Table, FormatError> {
    let mut t = Table::from_rows(rows)?;
    let Some(m) = model else { return Ok(t) };
    if t.columns.is_empty() {
        t.columns = Table::from_rows(&[OutletRow::default()])?.columns;
    }
    t.columns
        .extend(["model_score", "model_low", "model_high"].map(String::from));
    for c in &m.model.classes {
        t.columns.extend([
            format!("p_{c}"),
            format!("p_{c}_low"),
            format!("p_{c}_high"),
        ]);
    }
    let axis = m.model.axis.as_ref().map(|a| a.axis.as_str());
    for (cells, row) in t.rows.iter_mut().zip(rows) {
        let o = m.outlets.iter().find(|o| o.outlet == row.outlet);
        let on_axis = axis == Some(row.axis.as_str());
        let score = o.filter(|_| on_axis).and_then(|o| o.score);
        let ci = o.filter(|_| on_axis).and_then(|o| o.score_ci);
        cells.extend([opt(score), opt(ci.map(|c| c.0)), opt(ci.map(|c| c.1))]);
        for c in 0..m.model.classes.len() {
            let p = o.map(|o| o.p[c]);
            let ci = o.and_then(|o| o.ci[c]);
            cells.extend([opt(p), opt(ci.map(|c| c.0)), opt(ci.map(|c| c.1))]);
        }
    }
    Ok(t)
}

/// The model's columns of `documents.csv`: `p_<class>` per class, and
/// `model_score` when the model has an axis.
pub fn model_columns(m: ModelView<'_>) -> Vec<String> {
    let mut columns: Vec<String> = m.model.classes.iter().map(|c| format!("p_{c}")).collect();
    if m.model.axis.is_some() {
        columns.push("model_score".into());
    }
    columns
}

/// Appends a document's cells under [`model_columns`]: its probabilities
/// `d`, empty when it has none (off-topic for the model).
pub fn document_cells(cells: &mut Vec<Cell>, m: ModelView<'_>, d: Option<&DocProbs>) {
    cells.extend((0..m.model.classes.len()).map(|c| opt(d.map(|d| d.p[c]))));
    if m.model.axis.is_some() {
        cells.push(opt(d.and_then(|d| m.model.axis_score(&d.p))));
    }
}

/// `model_features.csv`: the features that push hardest toward each class.
#[derive(Debug, Serialize)]
pub struct FeatureRow<'a> {
    /// Class.
    pub class: &'a str,
    /// 1 = strongest.
    pub rank: usize,
    /// `text:<n-gram>`, or a lexicon feature (`frame:<id>:own`, `term:...`).
    pub feature: &'a str,
    /// Standardized weight toward the class (see report.md).
    pub weight: f64,
}

/// The rows of `model_features.csv`.
pub fn feature_rows<'a>(m: ModelView<'a>) -> Vec<FeatureRow<'a>> {
    let m: &'a ModelScores = m.scores;
    m.features
        .iter()
        .flat_map(|(class, fs)| {
            fs.iter().enumerate().map(move |(i, (f, w))| FeatureRow {
                class,
                rank: i + 1,
                feature: f,
                weight: *w,
            })
        })
        .collect()
}

/// `validation.csv`: one row per split, then a pooled row per scheme.
#[derive(Debug, Serialize)]
pub struct ValidationRow<'a> {
    /// What was held out, in words.
    pub scheme: &'a str,
    /// `outlets` (no held-out unit's outlet trains: the number to cite) or
    /// `documents` (other documents of the same outlets train).
    pub holds_out: Holdout,
    /// `fold 1`, an outlet, or `pooled`.
    pub split: &'a str,
    /// Units held out.
    pub test_units: u64,
    /// Model accuracy (empty if the split was skipped).
    pub accuracy: Option<f64>,
    /// Model macro-F1: the mean F1 of the classes with held-out units (a
    /// class without one cannot be tested and is left out, for the
    /// baselines too).
    pub macro_f1: Option<f64>,
    /// Majority-class baseline accuracy.
    pub baseline_accuracy: Option<f64>,
    /// Majority-class baseline macro-F1, over the same classes as
    /// `macro_f1` (those with held-out units).
    pub baseline_macro_f1: Option<f64>,
    /// Expected macro-F1 of guessing classes uniformly at random (pooled
    /// rows only).
    pub chance_macro_f1: Option<f64>,
    /// 95% bootstrap interval of the macro-F1 over held-out outlets, low
    /// end (pooled rows only).
    pub macro_f1_low: Option<f64>,
    /// ... high end.
    pub macro_f1_high: Option<f64>,
    /// Whether the interval's low end beats both baselines' macro-F1
    /// (pooled rows only).
    pub beats_baseline: Option<bool>,
    /// Why the split was skipped.
    pub skipped: Option<&'a str>,
}

/// The rows of `validation.csv`.
pub fn validation_rows(m: &Model) -> Vec<ValidationRow<'_>> {
    let mut rows = Vec::new();
    for s in &m.validation.schemes {
        for sp in &s.splits {
            rows.push(ValidationRow {
                scheme: &s.scheme,
                holds_out: s.holds_out,
                split: &sp.name,
                test_units: sp.test_units,
                accuracy: sp.accuracy,
                macro_f1: sp.macro_f1,
                baseline_accuracy: sp.baseline_accuracy,
                baseline_macro_f1: sp.baseline_macro_f1,
                chance_macro_f1: None,
                macro_f1_low: None,
                macro_f1_high: None,
                beats_baseline: None,
                skipped: sp.skipped.as_deref(),
            });
        }
        rows.push(ValidationRow {
            scheme: &s.scheme,
            holds_out: s.holds_out,
            split: "pooled",
            test_units: s.model.as_ref().map_or(0, |x| x.n),
            accuracy: s.model.as_ref().map(|x| x.accuracy),
            macro_f1: s.model.as_ref().map(|x| x.macro_f1),
            baseline_accuracy: s.baseline.as_ref().map(|x| x.accuracy),
            baseline_macro_f1: s.baseline.as_ref().map(|x| x.macro_f1),
            chance_macro_f1: s.chance_macro_f1,
            macro_f1_low: s.macro_f1_ci.map(|c| c.0),
            macro_f1_high: s.macro_f1_ci.map(|c| c.1),
            beats_baseline: s.beats_baseline,
            skipped: None,
        });
    }
    rows
}

/// `validation_outlets.csv`: each held-out outlet's accuracy under the
/// outlet-disjoint scheme.
#[derive(Debug, Serialize)]
pub struct HeldOutRow<'a> {
    /// The scheme that held it out.
    pub scheme: &'a str,
    /// The outlet.
    pub outlet: &'a str,
    /// Its held-out units.
    pub units: u64,
    /// Share of them predicted correctly.
    pub accuracy: f64,
    /// Whether the accuracy is below chance (1 / number of classes).
    pub below_chance: bool,
}

/// The rows of `validation_outlets.csv`.
pub fn held_out_rows(m: &Model) -> Vec<HeldOutRow<'_>> {
    m.validation
        .schemes
        .iter()
        .flat_map(|s| {
            s.outlets.iter().map(move |o| HeldOutRow {
                scheme: &s.scheme,
                outlet: &o.outlet,
                units: o.units,
                accuracy: o.accuracy,
                below_chance: o.below_chance,
            })
        })
        .collect()
}

/// The `model` member of `results.json`.
#[derive(Serialize)]
pub struct ModelJson<'a> {
    source: &'a ModelSource,
    /// For a saved model: how many of the scored documents it was trained
    /// on (absent for a model trained in this run).
    #[serde(skip_serializing_if = "Option::is_none")]
    in_training: Option<&'a crate::model::seen::TrainingOverlap>,
    classes: &'a [String],
    unit: Unit,
    axis: Option<&'a crate::model::AxisLink>,
    training: &'a crate::model::TrainingInfo,
    validation: &'a crate::model::Validation,
    outlets: &'a [OutletProbs],
    spearman_lexicon_model: Option<f64>,
    /// Its percentile-bootstrap 95% interval over the outlets.
    spearman_lexicon_model_ci: Option<(f64, f64)>,
    features: Vec<FeatureRow<'a>>,
    top_sentences: Vec<TopJson<'a>>,
}

#[derive(Serialize)]
struct TopJson<'a> {
    outlet: &'a str,
    class: &'a str,
    rank: usize,
    #[serde(flatten)]
    sentence: &'a TopSentence,
}

/// The `model` member of `results.json`.
pub fn json<'a>(m: ModelView<'a>) -> ModelJson<'a> {
    let (scores, predictions): (&'a ModelScores, &'a Predictions) = (m.scores, m.predictions);
    let model = &scores.model;
    ModelJson {
        source: &scores.source,
        in_training: match &scores.source {
            ModelSource::File(_, overlap) => Some(overlap),
            ModelSource::TrainedInThisRun => None,
        },
        classes: &model.classes,
        unit: model.unit,
        axis: model.axis.as_ref(),
        training: &model.training,
        validation: &model.validation,
        outlets: &scores.outlets,
        spearman_lexicon_model: scores.spearman,
        spearman_lexicon_model_ci: scores.spearman_ci,
        features: feature_rows(m),
        top_sentences: predictions
            .top
            .iter()
            .flat_map(|((o, c), list)| {
                list.iter().enumerate().map(move |(i, s)| TopJson {
                    outlet: o,
                    class: &model.classes[*c],
                    rank: i + 1,
                    sentence: s,
                })
            })
            .collect(),
    }
}

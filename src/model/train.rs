//! Training: cross-validation first (grouped by document; with reference
//! outlets also leaving each outlet out), then the final fit on every unit.
//! Within each split the vocabulary and scaler are fitted on the training
//! side only, so nothing of the held-out units leaks into their features.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::classifier::{fit, FitOptions};
use super::crossval::{grouped_kfold, leave_one_outlet_out, majority, metrics, Metrics, Split};
use super::design::{Design, Passage};
use super::labels::Supervision;
use super::units::TrainingUnit;
use super::vocab::{TextOptions, MAX_NGRAMS};
use super::{axis_link, LexiconRef, Model, ModelError, TrainingInfo, FORMAT};
use crate::lexicon::LexiconSet;
use crate::params::{ensure, ParamError, ParamGuard};

/// How a model is trained and validated, as given: checked by
/// [`ParamGuard::check`] into [`TrainValidParams`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainParams {
    /// Text features.
    pub text: TextOptions,
    /// The classifier.
    pub fit: FitOptions,
    /// Folds of the grouped k-fold (default 5).
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            text: TextOptions::default(),
            fit: FitOptions::default(),
            folds: 5,
            seed: 42,
        }
    }
}

impl ParamGuard for TrainParams {
    type Checked = TrainValidParams;

    fn check(self) -> Result<TrainValidParams, ParamError> {
        let (fit, text) = (&self.fit, &self.text);
        ensure(
            fit.alpha.is_finite() && fit.alpha >= 0.0,
            "fit.alpha",
            || format!("must be a number >= 0, not {}", fit.alpha),
        )?;
        ensure(
            fit.tolerance.is_finite() && fit.tolerance > 0.0,
            "fit.tolerance",
            || format!("must be a number > 0, not {}", fit.tolerance),
        )?;
        ensure(fit.max_iter > 0, "fit.max_iter", || {
            "must be at least 1".into()
        })?;
        ensure(
            (1..=MAX_NGRAMS).contains(&text.ngrams),
            "text.ngrams",
            || format!("must be 1, 2 or 3, not {}", text.ngrams),
        )?;
        ensure(
            text.max_df > 0.0 && text.max_df <= 1.0,
            "text.max_df",
            || format!("must be a share in (0, 1], not {}", text.max_df),
        )?;
        ensure(self.folds >= 2, "folds", || {
            format!("must be at least 2, not {}", self.folds)
        })?;
        Ok(TrainValidParams(self))
    }
}

/// How a model is trained, checked; reads as [`TrainParams`]. A saved
/// model records the parameters it was trained with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TrainValidParams(TrainParams);

impl std::ops::Deref for TrainValidParams {
    type Target = TrainParams;
    fn deref(&self) -> &TrainParams {
        &self.0
    }
}

/// One split's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SplitResult {
    /// `fold 1`, or the held-out outlet.
    pub name: String,
    /// Units held out.
    pub test_units: u64,
    /// Accuracy on them (none if skipped).
    pub accuracy: Option<f64>,
    /// Macro-F1 on them.
    pub macro_f1: Option<f64>,
    /// The majority-class baseline's accuracy on them.
    pub baseline_accuracy: Option<f64>,
    /// Why the split could not be run.
    pub skipped: Option<String>,
}

/// One validation scheme, pooled over its splits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemeResult {
    /// What was held out.
    pub scheme: String,
    /// Per split.
    pub splits: Vec<SplitResult>,
    /// The model on all held-out units pooled (none if no split ran).
    pub model: Option<Metrics>,
    /// The majority-class baseline on the same units.
    pub baseline: Option<Metrics>,
    /// Mean accuracy over the splits that ran.
    pub mean_accuracy: Option<f64>,
    /// Mean macro-F1 over the splits that ran.
    pub mean_macro_f1: Option<f64>,
    /// Whether the model's pooled macro-F1 beats the baseline's.
    pub beats_baseline: Option<bool>,
    /// Splits whose fit did not converge.
    pub not_converged: u64,
}

/// Everything validation found.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Validation {
    /// Per scheme.
    pub schemes: Vec<SchemeResult>,
    /// What a reader must know, in plain words.
    pub warnings: Vec<String>,
}

struct Data<'a> {
    units: &'a [TrainingUnit],
    y: Vec<usize>,
    classes: Vec<String>,
    columns: Vec<String>,
    opts: &'a TrainValidParams,
}

impl Data<'_> {
    /// Cross-validation: grouped k-fold by document, and with reference
    /// outlets also leaving each outlet out.
    fn validate(&self, supervision: &Supervision) -> Validation {
        let mut validation = Validation::default();
        let groups: Vec<u32> = self.units.iter().map(|u| u.doc).collect();
        let folds = grouped_kfold(&groups, self.opts.folds, self.opts.seed);
        if folds.is_empty() {
            validation
                .warnings
                .push("no cross-validation: the training units come from a single document".into());
        } else {
            let n = folds.len();
            validation
                .schemes
                .push(self.scheme(format!("grouped {n}-fold (documents kept whole)"), folds));
        }
        if matches!(supervision, Supervision::References(_)) {
            let outlets: Vec<&str> = self.units.iter().map(|u| u.outlet.as_str()).collect();
            let splits = leave_one_outlet_out(&outlets);
            if !splits.is_empty() {
                validation
                    .schemes
                    .push(self.scheme("leave one outlet out".into(), splits));
            }
        }
        warn(&mut validation);
        validation
    }

    fn passages(&self, idx: &[usize]) -> Vec<&Passage> {
        idx.iter().map(|&i| &self.units[i].passage).collect()
    }

    /// Fits design and classifier on `train`; predicts `test`.
    fn run_split(&self, split: &Split) -> (SplitResult, Vec<(usize, usize, usize)>, bool) {
        let in_test: std::collections::HashSet<usize> = split.test.iter().copied().collect();
        let train: Vec<usize> = (0..self.units.len())
            .filter(|i| !in_test.contains(i))
            .collect();
        let k = self.classes.len();
        let train_y: Vec<usize> = train.iter().map(|&i| self.y[i]).collect();
        let mut result = SplitResult {
            name: split.name.clone(),
            test_units: split.test.len() as u64,
            accuracy: None,
            macro_f1: None,
            baseline_accuracy: None,
            skipped: None,
        };
        let missing: Vec<&str> = (0..k)
            .filter(|c| !train_y.contains(c))
            .map(|c| self.classes[c].as_str())
            .collect();
        if !missing.is_empty() {
            result.skipped = Some(format!(
                "no training unit of class {} outside it",
                missing.join(", ")
            ));
            return (result, Vec::new(), true);
        }
        let (design, x) =
            Design::fit_transform(&self.passages(&train), self.columns.clone(), self.opts.text);
        let (clf, conv) = match fit(&x, &train_y, k, &self.opts.fit) {
            Ok(f) => f,
            Err(e) => {
                result.skipped = Some(e.to_string());
                return (result, Vec::new(), true);
            }
        };
        let p = clf.predict_proba(&design.matrix(&self.passages(&split.test)));
        let base = majority(&train_y, k);
        let preds: Vec<(usize, usize, usize)> = split
            .test
            .iter()
            .zip(p.rows())
            .map(|(&i, row)| (i, argmax(row.as_slice().unwrap_or(&[])), base))
            .collect();
        let truth: Vec<usize> = preds.iter().map(|&(i, _, _)| self.y[i]).collect();
        let m = metrics(
            &truth,
            &preds.iter().map(|p| p.1).collect::<Vec<_>>(),
            &self.classes,
        );
        let b = metrics(
            &truth,
            &preds.iter().map(|p| p.2).collect::<Vec<_>>(),
            &self.classes,
        );
        result.accuracy = Some(m.accuracy);
        result.macro_f1 = Some(m.macro_f1);
        result.baseline_accuracy = Some(b.accuracy);
        (result, preds, conv.is_none_or(|c| c.converged))
    }

    fn scheme(&self, name: String, splits: Vec<Split>) -> SchemeResult {
        let runs: Vec<_> = splits.par_iter().map(|s| self.run_split(s)).collect();
        let mut pooled: Vec<(usize, usize, usize)> =
            runs.iter().flat_map(|r| r.1.iter().copied()).collect();
        pooled.sort_unstable();
        let ran: Vec<&SplitResult> = runs
            .iter()
            .map(|r| &r.0)
            .filter(|r| r.skipped.is_none())
            .collect();
        let mean = |f: fn(&SplitResult) -> Option<f64>| {
            (!ran.is_empty())
                .then(|| ran.iter().filter_map(|r| f(r)).sum::<f64>() / ran.len() as f64)
        };
        let (model, baseline) = if pooled.is_empty() {
            (None, None)
        } else {
            let truth: Vec<usize> = pooled.iter().map(|&(i, _, _)| self.y[i]).collect();
            (
                Some(metrics(
                    &truth,
                    &pooled.iter().map(|p| p.1).collect::<Vec<_>>(),
                    &self.classes,
                )),
                Some(metrics(
                    &truth,
                    &pooled.iter().map(|p| p.2).collect::<Vec<_>>(),
                    &self.classes,
                )),
            )
        };
        SchemeResult {
            scheme: name,
            beats_baseline: model
                .as_ref()
                .zip(baseline.as_ref())
                .map(|(m, b)| m.macro_f1 > b.macro_f1),
            mean_accuracy: mean(|r| r.accuracy),
            mean_macro_f1: mean(|r| r.macro_f1),
            not_converged: runs
                .iter()
                .filter(|r| !r.2 && r.0.skipped.is_none())
                .count() as u64,
            splits: runs.into_iter().map(|r| r.0).collect(),
            model,
            baseline,
        }
    }
}

/// The index of the largest value (the first on ties).
pub fn argmax(row: &[f64]) -> usize {
    (0..row.len()).fold(0, |best, i| if row[i] > row[best] { i } else { best })
}

/// Cross-validates and fits a model on `units`.
pub fn train(
    units: &[TrainingUnit],
    set: &LexiconSet,
    supervision: &Supervision,
    opts: &TrainValidParams,
) -> Result<Model, ModelError> {
    let what = describe(supervision, set);
    let classes = classes_of(units, supervision, &what)?;
    let data = Data {
        y: units
            .iter()
            .map(|u| classes.binary_search(&u.class).unwrap_or(0))
            .collect(),
        classes: classes.clone(),
        columns: crate::features::columns(set),
        units,
        opts,
    };
    let mut validation = data.validate(supervision);
    let all: Vec<usize> = (0..units.len()).collect();
    let (design, x) = Design::fit_transform(&data.passages(&all), data.columns.clone(), opts.text);
    let (classifier, convergence) = fit(&x, &data.y, classes.len(), &opts.fit)?;
    if let Some(c) = convergence.filter(|c| !c.converged) {
        validation.warnings.push(format!(
            "the final fit did not converge in {} iterations (gradient norm {:.3e} > {:.3e}): raise the iteration limit (max_iter) or the L2 penalty (alpha)",
            opts.fit.max_iter, c.gradient_norm, c.threshold
        ));
    }
    let mut counts = vec![0u64; classes.len()];
    for &c in &data.y {
        counts[c] += 1;
    }
    let mut docs: Vec<u32> = units.iter().map(|u| u.doc).collect();
    docs.sort_unstable();
    docs.dedup();
    Ok(Model {
        format: FORMAT.into(),
        slant_version: env!("CARGO_PKG_VERSION").into(),
        axis: axis_link(set, &classes),
        unit: supervision.unit(),
        lexicons: set
            .lexicons
            .iter()
            .map(|l| LexiconRef {
                name: l.name.clone(),
                sha256: l.sha256.clone(),
            })
            .collect(),
        design,
        classifier,
        training: TrainingInfo {
            supervision: what,
            references: match supervision {
                Supervision::References(r) => r.clone(),
                _ => Vec::new(),
            },
            units: counts,
            documents: docs.len() as u64,
            options: *opts,
            convergence,
        },
        validation,
        classes,
    })
}

/// What the labels are, in words: `weak labels on axis ...`, `reference
/// outlets`, `labels from <file>`.
fn describe(supervision: &Supervision, set: &LexiconSet) -> String {
    match supervision {
        Supervision::Weak { axis } => format!("weak labels on axis `{}`", set.axes[*axis].id),
        Supervision::References(_) => "reference outlets".to_string(),
        Supervision::Labels(f) => format!("labels from {}", f.path),
    }
}

/// The classes of `units`, sorted; an error when there are fewer than two.
fn classes_of(
    units: &[TrainingUnit],
    supervision: &Supervision,
    what: &str,
) -> Result<Vec<String>, ModelError> {
    let mut classes: Vec<String> = units.iter().map(|u| u.class.clone()).collect();
    classes.sort_unstable();
    classes.dedup();
    if classes.len() >= 2 {
        return Ok(classes);
    }
    let found = match classes.first() {
        Some(c) => format!("only class `{c}` ({} units)", units.len()),
        None => "no training unit at all".to_string(),
    };
    let hint = match supervision {
        Supervision::Weak { .. } => "weak labels need sentences matching each pole of the axis in the corpus; add documents, or train from reference outlets or a labels file",
        _ => "give at least two classes",
    };
    Err(ModelError::Training(format!("{what}: {found}; {hint}")))
}

/// Plain warnings from the validation results.
fn warn(v: &mut Validation) {
    let mut out = Vec::new();
    for s in &v.schemes {
        for sp in &s.splits {
            if let Some(why) = &sp.skipped {
                out.push(format!("{}: {} skipped: {why}", s.scheme, sp.name));
            }
        }
        match (&s.model, &s.baseline) {
            (Some(m), Some(b)) => {
                if m.macro_f1 <= b.macro_f1 {
                    out.push(format!(
                        "{}: the model does NOT beat the majority-class baseline (macro-F1 {:.2} vs {:.2}); do not rely on its scores",
                        s.scheme, m.macro_f1, b.macro_f1
                    ));
                }
                if m.accuracy < b.accuracy {
                    out.push(format!(
                        "{}: accuracy {:.2} is below the baseline's {:.2}, which always predicts the most common class",
                        s.scheme, m.accuracy, b.accuracy
                    ));
                }
                let missing: Vec<&str> = m
                    .classes
                    .iter()
                    .filter(|c| c.support == 0)
                    .map(|c| c.class.as_str())
                    .collect();
                if !missing.is_empty() {
                    out.push(format!(
                        "{}: no held-out unit of class {}: its recall could not be tested",
                        s.scheme,
                        missing.join(", ")
                    ));
                }
            }
            _ => out.push(format!("{}: no split could be run", s.scheme)),
        }
        if s.not_converged > 0 {
            out.push(format!(
                "{}: {} fits did not converge",
                s.scheme, s.not_converged
            ));
        }
    }
    v.warnings.extend(out);
}

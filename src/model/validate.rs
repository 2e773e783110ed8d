//! Cross-validation that does not flatter. With units from several outlets
//! the headline scheme holds whole outlets out (leave-one-outlet-out with
//! few outlets, grouped k-fold by outlet with many), because a model that
//! learns an outlet's house style looks good on that outlet's other
//! documents and tells nothing about an outlet it has not seen. Grouped
//! k-fold by document runs beside it, labelled as such. Each scheme pools
//! its held-out predictions, sets them beside the majority-class baseline
//! of the same units, and gives macro-F1 a bootstrap interval over the
//! held-out outlets.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::classifier::fit_sparse;
use super::crossval::{
    confusion, from_confusion, grouped_kfold, leave_one_outlet_out, macro_f1_interval, majority,
    Metrics, Split,
};
use super::design::Passage;
use super::grams::{GramTable, TableDesign};
use super::params::{argmax, TrainValidParams};
use super::units::TrainingUnit;
use crate::random::named;

/// With at most this many outlets, the outlet-disjoint scheme leaves each
/// outlet out in turn; with more, it groups outlets into k folds (one fit
/// per outlet is too slow at hundreds of outlets, and k folds of outlets
/// hold them out just as well).
pub const LEAVE_ONE_OUT_MAX: usize = 10;

/// What a validation scheme keeps apart from training.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Holdout {
    /// Whole outlets: no held-out unit's outlet is seen in training.
    Outlets,
    /// Whole documents: other documents of a held-out unit's outlet train.
    #[default]
    Documents,
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
    /// Accuracy on them of the scheme's majority-class baseline (the most
    /// common class of all the scheme's held-out units).
    pub baseline_accuracy: Option<f64>,
    /// The baseline's macro-F1 on them, over the same classes as the
    /// model's (those of the split's held-out units).
    #[serde(default)]
    pub baseline_macro_f1: Option<f64>,
    /// Why the split could not be run.
    pub skipped: Option<String>,
}

/// A held-out outlet's accuracy under an outlet-disjoint scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldOutOutlet {
    /// The outlet.
    pub outlet: String,
    /// Its held-out units.
    pub units: u64,
    /// The share of them predicted correctly.
    pub accuracy: f64,
    /// Whether that is below chance (1 / number of classes).
    pub below_chance: bool,
}

/// One validation scheme, pooled over its splits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemeResult {
    /// What was held out, in words.
    pub scheme: String,
    /// Whole outlets or whole documents.
    #[serde(default)]
    pub holds_out: Holdout,
    /// Per split.
    pub splits: Vec<SplitResult>,
    /// The model on all held-out units pooled (none if no split ran).
    pub model: Option<Metrics>,
    /// The majority-class baseline on the same units: it always predicts
    /// the most common class of those units.
    pub baseline: Option<Metrics>,
    /// The expected macro-F1 of guessing each unit's class uniformly at
    /// random, on the same units: the second bar the model must clear
    /// (with two balanced classes it is 0.5, above the majority-class
    /// baseline's 0.33).
    #[serde(default)]
    pub chance_macro_f1: Option<f64>,
    /// 95% bootstrap interval of the model's pooled macro-F1, resampling
    /// held-out outlets (documents when there is one outlet).
    #[serde(default)]
    pub macro_f1_ci: Option<(f64, f64)>,
    /// Mean accuracy over the splits that ran.
    pub mean_accuracy: Option<f64>,
    /// Mean macro-F1 over the splits that ran.
    pub mean_macro_f1: Option<f64>,
    /// Whether the model's macro-F1 beats the baselines, interval
    /// included: the interval's lower end is above both the majority-class
    /// baseline's macro-F1 and chance's.
    pub beats_baseline: Option<bool>,
    /// Splits whose fit did not converge.
    pub not_converged: u64,
    /// Per held-out outlet (outlet-disjoint schemes), sorted by name.
    #[serde(default)]
    pub outlets: Vec<HeldOutOutlet>,
}

/// Everything validation found.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Validation {
    /// Per scheme; the outlet-disjoint one first when there is one.
    pub schemes: Vec<SchemeResult>,
    /// The one warning a reader must see: the model does not beat its
    /// baseline on held-out outlets (none when it does).
    #[serde(default)]
    pub caution: Option<String>,
    /// Other things a reader should know, in plain words.
    pub warnings: Vec<String>,
    /// How well the same features identify a unit's outlet.
    #[serde(default)]
    pub probe: Option<super::probe::OutletProbe>,
}

impl Validation {
    /// The scheme to cite: the outlet-disjoint one when there is one, else
    /// the document-grouped one.
    pub fn headline(&self) -> Option<&SchemeResult> {
        self.schemes
            .iter()
            .find(|s| s.holds_out == Holdout::Outlets)
            .or_else(|| self.schemes.first())
    }

    /// The scheme that holds out `kind`, if it ran.
    pub fn scheme(&self, kind: Holdout) -> Option<&SchemeResult> {
        self.schemes.iter().find(|s| s.holds_out == kind)
    }
}

/// The units to validate on, with their class indices.
pub(super) struct Data<'a> {
    pub units: &'a [TrainingUnit],
    /// Every unit's passage, in unit order.
    pub passages: Vec<&'a Passage>,
    /// The n-gram counts of every unit.
    pub table: GramTable,
    pub y: Vec<usize>,
    pub classes: Vec<String>,
    pub columns: Vec<String>,
    pub opts: &'a TrainValidParams,
}

/// A split's predictions: (unit, predicted class), and whether its fit
/// converged.
type SplitRun = (SplitResult, Vec<(usize, usize)>, bool);

impl Data<'_> {
    /// Cross-validation: outlets held out when the units come from several,
    /// and documents held out.
    pub fn validate(&self) -> Validation {
        let mut validation = Validation::default();
        let outlet_splits = self.outlet_splits();
        let groups: Vec<u32> = self.units.iter().map(|u| u.doc).collect();
        let folds = grouped_kfold(&groups, self.opts.folds, self.opts.seed);
        let doc_name = format!(
            "documents held out: grouped {}-fold by document (outlets seen in training)",
            folds.len()
        );
        // Both schemes at once, so that no core waits for the last split
        // of one before the other starts; each is computed as alone.
        let (by_outlet, by_doc) = rayon::join(
            || outlet_splits.map(|(name, splits)| self.scheme(name, Holdout::Outlets, splits)),
            || (!folds.is_empty()).then(|| self.scheme(doc_name, Holdout::Documents, folds)),
        );
        validation.schemes.extend(by_outlet);
        match by_doc {
            Some(s) => validation.schemes.push(s),
            None => validation
                .warnings
                .push("no cross-validation: the training units come from a single document".into()),
        }
        validation
    }

    /// The outlet-disjoint scheme's name and splits, when the units come
    /// from several outlets.
    fn outlet_splits(&self) -> Option<(String, Vec<Split>)> {
        let outlets: Vec<&str> = self.units.iter().map(|u| u.outlet.as_str()).collect();
        let names: std::collections::BTreeSet<&str> = outlets.iter().copied().collect();
        if names.len() < 2 {
            return None;
        }
        if names.len() <= LEAVE_ONE_OUT_MAX {
            return Some((
                "outlets held out: leave one outlet out".to_string(),
                leave_one_outlet_out(&outlets),
            ));
        }
        let index: BTreeMap<&str, u32> = names
            .iter()
            .enumerate()
            .map(|(i, o)| (*o, i as u32))
            .collect();
        let groups: Vec<u32> = outlets.iter().map(|o| index[o]).collect();
        let folds = grouped_kfold(&groups, self.opts.folds, self.opts.seed);
        Some((
            format!("outlets held out: grouped {}-fold by outlet", folds.len()),
            folds,
        ))
    }

    /// The features of any units, from the n-gram table.
    pub fn design(&self) -> TableDesign<'_> {
        TableDesign {
            table: &self.table,
            passages: &self.passages,
        }
    }

    /// Fits design and classifier on all but `split`'s units; predicts
    /// `split`'s.
    fn run_split(&self, split: &Split) -> SplitRun {
        let mut in_test = vec![false; self.units.len()];
        for &i in &split.test {
            in_test[i] = true;
        }
        let train: Vec<usize> = (0..self.units.len()).filter(|&i| !in_test[i]).collect();
        let k = self.classes.len();
        let train_y: Vec<usize> = train.iter().map(|&i| self.y[i]).collect();
        let mut result = SplitResult {
            name: split.name.clone(),
            test_units: split.test.len() as u64,
            accuracy: None,
            macro_f1: None,
            baseline_accuracy: None,
            baseline_macro_f1: None,
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
        let features = self.design();
        let (design, x, column) = features.fit(&train, self.columns.clone(), self.opts.text);
        let fitted = fit_sparse(&x, &train_y, k, &self.opts.fit);
        drop(x);
        let (clf, conv) = match fitted {
            Ok(f) => f,
            Err(e) => {
                result.skipped = Some(e.to_string());
                return (result, Vec::new(), true);
            }
        };
        let p = clf.predict_proba_sparse(&features.rows(&design, &column, &split.test));
        let preds: Vec<(usize, usize)> = split
            .test
            .iter()
            .zip(p.rows())
            .map(|(&i, row)| (i, argmax(row.as_slice().unwrap_or(&[]))))
            .collect();
        let (truth, pred): (Vec<usize>, Vec<usize>) =
            preds.iter().map(|&(i, p)| (self.y[i], p)).unzip();
        let m = from_confusion(confusion(&truth, &pred, k), &self.classes);
        result.accuracy = Some(m.accuracy);
        result.macro_f1 = Some(m.macro_f1);
        (result, preds, conv.is_none_or(|c| c.converged))
    }

    /// Runs `splits` and pools their held-out predictions.
    fn scheme(&self, name: String, holds_out: Holdout, splits: Vec<Split>) -> SchemeResult {
        let mut runs: Vec<SplitRun> = splits.par_iter().map(|s| self.run_split(s)).collect();
        let mut pooled: Vec<(usize, usize)> =
            runs.iter().flat_map(|r| r.1.iter().copied()).collect();
        pooled.sort_unstable();
        let k = self.classes.len();
        let truth: Vec<usize> = pooled.iter().map(|&(i, _)| self.y[i]).collect();
        // The baseline knows the held-out units' most common class: a
        // harder bar than the training side's, which under leave-one-
        // outlet-out is often the other class and scores 0.
        let base = majority(&truth, k);
        for (r, preds, _) in &mut runs {
            if r.skipped.is_none() && !preds.is_empty() {
                let truth: Vec<usize> = preds.iter().map(|&(i, _)| self.y[i]).collect();
                let b = from_confusion(
                    confusion(&truth, &vec![base; truth.len()], k),
                    &self.classes,
                );
                r.baseline_accuracy = Some(b.accuracy);
                r.baseline_macro_f1 = Some(b.macro_f1);
            }
        }
        let ran: Vec<&SplitResult> = runs
            .iter()
            .map(|r| &r.0)
            .filter(|r| r.skipped.is_none())
            .collect();
        let mean = |f: fn(&SplitResult) -> Option<f64>| {
            (!ran.is_empty())
                .then(|| ran.iter().filter_map(|r| f(r)).sum::<f64>() / ran.len() as f64)
        };
        let (mean_accuracy, mean_macro_f1) = (mean(|r| r.accuracy), mean(|r| r.macro_f1));
        let not_converged = runs
            .iter()
            .filter(|r| !r.2 && r.0.skipped.is_none())
            .count() as u64;
        let mut result = SchemeResult {
            scheme: name,
            holds_out,
            splits: runs.into_iter().map(|r| r.0).collect(),
            model: None,
            baseline: None,
            macro_f1_ci: None,
            chance_macro_f1: None,
            mean_accuracy,
            mean_macro_f1,
            beats_baseline: None,
            not_converged,
            outlets: Vec::new(),
        };
        if !pooled.is_empty() {
            self.pool(&mut result, &pooled, base);
        }
        result
    }

    /// The pooled metrics of `pooled` (unit, prediction), the baseline's,
    /// the interval, the verdict and, for outlets held out, each outlet's
    /// accuracy.
    fn pool(&self, result: &mut SchemeResult, pooled: &[(usize, usize)], base: usize) {
        let k = self.classes.len();
        let truth: Vec<usize> = pooled.iter().map(|&(i, _)| self.y[i]).collect();
        let pred: Vec<usize> = pooled.iter().map(|&(_, p)| p).collect();
        let model = from_confusion(confusion(&truth, &pred, k), &self.classes);
        let baseline = from_confusion(
            confusion(&truth, &vec![base; truth.len()], k),
            &self.classes,
        );
        // One confusion matrix per outlet (per document with one outlet):
        // the clusters the interval resamples.
        let first = &self.units[pooled[0].0].outlet;
        let several = pooled.iter().any(|&(i, _)| self.units[i].outlet != *first);
        let mut clusters: BTreeMap<(&str, u32), Vec<Vec<u64>>> = BTreeMap::new();
        for &(i, p) in pooled {
            let u = &self.units[i];
            let key = if several {
                (u.outlet.as_str(), 0)
            } else {
                ("", u.doc)
            };
            clusters.entry(key).or_insert_with(|| vec![vec![0; k]; k])[self.y[i]][p] += 1;
        }
        let matrices: Vec<Vec<Vec<u64>>> = clusters.into_values().collect();
        let mut rng = named(self.opts.seed, &["validation", &result.scheme]);
        result.macro_f1_ci = macro_f1_interval(&matrices, model.macro_f1, &mut rng);
        let low = result.macro_f1_ci.map_or(model.macro_f1, |c| c.0);
        let chance = chance_macro_f1(&truth, k);
        result.beats_baseline = Some(low > baseline.macro_f1.max(chance));
        result.chance_macro_f1 = Some(chance);
        if result.holds_out == Holdout::Outlets {
            result.outlets = self.per_outlet(pooled);
        }
        result.model = Some(model);
        result.baseline = Some(baseline);
    }

    /// Each held-out outlet's accuracy, sorted by outlet.
    fn per_outlet(&self, pooled: &[(usize, usize)]) -> Vec<HeldOutOutlet> {
        let chance = 1.0 / self.classes.len() as f64;
        let mut by: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
        for &(i, p) in pooled {
            let e = by.entry(self.units[i].outlet.as_str()).or_default();
            e.0 += 1;
            e.1 += u64::from(self.y[i] == p);
        }
        by.into_iter()
            .map(|(outlet, (n, right))| {
                let accuracy = right as f64 / n as f64;
                HeldOutOutlet {
                    outlet: outlet.to_string(),
                    units: n,
                    accuracy,
                    below_chance: accuracy < chance,
                }
            })
            .collect()
    }
}

/// The expected macro-F1 of uniform random guessing over `k` classes on
/// units of classes `truth`: a class with share p is predicted for 1/k of
/// the units, so its expected precision is p and its recall 1/k, and its F1
/// 2 p (1/k) / (p + 1/k). The mean is over the classes present in the
/// truth, the set [`super::crossval::macro_f1`] scores the model and the
/// baseline over; the classes absent are still guessed, and those guesses
/// are the recall chance loses on the classes present.
pub fn chance_macro_f1(truth: &[usize], k: usize) -> f64 {
    if truth.is_empty() || k == 0 {
        return 0.0;
    }
    let mut counts = vec![0u64; k];
    for &c in truth {
        counts[c] += 1;
    }
    let guess = 1.0 / k as f64;
    let n = truth.len() as f64;
    let f1s: Vec<f64> = counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            2.0 * p * guess / (p + guess)
        })
        .collect();
    f1s.iter().sum::<f64>() / f1s.len() as f64
}

#[cfg(test)]
mod tests {
    use super::chance_macro_f1;

    #[test]
    fn chance_by_hand() {
        // two balanced classes: p = 1/2, 1/k = 1/2 -> F1 = 1/2 each
        assert!((chance_macro_f1(&[0, 1, 0, 1], 2) - 0.5).abs() < 1e-12);
        // shares 3/4 and 1/4: F1 = 2(.75)(.5)/1.25 = 0.6 and 2(.25)(.5)/.75 = 1/3
        let want = (0.6 + 1.0 / 3.0) / 2.0;
        assert!((chance_macro_f1(&[0, 0, 0, 1], 2) - want).abs() < 1e-12);
        assert_eq!(chance_macro_f1(&[], 3), 0.0);
        // one class present of two (the seeds' held-out units): p = 1, 1/k
        // = 1/2 -> F1 = 2(1)(.5)/1.5 = 2/3, over that class alone (it was
        // averaged with a 0 for the absent class into 1/3)
        assert!((chance_macro_f1(&[1, 1, 1], 2) - 2.0 / 3.0).abs() < 1e-12);
        // three classes, shares 1/2 and 1/2 of two: 2(.5)(1/3)/(5/6) = 0.4 each
        assert!((chance_macro_f1(&[0, 2, 0, 2], 3) - 0.4).abs() < 1e-12);
    }
}

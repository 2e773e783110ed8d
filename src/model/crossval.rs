//! Validation that does not flatter: splits that keep every document's
//! units on one side (grouped k-fold), splits that hold out whole outlets
//! (leave-one-outlet-out), and metrics pooled over the held-out predictions
//! beside those of the majority-class baseline.

use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::random::named;

/// One train/test split: the test units; the rest train.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// `fold 1`, or the held-out outlet.
    pub name: String,
    /// Indices of the test units.
    pub test: Vec<usize>,
}

/// `k` folds of whole groups (documents), assigned at random with `seed`.
pub fn grouped_kfold(groups: &[u32], k: usize, seed: u64) -> Vec<Split> {
    let mut ids: Vec<u32> = groups.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let k = k.min(ids.len());
    if k < 2 {
        return Vec::new();
    }
    ids.shuffle(&mut named(seed, &["folds"]));
    let fold_of: std::collections::HashMap<u32, usize> =
        ids.iter().enumerate().map(|(i, g)| (*g, i % k)).collect();
    (0..k)
        .map(|f| Split {
            name: format!("fold {}", f + 1),
            test: (0..groups.len())
                .filter(|&i| fold_of[&groups[i]] == f)
                .collect(),
        })
        .collect()
}

/// One split per outlet, holding all of its units out.
pub fn leave_one_outlet_out(outlets: &[&str]) -> Vec<Split> {
    let mut names: Vec<&str> = outlets.to_vec();
    names.sort_unstable();
    names.dedup();
    if names.len() < 2 {
        return Vec::new();
    }
    names
        .into_iter()
        .map(|o| Split {
            name: o.to_string(),
            test: (0..outlets.len()).filter(|&i| outlets[i] == o).collect(),
        })
        .collect()
}

/// Precision, recall and F1 of one class. A share whose denominator is 0
/// is undefined, not 0: `None`, written empty in tables and `n/a` in text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassMetrics {
    /// Class name.
    pub class: String,
    /// Of the units predicted as the class, the share that are; `None`
    /// when no unit was predicted as it.
    pub precision: Option<f64>,
    /// Of the units of the class, the share predicted as it; `None` when
    /// no held-out unit is of the class (it could not be tested).
    pub recall: Option<f64>,
    /// 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall
    /// (0 when the class's units were all missed); `None` when no held-out
    /// unit is of the class: such a class is left out of macro-F1 (see
    /// [`macro_f1`]).
    pub f1: Option<f64>,
    /// Units of the class.
    pub support: u64,
}

/// Metrics of a set of predictions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Share predicted correctly.
    pub accuracy: f64,
    /// Unweighted mean F1 over the classes with at least one held-out unit
    /// (see [`macro_f1`]).
    pub macro_f1: f64,
    /// Per class.
    pub classes: Vec<ClassMetrics>,
    /// `confusion[truth][predicted]`.
    pub confusion: Vec<Vec<u64>>,
    /// Units evaluated.
    pub n: u64,
}

/// The confusion matrix of `pred` against `truth` (class indices):
/// `confusion[truth][predicted]`.
pub fn confusion(truth: &[usize], pred: &[usize], k: usize) -> Vec<Vec<u64>> {
    let mut confusion = vec![vec![0u64; k]; k];
    for (&t, &p) in truth.iter().zip(pred) {
        confusion[t][p] += 1;
    }
    confusion
}

/// Metrics of `pred` against `truth` (class indices).
pub fn metrics(truth: &[usize], pred: &[usize], classes: &[String]) -> Metrics {
    from_confusion(confusion(truth, pred, classes.len()), classes)
}

/// Precision, recall, F1 and support of class `c`; each share `None` when
/// its denominator is 0, and F1 `None` when the class has no true unit.
fn class_scores(confusion: &[Vec<u64>], c: usize) -> (Option<f64>, Option<f64>, Option<f64>, u64) {
    let tp = confusion[c][c];
    let predicted: u64 = confusion.iter().map(|row| row[c]).sum();
    let support: u64 = confusion[c].iter().sum();
    let share = |num: u64, den: u64| (den > 0).then(|| num as f64 / den as f64);
    // 2 TP / (2 TP + FP + FN) = 2 TP / (predicted + support): the harmonic
    // mean of precision and recall, and 0 rather than undefined when the
    // class was never predicted but has units (all of them missed).
    let f1 = share(2 * tp, predicted + support).filter(|_| support > 0);
    (share(tp, predicted), share(tp, support), f1, support)
}

/// Macro-F1 of a confusion matrix: the unweighted mean F1 of the classes
/// with at least one true unit (0 when there are none).
///
/// Why those classes, and not every class, or every class that occurs in
/// the truth or the predictions (scikit-learn's default): macro-F1 must be
/// taken over one class set for the model, the majority-class baseline and
/// chance, or the three are not comparable; and over that set every
/// predictor's F1 must be defined. A class with no held-out unit cannot be
/// tested: its recall is 0/0; the baseline, which never predicts it, has
/// no F1 on it at all; counting it as 0 for everyone, or only for whoever
/// predicts it, changes the mean for a reason that has nothing to do with
/// how well the classes present were told apart. (Before, on the seeds,
/// every held-out unit was of one class: the model was scored 0.43 over two
/// classes and the baseline 1.00 over one.) On the classes with units, F1
/// is defined for every predictor (its denominator holds the class's
/// units), and nothing the model predicts wrongly is forgiven: a unit
/// predicted as an untested class is a miss of its own class, and lowers
/// that class's recall and F1.
pub fn macro_f1(confusion: &[Vec<u64>]) -> f64 {
    let f1s: Vec<f64> = (0..confusion.len())
        .filter_map(|c| class_scores(confusion, c).2)
        .collect();
    if f1s.is_empty() {
        0.0
    } else {
        f1s.iter().sum::<f64>() / f1s.len() as f64
    }
}

/// Metrics of a confusion matrix (`confusion[truth][predicted]`).
pub fn from_confusion(confusion: Vec<Vec<u64>>, classes: &[String]) -> Metrics {
    let k = classes.len();
    let n: u64 = confusion.iter().flatten().sum();
    let correct: u64 = (0..k).map(|c| confusion[c][c]).sum();
    let classes = (0..k)
        .map(|c| {
            let (precision, recall, f1, support) = class_scores(&confusion, c);
            ClassMetrics {
                class: classes[c].clone(),
                precision,
                recall,
                f1,
                support,
            }
        })
        .collect();
    Metrics {
        accuracy: if n > 0 {
            correct as f64 / n as f64
        } else {
            0.0
        },
        macro_f1: macro_f1(&confusion),
        classes,
        confusion,
        n,
    }
}

/// Resamples of the cluster bootstrap of macro-F1.
pub const BOOTSTRAP: usize = 1000;

/// Draws of one resample that may lack a class before it is kept anyway.
pub const REDRAWS: usize = 100;

/// Adds confusion matrix `m` to `to`.
fn add(to: &mut [Vec<u64>], m: &[Vec<u64>]) {
    for (row, more) in to.iter_mut().zip(m) {
        for (v, a) in row.iter_mut().zip(more) {
            *v += a;
        }
    }
}

/// Percentile-bootstrap 95% interval of macro-F1 over clusters (the
/// held-out outlets): `clusters` holds one confusion matrix per cluster;
/// each of [`BOOTSTRAP`] resamples draws as many clusters with replacement
/// and pools their matrices. Units of one outlet are not independent (they
/// share its house style and its stance), so the outlets are what is
/// resampled. A resample that lacks a true class of the whole sample is
/// drawn again (up to [`REDRAWS`] times): with few outlets, one holding
/// only outlets of one class would score a class it cannot test, and halve
/// macro-F1 for a reason that has nothing to do with the model. Widened to
/// hold `estimate` when a skewed sample's percentiles leave it out. `None`
/// with fewer than two clusters.
pub fn macro_f1_interval(
    clusters: &[Vec<Vec<u64>>],
    estimate: f64,
    rng: &mut impl rand::Rng,
) -> Option<(f64, f64)> {
    let n = clusters.len();
    if n < 2 {
        return None;
    }
    let k = clusters[0].len();
    let mut stats = Vec::with_capacity(BOOTSTRAP);
    let mut pooled = vec![vec![0u64; k]; k];
    let classes_of =
        |m: &[Vec<u64>]| -> Vec<bool> { m.iter().map(|r| r.iter().sum::<u64>() > 0).collect() };
    let mut whole = vec![vec![0u64; k]; k];
    clusters.iter().for_each(|m| add(&mut whole, m));
    let want = classes_of(&whole);
    for _ in 0..BOOTSTRAP {
        for _ in 0..REDRAWS {
            pooled.iter_mut().flatten().for_each(|v| *v = 0);
            for _ in 0..n {
                add(&mut pooled, &clusters[rng.gen_range(0..n)]);
            }
            if classes_of(&pooled) == want {
                break;
            }
        }
        stats.push(macro_f1(&pooled));
    }
    stats.sort_by(f64::total_cmp);
    let at = |q: f64| stats[((q * BOOTSTRAP as f64).ceil() as usize).clamp(1, BOOTSTRAP) - 1];
    Some((at(0.025).min(estimate), at(0.975).max(estimate)))
}

/// The most frequent class of `train` (ties to the first class).
pub fn majority(train: &[usize], k: usize) -> usize {
    let mut counts = vec![0usize; k];
    for &c in train {
        counts[c] += 1;
    }
    (0..k).fold(0, |best, c| if counts[c] > counts[best] { c } else { best })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(k: usize) -> Vec<String> {
        (0..k).map(|c| format!("c{c}")).collect()
    }

    #[test]
    fn metrics_by_hand() {
        // truth: 0 0 0 1 1 ; pred: 0 0 1 1 0
        let m = metrics(&[0, 0, 0, 1, 1], &[0, 0, 1, 1, 0], &names(2));
        assert_eq!(m.confusion, [[2, 1], [1, 1]]);
        assert_eq!(m.accuracy, 0.6);
        // class 0: P = 2/3, R = 2/3, F1 = 2/3; class 1: P = 1/2, R = 1/2, F1 = 1/2
        assert!((m.classes[0].f1.unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert!((m.classes[1].f1.unwrap() - 0.5).abs() < 1e-12);
        assert!((m.macro_f1 - (2.0 / 3.0 + 0.5) / 2.0).abs() < 1e-12);
    }

    #[test]
    fn baseline_metrics_by_hand() {
        // always predicting class 0 on 3 x c0, 1 x c1: accuracy 0.75,
        // F1(c0) = 2 * 0.75 * 1 / 1.75 = 6/7, F1(c1) = 0 -> macro 3/7
        let m = metrics(&[0, 0, 0, 1], &[0, 0, 0, 0], &names(2));
        assert_eq!(m.accuracy, 0.75);
        assert!((m.macro_f1 - 3.0 / 7.0).abs() < 1e-12);
        assert_eq!(majority(&[1, 0, 1], 2), 1);
    }

    #[test]
    fn model_and_baseline_are_scored_over_the_classes_with_units() {
        // The seeds' held-out units (outlets held out, before this rule): 21
        // units, all of class 1; the model predicts 16 of them as 1 and 5
        // as 0; the baseline predicts 1 for all.
        let truth = [1; 21];
        let mut pred = [1; 21];
        pred[..5].fill(0);
        let model = metrics(&truth, &pred, &names(2));
        let baseline = metrics(&truth, &[1; 21], &names(2));
        // class 0: 5 predicted, none right: precision 0/5 = 0; no unit of
        // it: recall 0/0 and F1 undefined, so not in the mean
        assert_eq!(model.classes[0].precision, Some(0.0));
        assert_eq!(model.classes[0].recall, None);
        assert_eq!(model.classes[0].f1, None);
        // class 1: TP 16, FP 0, FN 5: F1 = 32 / (32 + 5) = 32/37 (was
        // averaged with a 0 for class 0 into 16/37 = 0.43)
        assert_eq!(model.classes[1].precision, Some(1.0));
        assert_eq!(model.classes[1].recall, Some(16.0 / 21.0));
        assert!((model.macro_f1 - 32.0 / 37.0).abs() < 1e-12);
        // the baseline over the same set, {1}: F1 = 42 / 42 = 1; class 0
        // neither true nor predicted: every share undefined
        assert_eq!(baseline.macro_f1, 1.0);
        let none = &baseline.classes[0];
        assert_eq!((none.precision, none.recall, none.f1), (None, None, None));
    }

    #[test]
    fn a_class_never_predicted_scores_zero_not_undefined() {
        // truth 0 0 1 1, pred 0 0 0 0: class 1 has units but no prediction:
        // precision 0/0 undefined, recall 0/2 = 0, F1 = 0 / (0 + 2) = 0;
        // class 0: P = 2/4, R = 1, F1 = 4 / (4 + 2) = 2/3; macro (2/3 + 0) / 2
        let m = metrics(&[0, 0, 1, 1], &[0, 0, 0, 0], &names(2));
        assert_eq!(m.classes[1].precision, None);
        assert_eq!(m.classes[1].recall, Some(0.0));
        assert_eq!(m.classes[1].f1, Some(0.0));
        assert!((m.macro_f1 - 1.0 / 3.0).abs() < 1e-12);
        // three classes, class 2 untested and predicted once (a unit of
        // class 0): class 0 P = 1/1, R = 1/2, F1 = 2 / (2 + 1) = 2/3;
        // class 1 P = R = F1 = 1; class 2 out of the mean: (2/3 + 1) / 2
        let m = metrics(&[0, 0, 1], &[0, 2, 1], &names(3));
        assert!((m.macro_f1 - 5.0 / 6.0).abs() < 1e-12);
        assert_eq!(m.classes[2].precision, Some(0.0));
        assert_eq!(m.classes[2].f1, None);
    }

    #[test]
    fn the_interval_resamples_outlets_and_keeps_every_class() {
        // four outlets, two of each class, each predicted perfectly: every
        // resample that holds both classes has macro-F1 1, and resamples of
        // one class are drawn again, so the interval is [1, 1]
        let outlet = |c: usize| {
            let mut m = vec![vec![0u64; 2]; 2];
            m[c][c] = 10;
            m
        };
        let clusters = [outlet(0), outlet(0), outlet(1), outlet(1)];
        let mut rng = named(1, &["test"]);
        assert_eq!(
            macro_f1_interval(&clusters, 1.0, &mut rng),
            Some((1.0, 1.0))
        );
        // one outlet right, one wrong: the interval spans both outcomes
        let wrong = vec![vec![0, 10], vec![0, 0]];
        let right = vec![vec![10, 0], vec![0, 0]];
        let (lo, hi) = macro_f1_interval(&[right.clone(), wrong], 0.5, &mut rng).unwrap();
        assert!(lo < 0.5 && hi > 0.5, "{lo} {hi}");
        assert_eq!(macro_f1_interval(&[right], 1.0, &mut rng), None);
    }

    #[test]
    fn folds_keep_documents_whole() {
        let groups = [1, 1, 2, 2, 2, 3, 4, 4, 5, 6];
        let folds = grouped_kfold(&groups, 3, 42);
        assert_eq!(folds.len(), 3);
        let mut all: Vec<usize> = folds.iter().flat_map(|f| f.test.clone()).collect();
        all.sort_unstable();
        assert_eq!(all, (0..groups.len()).collect::<Vec<_>>());
        for f in &folds {
            for &i in &f.test {
                for j in 0..groups.len() {
                    if groups[j] == groups[i] {
                        assert!(f.test.contains(&j), "document {} split", groups[i]);
                    }
                }
            }
        }
        assert_eq!(folds, grouped_kfold(&groups, 3, 42), "seeded");
        assert!(
            grouped_kfold(&[7, 7], 5, 1).is_empty(),
            "one document: no folds"
        );
    }

    #[test]
    fn outlets_are_held_out_whole() {
        let splits = leave_one_outlet_out(&["b", "a", "b", "c"]);
        let got: Vec<(&str, Vec<usize>)> = splits
            .iter()
            .map(|s| (s.name.as_str(), s.test.clone()))
            .collect();
        assert_eq!(got, [("a", vec![1]), ("b", vec![0, 2]), ("c", vec![3])]);
    }
}

//! A saved model evaluated on labelled documents it never saw (`slant
//! evaluate`): accuracy, macro-F1 with a bootstrap interval over outlets,
//! per-class precision and recall, the confusion matrix, each outlet's
//! accuracy, beside the majority-class baseline and chance of the same
//! documents.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::crossval::{confusion, from_confusion, macro_f1_interval, majority, Metrics};
use crate::model::validate::{chance_macro_f1, HeldOutOutlet};
use crate::random::named;

/// One labelled document the model scored: its outlet, its true class and
/// the class the model gives the highest probability (class indices).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Labelled {
    /// Its outlet.
    pub outlet: String,
    /// Its true class.
    pub truth: usize,
    /// The model's class.
    pub predicted: usize,
}

/// What the evaluation found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The model's classes, in the order of the confusion matrix.
    pub classes: Vec<String>,
    /// Labelled documents scored.
    pub documents: u64,
    /// Labelled documents the model left unscored (off-topic for its axis):
    /// not in the metrics.
    pub unscored: u64,
    /// The model on the scored documents.
    pub model: Metrics,
    /// 95% bootstrap interval of its macro-F1, resampling outlets.
    pub macro_f1_ci: Option<(f64, f64)>,
    /// Always the most common class of the same documents.
    pub baseline: Metrics,
    /// Expected macro-F1 of guessing a class uniformly at random.
    pub chance_macro_f1: f64,
    /// Whether the interval's lower end is above both baselines' macro-F1.
    pub beats_baseline: bool,
    /// Per outlet, sorted by name.
    pub outlets: Vec<HeldOutOutlet>,
    /// How many of the scored documents the model was trained on (set by
    /// the caller that counted them; `None` when not counted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_training: Option<crate::model::seen::TrainingOverlap>,
}

/// Evaluates `docs` of a model with `classes`; `seed` seeds the bootstrap.
/// `None` when no document was scored.
pub fn evaluate(
    classes: &[String],
    docs: &[Labelled],
    unscored: u64,
    seed: u64,
) -> Option<Evaluation> {
    if docs.is_empty() {
        return None;
    }
    let k = classes.len();
    let truth: Vec<usize> = docs.iter().map(|d| d.truth).collect();
    let pred: Vec<usize> = docs.iter().map(|d| d.predicted).collect();
    let model = from_confusion(confusion(&truth, &pred, k), classes);
    let base = majority(&truth, k);
    let baseline = from_confusion(confusion(&truth, &vec![base; truth.len()], k), classes);
    let mut by: BTreeMap<&str, Vec<Vec<u64>>> = BTreeMap::new();
    for d in docs {
        by.entry(&d.outlet).or_insert_with(|| vec![vec![0; k]; k])[d.truth][d.predicted] += 1;
    }
    let chance = 1.0 / k as f64;
    let outlets = by
        .iter()
        .map(|(o, m)| {
            let n: u64 = m.iter().flatten().sum();
            let right: u64 = (0..k).map(|c| m[c][c]).sum();
            let accuracy = right as f64 / n as f64;
            HeldOutOutlet {
                outlet: o.to_string(),
                units: n,
                accuracy,
                below_chance: accuracy < chance,
            }
        })
        .collect();
    let matrices: Vec<Vec<Vec<u64>>> = by.into_values().collect();
    let mut rng = named(seed, &["evaluation"]);
    let macro_f1_ci = macro_f1_interval(&matrices, model.macro_f1, &mut rng);
    let chance_macro_f1 = chance_macro_f1(&truth, k);
    let low = macro_f1_ci.map_or(model.macro_f1, |c| c.0);
    Some(Evaluation {
        classes: classes.to_vec(),
        documents: docs.len() as u64,
        unscored,
        beats_baseline: low > baseline.macro_f1.max(chance_macro_f1),
        model,
        macro_f1_ci,
        baseline,
        chance_macro_f1,
        outlets,
        in_training: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(outlet: &str, truth: usize, predicted: usize) -> Labelled {
        Labelled {
            outlet: outlet.into(),
            truth,
            predicted,
        }
    }

    #[test]
    fn metrics_beside_the_baselines_by_hand() {
        let classes = ["left".to_string(), "right".to_string()];
        // outlet a: 3 left, all right; outlet b: 1 right, right; c: 2 right, 1 wrong
        let docs = [
            doc("a", 0, 0),
            doc("a", 0, 0),
            doc("a", 0, 0),
            doc("b", 1, 1),
            doc("c", 1, 1),
            doc("c", 1, 0),
        ];
        let e = evaluate(&classes, &docs, 2, 42).unwrap();
        assert_eq!(e.documents, 6);
        assert_eq!(e.unscored, 2);
        assert_eq!(e.model.confusion, [[3, 0], [1, 2]]);
        // 5 of 6 right
        assert!((e.model.accuracy - 5.0 / 6.0).abs() < 1e-12);
        // baseline: 3 left and 3 right tie, so always `left`: accuracy 1/2
        assert_eq!(e.baseline.accuracy, 0.5);
        assert_eq!(e.chance_macro_f1, 0.5);
        let acc: Vec<(&str, f64, bool)> = e
            .outlets
            .iter()
            .map(|o| (o.outlet.as_str(), o.accuracy, o.below_chance))
            .collect();
        assert_eq!(
            acc,
            [("a", 1.0, false), ("b", 1.0, false), ("c", 0.5, false)]
        );
        let (lo, hi) = e.macro_f1_ci.unwrap();
        assert!(lo <= e.model.macro_f1 && e.model.macro_f1 <= hi);
        assert_eq!(e, evaluate(&classes, &docs, 2, 42).unwrap(), "seeded");
        assert_eq!(evaluate(&classes, &[], 0, 42), None);
    }
}

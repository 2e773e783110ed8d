//! The model's scores: per outlet the mean probability of each class with
//! a percentile-bootstrap interval, on a two-pole axis a model score in
//! [-1, 1] (mean p(positive) - p(negative)), and how the model's outlet
//! ranking agrees with the lexicon's (Spearman's rho).

use std::collections::BTreeMap;

use rand::Rng;
use serde::Serialize;

use super::{quantile, ScoreValidParams};
use crate::aggregate::{DocProbs, Predictions};
use crate::model::Model;
use crate::random::named;

/// Where a run's model came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelSource {
    /// Trained in this run from weak labels.
    TrainedInThisRun,
    /// Loaded from this file (as given).
    File(String),
}

impl std::fmt::Display for ModelSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelSource::TrainedInThisRun => f.write_str("trained in this run"),
            ModelSource::File(path) => f.write_str(path),
        }
    }
}

impl Serialize for ModelSource {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A model's results on one corpus.
#[derive(Debug, Clone)]
pub struct ModelScores {
    /// The model.
    pub model: Model,
    /// Where it came from.
    pub source: ModelSource,
    /// Per outlet, sorted by name.
    pub outlets: Vec<OutletProbs>,
    /// Per class, the features that push hardest toward it.
    pub features: Vec<(String, Vec<(String, f64)>)>,
    /// Spearman's rank correlation of lexicon and model scores over outlets.
    pub spearman: Option<f64>,
}

/// Features listed per class in the report.
const TOP_FEATURES: usize = 15;

impl ModelScores {
    /// Scores `predictions` of `model`; `lexicon` holds the lexicon score of
    /// each outlet on the model's axis, for the rank correlation.
    pub fn of(
        model: Model,
        source: ModelSource,
        predictions: &Predictions,
        lexicon: &BTreeMap<&str, f64>,
        params: &ScoreValidParams,
    ) -> ModelScores {
        let outlets = outlet_probs(&model, &predictions.docs, params);
        let pairs: Vec<(f64, f64)> = outlets
            .iter()
            .filter_map(|o| Some((*lexicon.get(o.outlet.as_str())?, o.score?)))
            .collect();
        let (a, b): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
        let spearman = model.axis.as_ref().and_then(|_| spearman(&a, &b));
        ModelScores {
            features: model.top_features(TOP_FEATURES),
            source,
            outlets,
            spearman,
            model,
        }
    }
}

/// An outlet's model probabilities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutletProbs {
    /// Outlet.
    pub outlet: String,
    /// Documents scored.
    pub n_docs: usize,
    /// Mean probability per class.
    pub p: Vec<f64>,
    /// 95% interval per class.
    pub ci: Vec<Option<(f64, f64)>>,
    /// Mean p(positive) - p(negative), when the classes are an axis's poles.
    pub score: Option<f64>,
    /// Its 95% interval.
    pub score_ci: Option<(f64, f64)>,
}

/// Per-outlet summaries of `docs`, outlets sorted by name. Documents are
/// resampled for the intervals (the sentences, weighted by tokens, when an
/// outlet has one document), `opts.bootstrap` times, each outlet and class
/// on its own seeded stream.
pub fn outlet_probs(model: &Model, docs: &[DocProbs], opts: &ScoreValidParams) -> Vec<OutletProbs> {
    let mut by: BTreeMap<&str, Vec<&DocProbs>> = BTreeMap::new();
    for d in docs {
        by.entry(&d.outlet).or_default().push(d);
    }
    let k = model.classes.len();
    let value = |p: &[f64], c: Option<usize>| -> f64 {
        match (c, &model.axis) {
            (Some(c), _) => p[c],
            (None, Some(a)) => p[a.positive] - p[a.negative],
            (None, None) => 0.0,
        }
    };
    by.into_iter()
        .map(|(outlet, ds)| {
            // (weight, probabilities) units to resample
            let units: Vec<(f64, &[f64])> = match ds.as_slice() {
                [only] => only
                    .sentences
                    .iter()
                    .map(|(t, p)| (f64::from(*t), p.as_slice()))
                    .collect(),
                _ => ds.iter().map(|d| (1.0, d.p.as_slice())).collect(),
            };
            let per = |c: Option<usize>, name: &str| {
                let mut u: Vec<(f64, f64)> = units.iter().map(|(w, p)| (*w, value(p, c))).collect();
                u.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
                bootstrap_mean(&u, opts, &[outlet, "model", name])
            };
            let p: Vec<f64> = (0..k)
                .map(|c| ds.iter().map(|d| d.p[c]).sum::<f64>() / ds.len() as f64)
                .collect();
            let score = model.axis.as_ref().map(|_| value(&p, None));
            OutletProbs {
                outlet: outlet.to_string(),
                n_docs: ds.len(),
                ci: (0..k).map(|c| per(Some(c), &model.classes[c])).collect(),
                score_ci: score.and_then(|_| per(None, "score")),
                score,
                p,
            }
        })
        .collect()
}

/// Percentile-bootstrap 95% interval of a weighted mean.
fn bootstrap_mean(
    units: &[(f64, f64)],
    opts: &ScoreValidParams,
    name: &[&str],
) -> Option<(f64, f64)> {
    if units.len() < 2 || opts.bootstrap == 0 {
        return None;
    }
    let mut rng = named(opts.seed, name);
    let n = units.len();
    let mut stats = Vec::with_capacity(opts.bootstrap);
    for _ in 0..opts.bootstrap {
        let (mut sw, mut sv) = (0.0, 0.0);
        for _ in 0..n {
            let (w, v) = units[rng.gen_range(0..n)];
            sw += w;
            sv += w * v;
        }
        stats.push(if sw > 0.0 { sv / sw } else { 0.0 });
    }
    stats.sort_by(f64::total_cmp);
    Some((quantile(&stats, 0.025), quantile(&stats, 0.975)))
}

/// Spearman's rank correlation of two paired samples (average ranks for
/// ties); `None` with fewer than three pairs or no variation.
pub fn spearman(a: &[f64], b: &[f64]) -> Option<f64> {
    if a.len() != b.len() || a.len() < 3 {
        return None;
    }
    let (ra, rb) = (ranks(a), ranks(b));
    let n = a.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma) * (x - ma)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb) * (y - mb)).sum();
    (va > 0.0 && vb > 0.0).then(|| cov / (va * vb).sqrt())
}

fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&i, &j| v[i].total_cmp(&v[j]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_by_hand() {
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]), Some(1.0));
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]), Some(-1.0));
        // ranks a: 1 2 3 4; b: 1 3 2 4 -> rho = 1 - 6 * 2 / (4 * 15) = 0.8
        let rho = spearman(&[1.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 4.0]).unwrap();
        assert!((rho - 0.8).abs() < 1e-12);
        assert_eq!(spearman(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
        assert_eq!(ranks(&[5.0, 1.0, 5.0]), [2.5, 1.0, 2.5]);
    }
}

//! The model's scores: per outlet the mean probability of each class with
//! a percentile-bootstrap interval, on a two-pole axis a model score in
//! [-1, 1] (mean p(positive) - p(negative)), and how the model's outlet
//! ranking agrees with the lexicon's (Spearman's rho).

use std::collections::BTreeMap;

use rand::Rng;
use serde::Serialize;

use super::{percentile_interval, ScoreValidParams};
use crate::aggregate::{DocProbs, Predictions};
use crate::model::seen::TrainingOverlap;
use crate::model::{Model, Unit};
use crate::random::named;

/// Where a run's model came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelSource {
    /// Trained in this run from weak labels.
    TrainedInThisRun,
    /// Loaded from this file (as given), with how many of the scored
    /// documents it was trained on.
    File(String, TrainingOverlap),
}

impl std::fmt::Display for ModelSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelSource::TrainedInThisRun => f.write_str("trained in this run"),
            ModelSource::File(path, _) => f.write_str(path),
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
    /// Its percentile-bootstrap 95% interval ([`spearman_interval`]).
    pub spearman_ci: Option<(f64, f64)>,
    /// Per document (in input order), whether a saved model was trained on
    /// it; `None` when not known (no saved model, a model file that does
    /// not list its training documents, or a report from partials mapped
    /// before `map` recorded it).
    pub in_training_docs: Option<Vec<bool>>,
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
        let spearman_ci = spearman.and_then(|rho| spearman_interval(&a, &b, rho, params));
        ModelScores {
            features: model.top_features(TOP_FEATURES),
            source,
            outlets,
            spearman,
            spearman_ci,
            in_training_docs: None,
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
/// resampled for the intervals, `opts.bootstrap` times, each outlet and
/// class on its own seeded stream. An outlet's estimate is the mean of its
/// documents' probabilities, and every resample recomputes that mean. A
/// one-document outlet of a sentence model resamples its sentences,
/// weighted by tokens: the document's probability is their token-weighted
/// mean, so estimate and interval are again one statistic. A document
/// model's probability is not a mean of its sentences', so a one-document
/// outlet gets no interval rather than one around another quantity.
pub fn outlet_probs(model: &Model, docs: &[DocProbs], opts: &ScoreValidParams) -> Vec<OutletProbs> {
    let axis = model.axis.as_ref().map(|a| (a.positive, a.negative));
    probs_by_outlet(&model.classes, model.unit, axis, docs, opts)
}

/// [`outlet_probs`] for a model with `classes`, scoring `unit`s, whose
/// `axis` is (positive, negative) class indices.
fn probs_by_outlet(
    classes: &[String],
    unit: Unit,
    axis: Option<(usize, usize)>,
    docs: &[DocProbs],
    opts: &ScoreValidParams,
) -> Vec<OutletProbs> {
    let mut by: BTreeMap<&str, Vec<&DocProbs>> = BTreeMap::new();
    for d in docs {
        by.entry(&*d.outlet).or_default().push(d);
    }
    let k = classes.len();
    let value = |p: &[f64], c: Option<usize>| -> f64 {
        match (c, axis) {
            (Some(c), _) => p[c],
            (None, Some((pos, neg))) => p[pos] - p[neg],
            (None, None) => 0.0,
        }
    };
    by.into_iter()
        .map(|(outlet, ds)| {
            let units = resampling_units(unit, &ds);
            let p: Vec<f64> = (0..k)
                .map(|c| ds.iter().map(|d| d.p[c]).sum::<f64>() / ds.len() as f64)
                .collect();
            let score = axis.map(|_| value(&p, None));
            let per = |c: Option<usize>, name: &str, estimate: f64| {
                let mut u: Vec<(f64, f64)> = units.iter().map(|(w, p)| (*w, value(p, c))).collect();
                u.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
                bootstrap_mean(&u, estimate, opts, &[outlet, "model", name])
            };
            OutletProbs {
                outlet: outlet.to_string(),
                n_docs: ds.len(),
                ci: (0..k).map(|c| per(Some(c), &classes[c], p[c])).collect(),
                score_ci: score.and_then(|s| per(None, "score", s)),
                score,
                p,
            }
        })
        .collect()
}

/// The (weight, probabilities) units an outlet's interval resamples: its
/// documents, or the sentences of its one document when the model scores
/// sentences; none (no interval) for one document of a document model.
fn resampling_units<'a>(unit: Unit, ds: &[&'a DocProbs]) -> Vec<(f64, &'a [f64])> {
    match (ds, unit) {
        ([only], Unit::Sentence) => only
            .sentences
            .iter()
            .map(|(t, p)| (f64::from(*t), p.as_slice()))
            .collect(),
        ([_], Unit::Document) => Vec::new(),
        _ => ds.iter().map(|d| (1.0, d.p.as_slice())).collect(),
    }
}

/// Percentile-bootstrap 95% interval of a weighted mean (the plain mean
/// when a resample has no weight, as a document's probability is), holding
/// `estimate`, the same mean of all the units.
fn bootstrap_mean(
    units: &[(f64, f64)],
    estimate: f64,
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
        let (mut sw, mut sv, mut plain) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let (w, v) = units[rng.gen_range(0..n)];
            sw += w;
            sv += w * v;
            plain += v;
        }
        stats.push(if sw > 0.0 { sv / sw } else { plain / n as f64 });
    }
    stats.sort_by(f64::total_cmp);
    Some(percentile_interval(&stats, estimate))
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

/// The percentile-bootstrap 95% interval of [`spearman`]'s `rho` over the
/// pairs (`a[i]`, `b[i]`), one per outlet: the pairs are resampled with
/// replacement `opts.bootstrap` times on the seeded stream named
/// `model/spearman`, rho recomputed on each resample, and the 2.5th and
/// 97.5th percentiles taken, widened to hold `rho` (as every interval of
/// the report). A resample whose ranks do not vary has no rho and is set
/// aside; `None` when more than half are, or without resamples. One stream
/// drawn in order: the same interval whatever the thread count.
pub fn spearman_interval(
    a: &[f64],
    b: &[f64],
    rho: f64,
    opts: &ScoreValidParams,
) -> Option<(f64, f64)> {
    let n = a.len();
    if n != b.len() || n < 3 || opts.bootstrap == 0 {
        return None;
    }
    let mut rng = named(opts.seed, &["model", "spearman"]);
    let (mut ra, mut rb) = (vec![0.0; n], vec![0.0; n]);
    let mut stats = Vec::with_capacity(opts.bootstrap);
    for _ in 0..opts.bootstrap {
        for k in 0..n {
            let i = rng.gen_range(0..n);
            (ra[k], rb[k]) = (a[i], b[i]);
        }
        stats.extend(spearman(&ra, &rb));
    }
    if stats.len() * 2 < opts.bootstrap {
        return None;
    }
    stats.sort_by(f64::total_cmp);
    Some(percentile_interval(&stats, rho))
}

/// Outlets below which a bootstrap interval of Spearman's rho over them
/// says little: a resample draws that many with replacement, so it holds
/// only a few distinct outlets, and a few outlets ranked alike by both
/// scores give the same rho again and again.
pub const SPEARMAN_MIN_OUTLETS: usize = 10;

/// Why the bootstrap interval `ci` of rho over `n` outlets is not
/// informative, when it is not: it has no width (every resample gave the
/// same rho, which with few outlets says that they are few, not that the
/// correlation is certain), or it rests on fewer than
/// [`SPEARMAN_MIN_OUTLETS`] outlets.
pub fn spearman_interval_caveat(ci: (f64, f64), n: usize) -> Option<String> {
    let few = n < SPEARMAN_MIN_OUTLETS;
    if ci.1 - ci.0 <= 1e-12 {
        let why = if few {
            format!("with {n} outlets, every resample ranked the few outlets it drew alike")
        } else {
            "every resample gave the same rho".to_string()
        };
        return Some(format!(
            "the interval has no width because {why}: it is not informative, and does not mean the correlation is certain"
        ));
    }
    few.then(|| {
        format!(
            "with {n} outlets (fewer than {SPEARMAN_MIN_OUTLETS}) each resample holds only a few distinct outlets: the interval is not informative"
        )
    })
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
    use crate::model::predict::weighted_mean;
    use proptest::prelude::*;

    /// Outlets of 1 to 3 documents of 1 to 5 sentences: (tokens, p(first)).
    fn corpus() -> impl Strategy<Value = Vec<Vec<Vec<(u32, f64)>>>> {
        let sentence = (0u32..30, 0.0f64..=1.0);
        let doc = proptest::collection::vec(sentence, 1..6);
        proptest::collection::vec(proptest::collection::vec(doc, 1..4), 1..5)
    }

    fn docs(outlets: &[Vec<Vec<(u32, f64)>>], unit: Unit) -> Vec<DocProbs> {
        let mut out = Vec::new();
        for (o, ds) in outlets.iter().enumerate() {
            for sents in ds {
                let sentences: Vec<(u32, Vec<f64>)> =
                    sents.iter().map(|&(t, p)| (t, vec![p, 1.0 - p])).collect();
                let p = match unit {
                    // as the predictor: the token-weighted mean of sentences
                    Unit::Sentence => weighted_mean(&sentences, 2),
                    // a whole-document prediction, unrelated to the sentences'
                    Unit::Document => vec![sents[0].1.powi(3), 1.0 - sents[0].1.powi(3)],
                };
                out.push(DocProbs {
                    doc: out.len(),
                    outlet: format!("o{o}").into(),
                    p,
                    sentences,
                });
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn every_model_interval_holds_its_estimate(outlets in corpus(), sentence_unit: bool) {
            let unit = if sentence_unit { Unit::Sentence } else { Unit::Document };
            let opts = ScoreValidParams { bootstrap: 200, ..ScoreValidParams::default() };
            let classes = ["left".to_string(), "right".to_string()];
            let rows = probs_by_outlet(&classes, unit, Some((0, 1)), &docs(&outlets, unit), &opts);
            for (r, ds) in rows.iter().zip(&outlets) {
                let score = r.score.unwrap_or(0.0);
                let pairs = r.ci.iter().zip(&r.p).chain(std::iter::once((&r.score_ci, &score)));
                for (ci, est) in pairs {
                    if let Some((lo, hi)) = ci {
                        prop_assert!(lo <= est && est <= hi, "{} [{lo}, {hi}] of {r:?}", est);
                    }
                }
                let sentences = ds[0].len();
                if ds.len() == 1 && (unit == Unit::Document || sentences < 2) {
                    prop_assert!(r.ci.iter().all(Option::is_none), "{r:?}");
                } else {
                    prop_assert!(r.ci.iter().all(Option::is_some), "{r:?}");
                }
            }
        }
    }

    #[test]
    fn a_degenerate_or_few_outlet_interval_is_said_to_be_uninformative() {
        // the seeds: rho 1 over 5 outlets, interval [1.00, 1.00]
        let seeds = spearman_interval_caveat((1.0, 1.0), 5).unwrap();
        assert!(
            seeds.contains("no width") && seeds.contains("5 outlets"),
            "{seeds}"
        );
        assert!(spearman_interval_caveat((1.0, 1.0), 40)
            .unwrap()
            .contains("every resample gave the same rho"));
        assert!(spearman_interval_caveat((0.2, 0.9), 6)
            .unwrap()
            .contains("6 outlets"));
        assert_eq!(spearman_interval_caveat((0.2, 0.9), 10), None);
    }

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

    #[test]
    fn the_rank_correlation_has_a_bootstrap_interval() {
        let opts = ScoreValidParams {
            bootstrap: 500,
            ..ScoreValidParams::default()
        };
        // Rankings that agree entirely: every resample's rho is 1.
        let a: Vec<f64> = (0..10).map(f64::from).collect();
        let b: Vec<f64> = a.iter().map(|x| x * 3.0 + 1.0).collect();
        assert_eq!(spearman_interval(&a, &b, 1.0, &opts), Some((1.0, 1.0)));
        // 12 outlets, ranks 1..12 against a shuffle of them: rho =
        // 1 - 6 * sum(d^2) / (n (n^2 - 1)) = 1 - 6 * 34 / 1716 = 0.8811
        let b = [
            2.0, 1.0, 4.0, 3.0, 7.0, 5.0, 6.0, 12.0, 9.0, 8.0, 11.0, 10.0,
        ];
        let a: Vec<f64> = (1..=12).map(f64::from).collect();
        let rho = spearman(&a, &b).unwrap();
        assert!((rho - (1.0 - 6.0 * 34.0 / 1716.0)).abs() < 1e-12, "{rho}");
        let (lo, hi) = spearman_interval(&a, &b, rho, &opts).unwrap();
        assert!(
            lo < rho && rho < hi && hi <= 1.0 && lo > -1.0,
            "[{lo}, {hi}]"
        );
        // Seeded: the same interval again; another seed, another draw.
        assert_eq!(spearman_interval(&a, &b, rho, &opts), Some((lo, hi)));
        let other = ScoreValidParams { seed: 7, ..opts };
        assert_ne!(spearman_interval(&a, &b, rho, &other), Some((lo, hi)));
        // No resamples, or too few outlets: no interval.
        let none = ScoreValidParams {
            bootstrap: 0,
            ..opts
        };
        assert_eq!(spearman_interval(&a, &b, rho, &none), None);
        assert_eq!(spearman_interval(&a[..2], &b[..2], rho, &opts), None);
    }
}

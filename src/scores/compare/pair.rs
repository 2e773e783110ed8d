//! Two outlets head to head on an axis: both lexicon scores, the
//! difference, its percentile-bootstrap interval and the p-value read off
//! the same resamples (so p < 0.05 exactly when the 95% interval leaves
//! out zero), and, beside them, a seeded permutation test (the outlet
//! labels of the pooled units shuffled) with a note when the two disagree.
//! When either outlet has a single document, sentences are the units, as
//! for the outlet intervals. Each outlet's standing comes along.

use rand::seq::SliceRandom;
use rand::Rng;
use serde::Serialize;

use crate::aggregate::DocSummary;
use crate::features::AxisTally;
use crate::random::named;
#[cfg(doc)]
use crate::scores::quantile;
use crate::scores::{index, percentile_interval, ScoreValidParams};
use crate::text::QuoteWeight;

/// The test of one pair on one axis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairTest {
    /// First outlet.
    pub a: String,
    /// Second outlet.
    pub b: String,
    /// Axis id.
    pub axis: String,
    /// Lexicon index of `a`.
    pub score_a: f64,
    /// Lexicon index of `b`.
    pub score_b: f64,
    /// `score_a - score_b`.
    pub difference: f64,
    /// 95% percentile-bootstrap interval of the difference.
    pub ci_low: Option<f64>,
    /// Upper end.
    pub ci_high: Option<f64>,
    /// Two-sided bootstrap p-value from the interval's resamples: twice the
    /// smaller share of the percentile curve on either side of zero, so
    /// that p < 0.05 exactly when the 95% interval leaves out zero (at
    /// least `1 / (B + 1)`).
    pub p_value: Option<f64>,
    /// Bootstrap resamples `B` of the interval and of `p_value`.
    pub bootstrap: usize,
    /// Two-sided permutation p-value, `(1 + #{|d*| >= |d|}) / (1 + R)`.
    pub p_permutation: Option<f64>,
    /// Permutations `R`.
    pub permutations: usize,
    /// Why the permutation test and the interval disagree, when they do.
    pub note: String,
    /// `a`'s standing on this axis, as `status` in outlets.csv: `ranked`,
    /// or the first of `no_matches`, `few_documents`, `few_matches`.
    pub status_a: String,
    /// `b`'s standing.
    pub status_b: String,
    /// `documents` or `sentences`.
    pub units: String,
    /// Units of `a` and of `b`.
    pub n_a: usize,
    /// Units of `b`.
    pub n_b: usize,
}

/// The resampling units of an outlet's documents: per document, or per
/// sentence (sentences without evidence count as zeros).
fn units(docs: &[&DocSummary], axis: usize, by_sentence: bool, q: QuoteWeight) -> Vec<(f64, f64)> {
    if !by_sentence {
        return docs
            .iter()
            .map(|d| d.tally.axes[axis].weighted(q))
            .collect();
    }
    let mut out = Vec::new();
    for d in docs {
        let with: Vec<(f64, f64)> = d
            .tally
            .sentence_axes
            .iter()
            .filter(|(_, a, _)| usize::from(*a) == axis)
            .map(|(_, _, t)| t.weighted(q))
            .collect();
        let zeros = (d.tally.sentences as usize).saturating_sub(with.len());
        out.extend(with);
        out.extend(std::iter::repeat_n((0.0, 0.0), zeros));
    }
    out
}

fn pooled(u: &[(f64, f64)], k: f64) -> f64 {
    let (p, n) = u.iter().fold((0.0, 0.0), |(p, n), x| (p + x.0, n + x.1));
    index(p, n, k)
}

/// Tests the difference of `a` and `b` on axis `axis` (index, id);
/// `status` is the two outlets' standing on it.
#[allow(clippy::too_many_arguments)]
pub fn test(
    a: &str,
    b: &str,
    docs_a: &[&DocSummary],
    docs_b: &[&DocSummary],
    axis: (usize, &str),
    permutations: usize,
    opts: &ScoreValidParams,
    status: (&str, &str),
) -> PairTest {
    let q = opts.quote_weight;
    let by_sentence = docs_a.len() < 2 || docs_b.len() < 2;
    let mut ua = units(docs_a, axis.0, by_sentence, q);
    let mut ub = units(docs_b, axis.0, by_sentence, q);
    let sort =
        |u: &mut Vec<(f64, f64)>| u.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.total_cmp(&y.1)));
    sort(&mut ua);
    sort(&mut ub);
    let k = opts.smoothing;
    let total = |ds: &[&DocSummary]| {
        let mut t = AxisTally::default();
        for d in ds {
            t.add(&d.tally.axes[axis.0]);
        }
        let (p, n) = t.weighted(q);
        index(p, n, k)
    };
    let (sa, sb) = (total(docs_a), total(docs_b));
    let observed = sa - sb;
    let name = [a, b, axis.1];
    let p_permutation = (ua.len() + ub.len() >= 2 && permutations > 0).then(|| {
        let rng = named(opts.seed, &[&name[..], &["permutation"]].concat());
        permutation_p(&ua, &ub, observed, permutations, k, rng)
    });
    let boot = (ua.len() >= 2 && ub.len() >= 2 && opts.bootstrap > 0).then(|| {
        let mut rng = named(opts.seed, &[&name[..], &["bootstrap"]].concat());
        let mut draw = |u: &[(f64, f64)]| -> f64 {
            let s: Vec<(f64, f64)> = (0..u.len()).map(|_| u[rng.gen_range(0..u.len())]).collect();
            pooled(&s, k)
        };
        let mut stats: Vec<f64> = (0..opts.bootstrap).map(|_| draw(&ua) - draw(&ub)).collect();
        stats.sort_by(f64::total_cmp);
        (percentile_interval(&stats, observed), bootstrap_p(&stats))
    });
    let ci = boot.map(|b| b.0);
    PairTest {
        a: a.to_string(),
        b: b.to_string(),
        axis: axis.1.to_string(),
        score_a: sa,
        score_b: sb,
        difference: observed,
        ci_low: ci.map(|c| c.0),
        ci_high: ci.map(|c| c.1),
        p_value: boot.map(|b| b.1),
        bootstrap: opts.bootstrap,
        p_permutation,
        permutations,
        note: disagreement(ci, boot.map(|b| b.1), p_permutation),
        status_a: status.0.to_string(),
        status_b: status.1.to_string(),
        units: if by_sentence {
            "sentences"
        } else {
            "documents"
        }
        .into(),
        n_a: ua.len(),
        n_b: ub.len(),
    }
}

/// The permutation p-value of `observed`: the pooled units reassigned to
/// the two groups, sizes kept.
fn permutation_p(
    ua: &[(f64, f64)],
    ub: &[(f64, f64)],
    observed: f64,
    permutations: usize,
    k: f64,
    mut rng: rand_chacha::ChaCha8Rng,
) -> f64 {
    let mut all: Vec<(f64, f64)> = ua.iter().chain(ub).copied().collect();
    let mut hits = 0usize;
    for _ in 0..permutations {
        all.shuffle(&mut rng);
        let d = pooled(&all[..ua.len()], k) - pooled(&all[ua.len()..], k);
        if d.abs() >= observed.abs() - 1e-12 {
            hits += 1;
        }
    }
    (1 + hits) as f64 / (1 + permutations) as f64
}

/// The two-sided p-value that inverts the percentile interval: with `F`
/// the interpolated percentile curve of the sorted resamples `stats`
/// ([`quantile`]), `p = 2 min(sup{q: F(q) <= 0}, 1 - inf{q: F(q) >= 0})`,
/// capped at 1 and at least `1 / (B + 1)`. The `1 - a` interval leaves out
/// zero exactly when `p < a`.
pub fn bootstrap_p(stats: &[f64]) -> f64 {
    let n = stats.len();
    if n < 2 {
        return 1.0;
    }
    let last = (n - 1) as f64;
    // sup{q: F(q) <= 0}
    let below = match stats.iter().rposition(|&v| v <= 0.0) {
        None => 0.0,
        Some(i) if i + 1 == n => 1.0,
        Some(i) => (i as f64 + (0.0 - stats[i]) / (stats[i + 1] - stats[i])) / last,
    };
    // inf{q: F(q) >= 0}
    let above = match stats.iter().position(|&v| v >= 0.0) {
        None => 1.0,
        Some(0) => 0.0,
        Some(j) => ((j - 1) as f64 + (0.0 - stats[j - 1]) / (stats[j] - stats[j - 1])) / last,
    };
    (2.0 * below.min(1.0 - above))
        .min(1.0)
        .max(1.0 / (n + 1) as f64)
}

/// Says why the p-values and the 95% interval disagree, if they do.
fn disagreement(ci: Option<(f64, f64)>, p: Option<f64>, p_permutation: Option<f64>) -> String {
    let Some((lo, hi)) = ci else {
        return String::new();
    };
    let excludes_zero = lo > 0.0 || hi < 0.0;
    if p.is_some_and(|p| p < 0.05) && !excludes_zero {
        return "the resampled differences leave out zero but not the observed difference, which lies on zero's side of them (a skewed sample); the interval is widened to hold it: treat the difference as uncertain".into();
    }
    let Some(pp) = p_permutation else {
        return String::new();
    };
    match (excludes_zero, pp < 0.05) {
        (false, true) => "the permutation test finds a difference the interval does not: it assumes the two outlets' units are exchangeable, while the interval lets each outlet's own spread count; trust the interval".into(),
        (true, false) => "the interval leaves out zero but the permutation test finds no difference: the units are few or uneven; treat the difference as uncertain".into(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::DocTally;

    fn doc(outlet: &str, pos: f64, neg: f64) -> DocSummary {
        DocSummary {
            outlet: outlet.into(),
            tally: DocTally {
                axes: vec![AxisTally {
                    pos_own: pos,
                    neg_own: neg,
                    n_own: (pos + neg) as u32,
                    ..AxisTally::default()
                }],
                sentences: 1,
                ..DocTally::default()
            },
        }
    }

    #[test]
    fn a_clear_difference_is_significant_and_none_is_not() {
        let opts = ScoreValidParams::default();
        let a: Vec<DocSummary> = (0..8)
            .map(|i| doc("A", 3.0 + f64::from(i % 2), 0.0))
            .collect();
        let b: Vec<DocSummary> = (0..8)
            .map(|i| doc("B", 0.0, 3.0 + f64::from(i % 2)))
            .collect();
        let (ra, rb): (Vec<&DocSummary>, Vec<&DocSummary>) =
            (a.iter().collect(), b.iter().collect());
        let t = test("A", "B", &ra, &rb, (0, "x"), 999, &opts, ("", ""));
        // pooled: A = 28 / 29, B = -28 / 29
        assert!((t.difference - 56.0 / 29.0).abs() < 1e-12);
        // only the observed split (and its mirror) are as extreme: of C(16, 8)
        // = 12870 splits, 2; p is near its floor 1 / 1000
        assert!(t.p_value.unwrap() < 0.01, "{t:?}");
        assert_eq!(t.units, "documents");
        assert!(t.ci_low.unwrap() > 1.5);
        let same = test("A", "A2", &ra, &ra, (0, "x"), 999, &opts, ("", ""));
        assert_eq!(same.difference, 0.0);
        assert_eq!(
            same.p_permutation,
            Some(1.0),
            "every permutation is as extreme as 0"
        );
        assert!(same.p_value.unwrap() > 0.5, "{same:?}");
        assert!(t.note.is_empty(), "{t:?}");
        let again = test("A", "B", &ra, &rb, (0, "x"), 999, &opts, ("", ""));
        assert_eq!(again, t, "seeded");
    }
}

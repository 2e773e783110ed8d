//! Two outlets head to head on an axis: both lexicon scores, the
//! difference, a seeded permutation test of it (the outlet labels of the
//! pooled documents shuffled), and a bootstrap interval of the difference.
//! When either outlet has a single document, sentences are the units, as
//! for the outlet intervals.

use rand::seq::SliceRandom;
use rand::Rng;
use serde::Serialize;

use crate::aggregate::DocSummary;
use crate::features::AxisTally;
use crate::random::named;
use crate::scores::{index, quantile, ScoreValidParams};
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
    /// Two-sided permutation p-value, `(1 + #{|d*| >= |d|}) / (1 + R)`.
    pub p_value: Option<f64>,
    /// Permutations `R`.
    pub permutations: usize,
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

/// Tests the difference of `a` and `b` on axis `axis` (index, id).
pub fn test(
    a: &str,
    b: &str,
    docs_a: &[&DocSummary],
    docs_b: &[&DocSummary],
    axis: (usize, &str),
    permutations: usize,
    opts: &ScoreValidParams,
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
    let p_value = (ua.len() + ub.len() >= 2 && permutations > 0).then(|| {
        let mut rng = named(opts.seed, &[&name[..], &["permutation"]].concat());
        let mut all: Vec<(f64, f64)> = ua.iter().chain(&ub).copied().collect();
        let mut hits = 0usize;
        for _ in 0..permutations {
            all.shuffle(&mut rng);
            let d = pooled(&all[..ua.len()], k) - pooled(&all[ua.len()..], k);
            if d.abs() >= observed.abs() - 1e-12 {
                hits += 1;
            }
        }
        (1 + hits) as f64 / (1 + permutations) as f64
    });
    let ci = (ua.len() >= 2 && ub.len() >= 2 && opts.bootstrap > 0).then(|| {
        let mut rng = named(opts.seed, &[&name[..], &["bootstrap"]].concat());
        let mut draw = |u: &[(f64, f64)]| -> f64 {
            let s: Vec<(f64, f64)> = (0..u.len()).map(|_| u[rng.gen_range(0..u.len())]).collect();
            pooled(&s, k)
        };
        let mut stats: Vec<f64> = (0..opts.bootstrap).map(|_| draw(&ua) - draw(&ub)).collect();
        stats.sort_by(f64::total_cmp);
        (quantile(&stats, 0.025), quantile(&stats, 0.975))
    });
    PairTest {
        a: a.to_string(),
        b: b.to_string(),
        axis: axis.1.to_string(),
        score_a: sa,
        score_b: sb,
        difference: observed,
        ci_low: ci.map(|c| c.0),
        ci_high: ci.map(|c| c.1),
        p_value,
        permutations,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::DocTally;

    fn doc(outlet: &str, pos: f64, neg: f64) -> DocSummary {
        DocSummary {
            id: format!("{outlet}{pos}{neg}"),
            outlet: outlet.into(),
            date: None,
            title: None,
            url: None,
            bytes: 0,
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
        let t = test("A", "B", &ra, &rb, (0, "x"), 999, &opts);
        // pooled: A = 28 / 29, B = -28 / 29
        assert!((t.difference - 56.0 / 29.0).abs() < 1e-12);
        // only the observed split (and its mirror) are as extreme: of C(16, 8)
        // = 12870 splits, 2; p is near its floor 1 / 1000
        assert!(t.p_value.unwrap() < 0.01, "{t:?}");
        assert_eq!(t.units, "documents");
        assert!(t.ci_low.unwrap() > 1.5);
        let same = test("A", "A2", &ra, &ra, (0, "x"), 999, &opts);
        assert_eq!(same.difference, 0.0);
        assert_eq!(
            same.p_value,
            Some(1.0),
            "every permutation is as extreme as 0"
        );
        let again = test("A", "B", &ra, &rb, (0, "x"), 999, &opts);
        assert_eq!(again, t, "seeded");
    }
}

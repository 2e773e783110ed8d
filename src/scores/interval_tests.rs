//! Property tests over every interval slant writes: the lexicon outlet
//! index, the head-to-head difference (the model's outlet probabilities
//! are tested beside their code in [`super::model`]) each hold their
//! estimate, one-document outlets included, and the head-to-head p-value
//! agrees with its interval.

use proptest::prelude::*;

use super::compare::pair::{bootstrap_p, test as pair_test};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::tables::outlet_evidence;
use super::{
    bootstrap_interval, bootstrap_interval_counted, counted_units, index, quantile, score_outlet,
    OutletEvidence, ScoreValidParams,
};
use crate::aggregate::{DocSummary, Docs};
use crate::features::{AxisTally, DocTally};

fn tally(pos: u8, neg: u8, quoted: bool) -> AxisTally {
    let (p, n) = (f64::from(pos), f64::from(neg));
    let mut t = AxisTally::default();
    if quoted {
        (t.pos_quote, t.neg_quote, t.n_quote) = (p, n, u32::from(pos) + u32::from(neg));
    } else {
        (t.pos_own, t.neg_own, t.n_own) = (p, n, u32::from(pos) + u32::from(neg));
    }
    t
}

/// A document: per sentence (pos, neg, quoted) counts on one axis.
type Doc = Vec<(u8, u8, bool)>;

fn summary(outlet: &str, sentences: &Doc) -> DocSummary {
    let mut axis = AxisTally::default();
    let mut sentence_axes = Vec::new();
    for (s, &(p, n, q)) in sentences.iter().enumerate() {
        let t = tally(p, n, q);
        axis.add(&t);
        if p + n > 0 {
            sentence_axes.push((s as u32, 0u16, t));
        }
    }
    DocSummary {
        outlet: outlet.into(),
        tally: DocTally {
            axes: vec![axis],
            sentences: sentences.len() as u32,
            sentence_axes,
            ..DocTally::default()
        },
    }
}

/// An outlet's evidence as the outlet table gathers it.
fn evidence(docs: &[DocSummary]) -> OutletEvidence {
    let docs: Docs = docs.iter().cloned().collect();
    outlet_evidence(docs.outlets().values().next().and_then(|o| o.axes.first()))
}

/// Outlets of 1 to 4 documents of 1 to 6 sentences, counts skewed toward
/// zero so that thin and lopsided evidence is common.
fn outlet() -> impl Strategy<Value = Vec<Doc>> {
    let count = prop_oneof![3 => Just(0u8), 1 => 0u8..5];
    let sentence = (count.clone(), count, any::<bool>());
    proptest::collection::vec(proptest::collection::vec(sentence, 1..7), 1..5)
}

fn opts() -> ScoreValidParams {
    ScoreValidParams {
        bootstrap: 200,
        ..ScoreValidParams::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn an_outlet_interval_holds_its_index(docs in outlet()) {
        let docs: Vec<DocSummary> = docs.iter().map(|d| summary("o", d)).collect();
        let s = score_outlet(&evidence(&docs), &["o", "x"], &opts());
        match (s.score, s.ci_low, s.ci_high) {
            (Some(score), Some(lo), Some(hi)) => {
                prop_assert!(lo <= score && score <= hi, "{score} [{lo}, {hi}]");
            }
            // no pole match: no score, and no interval either
            (None, lo, hi) => prop_assert!(lo.is_none() && hi.is_none(), "{lo:?} {hi:?}"),
            (Some(_), _, _) => {}
        }
    }

    /// The bootstrap over distinct units and their counts draws what the
    /// bootstrap over the sorted list of every unit draws, bit for bit
    /// (the outlet intervals of a run did so before documents were
    /// counted rather than listed).
    #[test]
    fn counted_units_resample_as_the_sorted_list(
        units in proptest::collection::vec((0u8..4, 0u8..3, 0u8..4), 1..60),
        seed in 0u64..1000,
    ) {
        let weights = [0.0, 0.5, 1.0, -0.0];
        let list: Vec<(f64, f64)> = units
            .iter()
            .map(|&(p, n, k)| (weights[usize::from(p)] * f64::from(k), weights[usize::from(n)]))
            .collect();
        let mut sorted = list.clone();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let counted = counted_units(list.iter().map(|&u| (u, 1)).collect());
        prop_assert!(counted.len() <= list.len());
        prop_assert_eq!(counted.iter().map(|u| u.1).sum::<usize>(), list.len());
        let (p, q) = sorted.iter().fold((0.0, 0.0), |(p, q), u| (p + u.0, q + u.1));
        let estimate = index(p, q, 1.0);
        let o = opts();
        let plain = bootstrap_interval(&sorted, estimate, &o, &mut ChaCha8Rng::seed_from_u64(seed));
        let by_count =
            bootstrap_interval_counted(&counted, estimate, &o, &mut ChaCha8Rng::seed_from_u64(seed));
        let bits = |c: Option<(f64, f64)>| c.map(|(a, b)| (a.to_bits(), b.to_bits()));
        prop_assert_eq!(bits(plain), bits(by_count));
    }

    #[test]
    fn a_head_to_head_interval_holds_the_difference_and_agrees_with_p(
        a in outlet(),
        b in outlet(),
    ) {
        let da: Vec<DocSummary> = a.iter().map(|d| summary("A", d)).collect();
        let db: Vec<DocSummary> = b.iter().map(|d| summary("B", d)).collect();
        let (ra, rb): (Vec<&DocSummary>, Vec<&DocSummary>) = (da.iter().collect(), db.iter().collect());
        let t = pair_test("A", "B", &ra, &rb, (0, "x"), 99, &opts(), ("few_documents", ""));
        prop_assert_eq!(t.status_a.as_str(), "few_documents");
        if let (Some(lo), Some(hi)) = (t.ci_low, t.ci_high) {
            prop_assert!(lo <= t.difference && t.difference <= hi, "{t:?}");
            let p = t.p_value.unwrap();
            if lo > 0.0 || hi < 0.0 {
                prop_assert!(p < 0.05, "an interval without zero, p = {p}: {t:?}");
            }
        }
    }

    #[test]
    fn the_bootstrap_p_inverts_the_percentile_interval(
        mut stats in proptest::collection::vec(prop_oneof![1 => Just(0.0f64), 4 => -1.0f64..1.0], 2..300),
        shift in -1.0f64..1.0,
    ) {
        stats.iter_mut().for_each(|v| *v += shift);
        stats.sort_by(f64::total_cmp);
        let p = bootstrap_p(&stats);
        let (lo, hi) = (quantile(&stats, 0.025), quantile(&stats, 0.975));
        let floor = 1.0 / (stats.len() + 1) as f64;
        prop_assert!((0.0..=1.0).contains(&p));
        if p > floor {
            prop_assert_eq!(p < 0.05, lo > 0.0 || hi < 0.0, "p {} [{}, {}]", p, lo, hi);
        }
    }
}

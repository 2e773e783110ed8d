//! Property tests over every interval slant writes: the lexicon outlet
//! index, the head-to-head difference (the model's outlet probabilities
//! are tested beside their code in [`super::model`]) each hold their
//! estimate, one-document outlets included, and the head-to-head p-value
//! agrees with its interval.

use proptest::prelude::*;

use super::compare::pair::{bootstrap_p, test as pair_test};
use super::{quantile, score_outlet, OutletEvidence, ScoreValidParams};
use crate::aggregate::DocSummary;
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
    OutletEvidence {
        docs: docs.iter().map(|d| d.tally.axes[0]).collect(),
        sentences: (docs.len() == 1).then(|| {
            let d = &docs[0].tally;
            (d.sentences, d.sentence_axes.iter().map(|s| s.2).collect())
        }),
    }
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

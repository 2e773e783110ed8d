//! An outlet's score on one axis: the pooled index, its seeded
//! percentile-bootstrap interval, flags for thin evidence, and whether the
//! evidence is enough to rank the outlet ([`Standing`]).

use serde::Serialize;

use super::{bootstrap_interval_counted, counted_units, index, ScoreValidParams};
use crate::features::AxisTally;
use crate::random::named;

/// Why an outlet's score on an axis deserves caution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Fewer documents than `min_docs`: the interval is unreliable.
    FewDocuments,
    /// Fewer pole matches than `min_matches`: the interval is unreliable.
    FewMatches,
    /// No match on either pole: the score says nothing.
    NoMatches,
    /// One document: the interval resamples its sentences, so it reflects
    /// variation within one article, not across the outlet's coverage.
    SentenceBootstrap,
}

impl Flag {
    /// The name used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::FewDocuments => "few_documents",
            Flag::FewMatches => "few_matches",
            Flag::NoMatches => "no_matches",
            Flag::SentenceBootstrap => "sentence_bootstrap",
        }
    }

    /// What the flag means, for reports.
    pub fn meaning(self) -> &'static str {
        match self {
            Flag::FewDocuments => "fewer documents than the minimum: the interval is unreliable",
            Flag::FewMatches => "fewer pole matches than the minimum: the interval is unreliable",
            Flag::NoMatches => "no match on either pole: the score carries no information",
            Flag::SentenceBootstrap => {
                "one document: the interval resamples its sentences, not the outlet's coverage"
            }
        }
    }
}

/// Whether an outlet is ranked on an axis, and if not, why: decided here
/// once so that tables, charts and the report agree. The first failing
/// test names it: no match at all, then too few documents, then too few
/// matches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Enough documents and pole matches: ranked among outlets with evidence.
    Ranked,
    /// Fewer documents than `min_docs`.
    FewDocuments,
    /// Fewer pole matches than `min_matches`.
    FewMatches,
    /// No match on either pole: no score at all.
    #[default]
    NoMatches,
}

impl Standing {
    /// The standing of a score with these flags.
    pub fn of(flags: &[Flag]) -> Standing {
        if flags.contains(&Flag::NoMatches) {
            Standing::NoMatches
        } else if flags.contains(&Flag::FewDocuments) {
            Standing::FewDocuments
        } else if flags.contains(&Flag::FewMatches) {
            Standing::FewMatches
        } else {
            Standing::Ranked
        }
    }

    /// The name used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Ranked => "ranked",
            Standing::FewDocuments => "few_documents",
            Standing::FewMatches => "few_matches",
            Standing::NoMatches => "no_matches",
        }
    }
}

/// What resampling an outlet's evidence needs: its documents' tallies,
/// and for a one-document outlet, the document's sentences.
#[derive(Debug, Clone, Default)]
pub struct OutletEvidence {
    /// Documents.
    pub n_docs: usize,
    /// Their pooled tally, summed in input order.
    pub total: AxisTally,
    /// The documents' distinct tallies (their pole weights) and how many
    /// documents have each, summing to `n_docs`: the bootstrap resamples
    /// documents, and only their weights matter to it.
    pub docs: Vec<(AxisTally, usize)>,
    /// When the outlet has one document: its sentence count, and the tallies
    /// of the sentences with evidence.
    pub sentences: Option<(u32, Vec<AxisTally>)>,
}

impl OutletEvidence {
    /// The evidence of documents with tallies `docs`, in input order; with
    /// one document, its sentences as [`OutletEvidence::sentences`].
    pub fn of_docs(docs: &[AxisTally], sentences: Option<(u32, Vec<AxisTally>)>) -> Self {
        let mut total = AxisTally::default();
        for d in docs {
            total.add(d);
        }
        OutletEvidence {
            n_docs: docs.len(),
            total,
            docs: docs.iter().map(|d| (*d, 1)).collect(),
            sentences,
        }
    }
}

/// An outlet's score on one axis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AxisScore {
    /// Pooled index in [-1, 1]; `None` without any pole match, where an
    /// index of 0 would read as "neutral" rather than "no evidence".
    pub score: Option<f64>,
    /// Lower end of the 95% interval (`None` when it cannot be computed).
    pub ci_low: Option<f64>,
    /// Upper end of the 95% interval.
    pub ci_high: Option<f64>,
    /// Weighted count on the positive pole.
    pub weight_pos: f64,
    /// Weighted count on the negative pole.
    pub weight_neg: f64,
    /// Matches on either pole.
    pub n_matches: u32,
    /// Pole matches inside the scope of a negation (counted in
    /// `n_matches` only under `--negation count` or `flip`).
    pub n_negated: u32,
    /// Cautions.
    pub flags: Vec<Flag>,
}

/// Scores one outlet on one axis. `name` (outlet and axis) picks the
/// bootstrap stream.
pub fn score_outlet(ev: &OutletEvidence, name: &[&str], opts: &ScoreValidParams) -> AxisScore {
    let total = ev.total;
    let (pos, neg) = total.weighted(opts.quote_weight);
    let mut rng = named(opts.seed, name);
    let mut flags = Vec::new();
    let q = opts.quote_weight;
    let units: Vec<((f64, f64), usize)> = match &ev.sentences {
        Some((n, with_evidence)) if ev.n_docs == 1 => {
            flags.push(Flag::SentenceBootstrap);
            let zeros = (*n as usize).saturating_sub(with_evidence.len());
            let with = with_evidence.iter().map(|t| (t.weighted(q), 1));
            with.chain(std::iter::once(((0.0, 0.0), zeros))).collect()
        }
        _ => ev.docs.iter().map(|(t, k)| (t.weighted(q), *k)).collect(),
    };
    // A canonical order, so that the interval depends on the evidence, not
    // on the order the documents came in.
    let units = counted_units(units);
    let none = total.n() == 0;
    let score = index(pos, neg, opts.smoothing);
    let ci = bootstrap_interval_counted(&units, score, opts, &mut rng).filter(|_| !none);
    if ev.n_docs < opts.min_docs {
        flags.push(Flag::FewDocuments);
    }
    if total.n() < opts.min_matches {
        flags.push(Flag::FewMatches);
    }
    if total.n() == 0 {
        flags.push(Flag::NoMatches);
    }
    flags.sort();
    AxisScore {
        score: (!none).then_some(score),
        ci_low: ci.map(|c| c.0),
        ci_high: ci.map(|c| c.1),
        weight_pos: pos,
        weight_neg: neg,
        n_matches: total.n(),
        n_negated: total.negated,
        flags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    fn tally(pos: f64, neg: f64) -> AxisTally {
        AxisTally {
            pos_own: pos,
            neg_own: neg,
            n_own: (pos + neg) as u32,
            ..AxisTally::default()
        }
    }

    #[test]
    fn identical_units_give_a_point_interval() {
        let opts = ScoreValidParams::default();
        let ev = OutletEvidence::of_docs(&[tally(2.0, 0.0); 6], None);
        let s = score_outlet(&ev, &["a", "x"], &opts);
        // 12 / (12 + 1)
        assert_eq!(s.score, Some(12.0 / 13.0));
        assert_eq!(s.ci_low, s.score);
        assert_eq!(s.ci_high, s.score);
        assert!(s.flags.is_empty());
    }

    #[test]
    fn interval_brackets_the_score_and_is_seeded() {
        let opts = ScoreValidParams::default();
        let docs: Vec<AxisTally> = (0..8).map(|i| tally(f64::from(i % 3), 1.0)).collect();
        let ev = OutletEvidence::of_docs(&docs, None);
        let a = score_outlet(&ev, &["a", "x"], &opts);
        let b = score_outlet(&ev, &["a", "x"], &opts);
        assert_eq!(a, b);
        let (lo, hi, score) = (a.ci_low.unwrap(), a.ci_high.unwrap(), a.score.unwrap());
        assert!(lo < score && score < hi, "{lo} {score} {hi}");
        let draw = |name: &[&str]| named(opts.seed, name).gen::<u64>();
        assert_ne!(
            draw(&["a", "x"]),
            draw(&["b", "x"]),
            "streams differ by name"
        );
        assert_eq!(draw(&["a", "x"]), draw(&["a", "x"]));
    }

    #[test]
    fn one_document_resamples_sentences_and_is_flagged() {
        let opts = ScoreValidParams::default();
        let sentences = Some((10, vec![tally(1.0, 0.0), tally(2.0, 0.0)]));
        let ev = OutletEvidence::of_docs(&[tally(3.0, 0.0)], sentences);
        let s = score_outlet(&ev, &["rt", "x"], &opts);
        assert_eq!(s.score, Some(0.75));
        assert!(s.ci_low.is_some());
        assert_eq!(
            s.flags,
            [
                Flag::FewDocuments,
                Flag::FewMatches,
                Flag::SentenceBootstrap
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn document_order_does_not_change_the_score(
            counts in proptest::collection::vec((0u8..6, 0u8..6), 1..12),
            rotate in 0usize..12,
        ) {
            let opts = ScoreValidParams { bootstrap: 200, ..ScoreValidParams::default() };
            let docs: Vec<AxisTally> = counts.iter().map(|&(p, n)| tally(f64::from(p), f64::from(n))).collect();
            let mut turned = docs.clone();
            turned.rotate_left(rotate % docs.len());
            turned.reverse();
            let a = score_outlet(&OutletEvidence::of_docs(&docs, None), &["o", "x"], &opts);
            let b = score_outlet(&OutletEvidence::of_docs(&turned, None), &["o", "x"], &opts);
            proptest::prop_assert_eq!(&a, &b);
            proptest::prop_assert!(a.score.is_none_or(|s| (-1.0..=1.0).contains(&s)));
            if let (Some(lo), Some(hi)) = (a.ci_low, a.ci_high) {
                proptest::prop_assert!(lo <= hi && -1.0 <= lo && hi <= 1.0);
            }
        }
    }

    #[test]
    fn no_evidence_is_flagged_not_hidden() {
        let opts = ScoreValidParams::default();
        let ev = OutletEvidence::of_docs(&[AxisTally::default(); 6], None);
        let s = score_outlet(&ev, &["a", "x"], &opts);
        assert_eq!(s.score, None, "no evidence is not a neutral 0");
        assert_eq!((s.ci_low, s.ci_high), (None, None));
        assert!(s.flags.contains(&Flag::NoMatches));
        assert_eq!(Standing::of(&s.flags), Standing::NoMatches);
    }

    #[test]
    fn standing_names_the_first_missing_evidence() {
        let opts = ScoreValidParams::default();
        let score = |docs: Vec<AxisTally>| {
            Standing::of(
                &score_outlet(&OutletEvidence::of_docs(&docs, None), &["a", "x"], &opts).flags,
            )
        };
        // defaults: at least 5 documents and 10 pole matches
        assert_eq!(score(vec![tally(2.0, 0.0); 5]), Standing::Ranked);
        assert_eq!(score(vec![tally(2.0, 0.0); 4]), Standing::FewDocuments);
        assert_eq!(score(vec![tally(1.0, 0.0); 5]), Standing::FewMatches);
        assert_eq!(score(vec![tally(0.0, 0.0); 4]), Standing::NoMatches);
    }
}

//! LSS outlet scores: the mean of an outlet's document scores (each the
//! document's standardized LSS score, `crate::lss`), with a seeded
//! percentile-bootstrap interval over its documents and the same flags
//! and standing as the lexicon index (`few_documents`; `no_matches` when
//! no document has a scaled word).

use rand::Rng;
use serde::Serialize;

use super::{percentile_interval, Flag, ScoreValidParams, Standing};
use crate::random::named;

pub use super::lss_view::*;

/// One outlet's LSS score: a row of `lss_outlets.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LssOutletRow {
    /// Outlet name.
    pub outlet: String,
    /// Documents with at least one scaled word.
    pub n_docs: usize,
    /// Scaled words (tokens) in them.
    pub n_words: u64,
    /// Mean standardized document score (0 = the corpus's average
    /// document; + toward the positive pole); empty without documents.
    pub score: Option<f64>,
    /// 2.5th percentile of the bootstrap.
    pub ci_low: Option<f64>,
    /// 97.5th percentile of the bootstrap.
    pub ci_high: Option<f64>,
    /// Why the score deserves caution, `;`-separated.
    pub flags: String,
    /// Whether the outlet is ranked, and if not, why.
    pub standing: Standing,
    /// The lexicon slant index of the outlet on the seeds' axis (as in
    /// `outlets.csv`), beside the LSS score; empty with a seed file.
    pub lexicon_index: Option<f64>,
    /// Its interval's lower end.
    pub lexicon_ci_low: Option<f64>,
    /// Its interval's upper end.
    pub lexicon_ci_high: Option<f64>,
    /// The model's outlet score (mean p(positive pole) - p(negative pole)
    /// of its documents, as in `outlets.csv`'s `model_score`) when the
    /// model's classes are the seeds' axis's poles; empty otherwise.
    pub model_score: Option<f64>,
    /// Its interval's lower end.
    pub model_ci_low: Option<f64>,
    /// Its interval's upper end.
    pub model_ci_high: Option<f64>,
}

/// The LSS score of every outlet, in the order of `outlets`: `docs` are
/// (outlet index, standardized score, scaled words) per document, in
/// input order.
pub fn lss_outlet_scores(
    outlets: &[String],
    docs: &[(usize, Option<f64>, u64)],
    opts: &ScoreValidParams,
) -> Vec<LssOutletRow> {
    let mut by_outlet: Vec<(Vec<f64>, u64)> = vec![(Vec::new(), 0); outlets.len()];
    for &(o, z, words) in docs {
        if let Some(z) = z {
            by_outlet[o].0.push(z);
            by_outlet[o].1 += words;
        }
    }
    outlets
        .iter()
        .zip(by_outlet)
        .map(|(name, (zs, words))| outlet_row(name, &zs, words, opts))
        .collect()
}

fn outlet_row(outlet: &str, zs: &[f64], n_words: u64, opts: &ScoreValidParams) -> LssOutletRow {
    let mut flags = Vec::new();
    if zs.is_empty() {
        flags.push(Flag::NoMatches);
    }
    if zs.len() < opts.min_docs() {
        flags.push(Flag::FewDocuments);
    }
    let score = (!zs.is_empty()).then(|| zs.iter().sum::<f64>() / zs.len() as f64);
    let interval = score.and_then(|s| bootstrap_mean(zs, s, opts, outlet));
    LssOutletRow {
        outlet: outlet.to_string(),
        n_docs: zs.len(),
        n_words,
        score,
        ci_low: interval.map(|i| i.0),
        ci_high: interval.map(|i| i.1),
        flags: flags
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        standing: Standing::of(&flags),
        lexicon_index: None,
        lexicon_ci_low: None,
        lexicon_ci_high: None,
        model_score: None,
        model_ci_low: None,
        model_ci_high: None,
    }
}

/// The percentile-bootstrap 95% interval of the mean of `xs`, seeded by
/// the run's seed and the outlet's name (so one outlet's interval does
/// not move when another outlet is added).
fn bootstrap_mean(
    xs: &[f64],
    estimate: f64,
    opts: &ScoreValidParams,
    outlet: &str,
) -> Option<(f64, f64)> {
    if xs.len() < 2 || opts.bootstrap() == 0 {
        return None;
    }
    let mut rng = named(opts.seed(), &["lss", outlet]);
    let n = xs.len();
    let mut stats: Vec<f64> = (0..opts.bootstrap())
        .map(|_| (0..n).map(|_| xs[rng.gen_range(0..n)]).sum::<f64>() / n as f64)
        .collect();
    stats.sort_by(f64::total_cmp);
    Some(percentile_interval(&stats, estimate))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::ParamGuard;
    use crate::scores::ScoreParams;

    fn opts(bootstrap: usize, min_docs: usize) -> ScoreValidParams {
        ScoreParams {
            bootstrap,
            min_docs,
            ..ScoreParams::default()
        }
        .check()
        .unwrap()
    }

    #[test]
    fn mean_interval_and_flags() {
        let outlets = vec!["A".to_string(), "B".to_string(), "C".to_string()];
        let docs = vec![
            (0, Some(1.0), 10),
            (1, Some(-2.0), 4),
            (0, Some(0.0), 6),
            (0, None, 0),
            (0, Some(2.0), 5),
        ];
        let rows = lss_outlet_scores(&outlets, &docs, &opts(500, 3));
        // A: mean of 1, 0, 2 = 1; its document without words does not count.
        assert_eq!(
            (rows[0].score, rows[0].n_docs, rows[0].n_words),
            (Some(1.0), 3, 21)
        );
        let (lo, hi) = (rows[0].ci_low.unwrap(), rows[0].ci_high.unwrap());
        assert!(
            (0.0..=1.0).contains(&lo) && (1.0..=2.0).contains(&hi),
            "[{lo}, {hi}]"
        );
        assert_eq!(rows[0].standing, Standing::Ranked);
        // B: one document, no interval, too few documents.
        assert_eq!((rows[1].score, rows[1].ci_low), (Some(-2.0), None));
        assert_eq!(rows[1].flags, "few_documents");
        assert_eq!(rows[1].standing, Standing::FewDocuments);
        // C: nothing at all.
        assert_eq!(rows[2].score, None);
        assert_eq!(rows[2].standing, Standing::NoMatches);
    }

    #[test]
    fn the_interval_is_seeded() {
        let outlets = vec!["A".to_string()];
        let docs: Vec<_> = (0..20).map(|i| (0, Some(i as f64 / 7.0), 3)).collect();
        let a = lss_outlet_scores(&outlets, &docs, &opts(300, 5));
        let b = lss_outlet_scores(&outlets, &docs, &opts(300, 5));
        assert_eq!(a, b);
    }
}

//! Distinctive terms (keyness): which n-grams a target uses more, or less,
//! than a reference. The ranking statistic is the weighted log-odds ratio
//! with an informative Dirichlet prior and its z-score (Monroe, Colaresi
//! and Quinn 2008, "Fightin' Words"); beside it, the signed chi-squared and
//! likelihood-ratio (G2) statistics of the 2x2 table as quanteda's
//! `textstat_keyness` computes them by default: with Yates' continuity
//! correction (0.5) when |ad - bc| >= N/2 and an expected count is below 5.

use rayon::prelude::*;
use serde::Serialize;

use crate::aggregate::ngrams::{fold_word, order, unpack, Counts};

/// The prior and the gate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeynessOptions {
    /// `a_0`: total pseudo-count of the informative prior, spread over
    /// terms by their corpus frequency (default 1000).
    pub prior_size: f64,
    /// Terms with fewer occurrences in target and reference together are
    /// left out (default 5).
    pub min_count: u64,
    /// Terms kept per target and direction (default 25).
    pub top: usize,
    /// Also rank single function words ("the", "said"), which mark style
    /// more than framing (default false).
    pub function_words: bool,
    /// Stop terms (`--exclude-term`, `--stopterms`): words or phrases of 1
    /// to 3 words, left out of keyness together with every n-gram that
    /// holds one (default none).
    pub exclude: Vec<String>,
}

impl Default for KeynessOptions {
    fn default() -> Self {
        KeynessOptions {
            prior_size: 1000.0,
            min_count: 5,
            top: 25,
            function_words: false,
            exclude: Vec::new(),
        }
    }
}

/// `keyness.csv`: one row per target, reference and term.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeynessRow {
    /// The outlet examined.
    pub target: String,
    /// `all others`, or the outlet it is compared with.
    pub reference: String,
    /// The word or phrase.
    pub term: String,
    /// Occurrences in the target.
    pub count_target: u64,
    /// Occurrences in the reference.
    pub count_reference: u64,
    /// Log-odds ratio with the informative prior (positive: over-used).
    pub log_odds: f64,
    /// Its z-score.
    pub z: f64,
    /// Signed chi-squared (positive: over-used), Yates-corrected as in quanteda.
    pub chi2: f64,
    /// Signed likelihood ratio G2, corrected the same way.
    pub g2: f64,
}

/// Monroe et al.'s `delta` and its z-score for counts `yi`, `yj` of a term
/// in groups of sizes `ni`, `nj`, with prior count `a` of the term and
/// prior total `a0`.
pub fn log_odds(yi: f64, ni: f64, yj: f64, nj: f64, a: f64, a0: f64) -> (f64, f64) {
    let delta = ((yi + a) / (ni + a0 - yi - a)).ln() - ((yj + a) / (nj + a0 - yj - a)).ln();
    let var = 1.0 / (yi + a) + 1.0 / (yj + a);
    (delta, delta / var.sqrt())
}

/// Quanteda's default continuity correction for a 2x2 table.
fn yates(a: f64, b: f64, c: f64, d: f64) -> f64 {
    let n = a + b + c + d;
    let small = (a + b) * (a + c) / n < 5.0
        || (a + b) * (b + d) / n < 5.0
        || (a + c) * (c + d) / n < 5.0
        || (c + d) * (b + d) / n < 5.0;
    if (a * d - b * c).abs() >= n / 2.0 && small {
        0.5
    } else {
        0.0
    }
}

/// Signed chi-squared and G2 of the table target `a` of `nt`, reference
/// `b` of `nr`; `correct` applies quanteda's default Yates correction.
pub fn chi2_g2(a: f64, nt: f64, b: f64, nr: f64, correct: bool) -> (f64, f64) {
    let (c, d) = (nt - a, nr - b);
    let n = a + b + c + d;
    if n <= 0.0 || (a + b) <= 0.0 || (c + d) <= 0.0 || nt <= 0.0 || nr <= 0.0 {
        return (0.0, 0.0);
    }
    let e = (a + b) * (a + c) / n;
    let sign = if a > e { 1.0 } else { -1.0 };
    let delta = if correct { yates(a, b, c, d) } else { 0.0 };
    let chi2 =
        n * ((a * d - b * c).abs() - n * delta).powi(2) / ((a + b) * (c + d) * (a + c) * (b + d));
    // Yates for G2: move each cell 0.5 toward independence.
    let s = if a * d - b * c > 0.0 { -delta } else { delta };
    let (aa, bb, cc, dd) = (a + s, b - s, c - s, d + s);
    let cell = |o: f64, row: f64, col: f64| {
        if o > 0.0 {
            o * (o / (row * col / n)).ln()
        } else {
            0.0
        }
    };
    let g2 = 2.0
        * (cell(aa, aa + bb, aa + cc)
            + cell(bb, aa + bb, bb + dd)
            + cell(cc, cc + dd, aa + cc)
            + cell(dd, cc + dd, bb + dd));
    (sign * chi2, sign * g2)
}

/// The terms that can pass the gate, with their corpus counts: at least
/// `min_count` occurrences in all, and not a lone function word unless
/// asked for. Computed once for all targets.
pub fn candidates(
    counts: &Counts,
    overall: &rustc_hash::FxHashMap<u64, u64>,
    opts: &KeynessOptions,
) -> Vec<(u64, u64)> {
    let stop = stop_ids(counts, &opts.exclude);
    let mut out: Vec<(u64, u64)> = overall
        .iter()
        .filter(|(&key, &total)| passes_gate(counts, &stop, key, total, opts))
        .map(|(&k, &t)| (k, t))
        .collect();
    out.sort_unstable();
    out
}

/// Whether `key`, `total` times in the corpus, can be ranked: common
/// enough, not a lone function word unless asked for, and holding none of
/// the `stop` terms ([`stop_ids`]).
pub(super) fn passes_gate(
    counts: &Counts,
    stop: &[Vec<u32>],
    key: u64,
    total: u64,
    opts: &KeynessOptions,
) -> bool {
    total >= opts.min_count
        && (opts.function_words || !(order(key) == 1 && counts.words.is_function_word(key)))
        && (stop.is_empty() || !holds_any(&unpack(key), stop))
}

/// The word ids of each stop term that occurs in the corpus (a term with a
/// word never seen cannot occur, and is dropped).
pub(super) fn stop_ids(counts: &Counts, exclude: &[String]) -> Vec<Vec<u32>> {
    exclude
        .iter()
        .filter_map(|t| {
            crate::text::tokens(t)
                .map(|r| counts.words.id(&fold_word(&t[r])))
                .collect::<Option<Vec<u32>>>()
        })
        .filter(|ids| !ids.is_empty())
        .collect()
}

/// Whether the n-gram `ids` holds one of `stop` as a run of words.
fn holds_any(ids: &[u32], stop: &[Vec<u32>]) -> bool {
    stop.iter()
        .any(|s| s.len() <= ids.len() && ids.windows(s.len()).any(|w| w == s.as_slice()))
}

/// Reads a stop-terms file: one word or phrase (1 to 3 words) per line;
/// blank lines and lines starting with `#` are skipped. Errors name the
/// line (1-based).
pub fn parse_stopterms(text: &str) -> Result<Vec<String>, (usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let term = line.trim();
        if term.is_empty() || term.starts_with('#') {
            continue;
        }
        let words = crate::text::tokens(term).count();
        if words == 0 || words > 3 {
            return Err((
                i + 1,
                format!(
                    "`{term}` has {words} words; keyness ranks terms of 1 to 3 words, so a stop term has 1 to 3"
                ),
            ));
        }
        out.push(term.to_string());
    }
    Ok(out)
}

/// Keyness of `target` (an outlet index) against `reference` (`None`: all
/// other outlets) over the gated `terms` (see [`candidates`]): the `top`
/// most over- and most under-used terms by z.
pub fn keyness(
    counts: &Counts,
    terms: &[(u64, u64)],
    target: usize,
    reference: Option<usize>,
    opts: &KeynessOptions,
) -> Vec<KeynessRow> {
    let sides = Sides::new(counts, target, reference);
    let scored: Vec<Scored> = terms
        .iter()
        .filter_map(|&(key, total)| {
            let (yi, yj) = sides.counts_of(key, total);
            sides.score(key, total, yi, yj, opts)
        })
        .collect();
    most_over_and_under(scored, opts.top)
        .into_iter()
        .map(|s| sides.row(s))
        .collect()
}

/// A term's numbers only: rows are made for the terms kept.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scored {
    z: f64,
    key: u64,
    /// Count in the target.
    yi: u64,
    /// Count in the reference.
    yj: u64,
    log_odds: f64,
}

/// The target of a keyness comparison and its reference, with the totals
/// each n-gram order is taken from.
pub(super) struct Sides<'a> {
    counts: &'a Counts,
    target: usize,
    reference: Option<usize>,
    /// Per n-gram order, the n-grams of all outlets.
    grand: [u64; 3],
}

impl<'a> Sides<'a> {
    pub(super) fn new(counts: &'a Counts, target: usize, reference: Option<usize>) -> Sides<'a> {
        let grand: [u64; 3] = (0..3).fold([0; 3], |mut t, n| {
            t[n] = counts.totals.iter().map(|x| x[n]).sum();
            t
        });
        Sides {
            counts,
            target,
            reference,
            grand,
        }
    }

    /// The reference's n-grams of order index `n`.
    fn ref_total(&self, n: usize) -> u64 {
        match self.reference {
            Some(r) => self.counts.totals[r][n],
            None => self.grand[n] - self.counts.totals[self.target][n],
        }
    }

    /// The counts of `key` (`total` occurrences in the corpus) in the
    /// target and the reference, from the tables in memory.
    fn counts_of(&self, key: u64, total: u64) -> (u64, u64) {
        let count = |o: usize| u64::from(self.counts.counts[o].get(&key).copied().unwrap_or(0));
        let yi = count(self.target);
        (yi, self.reference.map_or(total - yi, count))
    }

    /// The log-odds and z of `key` (`total` occurrences in the corpus,
    /// `yi` in the target, `yj` in the reference), or `None` when target
    /// and reference together hold it too rarely.
    pub(super) fn score(
        &self,
        key: u64,
        total: u64,
        yi: u64,
        yj: u64,
        opts: &KeynessOptions,
    ) -> Option<Scored> {
        let counts = self.counts;
        let n = order(key) - 1;
        if yi + yj < opts.min_count || self.grand[n] == 0 {
            return None;
        }
        let a = opts.prior_size * total as f64 / self.grand[n] as f64;
        let (lo, z) = log_odds(
            yi as f64,
            counts.totals[self.target][n] as f64,
            yj as f64,
            self.ref_total(n) as f64,
            a,
            opts.prior_size,
        );
        // A corpus of one term leaves both sides nothing else: the odds
        // divide by zero and rank nothing.
        if !z.is_finite() {
            return None;
        }
        Some(Scored {
            z,
            key,
            yi,
            yj,
            log_odds: lo,
        })
    }

    /// The row of a kept term, with its chi-squared and G2.
    pub(super) fn row(&self, s: Scored) -> KeynessRow {
        let counts = self.counts;
        let n = order(s.key) - 1;
        let (chi2, g2) = chi2_g2(
            s.yi as f64,
            counts.totals[self.target][n] as f64,
            s.yj as f64,
            self.ref_total(n) as f64,
            true,
        );
        KeynessRow {
            target: counts.outlets[self.target].clone(),
            reference: self
                .reference
                .map_or_else(|| "all others".to_string(), |r| counts.outlets[r].clone()),
            term: counts.words.text(s.key),
            count_target: s.yi,
            count_reference: s.yj,
            log_odds: s.log_odds,
            z: s.z,
            chi2,
            g2,
        }
    }
}

/// z descending, ties by key, so the choice does not depend on map order.
pub(super) fn by_z_desc(a: &Scored, b: &Scored) -> std::cmp::Ordering {
    b.z.total_cmp(&a.z).then(a.key.cmp(&b.key))
}

/// The `top` most over-used terms (z > 0), most first, then the `top` most
/// under-used (z < 0), most first.
pub(super) fn most_over_and_under(mut scored: Vec<Scored>, top: usize) -> Vec<Scored> {
    let k = top.min(scored.len());
    let mut keep: Vec<Scored> = Vec::with_capacity(2 * k);
    if k > 0 {
        scored.select_nth_unstable_by(k - 1, by_z_desc);
        let mut over: Vec<_> = scored[..k].iter().copied().filter(|r| r.z > 0.0).collect();
        over.sort_by(by_z_desc);
        let len = scored.len();
        scored.select_nth_unstable_by(len - k, by_z_desc);
        let mut under: Vec<_> = scored[len - k..]
            .iter()
            .copied()
            .filter(|r| r.z < 0.0)
            .collect();
        under.sort_by(|a, b| by_z_desc(b, a));
        keep.extend(over);
        keep.extend(under);
    }
    keep
}

/// Keyness of every outlet against all the others, in outlet-name order.
pub fn all_outlets(counts: &Counts, opts: &KeynessOptions) -> Vec<KeynessRow> {
    if counts.outlets.len() < 2 {
        return Vec::new();
    }
    all_outlets_of(counts, &counts.overall(), opts)
}

/// [`all_outlets`] with the corpus count of every n-gram given
/// ([`Counts::overall`]), for a caller that needs them too.
pub fn all_outlets_of(
    counts: &Counts,
    overall: &rustc_hash::FxHashMap<u64, u64>,
    opts: &KeynessOptions,
) -> Vec<KeynessRow> {
    if counts.outlets.len() < 2 {
        return Vec::new();
    }
    let terms = candidates(counts, overall, opts);
    let mut order: Vec<usize> = (0..counts.outlets.len()).collect();
    order.sort_by(|&a, &b| counts.outlets[a].cmp(&counts.outlets[b]));
    order
        .par_iter()
        .map(|&o| keyness(counts, &terms, o, None, opts))
        .collect::<Vec<_>>()
        .concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_terms_read_one_per_line_and_match_runs_of_words() {
        let got = parse_stopterms("# credits\n\n  Fox News \nfoxnews com\n").unwrap();
        assert_eq!(got, ["Fox News", "foxnews com"]);
        let err = parse_stopterms("ok\none two three four\n").unwrap_err();
        assert_eq!(err.0, 2, "1-based line");
        let stop = vec![vec![4, 5]];
        assert!(holds_any(&[3, 4, 5], &stop), "inside a trigram");
        assert!(holds_any(&[4, 5], &stop));
        assert!(!holds_any(&[5, 4], &stop), "order matters");
        assert!(!holds_any(&[4], &stop), "a part is not the term");
    }

    #[test]
    fn chi2_and_g2_by_hand() {
        // quanteda's test table: target "b b b b b b b a a a" (10 words),
        // reference "a a a a a a a b b" (9). For "a": a = 3, b = 7, c = 7,
        // d = 2, N = 19, ad - bc = -43, expected (a+b)(b+d)/N = 90/19 < 5,
        // so Yates applies: chi2 = 19 (43 - 9.5)^2 / (10 * 9 * 10 * 9)
        //                       = 21322.75 / 8100 = 2.632438...
        let (chi2, g2) = chi2_g2(3.0, 10.0, 7.0, 9.0, true);
        assert!((chi2 + 21322.75 / 8100.0).abs() < 1e-12, "{chi2}");
        // G2 on the corrected cells 3.5, 6.5, 6.5, 2.5 with expected
        // 100/19, 90/19, 90/19, 81/19:
        let n: f64 = 19.0;
        let want = 2.0
            * (3.5 * (3.5 / (100.0 / n)).ln()
                + 6.5 * (6.5 / (90.0 / n)).ln() * 2.0
                + 2.5 * (2.5 / (81.0 / n)).ln());
        assert!((g2 + want).abs() < 1e-12, "{g2} vs -{want}");
        assert!((want - 2.702844).abs() < 1e-6, "{want}");
        // without correction: chi2 = 19 * 43^2 / 8100
        let (chi2, _) = chi2_g2(3.0, 10.0, 7.0, 9.0, false);
        assert!((chi2 + 19.0 * 1849.0 / 8100.0).abs() < 1e-12);
        // "b": over-used by the target, same magnitude
        let (chi2_b, _) = chi2_g2(7.0, 10.0, 2.0, 9.0, true);
        assert!((chi2_b - 21322.75 / 8100.0).abs() < 1e-12);
    }

    #[test]
    fn g2_treats_zero_cells_as_zero() {
        // a = 5 of 10, b = 0 of 10: cells 5, 0, 5, 10; N = 20; no Yates
        // (expected counts 2.5 < 5 but that needs |ad - bc| = 50 >= 10: yes)
        let (_, g2_none) = chi2_g2(5.0, 10.0, 0.0, 10.0, false);
        // 2 * (5 ln(5 / 2.5) + 5 ln(5 / 7.5) + 10 ln(10 / 7.5))
        let want =
            2.0 * (5.0 * 2.0f64.ln() + 5.0 * (5.0f64 / 7.5).ln() + 10.0 * (10.0f64 / 7.5).ln());
        assert!((g2_none - want).abs() < 1e-12);
    }

    #[test]
    fn log_odds_by_hand() {
        // yi = 10 of 100, yj = 5 of 200, prior a = 1 of a0 = 10:
        // delta = ln(11 / 99) - ln(6 / 204); var = 1/11 + 1/6
        let (d, z) = log_odds(10.0, 100.0, 5.0, 200.0, 1.0, 10.0);
        let want = (11.0f64 / 99.0).ln() - (6.0f64 / 204.0).ln();
        assert!((d - want).abs() < 1e-12);
        assert!((z - want / (1.0 / 11.0 + 1.0 / 6.0f64).sqrt()).abs() < 1e-12);
        let (d0, _) = log_odds(5.0, 100.0, 10.0, 200.0, 1.0, 10.0);
        assert!((d0 - ((6.0f64 / 104.0).ln() - (11.0f64 / 199.0).ln())).abs() < 1e-12);
    }

    #[test]
    fn outlets_against_the_rest() {
        let mut c = Counts::default();
        let doc = |t: &str| vec![t.split(' ').map(String::from).collect::<Vec<_>>()];
        c.add("RT", &doc("kiev kiev kiev kiev kiev kiev regime talks"), 1);
        c.add("AP", &doc("kyiv kyiv kyiv kyiv kyiv kyiv talks talks"), 1);
        c.add("UP", &doc("kyiv kyiv kyiv kyiv talks talks talks talks"), 1);
        // a prior of 10 pseudo-counts: the default 1000 would swamp 24 words
        let opts = KeynessOptions {
            min_count: 3,
            prior_size: 10.0,
            ..KeynessOptions::default()
        };
        let rows = all_outlets(&c, &opts);
        let rt: Vec<&KeynessRow> = rows.iter().filter(|r| r.target == "RT").collect();
        assert_eq!(rt[0].term, "kiev");
        assert_eq!((rt[0].count_target, rt[0].count_reference), (6, 0));
        assert!(rt[0].z > 0.0 && rt[0].chi2 > 0.0 && rt[0].g2 > 0.0);
        // by hand (prior a_kyiv = 10 x 10/24): delta = ln(4.17/13.83) -
        // ln(14.17/11.83) = -1.38, z = -1.38 / sqrt(1/4.17 + 1/14.17) = -2.47;
        // "talks" (1 of 8 against 6 of 16) only -1.04
        let under = rt.iter().min_by(|a, b| a.z.total_cmp(&b.z)).unwrap();
        assert_eq!(under.term, "kyiv");
        assert!((under.z + 2.475).abs() < 0.01, "{}", under.z);
        assert!(under.z < 0.0 && under.chi2 < 0.0 && under.g2 < 0.0);
        assert!(
            rows.iter().all(|r| r.count_target + r.count_reference >= 3),
            "gated"
        );
    }
}
